import { createHmac } from 'node:crypto';
import { API_TOKEN_MEMORY_MS } from '../src/accounts/auth.service';
import { signJwt } from '../src/accounts/jwt';
import { expectError, startTestApp, TestApp, TEST_ADMIN } from './support/test-app';
import { createAccount, createPerson, createPost, createUnit, personWithMandate } from './support/fixtures';
import { countStatements } from './support/statements';

const DEMO_PASSWORD = 'tanzim-demo-2020';
const SOUANI = '5eed0000-0000-4000-8000-000000000004';

/** The demo secretaries signed in, and the demo's unit ids by code. */
async function signInDemo(t: TestApp) {
  const tokens: Record<string, string> = {};
  const ids: Record<string, string> = {};
  for (const who of ['ghalbzouri', 'limouri', 'belghiti']) {
    tokens[who] = await t.login(`${who}@tanzim.demo`, DEMO_PASSWORD);
  }
  for (const code of ['PAM', 'PAM-MA-01', 'PAM-MA-TNG', 'PAM-MA-TNG-SOUANI', 'PAM-MA-TNG-MEDINA']) {
    ids[code] = (await t.ok(`{ orgUnit(code: "${code}") { id } }`)).orgUnit.id;
  }
  return { tokens, ids };
}

/** The codes of the units a caller sees. */
const unitCodesAs = async (t: TestApp, token: string): Promise<string[]> =>
  (
    await t.as(token).ok(`{ orgUnits(first: 100) { totalCount edges { node { code } } } }`)
  ).orgUnits.edges.map((e: any) => e.node.code);

/**
 * What each demo secretary sees of the demo as it was seeded. Nothing here writes: these run on an
 * app of their own, where no other test adds a unit, a person or a meeting to the demo's subtrees.
 */
