import { expectError, startTestApp, TestApp } from '../support/test-app';

const SEED_MEETING = '5eed0000-0000-4000-8000-000000000401';
const inAMonth = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);

/** Invisible, control or direction characters: refused in names and free text alike. */
const REFUSED_EVERYWHERE: [string, string][] = [
  ['\u0000', 'NUL'],
  ['\u0007', 'bell'],
  ['\u007f', 'DEL'],
  ['\u0085', 'C1 next line'],
  ['\u00ad', 'soft hyphen'],
  ['\u061c', 'Arabic letter mark'],
  ['\u200b', 'zero-width space'],
  ['\u200e', 'left-to-right mark'],
  ['\u200f', 'right-to-left mark'],
  ['\u202a', 'left-to-right embedding'],
  ['\u202b', 'right-to-left embedding'],
  ['\u202c', 'pop directional formatting'],
  ['\u202d', 'left-to-right override'],
  ['\u202e', 'right-to-left override'],
  ['\u2066', 'left-to-right isolate'],
  ['\u2067', 'right-to-left isolate'],
  ['\u2068', 'first strong isolate'],
  ['\u2069', 'pop directional isolate'],
  ['\u2060', 'word joiner'],
  ['\u2061', 'function application'],
  ['\u2062', 'invisible times'],
  ['\u2063', 'invisible separator'],
  ['\u2064', 'invisible plus'],
  ['\ufeff', 'zero-width no-break space'],
  ['\u2028', 'line separator'],
  ['\u2029', 'paragraph separator'],
  ['\u{e0001}', 'language tag'],
  ['\u{e0041}', 'tag letter'],
  ['\u{e007f}', 'cancel tag'],
  ['\ufdd0', 'noncharacter'],
  ['\uffff', 'noncharacter'],
  ['\ud800', 'lone high surrogate'],
  ['\udc00', 'lone low surrogate'],
];
/** Allowed in free text, refused in names. */
const REFUSED_IN_NAMES: [string, string][] = [
  ['\t', 'tab'],
  ['\n', 'line feed'],
  ['\u200c', 'zero-width non-joiner'],
  ['\u200d', 'zero-width joiner'],
  ['\ufe0f', 'variation selector'],
];

/**
 * Some fields skipped the text checks: guest names, contact addresses, API-token names and account
 * emails took direction overrides, zero-width and control characters, names took the Arabic letter
 * mark, word joiner, tags, line separators and soft hyphens, and lone surrogates became U+FFFD
 * silently. Each bad character goes through each of those fields over HTTP: refused, nothing written.
 */
