import { startTestApp, TestApp } from './support/test-app';

/**
 * GraphQL over HTTP (GraphQL Foundation): the `application/graphql-response+json` media type with its
 * status codes, `"extensions": null`, the headers that let a GET through CSRF prevention, and what an
 * `application/graphql` body does. `application/json` answers as it always did.
 */
describe('GraphQL over HTTP', () => {
  let t: TestApp;
  let token: string;
  beforeAll(async () => {
    t = await startTestApp({ seed: 'none' });
    token = await t.login('admin@test.local', 'national-admin-password');
  });
  afterAll(() => t.close());

  const RESPONSE_JSON = 'application/graphql-response+json';
  const ACCEPT = `${RESPONSE_JSON}, application/json;q=0.9`;

  async function post(body: unknown, headers: Record<string, string> = {}) {
    const response = await fetch(t.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    return {
      status: response.status,
      type: response.headers.get('content-type') ?? '',
      body: JSON.parse(text) as {
        data?: unknown;
        errors?: { message: string; extensions: { code: string } }[];
      },
    };
  }

  describe(`answering ${RESPONSE_JSON}`, () => {
    it('answers a good request 200 in the asked-for media type', async () => {
      const answer = await post({ query: '{ me { account { email } } }' }, { accept: ACCEPT });
      expect(answer.status).toBe(200);
      expect(answer.type).toMatch(/^application\/graphql-response\+json/);
      expect(answer.body).toEqual({ data: { me: { account: { email: 'admin@test.local' } } } });
    });

    it.each([
      ['a document that does not parse', { query: '{ me { ' }],
      ['a document that does not validate', { query: '{ me { noSuchField } }' }],
      [
        'a variable that does not coerce',
        {
          query: 'query($first: Int) { orgUnits(first: $first) { totalCount } }',
          variables: { first: 'ten' },
        },
      ],
    ])('answers %s 400 with errors and no data', async (_what, body) => {
      const answer = await post(body, { accept: ACCEPT });
      expect(answer.status).toBe(400);
      expect(answer.type).toMatch(/^application\/graphql-response\+json/);
      expect(answer.body).not.toHaveProperty('data');
      expect(answer.body.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    });

    it('answers an error met while executing 200, with data', async () => {
      const answer = await post(
        { query: '{ orgUnits { totalCount } }' },
        { accept: ACCEPT, authorization: '' },
      );
      expect(answer.status).toBe(200);
      expect(answer.body).toHaveProperty('data', null);
      expect(answer.body.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    });
  });

  describe('application/json, as before', () => {
    it.each([
      ['no Accept header', {}],
      ['Accept: application/json', { accept: 'application/json' }],
      ['Accept: */*', { accept: '*/*' }],
    ])('with %s, a request error is 200 with data null', async (_what, headers) => {
      const good = await post({ query: '{ me { account { email } } }' }, headers);
      expect(good.status).toBe(200);
      expect(good.type).toMatch(/^application\/json/);
      const bad = await post({ query: '{ me { ' }, headers);
      expect(bad.status).toBe(200);
      expect(bad.type).toMatch(/^application\/json/);
      expect(bad.body).toHaveProperty('data', null);
    });
  });

  it('takes "extensions": null as no extensions, in either media type', async () => {
    for (const accept of [ACCEPT, 'application/json']) {
      const answer = await post(
        { query: '{ me { account { email } } }', variables: null, operationName: null, extensions: null },
        { accept },
      );
      expect(answer.status).toBe(200);
      expect(answer.body.data).toEqual({ me: { account: { email: 'admin@test.local' } } });
    }
  });

  describe('GET and CSRF prevention', () => {
    const get = (headers: Record<string, string>) =>
      fetch(`${t.url}?query=${encodeURIComponent('{ me { account { email } } }')}`, {
        headers: { authorization: `Bearer ${token}`, ...headers },
      });

    it('refuses a GET a form or a link could send: no preflight-forcing header, no JSON content type', async () => {
      const answer = await get({});
      expect(answer.status).toBe(400);
      expect(JSON.stringify(await answer.json())).toMatch(/Cross-Site Request Forgery/);
    });

    it.each([
      'apollo-require-preflight',
      'x-apollo-operation-name',
      'mercurius-require-preflight',
      'x-mercurius-operation-name',
    ])('runs a GET carrying %s', async (header) => {
      const answer = await get({ [header]: 'true', accept: ACCEPT });
      expect(answer.status).toBe(200);
      expect(answer.headers.get('content-type')).toMatch(/^application\/graphql-response\+json/);
      expect(await answer.json()).toEqual({ data: { me: { account: { email: 'admin@test.local' } } } });
    });
  });

  it('runs an application/graphql body as the document itself (no variables)', async () => {
    const answer = await post('{ me { account { email } } }', { 'content-type': 'application/graphql' });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ data: { me: { account: { email: 'admin@test.local' } } } });
  });
});

describe('/metrics without METRICS_TOKEN', () => {
  it('is not served', async () => {
    const t = await startTestApp({ seed: 'none' });
    try {
      const response = await fetch(t.url.replace(/\/graphql$/, '/metrics'));
      expect(response.status).toBe(404);
      expect(await response.text()).not.toMatch(/tanzim_/);
    } finally {
      await t.close();
    }
  });
});