describe('access to the demo, read only (e2e)', () => {
  let t: TestApp;
  let tokens: Record<string, string> = {};
  beforeAll(async () => {
    t = await startTestApp();
    ({ tokens } = await signInDemo(t));
  });
  afterAll(() => t.close());
  const unitCodes = (token: string) => unitCodesAs(t, token);

  it('shows each demo account its own world', async () => {
    expect(await unitCodes(tokens.ghalbzouri)).toEqual([
      'PAM-MA-01',
      'PAM-MA-TNG',
      'PAM-MA-TNG-BNIMAKADA',
      'PAM-MA-TNG-MEDINA',
      'PAM-MA-TNG-MGHOGHA',
      'PAM-MA-TNG-SOUANI',
    ]);
    expect(await unitCodes(tokens.limouri)).toEqual([
      'PAM-MA-TNG',
      'PAM-MA-TNG-BNIMAKADA',
      'PAM-MA-TNG-MEDINA',
      'PAM-MA-TNG-MGHOGHA',
      'PAM-MA-TNG-SOUANI',
    ]);
    expect(await unitCodes(tokens.belghiti)).toEqual(['PAM-MA-TNG-SOUANI']);
    const me = await t
      .as(tokens.limouri)
      .ok(
        `{ me { account { email } person { fullNameLatin } grants { level source seesContacts unit { code } } } }`,
      );
    expect(me.me).toEqual({
      account: { email: 'limouri@tanzim.demo' },
      person: { fullNameLatin: 'Mounir Limouri' },
      grants: [{ level: 'ADMIN', source: 'MANDATE', seesContacts: true, unit: { code: 'PAM-MA-TNG' } }],
    });
  });

  it('keeps edges from climbing out of the subtree', async () => {
    const { orgUnit } = await t
      .as(tokens.limouri)
      .ok(`{ orgUnit(code: "PAM-MA-TNG") { parent { code } ancestors { code } children { code } } }`);
    expect(orgUnit.parent).toBeNull();
    expect(orgUnit.ancestors).toEqual([]);
    expect(orgUnit.children).toHaveLength(4);
    const { meetings } = await t
      .as(tokens.limouri)
      .ok(
        `{ meetings { edges { node { convener { parent { code } } units { unit { code } } participants { person { fullNameLatin } representedUnit { code } } } } } }`,
      );
    const meeting = meetings.edges[0].node;
    expect(meeting.convener.parent).toBeNull();
    expect(meeting.units.map((u: any) => u.unit.code)).not.toContain('PAM-MA-01');
    expect(
      meeting.participants.find((p: any) => p.person.fullNameLatin === 'Abdellatif Ghalbzouri')
        .representedUnit,
    ).toBeNull();
    expectError(await t.as(tokens.limouri).gql(`{ orgUnit(code: "PAM-MA-01") { id } }`), 'NOT_FOUND');
    // Units remembered from someone else's read are still shown as the caller may see them.
    await t.ok(`{ orgUnit(code: "PAM-MA-01") { id } s: orgUnit(code: "PAM-MA-TNG-SOUANI") { id } }`);
    expectError(await t.as(tokens.limouri).gql(`{ orgUnit(code: "PAM-MA-01") { id } }`), 'NOT_FOUND');
    const { orgUnit: souani } = await t
      .as(tokens.limouri)
      .ok(`{ orgUnit(code: "PAM-MA-TNG-SOUANI") { code ancestors { code } } }`);
    expect(souani).toEqual({ code: 'PAM-MA-TNG-SOUANI', ancestors: [{ code: 'PAM-MA-TNG' }] });
    // An org chart asked by code is read in one statement with the unit: the same refusal.
    expectError(
      await t
        .as(tokens.limouri)
        .gql(`{ orgUnit(code: "PAM-MA-01") { id children { code children { code } } } }`),
      'NOT_FOUND',
    );
    const coverage = await t
      .as(tokens.limouri)
      .ok(
        `{ meetingSeries(id: "5eed0000-0000-4000-8000-000000000501") { coverage { targets byUnit(level: REGIONAL) { unit { code } } local: byUnit(level: PROVINCIAL) { unit { code } } } } }`,
      );
    expect(coverage.meetingSeries.coverage).toEqual({
      targets: 4,
      byUnit: [],
      local: [{ unit: { code: 'PAM-MA-TNG' } }],
    });
    // The provincial meeting his unit attended: he reads it, and of its participants only himself.
    const seen = await t
      .as(tokens.belghiti)
      .ok(
        `{ meeting(id: "5eed0000-0000-4000-8000-000000000401") { convener { code } participants { person { fullNameLatin } } } }`,
      );
    expect(seen.meeting).toEqual({
      convener: null,
      participants: [{ person: { fullNameLatin: 'Redouane Alaoui Belghiti' } }],
    });
    const people = await t
      .as(tokens.belghiti)
      .ok(`{ people { totalCount edges { node { fullNameLatin } } } }`);
    expect(people.people.edges.map((e: any) => e.node.fullNameLatin)).toEqual(['Redouane Alaoui Belghiti']);
    const mandates = await t.as(tokens.belghiti).ok(`{ mandates { totalCount } }`);
    expect(mandates.mandates.totalCount).toBe(1);
  });
});

