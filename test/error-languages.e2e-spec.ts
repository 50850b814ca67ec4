import { startTestApp, TestApp, TEST_ADMIN } from './support/test-app';

/** Error messages in the caller's language (Accept-Language), the code the same in every one. */
describe('error languages (e2e)', () => {
  let t: TestApp;
  let token: string;
  beforeAll(async () => {
    t = await startTestApp();
    token = await t.login(TEST_ADMIN.email, TEST_ADMIN.password);
  });
  afterAll(() => t.close());

  const ask = async (query: string, variables: Record<string, unknown>, acceptLanguage?: string) => {
    const response = await fetch(t.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${token}`,
        ...(acceptLanguage ? { 'accept-language': acceptLanguage } : {}),
      },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as {
      errors: { message: string; extensions: Record<string, unknown> }[];
    };
    expect(body.errors).toHaveLength(1);
    return body.errors[0];
  };

  const SEARCH = `query($s: String) { people(filter: { search: $s }) { totalCount } }`;
  const UNIT = `query($code: String) { orgUnit(code: $code) { id } }`;
  const CREATE_UNIT = `mutation($input: CreateOrgUnitInput!) { createOrgUnit(input: $input) { id } }`;

  it.each([
    [
      'a search with nothing to look for',
      SEARCH,
      { s: '!!!' },
      'BAD_USER_INPUT',
      {
        en: 'search must contain at least one letter or digit.',
        fr: 'La recherche doit contenir au moins une lettre ou un chiffre.',
        ar: 'يجب أن يحتوي البحث على حرف أو رقم واحد على الأقل.',
      },
    ],
    [
      'a unit that does not exist',
      UNIT,
      { code: 'PAM-NOWHERE' },
      'NOT_FOUND',
      {
        en: 'Org unit PAM-NOWHERE was not found.',
        fr: 'L’unité PAM-NOWHERE est introuvable.',
        ar: 'الوحدة PAM-NOWHERE غير موجود(ة).',
      },
    ],
    [
      'a code too long (a validation message)',
      CREATE_UNIT,
      { input: { code: 'X'.repeat(41), level: 'NATIONAL', nameAr: 'اسم', nameFr: 'Nom' } },
      'BAD_USER_INPUT',
      {
        en: 'code is limited to 40 characters.',
        fr: 'code est limité à 40 caractères.',
        ar: 'code محدود في 40 حرفاً.',
      },
    ],
  ])('answers %s in three languages with one code', async (_what, query, variables, code, messages) => {
    for (const [language, header] of [
      ['en', 'en'],
      ['fr', 'fr-FR,fr;q=0.9'],
      ['ar', 'ar-MA'],
    ] as const) {
      const error = await ask(query, variables, header);
      expect([language, error.extensions.code, error.message]).toEqual([language, code, messages[language]]);
    }
  });

  it('weighs the languages asked, and answers English when none of the three is asked', async () => {
    const message = async (header?: string) => (await ask(SEARCH, { s: '!!!' }, header)).message;
    expect(await message('fr;q=0.4, ar;q=0.8')).toMatch(/البحث/);
    expect(await message('de-DE, fr;q=0.5')).toMatch(/^La recherche/);
    expect(await message('de-DE')).toMatch(/^search must/);
    expect(await message()).toMatch(/^search must/);
  });

  it('gives a message it has no translation for in its code’s words, keeping the English as detail', async () => {
    const series = `mutation($input: RecordMeetingInput!) { recordMeeting(input: $input) { id } }`;
    const unit = (await t.ok(`{ orgUnit(code: "PAM-MA-TNG") { id } }`)).orgUnit.id;
    const input = { kind: 'OUTREACH', status: 'HELD', date: '2021-05-01', convenerUnitId: unit };
    const english = await ask(series, { input }, 'en');
    const arabic = await ask(series, { input }, 'ar');
    expect(arabic.extensions).toEqual({ ...english.extensions, detail: english.message });
    expect(arabic.message).toBe('المعطيات المرسلة غير صالحة.');
  });
});
