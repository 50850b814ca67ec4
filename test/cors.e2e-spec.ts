import { startTestApp, TestApp } from './support/test-app';

/** CORS_ORIGINS: pages on the listed origins may call /graphql with a token; others get no CORS header. */
describe('CORS', () => {
  let t: TestApp;
  const allowed = 'https://dashboard.example.org';

  beforeAll(async () => {
    t = await startTestApp({ seed: 'none', env: { CORS_ORIGINS: `${allowed},http://localhost:5173` } });
  });
  afterAll(async () => {
    await t.close();
  });

  const preflight = (origin: string) =>
    fetch(t.url, {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type',
      },
    });

  it('answers the preflight of a listed origin', async () => {
    const response = await preflight(allowed);
    expect(response.status).toBeLessThan(300);
    expect(response.headers.get('access-control-allow-origin')).toBe(allowed);
    expect(response.headers.get('access-control-allow-methods')).toMatch(/POST/);
    expect(response.headers.get('access-control-allow-headers')?.toLowerCase()).toMatch(/authorization/);
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('lets a listed origin read an answer made with its token', async () => {
    const token = await t.login('admin@test.local', 'national-admin-password');
    const response = await fetch(t.url, {
      method: 'POST',
      headers: { origin: allowed, 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ me { account { email } } }' }),
    });
    expect(response.headers.get('access-control-allow-origin')).toBe(allowed);
    expect(await response.json()).toEqual({ data: { me: { account: { email: 'admin@test.local' } } } });
  });

  it('gives a refused origin no CORS header, on the preflight or the request', async () => {
    for (const origin of ['https://evil.example.com', 'https://dashboard.example.org.evil.com', 'null']) {
      const response = await preflight(origin);
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
      expect(response.headers.get('access-control-allow-methods')).toBeNull();
      const post = await fetch(t.url, {
        method: 'POST',
        headers: { origin, 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
      expect(post.headers.get('access-control-allow-origin')).toBeNull();
    }
  });
});

describe('CORS by default', () => {
  it('allows no origin when CORS_ORIGINS is unset', async () => {
    const t = await startTestApp({ seed: 'none' });
    try {
      const response = await fetch(t.url, {
        method: 'OPTIONS',
        headers: { origin: 'https://dashboard.example.org', 'access-control-request-method': 'POST' },
      });
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await t.close();
    }
  });
});
