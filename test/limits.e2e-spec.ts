import { countStatements } from './support/statements';
import { expectError, startTestApp, TestApp } from './support/test-app';

/** Bad documents and requests are refused at the door: a coded error, no 5xx, no SQL run for them. */
describe('limits at the door (e2e)', () => {
  let t: TestApp;
  let token: string;
  beforeAll(async () => {
    t = await startTestApp({ seed: 'reference' });
    token = await t.login('admin@test.local', 'national-admin-password');
  });
  afterAll(() => t.close());

  const post = (body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
    fetch(t.url, { method: 'POST', headers: { authorization: `Bearer ${token}`, ...headers }, body });

  it.each([
    [
      'a depth bomb',
      `{ orgUnits { edges { node { ${'children { '.repeat(20)}code${' }'.repeat(20)} } } } }`,
      /levels deep/,
    ],
    [
      '16 aliases',
      `{ ${Array.from({ length: 16 }, (_, i) => `a${i}: roles { code }`).join(' ')} }`,
      /at most 15 aliases/,
    ],
    [
      '21 directives',
      `{ roles { ${Array.from({ length: 21 }, () => 'code @include(if: true)').join(' ')} } }`,
      /at most 20 directives/,
    ],
    [
      'a costly page of pages',
      `{ orgUnits(first: 100) { edges { node { descendants(first: 100) { edges { node { children { positions { holders { person { fullNameLatin } } } } } } } } } } }`,
      /limit is 50000/,
    ],
    [
      'a depth bomb hidden in fragments',
      `{ orgUnits { edges { node { ...A } } } } ${Array.from({ length: 12 }, (_, i) => `fragment ${String.fromCharCode(65 + i)} on OrgUnit { children { ${i < 11 ? `...${String.fromCharCode(66 + i)}` : 'code'} } }`).join(' ')}`,
      /levels deep/,
    ],
    [
      'a costly page of pages hidden in a fragment',
      `{ orgUnits(first: 100) { edges { node { ...Pages } } } } fragment Pages on OrgUnit { descendants(first: 100) { edges { node { children { positions { holders { person { fullNameLatin } } } } } } } }`,
      /limit is 50000/,
    ],
    [
      'fragments spreading fragments twice over',
      `{ roles { ...F0 } } ${Array.from({ length: 24 }, (_, i) => `fragment F${i} on Role { ${i < 23 ? `code ...F${i + 1} ...F${i + 1}` : 'code'} }`).join(' ')}`,
      /too complex/,
    ],
    [
      'a fragment cycle',
      `{ roles { ...A } } fragment A on Role { code ...B } fragment B on Role { code ...A }`,
      /Cannot spread fragment/,
    ],
  ])('refuses %s before running it', async (_case, query, message) => {
    const { result, statements } = await countStatements(t, () => t.as(token).gql(query));
    expect(result.data).toBeNull();
    expect(new Set(result.errors!.map((e) => e.extensions.code))).toEqual(new Set(['BAD_USER_INPUT']));
    expect(result.errors!.map((e) => e.message).join(' ')).toMatch(message);
    expect(statements).toBeLessThanOrEqual(2); // only who is calling: session and grants
  });

  it('refuses a document with too many tokens before parsing it', async () => {
    const query = `{ roles { ${'code '.repeat(5000)} } }`;
    const { result: response, statements } = await countStatements(t, () => post(JSON.stringify({ query })));
    expect(response.status).toBe(400);
    expect(
      ((await response.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code,
    ).toBe('BAD_USER_INPUT');
    expect(statements).toBe(0);
  });

  it('refuses a body over 1 MB with 413, batches, and anything but a JSON POST for a mutation', async () => {
    expect(
      (await post(JSON.stringify({ query: `{ roles { code } }`, padding: 'x'.repeat(1_100_000) }))).status,
    ).toBe(413);
    const batch = await post(
      JSON.stringify([{ query: '{ roles { code } }' }, { query: '{ roles { code } }' }]),
    );
    expect(batch.status).toBeLessThan(500);
    expect(await batch.json()).toMatchObject({
      data: null,
      errors: [{ extensions: { code: 'BAD_USER_INPUT' } }],
    });
    const mutation = 'mutation { createPerson(input: { fullNameLatin: "CSRF Victim" }) { id } }';
    const form = await post(`query=${encodeURIComponent(mutation)}`, {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(form.status).toBeGreaterThanOrEqual(400);
    expect(form.status).toBeLessThan(500);
    const text = await post(JSON.stringify({ query: mutation }), { 'content-type': 'text/plain' });
    expect(text.status).toBeGreaterThanOrEqual(400);
    const get = await fetch(`${t.url}?query=${encodeURIComponent(mutation)}`, {
      headers: { authorization: `Bearer ${token}`, 'mercurius-require-preflight': 'true' },
    });
    expect(get.status).toBeLessThan(500);
    expect(await get.json()).toMatchObject({
      data: null,
      errors: [{ extensions: { code: 'BAD_USER_INPUT' } }],
    });
    expect(await t.sql(`SELECT 1 FROM person WHERE full_name_latin = 'CSRF Victim'`)).toEqual([]);
  });

  it.each([
    ['first: 1000000', `{ orgUnits(first: 1000000) { totalCount } }`],
    ['first: -1', `{ orgUnits(first: -1) { totalCount } }`],
    ['an Int of 2^31', `{ orgUnits(first: 2147483648) { totalCount } }`],
    ['an ID given as an object', `{ person(id: { a: 1 }) { id } }`],
    ['a typo field', `{ orgUnitz { totalCount } }`],
  ])('answers %s with a coded error', async (_case, query) => {
    const result = await t.as(token).gql(query);
    expect(result.status).toBeLessThan(500);
    expect(new Set(result.errors!.map((e) => e.extensions.code))).toEqual(new Set(['BAD_USER_INPUT']));
  });

  it('treats search text as data: quotes, LIKE wildcards, backslashes', async () => {
    const territories = async () => Number((await t.sql(`SELECT count(*) AS n FROM territory`))[0].n);
    const before = await territories();
    expect(before).toBeGreaterThan(0);
    for (const search of ["'; DROP TABLE org_unit; --", '%', '_', '\\', '100%_\\']) {
      const result = await t
        .as(token)
        .gql(`query($s: String) { territories(filter: { search: $s }) { totalCount } }`, { s: search });
      if (result.errors) expectError(result, 'BAD_USER_INPUT');
      else expect(result.data!.territories.totalCount).toBe(0);
    }
    expect(await territories()).toBe(before);
  });

  it('refuses NUL bytes and control characters in names without touching the database', async () => {
    for (const name of ['Bad\u0000Name', 'Name\u200f\u202eevil']) {
      const result = await t
        .as(token)
        .gql(`mutation($n: String) { createPerson(input: { fullNameLatin: $n }) { id } }`, { n: name });
      expectError(result, 'BAD_USER_INPUT');
    }
  });

  it('keeps introspection for development and serves health', async () => {
    const { __schema } = await t.as(token).ok(`{ __schema { queryType { name } } }`);
    expect(__schema.queryType.name).toBe('Query');
    const live = await fetch(t.url.replace('/graphql', '/health/live'));
    expect(await live.json()).toEqual({ status: 'ok' });
    const ready = await fetch(t.url.replace('/graphql', '/health/ready'));
    expect(ready.status).toBe(200);
  });
});