describe('one text policy for every input (e2e)', () => {
  let t: TestApp;
  let unitId: string;
  let personId: string;
  beforeAll(async () => {
    t = await startTestApp({ seed: 'demo' });
    [{ id: unitId }] = await t.sql<{ id: string }>(`SELECT id FROM org_unit WHERE code = 'PAM-MA-TNG'`);
    const created = await t.ok(
      `mutation { createPerson(input: { fullNameLatin: "Clean Person", contact: { address: "1 rue de Fès" } }) { id } }`,
    );
    personId = created.createPerson.id;
  });
  afterAll(() => t.close());

  const version = async () =>
    (await t.sql<{ version: number }>(`SELECT version FROM person WHERE id = $1`, [personId]))[0].version;

  const counts = async () =>
    (
      await t.sql(
        `SELECT (SELECT count(*) FROM person)::int AS people, (SELECT count(*) FROM participation)::int AS participants,
                (SELECT count(*) FROM meeting)::int AS meetings, (SELECT count(*) FROM api_token)::int AS tokens,
                (SELECT count(*) FROM account)::int AS accounts,
                (SELECT string_agg(coalesce(address, '') || coalesce(full_name_latin, '') || coalesce(full_name_ar, ''), '|' ORDER BY id) FROM person) AS names`,
      )
    )[0];

  /** Each field, with the mutation that writes it; `bad` is a value carrying the character. */
  const FIELDS: { field: string; freeText?: boolean; send: (bad: string) => Promise<unknown> }[] = [
    {
      field: 'guest name (addParticipants)',
      send: (bad) =>
        t.gql(`mutation($i: AddParticipantsInput!) { addParticipants(input: $i) { id } }`, {
          i: { meetingId: SEED_MEETING, participants: [{ guestName: `Guest${bad}Name`, role: 'GUEST' }] },
        }),
    },
    {
      field: 'guest name (recordMeeting)',
      send: (bad) =>
        t.gql(`mutation($i: RecordMeetingInput!) { recordMeeting(input: $i) { id } }`, {
          i: {
            kind: 'OUTREACH',
            date: '2021-03-01',
            convenerUnitId: unitId,
            titleFr: 'Réunion',
            participants: [{ guestName: `Guest${bad}Name`, role: 'GUEST' }],
          },
        }),
    },
    {
      field: 'contact address (createPerson)',
      freeText: true,
      send: (bad) =>
        t.gql(`mutation($i: CreatePersonInput!) { createPerson(input: $i) { id } }`, {
          i: { fullNameLatin: 'New Person', contact: { address: `12 avenue${bad} Mohammed V` } },
        }),
    },
    {
      field: 'contact address (updatePerson)',
      freeText: true,
      send: async (bad) =>
        t.gql(`mutation($i: UpdatePersonInput!) { updatePerson(input: $i) { id } }`, {
          i: {
            id: personId,
            expectedVersion: await version(),
            contact: { address: `12 avenue${bad} Hassan II` },
          },
        }),
    },
    {
      field: 'API-token name',
      send: (bad) =>
        t.gql(`mutation($i: CreateApiTokenInput!) { createApiToken(input: $i) { token } }`, {
          i: { name: `dashboard${bad}token`, unitId, readOnly: true, expiresOn: inAMonth },
        }),
    },
    {
      field: 'account email',
      send: (bad) =>
        t.gql(`mutation($i: CreateAccountInput!) { createAccount(input: $i) { id } }`, {
          i: { email: `new${bad}user@tanzim.test`, password: 'a long enough password' },
        }),
    },
    {
      field: 'person Latin name',
      send: (bad) =>
        t.gql(`mutation($i: CreatePersonInput!) { createPerson(input: $i) { id } }`, {
          i: { fullNameLatin: `Mounir${bad}Limouri` },
        }),
    },
    {
      field: 'person Arabic name',
      send: async (bad) =>
        t.gql(`mutation($i: UpdatePersonInput!) { updatePerson(input: $i) { id } }`, {
          i: { id: personId, expectedVersion: await version(), fullNameAr: `منير${bad}ليموري` },
        }),
    },
  ];

  it.each(FIELDS.map((f) => [f.field, f] as const))(
    'refuses every bad character in the %s, writing nothing',
    async (_field, { send, freeText }) => {
      const before = await counts();
      const characters = freeText ? REFUSED_EVERYWHERE : [...REFUSED_EVERYWHERE, ...REFUSED_IN_NAMES];
      const accepted: string[] = [];
      for (const [ch, what] of characters) {
        const result = (await send(ch)) as Parameters<typeof expectError>[0];
        if (result.errors?.[0]?.extensions.code !== 'BAD_USER_INPUT') accepted.push(what);
        else expectError(result, 'BAD_USER_INPUT');
      }
      expect(accepted).toEqual([]);
      expect(await counts()).toEqual(before);
      // The same request without the character goes through: what refused it was the character.
      expect(((await send('')) as { errors?: unknown }).errors).toBeUndefined();
    },
  );

  it('takes line breaks, tabs and joiners in free text', async () => {
    const { createPerson } = await t.ok(
      `mutation($i: CreatePersonInput!) { createPerson(input: $i) { contact { address } } }`,
      { i: { fullNameLatin: 'Multi Line', contact: { address: 'Bloc A\n\tRésidence می‌خواهم' } } },
    );
    expect(createPerson.contact.address).toBe('Bloc A\n\tRésidence می‌خواهم');
  });

  it('refuses a lone surrogate sent as a raw JSON escape, never storing U+FFFD', async () => {
    const token = await t.login('admin@test.local', 'national-admin-password');
    const body = String.raw`{"query":"mutation($n: String) { createPerson(input: { fullNameLatin: $n }) { id } }","variables":{"n":"Lone\ud800Surrogate"}}`;
    const response = await fetch(t.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body,
    });
    const result = { status: response.status, ...((await response.json()) as object) };
    expect(expectError(result as Parameters<typeof expectError>[0], 'BAD_USER_INPUT')).toMatch(
      /unpaired surrogate \(U\+D800\)/,
    );
    expect(await t.sql(`SELECT 1 FROM person WHERE full_name_latin LIKE 'Lone%'`)).toEqual([]);
  });

  it('refuses bad characters in a lone string argument and in a password, not other characters there', async () => {
    expectError(
      await t.gql(`query($c: String) { orgUnit(code: $c) { id } }`, { c: 'PAM-MA\u202e-TNG' }),
      'BAD_USER_INPUT',
    );
    expectError(
      await t.gql(`mutation($i: CreateAccountInput!) { createAccount(input: $i) { id } }`, {
        i: { email: 'nul@tanzim.test', password: 'a long enough\u0000password' },
      }),
      'BAD_USER_INPUT',
    );
    // A password is never displayed: any printable character is its owner's choice.
    await t.ok(`mutation($i: CreateAccountInput!) { createAccount(input: $i) { id } }`, {
      i: { email: 'odd@tanzim.test', password: 'pass\u200bword\u202e with ✓' },
    });
    await t.login('odd@tanzim.test', 'pass\u200bword\u202e with ✓');
  });
});
