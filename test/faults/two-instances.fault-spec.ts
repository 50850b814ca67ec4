import { Client } from 'pg';
import { gql, killAll, login, Server, startServer } from '../../support/server';
import { scratchDatabase } from './databases';

/**
 * Two instances of the built server on one PostgreSQL database. Each remembers units read by code and
 * API-token checks for a few seconds; a change committed through one must be seen by the other at
 * once (its NOTIFY, database/invalidation.ts), not when the memory runs out. Needs `npm run build`.
 */
const UNIT_ID = '5eed0000-0000-4000-8000-000000000003';
/** Well under the memories' 5 seconds: what "at once" means here. */
const AT_ONCE_MS = 1_000;

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** Asks `read` again every 20 ms until `done` holds; answers how long that took (or fails after 6 s). */
async function timeUntil<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<number> {
  const started = Date.now();
  for (;;) {
    if (done(await read())) return Date.now() - started;
    if (Date.now() - started > 6_000) throw new Error('never seen');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

jest.setTimeout(120_000);

let database: Awaited<ReturnType<typeof scratchDatabase>>;
let a: Server;
let b: Server;
let tokenA: string;
let tokenB: string;
let code: string;

beforeAll(async () => {
  database = await scratchDatabase('stateless_two');
  // One after the other: the second finds the schema migrated and the demo seeded.
  a = await startServer({ DATABASE_URL: database.url });
  b = await startServer({ DATABASE_URL: database.url });
  tokenA = await login(a.url);
  tokenB = await login(b.url);
  const unit = await gql<{ orgUnit: { code: string } }>(
    a.url,
    tokenA,
    `query($id: ID!) { orgUnit(id: $id) { code } }`,
    { id: UNIT_ID },
  );
  code = unit.data!.orgUnit.code;
});

afterAll(async () => {
  killAll();
  await database?.drop();
});

const nameOnB = async () => {
  const result = await gql<{ orgUnit: { nameFr: string } }>(
    b.url,
    tokenB,
    `query($code: String!) { orgUnit(code: $code) { nameFr } }`,
    { code },
  );
  return result.data!.orgUnit.nameFr;
};

async function renameThroughA(nameFr: string) {
  const result = await gql(
    a.url,
    tokenA,
    `mutation($input: UpdateOrgUnitInput!) { updateOrgUnit(input: $input) { nameFr } }`,
    { input: { id: UNIT_ID, nameFr } },
  );
  expect(result.errors).toBeUndefined();
}

describe('two instances on one PostgreSQL', () => {
  it('says each instance hears the others', async () => {
    for (const server of [a, b]) {
      const ready = await fetch(server.url.replace('/graphql', '/health/ready'));
      expect(await ready.json()).toMatchObject({ status: 'ok', otherInstances: 'listening' });
    }
  });

  it('a unit renamed through A is read renamed through B at once', async () => {
    await nameOnB(); // B now remembers the unit by its code
    await nameOnB();
    await renameThroughA('Renamed on A');
    const ms = await timeUntil(nameOnB, (name) => name === 'Renamed on A');
    console.log(`unit change seen by B after ${ms} ms`);
    expect(ms).toBeLessThan(AT_ONCE_MS);
  });

  it('an API token revoked through A stops working on B at once', async () => {
    const created = await gql<{ createApiToken: { token: string; apiToken: { id: string } } }>(
      a.url,
      tokenA,
      `mutation($u: ID!, $on: Date!) { createApiToken(input: { name: "Board", unitId: $u, readOnly: true, expiresOn: $on }) { token apiToken { id } } }`,
      { u: UNIT_ID, on: inDays(30) },
    );
    const { token, apiToken } = created.data!.createApiToken;
    const readOnB = () =>
      gql(b.url, token, `query($code: String!) { orgUnit(code: $code) { id } }`, { code });
    expect((await readOnB()).errors).toBeUndefined(); // B now remembers the token's check
    expect((await readOnB()).errors).toBeUndefined();
    const revoked = await gql(
      a.url,
      tokenA,
      `mutation($id: ID!) { revokeApiToken(input: { id: $id }) { id } }`,
      { id: apiToken.id },
    );
    expect(revoked.errors).toBeUndefined();
    const ms = await timeUntil(readOnB, (result) => !!result.errors);
    console.log(`token revocation seen by B after ${ms} ms`);
    expect(ms).toBeLessThan(AT_ONCE_MS);
  });

  it('while B does not hear A (its listening connection cut), B remembers nothing stale', async () => {
    await nameOnB();
    const admin = new Client({ connectionString: database.url });
    await admin.connect();
    try {
      // Both instances' listeners go; A's change is then announced to nobody.
      const { rows } = await admin.query(
        `SELECT pg_terminate_backend(pid) AS cut FROM pg_stat_activity
          WHERE datname = current_database() AND application_name = 'tanzim-listener'`,
      );
      expect(rows).toHaveLength(2);
      await renameThroughA('Renamed while deaf');
      const ms = await timeUntil(nameOnB, (name) => name === 'Renamed while deaf');
      expect(ms).toBeLessThan(AT_ONCE_MS);
      // And the listeners come back by themselves.
      await timeUntil(
        async () =>
          (
            await admin.query(
              `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'tanzim-listener'`,
            )
          ).rows[0].n as number,
        (n) => n === 2,
      );
    } finally {
      await admin.end();
    }
    await nameOnB();
    await renameThroughA('Renamed after');
    expect(await timeUntil(nameOnB, (name) => name === 'Renamed after')).toBeLessThan(AT_ONCE_MS);
  });
});
