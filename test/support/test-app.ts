import 'reflect-metadata';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/app';
import { AppConfig, loadConfig, SeedMode } from '../../src/config/app-config';
import { startPgliteServer } from '../../src/database/pglite-server';

export interface GqlResponse<T = Record<string, any>> {
  status: number;
  data: T | null;
  errors?: { message: string; path?: string[]; extensions: { code: string; [key: string]: unknown } }[];
}

export interface GqlClient {
  /** POSTs a GraphQL document over HTTP to the running app, with this client's token. */
  gql<T = Record<string, any>>(query: string, variables?: Record<string, unknown>): Promise<GqlResponse<T>>;
  /** Like gql, but fails the test on any error and returns `data`. */
  ok<T = Record<string, any>>(query: string, variables?: Record<string, unknown>): Promise<T>;
}

export const TEST_ADMIN = { email: 'admin@test.local', password: 'national-admin-password' };

export interface TestApp extends GqlClient {
  app: NestFastifyApplication;
  url: string;
  /** The URL the app connects to its database with. */
  databaseUrl: string;
  /** A client sending another bearer token (null: anonymous). */
  as(token: string | null): GqlClient;
  /** Signs in and returns the access token. */
  login(email: string, password: string): Promise<string>;
  /** Reads the database directly, to prove what a request did or did not write. */
  sql<T = Record<string, any>>(query: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

let databaseCounter = 0;

export interface TestAppOptions {
  seed?: SeedMode;
  /** Environment variables for the app's configuration (as the server reads them at start). */
  env?: NodeJS.ProcessEnv;
  /** An embedded PGlite even when TEST_DATABASE_URL is set. */
  embedded?: boolean;
  /** A database on this PostgreSQL server even when TEST_DATABASE_URL is not set (a test needing two sessions). */
  server?: string;
  /** Which proxies' X-Forwarded-For names the client (TRUST_PROXY). */
  trustProxy?: AppConfig['trustProxy'];
  /** Serve GraphiQL at /graphiql (off by default, as in production). */
  graphiql?: boolean;
}

/**
 * The real app on a freshly migrated database, listening on a loopback port: an in-memory PGlite by
 * default, or a new database on the server at TEST_DATABASE_URL (dropped afterwards).
 */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const serverUrl = options.embedded ? undefined : (process.env.TEST_DATABASE_URL ?? options.server);
  const database = await freshDatabase(serverUrl);
  const config = loadConfig(options.env ?? {});
  const app = await createApp({
    ...config,
    databaseUrl: database.url,
    embedded: !serverUrl,
    poolSize: database.poolSize,
    seed: options.seed ?? 'demo',
    trustProxy: options.trustProxy ?? false,
    graphiql: options.graphiql ?? false,
    logLevel: 'error',
    adminEmail: TEST_ADMIN.email,
    adminPassword: TEST_ADMIN.password,
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address() as { port: number };
  const url = `http://127.0.0.1:${address.port}/graphql`;
  const sqlClient = new Client({ connectionString: database.url });
  const useSqlClient = !!serverUrl;
  if (useSqlClient) await sqlClient.connect();

  const client = (token: string | null): GqlClient => {
    const gql = async <T>(query: string, variables?: Record<string, unknown>): Promise<GqlResponse<T>> => {
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as Omit<GqlResponse<T>, 'status'>;
      return { status: response.status, ...body };
    };
    return {
      gql,
      async ok<T>(query: string, variables?: Record<string, unknown>) {
        const result = await gql<T>(query, variables);
        if (result.errors?.length) {
          throw new Error(`GraphQL errors: ${JSON.stringify(result.errors, null, 2)}`);
        }
        return result.data as T;
      },
    };
  };
  const login = async (email: string, password: string): Promise<string> => {
    const data = await client(null).ok<{ login: { accessToken: string } }>(
      `mutation($input: LoginInput!) { login(input: $input) { accessToken } }`,
      { input: { email, password } },
    );
    return data.login.accessToken;
  };
  const admin = client(await login(TEST_ADMIN.email, TEST_ADMIN.password));

  return {
    app,
    url,
    databaseUrl: database.url,
    ...admin,
    as: client,
    login,
    async sql<T>(query: string, params: unknown[] = []) {
      // On PGlite (one shared session) the app's own pool is the only way in.
      if (!useSqlClient) return (await app.get(DataSource).query(query, params)) as T[];
      return (await sqlClient.query(query, params)).rows as T[];
    },
    async close() {
      if (useSqlClient) await sqlClient.end();
      await app.close();
      await database.drop();
    },
  };
}

/** A new empty database: an in-memory PGlite, or a new database on the server at `serverUrl`. */
export async function freshDatabase(
  serverUrl: string | undefined,
): Promise<{ url: string; poolSize: number; drop(): Promise<void> }> {
  if (!serverUrl) {
    const pglite = await startPgliteServer('memory://', 1);
    return { url: pglite.url, poolSize: 1, drop: () => pglite.stop() };
  }
  // TEST_DATABASE_PREFIX: whose test databases these are, on a server several people test against.
  const prefix = (process.env.TEST_DATABASE_PREFIX ?? 'tanzim_test').replace(/\W/g, '_');
  const name = `${prefix}_${process.pid}_${++databaseCounter}_${Date.now()}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    poolSize: 10,
    async drop() {
      const client = new Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

/** Asserts a GraphQL error with this code and returns its message. */
export function expectError(result: GqlResponse, code: string): string {
  expect(result.errors?.map((e) => e.extensions.code)).toEqual([code]);
  expect(result.status).toBeLessThan(500);
  const message = result.errors![0].message;
  expect(message).not.toMatch(/SELECT|INSERT|UPDATE |constraint|violates|relation "|at .*\.js:\d+/i);
  return message;
}