describe('access (e2e)', () => {
  let t: TestApp;
  let tokens: Record<string, string> = {};
  let ids: Record<string, string> = {};
  beforeAll(async () => {
    t = await startTestApp();
    ({ tokens, ids } = await signInDemo(t));
  });
  afterAll(() => t.close());

  const auditCount = async () => Number((await t.sql(`SELECT count(*) AS n FROM audit_event`))[0].n);
  const unitCodes = (token: string) => unitCodesAs(t, token);

  describe('who you are', () => {
    it('refuses anonymous requests and any credentials that do not check out', async () => {
      expectError(await t.as(null).gql(`{ orgUnits { totalCount } }`), 'UNAUTHENTICATED');
      const [{ value: secret }] = await t.sql(`SELECT value FROM server_secret WHERE name = 'jwt'`);
      const [{ id: accountId }] = await t.sql(`SELECT id FROM account WHERE email = $1`, [TEST_ADMIN.email]);
      const [{ id: sessionId }] = await t.sql(`SELECT id FROM session WHERE account_id = $1 LIMIT 1`, [
        accountId,
      ]);
      const now = Math.floor(Date.now() / 1000);
      const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
      const claims = { sub: accountId, sid: sessionId, iat: now, exp: now + 600 };
      const forged = {
        expired: signJwt({ ...claims, iat: now - 1000, exp: now - 1 }, secret),
        wrongKey: signJwt(claims, 'x'.repeat(48)),
        algNone: `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`,
        hs512: (() => {
          const body = `${b64({ alg: 'HS512', typ: 'JWT' })}.${b64(claims)}`;
          return `${body}.${createHmac('sha512', secret).update(body).digest('base64url')}`;
        })(),
        garbage: 'not-a-token',
        unknownApiToken: 'tzk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
      };
      for (const token of Object.values(forged)) {
        expectError(await t.as(token).gql(`{ orgUnits { totalCount } }`), 'UNAUTHENTICATED');
      }
      // The genuine article works: the refusals are about the tokens, not the claims.
      expect((await t.as(signJwt(claims, secret)).ok(`{ me { readOnly } }`)).me.readOnly).toBe(false);
    });

    it('answers a wrong password like an unknown email, then refuses repeats for a while', async () => {
      const wrong = await t
        .as(null)
        .gql(
          `mutation { login(input: { email: "limouri@tanzim.demo", password: "wrong password!" }) { accessToken } }`,
        );
      expect(expectError(wrong, 'UNAUTHENTICATED')).toBe('Wrong email or password.');
      const unknown = await t
        .as(null)
        .gql(
          `mutation { login(input: { email: "nobody@tanzim.demo", password: "wrong password!" }) { accessToken } }`,
        );
      expect(expectError(unknown, 'UNAUTHENTICATED')).toBe('Wrong email or password.');
      // Guesses sent as aliases of one request stop at the first refusal: one guess per request.
      const aliases = Array.from(
        { length: 10 },
        (_, i) =>
          `a${i}: login(input: { email: "victim@tanzim.demo", password: "guess-number-${i}" }) { accessToken }`,
      );
      const burst = await t.as(null).gql(`mutation { ${aliases.join('\n')} }`);
      expect(burst.errors).toHaveLength(1);
      // Guess after guess: a short run is checked, then the email is refused from this source for a
      // while (the rules and the parallel case: test/security/login-throttle.e2e-spec.ts).
      const answers: string[] = [];
      for (let i = 0; i < 9; i++) {
        const result = await t
          .as(null)
          .gql(
            `mutation { login(input: { email: "victim@tanzim.demo", password: "again-${i}" }) { accessToken } }`,
          );
        answers.push(expectError(result, 'UNAUTHENTICATED'));
      }
      expect(answers.slice(0, 4).every((m) => m === 'Wrong email or password.')).toBe(true);
      expect(answers.slice(4).every((m) => m.startsWith('Too many failed sign-ins'))).toBe(true);
      // The lock holds even for the right password, and other emails are unaffected.
      expect(
        expectError(
          await t
            .as(null)
            .gql(`mutation { login(input: { email: "victim@tanzim.demo", password: "x" }) { accessToken } }`),
          'UNAUTHENTICATED',
        ),
      ).toMatch(/Too many/);
      expect(await t.login('limouri@tanzim.demo', DEMO_PASSWORD)).toBeTruthy();
    });

    it('refreshes a session once, and logout ends it', async () => {
      const { login } = await t
        .as(null)
        .ok(
          `mutation { login(input: { email: "belghiti@tanzim.demo", password: "${DEMO_PASSWORD}" }) { accessToken refreshToken } }`,
        );
      const refresh = (refreshToken: string) =>
        t
          .as(null)
          .gql(
            `mutation($r: String!) { refreshSession(input: { refreshToken: $r }) { accessToken refreshToken } }`,
            { r: refreshToken },
          );
      const renewed = await refresh(login.refreshToken);
      expect(renewed.data!.refreshSession.accessToken).toBeTruthy();
      const fresh = renewed.data!.refreshSession.accessToken;
      expect((await t.as(fresh).ok(`mutation { logout }`)).logout).toBe(true);
      expectError(await t.as(fresh).gql(`{ me { readOnly } }`), 'UNAUTHENTICATED');
      expectError(await refresh(renewed.data!.refreshSession.refreshToken), 'UNAUTHENTICATED');
      // A traded refresh token never works again (replays: test/security/refresh-reuse.e2e-spec.ts).
      expectError(await refresh(login.refreshToken), 'UNAUTHENTICATED');
    });
  });

  describe('what you may see', () => {
    it('shows contact data only to grants that include it', async () => {
      const id = await createPerson(t, {
        fullNameLatin: 'Karima Souani',
        homeUnitId: SOUANI,
        contact: { phone: '+212 600 000 000', email: 'karima@example.org' },
      });
      const query = `query($id: ID!) { person(id: $id) { fullNameLatin contact { phone email } } }`;
      expect((await t.as(tokens.belghiti).ok(query, { id })).person.contact).toEqual({
        phone: '+212 600 000 000',
        email: 'karima@example.org',
      });
      // Limouri's post (provincial secretary-general) includes contact data on his province.
      expect((await t.as(tokens.limouri).ok(query, { id })).person.contact).not.toBeNull();
      const other = await t.ok(
        `mutation { createAccount(input: { email: "plain-viewer@tanzim.demo", password: "viewer-password-2" }) { id } }`,
      );
      await t.ok(
        `mutation($a: ID!, $u: ID) { grantAccess(input: { accountId: $a, unitId: $u, level: VIEWER }) { id } }`,
        { a: other.createAccount.id, u: SOUANI },
      );
      const plain = await t.login('plain-viewer@tanzim.demo', 'viewer-password-2');
      expect((await t.as(plain).ok(query, { id })).person).toEqual({
        fullNameLatin: 'Karima Souani',
        contact: null,
      });
      expectError(
        await t
          .as(plain)
          .gql(`mutation($id: ID!) { updatePerson(input: { id: $id, fullNameLatin: "X" }) { id } }`, { id }),
        'FORBIDDEN',
      );
    });

    it('lists and counts, at a meeting convened above, only the participants who represented the caller’s units', async () => {
      const [inside, above] = [await createPerson(t), await createPerson(t)];
      const { recordMeeting } = await t.ok(
        `mutation($input: RecordMeetingInput!) { recordMeeting(input: $input) { id } }`,
        {
          input: {
            convenerUnitId: ids['PAM-MA-01'],
            date: '2021-03-01',
            kind: 'BUREAU',
            titleFr: 'Bureau régional élargi',
            units: [{ unitId: ids['PAM-MA-TNG'], role: 'INVITED' }],
            participants: [
              { personId: inside, role: 'ATTENDEE', representedUnitId: SOUANI, attendance: 'ATTENDED' },
              {
                personId: above,
                role: 'ATTENDEE',
                representedUnitId: ids['PAM-MA-01'],
                attendance: 'ATTENDED',
              },
            ],
          },
        },
      );
      const query = `query($id: ID!) { meeting(id: $id) { attendance { participants attended } participants { person { id } } }
        orgUnit(code: "PAM-MA-TNG") { meetings(from: "2021-03-01", to: "2021-03-01") { edges { node { id attendance { participants } } } } } }`;
      const seen = (await t.as(tokens.limouri).ok(query, { id: recordMeeting.id })) as any;
      expect(seen.meeting.attendance).toEqual({ participants: 1, attended: 1 });
      expect(seen.meeting.participants.map((p: any) => p.person.id)).toEqual([inside]);
      expect(seen.orgUnit.meetings.edges).toEqual([
        { node: { id: recordMeeting.id, attendance: { participants: 1 } } },
      ]);
      const all = (await t.ok(query, { id: recordMeeting.id })) as any;
      expect(all.meeting.attendance).toEqual({ participants: 2, attended: 2 });
      expect(all.meeting.participants).toHaveLength(2);
    });
  });

  describe('what you may change', () => {
    it('lets a secretary change their subtree only, and grant only within it', async () => {
      const ok = await t
        .as(tokens.limouri)
        .gql(
          `mutation($u: ID!) { updateOrgUnit(input: { id: $u, nameFr: "Secrétariat local de Charf-Souani (Tanger)" }) { nameFr } }`,
          { u: SOUANI },
        );
      expect(ok.errors).toBeUndefined();
      const before = await auditCount();
      expectError(
        await t
          .as(tokens.limouri)
          .gql(`mutation($u: ID!) { updateOrgUnit(input: { id: $u, nameFr: "Région" }) { id } }`, {
            u: ids['PAM-MA-01'],
          }),
        'NOT_FOUND',
      );
      expectError(
        await t
          .as(tokens.belghiti)
          .gql(`mutation($u: ID!) { updateOrgUnit(input: { id: $u, nameFr: "Médina" }) { id } }`, {
            u: ids['PAM-MA-TNG-MEDINA'],
          }),
        'NOT_FOUND',
      );
      expectError(
        await t
          .as(tokens.limouri)
          .gql(
            `mutation { createOrgUnit(input: { code: "ROOT2", level: NATIONAL, nameAr: "حزب", nameFr: "Parti" }) { id } }`,
          ),
        'FORBIDDEN',
      );
      const limouriAccount = (await t.sql(`SELECT id FROM account WHERE email = 'limouri@tanzim.demo'`))[0]
        .id;
      expectError(
        await t
          .as(tokens.limouri)
          .gql(
            `mutation($a: ID!, $u: ID) { grantAccess(input: { accountId: $a, unitId: $u, level: ADMIN }) { id } }`,
            { a: limouriAccount, u: ids['PAM-MA-01'] },
          ),
        'NOT_FOUND',
      );
      expectError(
        await t
          .as(tokens.limouri)
          .gql(`mutation($a: ID!) { grantAccess(input: { accountId: $a, level: ADMIN }) { id } }`, {
            a: limouriAccount,
          }),
        'FORBIDDEN',
      );
      expect(await auditCount()).toBe(before);
      const [{ name_fr }] = await t.sql(`SELECT name_fr FROM org_unit WHERE id = $1`, [ids['PAM-MA-01']]);
      expect(name_fr).toBe('Secrétariat régional de Tanger-Tétouan-Al Hoceïma');
    });

    it('ends access the day a mandate ends, with no job to run', async () => {
      const yesterday = new Date(Date.now() - 86_400_000 * 1.5).toISOString().slice(0, 10);
      const { personId } = await personWithMandate(t, ids['PAM-MA-TNG'], {
        roleCode: 'DEPUTY_SECRETARY_GENERAL',
        person: { fullNameLatin: 'Former Treasurer' },
        mandate: { startsOn: '2021-01-01', endsOn: yesterday },
      });
      const account = await createAccount(t, { password: 'former-password-1', personId });
      const token = await t.login(account.email, 'former-password-1');
      expectError(await t.as(token).gql(`{ orgUnits { totalCount } }`), 'FORBIDDEN');
      expect((await t.as(token).ok(`{ me { grants { level } } }`)).me.grants).toEqual([]);
    });

    it('gives API tokens their subtree, read-only when asked, and nothing once revoked or the unit is dissolved', async () => {
      const create = (unitId: string, readOnly: boolean) =>
        t.ok(
          `mutation($u: ID!, $ro: Boolean!) { createApiToken(input: { name: "Dashboard", unitId: $u, readOnly: $ro, expiresOn: "2099-01-01" }) { token apiToken { id readOnly lastUsedAt } } }`.replace(
            '2099-01-01',
            new Date(Date.now() + 200 * 86_400_000).toISOString().slice(0, 10),
          ),
          {
            u: unitId,
            ro: readOnly,
          },
        );
      const readOnly = (await create(ids['PAM-MA-TNG'], true)).createApiToken;
      expect(readOnly.token).toMatch(/^tzk_/);
      expect(await unitCodes(readOnly.token)).toHaveLength(5);
      expectError(
        await t
          .as(readOnly.token)
          .gql(`mutation($u: ID!) { updateOrgUnit(input: { id: $u, nameFr: "Souani" }) { id } }`, {
            u: SOUANI,
          }),
        'FORBIDDEN',
      );
      const [{ last_used_at }] = await t.sql(`SELECT last_used_at FROM api_token WHERE id = $1`, [
        readOnly.apiToken.id,
      ]);
      expect(last_used_at).not.toBeNull();
      const [{ token_hash }] = await t.sql(`SELECT token_hash FROM api_token WHERE id = $1`, [
        readOnly.apiToken.id,
      ]);
      expect(token_hash).not.toContain(readOnly.token.slice(4));
      await t.ok(`mutation($id: ID!) { revokeApiToken(input: { id: $id }) { revoked } }`, {
        id: readOnly.apiToken.id,
      });
      expectError(await t.as(readOnly.token).gql(`{ orgUnits { totalCount } }`), 'UNAUTHENTICATED');

      const unit = await createUnit(t, {
        code: 'PAM-MA-TNG-TMP',
        level: 'LOCAL',
        parentId: ids['PAM-MA-TNG'],
      });
      const scoped = (await create(unit, false)).createApiToken;
      expect(await unitCodes(scoped.token)).toEqual(['PAM-MA-TNG-TMP']);
      await t.ok(
        `mutation($id: ID!, $d: Date!) { dissolveOrgUnit(input: { id: $id, dissolvedOn: $d }) { id } }`,
        {
          id: unit,
          d: new Date().toISOString().slice(0, 10),
        },
      );
      expectError(await t.as(scoped.token).gql(`{ orgUnits { totalCount } }`), 'FORBIDDEN');
    });

    it('remembers a checked API token for a few seconds; a revocation made elsewhere takes effect within them', async () => {
      const expiresOn = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
      const { createApiToken } = await t.ok(
        `mutation($u: ID!, $e: Date!) { createApiToken(input: { name: "Wall screen", unitId: $u, readOnly: true, expiresOn: $e }) { token apiToken { id } } }`,
        { u: ids['PAM-MA-TNG'], e: expiresOn },
      );
      const statementsOf = async (work: () => Promise<unknown>) =>
        (await countStatements(t, work)).statements;
      const first = await statementsOf(() => unitCodes(createApiToken.token));
      const second = await statementsOf(() => unitCodes(createApiToken.token));
      // The first request checked the token and wrote its last use; the second did neither.
      expect(second).toBe(first - 2);

      // Revoked by another process of the deployment (here: straight in the database).
      await t.sql(`UPDATE api_token SET revoked_at = now() WHERE id = $1`, [createApiToken.apiToken.id]);
      const revokedAt = Date.now();
      expect(await unitCodes(createApiToken.token)).toHaveLength(5);
      await new Promise((resolve) =>
        setTimeout(resolve, API_TOKEN_MEMORY_MS - (Date.now() - revokedAt) + 50),
      );
      expectError(await t.as(createApiToken.token).gql(`{ orgUnits { totalCount } }`), 'UNAUTHENTICATED');
    });

    it('refuses passwords below the minimum', async () => {
      const result = await t.gql(
        `mutation { createAccount(input: { email: "short@tanzim.demo", password: "short" }) { id } }`,
      );
      expect(expectError(result, 'BAD_USER_INPUT')).toMatch(/12 to 256 characters/);
      expect(await t.sql(`SELECT 1 FROM account WHERE email = 'short@tanzim.demo'`)).toEqual([]);
    });
  });

  describe('audit trail', () => {
    it('writes exactly one event per successful mutation and none for a failed one', async () => {
      const before = await auditCount();
      const created = await t.ok(
        `mutation($u: ID) { createPerson(input: { fullNameLatin: "Audited Person", homeUnitId: $u }) { id version } }`,
        { u: SOUANI },
      );
      const id = created.createPerson.id;
      await t.ok(
        `mutation($id: ID!) { updatePerson(input: { id: $id, fullNameLatin: "Audited Person 2", expectedVersion: 1 }) { id } }`,
        { id },
      );
      expectError(
        await t.gql(
          `mutation($id: ID!) { updatePerson(input: { id: $id, fullNameLatin: "Stale", expectedVersion: 1 }) { id } }`,
          { id },
        ),
        'CONFLICT',
      );
      expect(await auditCount()).toBe(before + 2);
      const { auditEvents } = await t.ok(
        `query($id: String) { auditEvents(filter: { entity: $id }) { edges { node { action entityType before after requestId actorAccountId } } } }`,
        { id },
      );
      expect(auditEvents.edges.map((e: any) => e.node.action)).toEqual(['updatePerson', 'createPerson']);
      const update = auditEvents.edges[0].node;
      expect(update.before.fullNameLatin).toBe('Audited Person');
      expect(update.after.fullNameLatin).toBe('Audited Person 2');
      expect(update.actorAccountId).toBeTruthy();
      expect(JSON.stringify(auditEvents)).not.toMatch(/searchText|password/i);
    });

    it('is append-only in the database', async () => {
      await expect(t.sql(`UPDATE audit_event SET action = 'tampered'`)).rejects.toThrow(/append-only/);
      await expect(t.sql(`DELETE FROM audit_event`)).rejects.toThrow(/append-only/);
    });

    it('shows a secretary the events of their subtree only', async () => {
      // One event above the provincial secretary's subtree, one inside it.
      const rename = (id: string, nameFr: string) =>
        t.ok(`mutation($id: ID!, $n: String) { updateOrgUnit(input: { id: $id, nameFr: $n }) { id } }`, {
          id,
          n: nameFr,
        });
      await rename(ids['PAM-MA-01'], 'Secrétariat régional de Tanger-Tétouan-Al Hoceïma');
      await rename(SOUANI, 'Secrétariat local de Charf-Souani');
      const entities = async (token: string) =>
        (
          await t.as(token).ok(`{ auditEvents(first: 100) { edges { node { entityId } } } }`)
        ).auditEvents.edges.map((e: any) => e.node.entityId);
      expect(await entities(tokens.ghalbzouri)).toEqual(expect.arrayContaining([ids['PAM-MA-01'], SOUANI]));
      const provincial = await entities(tokens.limouri);
      expect(provincial).toContain(SOUANI);
      expect(provincial).not.toContain(ids['PAM-MA-01']);
      expectError(
        await t
          .as(tokens.belghiti)
          .gql(`{ auditEvents(filter: { under: "${ids['PAM-MA-TNG']}" }) { totalCount } }`),
        'NOT_FOUND',
      );
    });
  });

  describe('retries', () => {
    it('appoints once per idempotency key, refuses the key for another payload, and serves concurrent copies one result', async () => {
      const post = await createPost(t, SOUANI, 'TREASURER');
      const person = await createPerson(t, { fullNameLatin: 'Treasurer Souani', homeUnitId: SOUANI });
      const appoint = (key: string, startsOn: string) =>
        t.gql(`mutation($input: AppointInput!) { appoint(input: $input) { id } }`, {
          input: { positionId: post, personId: person, startsOn, idempotencyKey: key },
        });
      const [a, b] = await Promise.all([appoint('k-1', '2022-01-01'), appoint('k-1', '2022-01-01')]);
      expect(a.errors).toBeUndefined();
      expect(b.errors).toBeUndefined();
      expect(a.data!.appoint.id).toBe(b.data!.appoint.id);
      const again = await appoint('k-1', '2022-01-01');
      expect(again.data!.appoint.id).toBe(a.data!.appoint.id);
      expectError(await appoint('k-1', '2022-02-01'), 'BAD_USER_INPUT');
      const [{ n }] = await t.sql(`SELECT count(*)::int AS n FROM mandate WHERE position_id = $1`, [post]);
      expect(n).toBe(1);
    });

    it('records a meeting once per idempotency key', async () => {
      const input = {
        kind: 'BUREAU',
        titleFr: 'Bureau local',
        date: '2022-03-01',
        convenerUnitId: SOUANI,
        idempotencyKey: 'meeting-1',
      };
      const first = await t
        .as(tokens.belghiti)
        .ok(`mutation($input: RecordMeetingInput!) { recordMeeting(input: $input) { id } }`, { input });
      const second = await t
        .as(tokens.belghiti)
        .ok(`mutation($input: RecordMeetingInput!) { recordMeeting(input: $input) { id } }`, { input });
      expect(second.recordMeeting.id).toBe(first.recordMeeting.id);
      const [{ n }] = await t.sql(`SELECT count(*)::int AS n FROM meeting WHERE title_fr = 'Bureau local'`);
      expect(n).toBe(1);
    });
  });
});
