import 'reflect-metadata';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/app';
import { moroccoDate } from '../../src/common/morocco-time';
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
  const seed = options.seed ?? 'demo';
  const snapshot = serverUrl ? undefined : readSnapshot(seed);
  const database = await freshDatabase(serverUrl, snapshot);
  const config = loadConfig(options.env ?? {});
  const app = await createApp({
    ...config,
    databaseUrl: database.url,
    embedded: !serverUrl,
    poolSize: database.poolSize,
    seed,
    trustProxy: options.trustProxy ?? false,
    graphiql: options.graphiql ?? false,
    logLevel: 'error',
    adminEmail: TEST_ADMIN.email,
    adminPassword: TEST_ADMIN.password,
  });
  if (database.dump && !snapshot) {
    await app.get(DataSource).query('CHECKPOINT');
    await writeSnapshot(seed, await database.dump());
  }
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

/**
 * A new database: an in-memory PGlite (empty, or a copy of `snapshot`), or a new empty database on the
 * server at `serverUrl`.
 */
export async function freshDatabase(
  serverUrl: string | undefined,
  snapshot?: Blob,
): Promise<{ url: string; poolSize: number; dump?: () => Promise<Blob>; drop(): Promise<void> }> {
  if (!serverUrl) {
    const pglite = await startPgliteServer('memory://', 1, snapshot);
    return { url: pglite.url, poolSize: 1, dump: pglite.dump, drop: () => pglite.stop() };
  }
  const name = `tanzim_test_${process.pid}_${++databaseCounter}_${Date.now()}`;
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

/**
 * Embedded test databases start from a copy of one already migrated and seeded, per seed mode: a new
 * PGlite runs initdb in WebAssembly, then every migration, which cost most of the embedded test run
 * when each test app did it anew. The first app of a seed mode makes the copy (in the system's temporary
 * directory, shared by the test workers); the copy is named after the sources it was made from, so a
 * change to a migration, the seed or any other source makes a new one, and after the day: the demo
 * confirms its mandates on the day it is loaded, so yesterday's copy would say yesterday.
 */
const SNAPSHOTS = join(tmpdir(), 'tanzim-test-databases');

let sourcesHash: string | undefined;
function snapshotFile(seed: SeedMode): string {
  if (!sourcesHash) {
    const root = join(__dirname, '..', '..');
    const hash = createHash('sha256');
    const pglite = JSON.parse(
      readFileSync(join(root, 'node_modules', '@electric-sql', 'pglite', 'package.json'), 'utf8'),
    ) as { version: string };
    hash.update(`pglite ${pglite.version} ${TEST_ADMIN.email} ${TEST_ADMIN.password} ${moroccoDate()}\n`);
    for (const dir of ['migrations', 'src']) {
      const files = (readdirSync(join(root, dir), { recursive: true }) as string[]).sort();
      for (const file of files.filter((name) => name.endsWith('.ts') || name.endsWith('.json'))) {
        hash.update(`${relative(root, join(root, dir, file))}\n`).update(readFileSync(join(root, dir, file)));
      }
    }
    sourcesHash = hash.digest('hex').slice(0, 16);
  }
  return join(SNAPSHOTS, `${sourcesHash}-${seed}.tar`);
}

function readSnapshot(seed: SeedMode): Blob | undefined {
  try {
    return new Blob([readFileSync(snapshotFile(seed))]);
  } catch {
    return undefined;
  }
}

async function writeSnapshot(seed: SeedMode, dump: Blob): Promise<void> {
  const file = snapshotFile(seed);
  mkdirSync(SNAPSHOTS, { recursive: true });
  // Copies made from other sources are stale.
  for (const name of readdirSync(SNAPSHOTS)) {
    if (!name.startsWith(`${sourcesHash}-`)) rmSync(join(SNAPSHOTS, name), { force: true });
  }
  // Written whole under another name first: another worker may be reading the file.
  const partial = `${file}.${process.pid}`;
  writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
  renameSync(partial, file);
}
