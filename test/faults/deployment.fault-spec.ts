import { Client } from 'pg';
import { Bouncer, pgbouncerInstalled, startPgBouncer } from '../../support/pgbouncer';
import { PrivatePostgres, startPrivatePostgres, startPrivateReplica } from '../../support/private-postgres';
import { gql, killAll, login, Server, startServer } from '../../support/server';

/**
 * The deployment the README describes, whole: two instances, their pools behind a private PgBouncer in
 * transaction mode (prepared statements off), each listening on a direct connection, and reads that may
 * lag sent to a streaming replica. Writes sent twice through both instances are stored once; a row lock
 * holds across instances; a unit renamed through one is read renamed through the other at once; both
 * say they hear each other and their replica is up. Needs `npm run build` and Debian's pgbouncer.
 */
const UNIT_ID = '5eed0000-0000-4000-8000-000000000003';
const CONVENER = UNIT_ID;
const RECORD = `mutation($input: RecordMeetingInput!) { recordMeeting(input: $input) { id version } }`;
const meetingInput = (key: string) => ({
  kind: 'BUREAU',
  titleFr: `Deployed ${key}`,
  date: '2021-05-10',
  convenerUnitId: CONVENER,
  participants: [{ personId: '5eed0000-0000-4000-8000-000000000202', role: 'ATTENDEE' }],
  agenda: [{ titleFr: 'Point un' }],
  idempotencyKey: key,
});
const codeOf = (error: unknown) => (error as { extensions: { code: string } }).extensions.code;

jest.setTimeout(240_000);

const run = pgbouncerInstalled() ? describe : describe.skip;

let primary: PrivatePostgres | undefined;
let replica: PrivatePostgres | undefined;
let bouncer: Bouncer | undefined;
let a: Server;
let b: Server;
let tokenA: string;
let tokenB: string;

beforeAll(async () => {
  primary = await startPrivatePostgres();
  replica = await startPrivateReplica(primary);
  bouncer = await startPgBouncer(primary.url, { poolSize: 3 });
  const env = {
    DATABASE_URL: bouncer.url(primary.url),
    DATABASE_LISTEN_URL: primary.url,
    DATABASE_PREPARED_STATEMENTS: 'false',
    DATABASE_REPLICA_URLS: replica.url,
  };
  // One after the other: the second finds the schema migrated and the demo seeded.
  a = await startServer(env);
  b = await startServer(env);
  tokenA = await login(a.url);
  tokenB = await login(b.url);
});

afterAll(async () => {
  killAll();
  await bouncer?.stop();
  await replica?.destroy();
  await primary?.destroy();
});

async function onPrimary<T>(sql: string): Promise<T[]> {
  const client = new Client({ connectionString: primary!.url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

run('two instances behind PgBouncer with a read replica', () => {
  it('says each instance hears the other and reads from an up-to-date replica', async () => {
    for (const server of [a, b]) {
      const ready = await fetch(server.url.replace('/graphql', '/health/ready'));
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({ status: 'ok', otherInstances: 'listening', replicas: 'ok' });
    }
  });

  it('stores once each write sent through both instances at the same time', async () => {
    const keys = Array.from({ length: 10 }, (_, i) => `deployed-${i}`);
    const answers = await Promise.all(
      keys.flatMap((key) => [
        gql<{ recordMeeting: { id: string } }>(a.url, tokenA, RECORD, { input: meetingInput(key) }),
        gql<{ recordMeeting: { id: string } }>(b.url, tokenB, RECORD, { input: meetingInput(key) }),
      ]),
    );
    expect(answers.flatMap((answer) => answer.errors ?? [])).toEqual([]);
    // Both answers of a key name the same meeting.
    for (let i = 0; i < answers.length; i += 2) {
      expect(answers[i].data!.recordMeeting.id).toBe(answers[i + 1].data!.recordMeeting.id);
    }
    const [stored] = await onPrimary<{ n: number; whole: number }>(
      `SELECT count(*)::int AS n,
              count(*) FILTER (WHERE EXISTS (SELECT 1 FROM participation p WHERE p.meeting_id = m.id)
                                 AND EXISTS (SELECT 1 FROM agenda_item g WHERE g.meeting_id = m.id))::int AS whole
         FROM meeting m WHERE m.title_fr LIKE 'Deployed deployed-%'`,
    );
    expect(stored).toEqual({ n: 10, whole: 10 });
  });

  it('holds a row lock across instances: of concurrent updates from one version, one wins', async () => {
    const created = await gql<{ recordMeeting: { id: string; version: number } }>(a.url, tokenA, RECORD, {
      input: meetingInput('locked'),
    });
    const { id, version } = created.data!.recordMeeting;
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        gql(
          i % 2 ? b.url : a.url,
          i % 2 ? tokenB : tokenA,
          `mutation($input: UpdateMeetingInput!) { updateMeeting(input: $input) { version } }`,
          { input: { id, expectedVersion: version, place: `Salle ${i}` } },
        ),
      ),
    );
    expect(results.filter((result) => !result.errors)).toHaveLength(1);
    expect(results.flatMap((result) => (result.errors ?? []).map(codeOf))).toEqual(Array(7).fill('CONFLICT'));
  });

  it('reads a unit renamed through A renamed through B within a second', async () => {
    const nameOnB = async () => {
      const result = await gql<{ orgUnit: { nameFr: string } }>(
        b.url,
        tokenB,
        `query($id: ID!) { orgUnit(id: $id) { nameFr code } }`,
        { id: UNIT_ID },
      );
      return result.data!.orgUnit.nameFr;
    };
    await nameOnB();
    const renamed = await gql(
      a.url,
      tokenA,
      `mutation($input: UpdateOrgUnitInput!) { updateOrgUnit(input: $input) { nameFr } }`,
      { input: { id: UNIT_ID, nameFr: 'Renommé par A' } },
    );
    expect(renamed.errors).toBeUndefined();
    const started = Date.now();
    while ((await nameOnB()) !== 'Renommé par A') {
      expect(Date.now() - started).toBeLessThan(1_000);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  });
});
