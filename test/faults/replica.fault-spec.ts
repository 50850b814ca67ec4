import { Client } from 'pg';
import { PrivatePostgres, startPrivatePostgres, startPrivateReplica } from '../../support/private-postgres';
import { gql, killAll, Server, startServer } from '../../support/server';

/**
 * A read replica (DATABASE_REPLICA_URLS) on a real streaming standby of a private PostgreSQL. With the
 * standby's replay paused, a write by caller A is seen by A at once (A's reads stay on the primary
 * for REPLICA_READ_AFTER_WRITE_SECONDS) and not by caller B, who wrote nothing, until replay resumes:
 * that shows B's reads (GraphQL queries and exports) go to the replica. A replica further behind than REPLICA_MAX_LAG_SECONDS is
 * skipped (B sees the write from the primary); a replica that stops leaves every read answered and
 * `/health/ready` 200 with `replicas: "degraded"`; once it is back it is used again.
 */
const PERSON = '5eed0000-0000-4000-8000-000000000203';
const READ = `query($id: ID!) { person(id: $id) { membershipNumber } }`;
const WRITE = `mutation($input: UpdatePersonInput!) { updatePerson(input: $input) { membershipNumber } }`;
const READ_AFTER_WRITE_SECONDS = 3;
const MAX_LAG_SECONDS = 4;

jest.setTimeout(240_000);
afterAll(killAll);

let primary: PrivatePostgres | undefined;
let replica: PrivatePostgres | undefined;
afterAll(async () => {
  await replica?.destroy();
  await primary?.destroy();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Ready {
  status: string;
  replicas?: string;
  replicaDetails?: { replica: string; state: string; lagSeconds: number | null }[];
}

async function signIn(url: string, email: string): Promise<string> {
  const result = await gql<{ login: { accessToken: string } }>(
    url,
    null,
    `mutation($email: String!) { login(input: { email: $email, password: "tanzim-demo-2020" }) { accessToken } }`,
    { email },
  );
  return result.data!.login.accessToken;
}

it('reads from the replica unless the caller just wrote, skips it when behind or down, and uses it again', async () => {
  primary = await startPrivatePostgres();
  replica = await startPrivateReplica(primary);
  const server: Server = await startServer({
    DATABASE_URL: primary.url,
    DATABASE_REPLICA_URLS: replica.url,
    REPLICA_READ_AFTER_WRITE_SECONDS: String(READ_AFTER_WRITE_SECONDS),
    REPLICA_MAX_LAG_SECONDS: String(MAX_LAG_SECONDS),
  });
  const readyUrl = server.url.replace('/graphql', '/health/ready');
  const ready = async () => {
    const response = await fetch(readyUrl);
    return { code: response.status, ...((await response.json()) as Ready) };
  };
  const until = async (what: string, condition: () => Promise<boolean>, ms = 15_000) => {
    const deadline = Date.now() + ms;
    while (!(await condition())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
      await sleep(200);
    }
  };
  const standby = async (sql: string) => {
    const client = new Client({ connectionString: replica!.url });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };

  const a = await signIn(server.url, 'admin@tanzim.demo');
  const b = await signIn(server.url, 'ghalbzouri@tanzim.demo');
  const read = async (token: string) => {
    const result = await gql<{ person: { membershipNumber: string | null } }>(server.url, token, READ, {
      id: PERSON,
    });
    expect(result.errors).toBeUndefined();
    return result.data!.person.membershipNumber;
  };
  const write = async (membershipNumber: string) => {
    const result = await gql(server.url, a, WRITE, { input: { id: PERSON, membershipNumber } });
    expect(result.errors).toBeUndefined();
  };
  // The people export (CSV), as a caller gets it: which membership number it has for the person.
  const exported = async (token: string) => {
    const response = await fetch(server.url.replace('/graphql', '/export/people.csv'), {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(200);
    const line = (await response.text()).split(/\r?\n/).find((row) => row.startsWith(PERSON));
    return /,(R-\d),/.exec(line ?? '')?.[1];
  };
  await write('R-0');
  await until('the replica has the first write and is in use', async () => (await ready()).replicas === 'ok');
  await until('B reads the first write', async () => (await read(b)) === 'R-0');
  // Signing in is a write: both callers are past their read-after-write window before it starts.
  await sleep(READ_AFTER_WRITE_SECONDS * 1000);

  // 1. Routing: with replay paused, A sees A's write at once (primary), B does not (replica).
  await standby('SELECT pg_wal_replay_pause()');
  await write('R-1');
  expect(await read(a)).toBe('R-1');
  expect(await read(b)).toBe('R-0');
  expect(await exported(a)).toBe('R-1');
  expect(await exported(b)).toBe('R-0');
  await standby('SELECT pg_wal_replay_resume()');
  await until('B reads the write from the replica', async () => (await read(b)) === 'R-1');

  // 2. Lag: a replica behind by more than the maximum is skipped; B reads from the primary.
  await standby('SELECT pg_wal_replay_pause()');
  await write('R-2');
  await until('the replica is reported lagging', async () => {
    const report = await ready();
    return report.replicas === 'degraded' && report.replicaDetails?.[0].state === 'lagging';
  });
  const lagging = await ready();
  expect(lagging.code).toBe(200);
  expect(lagging.replicaDetails![0].lagSeconds).toBeGreaterThan(MAX_LAG_SECONDS);
  expect(await read(b)).toBe('R-2');
  await standby('SELECT pg_wal_replay_resume()');
  await until('the replica has caught up', async () => (await ready()).replicas === 'ok');

  // 3. Down: every read is still answered (from the primary), and the instance stays ready.
  await replica.stop();
  // Its sessions ended as it stopped: the very next reads are answered (by the primary).
  for (let i = 0; i < 5; i++) expect(await read(b)).toBe('R-2');
  await until(
    'the replica is reported down',
    async () => (await ready()).replicaDetails?.[0].state === 'down',
  );
  const down = await ready();
  expect(down).toMatchObject({ code: 200, status: 'ok', replicas: 'degraded' });
  await write('R-3');
  await sleep(READ_AFTER_WRITE_SECONDS * 1000);
  for (let i = 0; i < 10; i++) expect(await read(b)).toBe('R-3');
  expect(await read(a)).toBe('R-3');

  // 4. Back: the replica catches up and B's reads go to it again (paused replay shows it).
  await replica.start();
  await until('the replica is used again', async () => (await ready()).replicas === 'ok', 30_000);
  await until('B reads the write made while the replica was down', async () => (await read(b)) === 'R-3');
  await standby('SELECT pg_wal_replay_pause()');
  await write('R-4');
  expect(await read(a)).toBe('R-4');
  expect(await read(b)).toBe('R-3');
  await standby('SELECT pg_wal_replay_resume()');
  await until('B reads the last write', async () => (await read(b)) === 'R-4');
  expect(server.logs()).not.toMatch(/INTERNAL_SERVER_ERROR/);
});
