import { createHash } from 'node:crypto';
import { ApolloClient, ApolloLink, gql, HttpLink, InMemoryCache } from '@apollo/client';
import { PersistedQueryLink } from '@apollo/client/link/persisted-queries';
import { startTestApp, TestApp } from './support/test-app';

interface Sent {
  method: string;
  status: number;
  hash?: string;
  withQuery: boolean;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/**
 * Automatic persisted queries, spoken by Apollo Client's own persisted-query link against the running
 * app: what travels on the wire is recorded and asserted, request by request.
 */
describe('automatic persisted queries with @apollo/client', () => {
  let t: TestApp;
  let token: string;
  beforeAll(async () => {
    t = await startTestApp({ seed: 'demo' });
    token = await t.login('admin@test.local', 'national-admin-password');
  });
  afterAll(() => t.close());

  /** An Apollo client whose every HTTP exchange is written down. */
  function apollo(options: { useGETForHashedQueries: boolean }) {
    const sent: Sent[] = [];
    const recordingFetch: typeof fetch = async (input, init) => {
      const url = new URL(String(input));
      const method = init?.method ?? 'GET';
      const request =
        method === 'GET'
          ? {
              query: url.searchParams.get('query') ?? undefined,
              extensions: JSON.parse(url.searchParams.get('extensions') ?? '{}') as Record<string, any>,
            }
          : (JSON.parse(String(init?.body)) as { query?: string; extensions?: Record<string, any> });
      const response = await fetch(input, init);
      const body = (await response.clone().json()) as { errors?: Sent['errors'] };
      sent.push({
        method,
        status: response.status,
        hash: request.extensions?.persistedQuery?.sha256Hash as string | undefined,
        withQuery: typeof request.query === 'string',
        errors: body.errors,
      });
      return response;
    };
    const client = new ApolloClient({
      cache: new InMemoryCache(),
      link: ApolloLink.from([
        new PersistedQueryLink({
          sha256: (document: string) => createHash('sha256').update(document).digest('hex'),
          useGETForHashedQueries: options.useGETForHashedQueries,
        }),
        new HttpLink({
          uri: t.url,
          fetch: recordingFetch,
          // A GET passes CSRF prevention with Apollo's own header (README, "GraphQL over HTTP").
          headers: { authorization: `Bearer ${token}`, 'apollo-require-preflight': 'true' },
        }),
      ]),
      defaultOptions: { query: { fetchPolicy: 'network-only' } },
    });
    return { client, sent };
  }

  it.each([
    ['POST', false],
    ['GET', true],
  ])(
    'sends the hash alone, is told PersistedQueryNotFound, retries with the document, then sends the hash alone (%s)',
    async (method, useGETForHashedQueries) => {
      const { client, sent } = apollo({ useGETForHashedQueries });
      // Another document for each pass: the store is shared by every client of this process.
      const query = gql`
        query UnitName${method} {
          orgUnit(code: "PAM-MA-TNG") {
            nameFr
          }
        }
      `;
      const first = await client.query({ query });
      expect(first.data).toEqual({
        orgUnit: { __typename: 'OrgUnit', nameFr: 'Secrétariat provincial de Tanger-Assilah' },
      });
      const second = await client.query({ query });
      expect(second.data).toEqual(first.data);

      expect(sent).toHaveLength(3);
      const hash = sent[0].hash;
      expect(hash).toMatch(/^[0-9a-f]{64}$/);
      // 1. The hash alone: unknown to the server, in Apollo's own words.
      expect(sent[0]).toMatchObject({ method, withQuery: false, status: 400 });
      expect(sent[0].errors).toEqual([
        { message: 'PersistedQueryNotFound', extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } },
      ]);
      // 2. The retry carries the document with its hash (always a POST: it may be long).
      expect(sent[1]).toMatchObject({
        method: 'POST',
        withQuery: true,
        hash,
        status: 200,
        errors: undefined,
      });
      // 3. From then on, the hash alone is enough.
      expect(sent[2]).toMatchObject({ method, withQuery: false, hash, status: 200, errors: undefined });
    },
  );

  it('refuses a document whose hash is not the one sent, and runs nothing', async () => {
    const response = await fetch(t.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        query: '{ me { account { email } } }',
        extensions: { persistedQuery: { version: 1, sha256Hash: '0'.repeat(64) } },
      }),
    });
    const body = (await response.json()) as { data: unknown; errors: { message: string }[] };
    expect(body.data).toBeNull();
    expect(body.errors[0].message).toMatch(/provided sha does not match query/);
  });
});
