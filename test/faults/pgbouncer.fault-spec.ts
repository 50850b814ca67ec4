import { Client } from 'pg';
import { Bouncer, pgbouncerInstalled, startPgBouncer } from '../../support/pgbouncer';
import { gql, killAll, login, Server, startServer } from '../../support/server';
import { scratchDatabase } from './databases';

/**
 * Tanzim behind a private PgBouncer 1.18 in transaction mode (each transaction may get another server
 * connection, fewer of them than Tanzim's pool): reads, writes, row locks held through a transaction,
 * concurrent writes with idempotency keys, and live-memory invalidation through a direct LISTEN
 * connection. Needs `npm run build` and Debian's pgbouncer package.
 */
const CONVENER = '5eed0000-0000-4000-8000-000000000003';
const PARTICIPANTS = ['202', '203', '204'].map((n) => ({
  personId: `5eed0000-0000-4000-8000-000000000${n}`,
  role: 'ATTENDEE',
}));
const RECORD = `mutation($input: RecordMeetingInput!) { recordMeeting(input: $input) { id version } }`;
const meetingInput = (key: string) => ({
  kind: 'BUREAU',
  titleFr: `Pooled ${key}`,
  date: '2021-05-10',
  convenerUnitId: CONVENER,
  participants: PARTICIPANTS,
  agenda: [{ titleFr: 'Point un' }],
  idempotencyKey: key,
});

jest.setTimeout(180_000);

const run = pgbouncerInstalled() ? describe : describe.skip;

let database: Awaited<ReturnType<typeof scratchDatabase>>;
let bouncer: Bouncer;

beforeAll(async () => {
  database = await scratchDatabase('stateless_bouncer');
  bouncer = await startPgBouncer(database.url, { poolSize: 3 });
});

afterAll(async () => {
  killAll();
  await bouncer?.stop();
  await database?.drop();
});

/** Every unit code of the registry, read in SQL. */
async function unitCodes(): Promise<string[]> {
  const client = new Client({ connectionString: database.url });
  await client.connect();
  try {
    return (await client.query(`SELECT code FROM org_unit ORDER BY code`)).rows.map(
      (row) => row.code as string,
    );
  } finally {
    await client.end();
  }
}

/** Reads each unit by its code (a prepared statement on a direct connection), 8 at a time; answers the errors. */
async function readEveryUnit(server: Server, token: string, codes: string[]): Promise<string[]> {
  const errors: string[] = [];
  const queue = [...codes];
  const worker = async () => {
    for (let code = queue.shift(); code; code = queue.shift()) {
      const result = await gql<{ orgUnit: { code: string } }>(
        server.url,
        token,
        `query($code: String!) { orgUnit(code: $code) { code ancestors { code } } }`,
        { code },
      );
      if (result.errors) errors.push(JSON.stringify(result.errors[0]));
      else if (result.data?.orgUnit.code !== code) errors.push(`${code}: ${JSON.stringify(result.data)}`);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return errors;
}

run('behind PgBouncer in transaction mode', () => {
  let server: Server;
  let token: string;

  beforeAll(async () => {
    server = await startServer({
      DATABASE_URL: bouncer.url(database.url),
      DATABASE_LISTEN_URL: database.url,
      DATABASE_PREPARED_STATEMENTS: 'false',
      DB_POOL_SIZE: '10',
    });
    token = await login(server.url);
  });

  afterAll(() => server?.stop());

  it('migrates, seeds and reads (every unit by code with its ancestors)', async () => {
    const codes = await unitCodes();
    expect(codes.length).toBeGreaterThan(3);
    expect(await readEveryUnit(server, token, codes)).toEqual([]);
  });

  it('records meetings concurrently, once per idempotency key', async () => {
    // 12 keys, each sent twice at the same time: the second copy waits on the first's key row.
    const keys = Array.from({ length: 12 }, (_, i) => `pooled-${i}`);
    const results = await Promise.all(
      [...keys, ...keys].map((key) => gql(server.url, token, RECORD, { input: meetingInput(key) })),
    );
    expect(results.filter((result) => result.errors)).toEqual([]);
    const ids = new Map<string, Set<string>>();
    results.forEach((result, i) => {
      const key = [...keys, ...keys][i];
      const set = ids.get(key) ?? new Set();
      set.add((result.data as { recordMeeting: { id: string } }).recordMeeting.id);
      ids.set(key, set);
    });
    expect([...ids.values()].every((set) => set.size === 1)).toBe(true);
    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      const { rows } = await client.query(
        `SELECT count(*)::int AS n, min(participants)::int AS fewest FROM (
           SELECT m.id, (SELECT count(*) FROM participation p WHERE p.meeting_id = m.id) AS participants
             FROM meeting m WHERE m.title_fr LIKE 'Pooled pooled-%') AS m`,
      );
      expect(rows[0]).toEqual({ n: 12, fewest: 3 });
    } finally {
      await client.end();
    }
  });

  it('holds a row lock for the whole transaction: of concurrent updates from one version, one wins', async () => {
    const created = await gql<{ recordMeeting: { id: string; version: number } }>(server.url, token, RECORD, {
      input: meetingInput('locked'),
    });
    const { id, version } = created.data!.recordMeeting;
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        gql(
          server.url,
          token,
          `mutation($input: UpdateMeetingInput!) { updateMeeting(input: $input) { version } }`,
          { input: { id, expectedVersion: version, place: `Salle ${i}` } },
        ),
      ),
    );
    const won = results.filter((result) => !result.errors);
    const codes = results.flatMap((result) =>
      (result.errors ?? []).map((error) => (error as { extensions: { code: string } }).extensions.code),
    );
    expect(won).toHaveLength(1);
    expect(codes).toEqual(Array(7).fill('CONFLICT'));
    const after = await gql<{ meeting: { version: number } }>(
      server.url,
      token,
      `query($id: ID!) { meeting(id: $id) { version } }`,
      { id },
    );
    expect(after.data!.meeting.version).toBe(version + 1);
  });

  it('hears its changes through the direct listening connection', async () => {
    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      const { rows } = await client.query(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'tanzim-listener'`,
      );
      expect(rows[0].n).toBe(1);
    } finally {
      await client.end();
    }
  });
});

run('behind PgBouncer 1.18 with prepared statements left on', () => {
  it('fails reads: the pooler hands a prepared name to a server connection that never prepared it', async () => {
    const server = await startServer({
      DATABASE_URL: bouncer.url(database.url),
      DATABASE_LISTEN_URL: database.url,
      DB_POOL_SIZE: '10',
    });
    try {
      const errors = await readEveryUnit(server, await login(server.url), await unitCodes());
      console.log(
        `prepared statements through PgBouncer: ${errors.length} failed reads; first: ${errors[0]}`,
      );
      expect(errors.length).toBeGreaterThan(0);
      expect(server.logs()).toMatch(/prepared statement \\?"tz_\w+\\?" (does not exist|already exists)/);
    } finally {
      await server.stop();
    }
  });
});
