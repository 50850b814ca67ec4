import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gql, killAll, login, startServer } from '../../support/server';
import { scratchDatabase } from './databases';

/**
 * Kill -9 the server in the middle of a stream of recordMeeting calls, start it again, and check that
 * every acknowledged meeting is there with all its participants and agenda (0 lost, 0 torn), in both
 * database modes. Needs `npm run build` (npm run test:faults does it).
 */
const RECORD = `mutation($input: RecordMeetingInput!) { recordMeeting(input: $input) { id } }`;
const PARTICIPANTS = ['202', '203', '204'].map((n) => ({
  personId: `5eed0000-0000-4000-8000-000000000${n}`,
  role: 'ATTENDEE',
}));
const CONVENER = '5eed0000-0000-4000-8000-000000000003';

async function streamUntilKilled(url: string, token: string, kill: () => Promise<void>) {
  const acknowledged = new Map<string, string>();
  let stop = false;
  const worker = async (w: number) => {
    for (let i = 0; !stop; i++) {
      const key = `w${w}-${i}`;
      try {
        const result = await gql(url, token, RECORD, {
          input: {
            kind: 'BUREAU',
            titleFr: `Fault ${key}`,
            date: '2021-05-10',
            convenerUnitId: CONVENER,
            participants: PARTICIPANTS,
            agenda: [{ titleFr: 'Point un' }, { titleFr: 'Point deux' }],
            idempotencyKey: key,
          },
        });
        if (!result.errors && result.data) {
          acknowledged.set(key, (result.data as { recordMeeting: { id: string } }).recordMeeting.id);
        }
      } catch {
        return; // the connection died with the server
      }
    }
  };
  const workers = [0, 1, 2, 3].map(worker);
  while (acknowledged.size < 25) await new Promise((resolve) => setTimeout(resolve, 20));
  await kill();
  stop = true;
  await Promise.all(workers);
  return acknowledged;
}

async function verify(url: string, token: string, acknowledged: Map<string, string>) {
  const missing: string[] = [];
  for (const [key, id] of acknowledged) {
    const result = await gql<{ meeting: { participants: unknown[]; agenda: unknown[] } }>(
      url,
      token,
      `query($id: ID!) { meeting(id: $id) { participants { id } agenda { position } } }`,
      { id },
    );
    if (!result.data?.meeting) missing.push(key);
  }
  // No meeting at all may be torn: every one has its 3 participants and 2 agenda items.
  let torn = 0;
  let after: string | null = null;
  for (;;) {
    const page: any = await gql(
      url,
      token,
      `query($after: String) { meetings(filter: { kind: BUREAU }, first: 50, after: $after) { edges { node { participants { id } agenda { position } } } pageInfo { hasNextPage endCursor } } }`,
      { after },
    );
    for (const edge of page.data.meetings.edges) {
      if (edge.node.participants.length !== 3 || edge.node.agenda.length !== 2) torn++;
    }
    if (!page.data.meetings.pageInfo.hasNextPage) break;
    after = page.data.meetings.pageInfo.endCursor;
  }
  return { missing, torn };
}

jest.setTimeout(240_000);
afterAll(killAll);

/** Streams writes, kills the server, starts it again on the same data and checks what it kept. */
async function killAndVerify(mode: string, env: Record<string, string>) {
  const first = await startServer(env);
  const acknowledged = await streamUntilKilled(first.url, await login(first.url), () => first.kill9());
  const second = await startServer(env);
  const result = await verify(second.url, await login(second.url), acknowledged);
  await second.stop();
  console.log(
    `${mode}: ${acknowledged.size} acknowledged, ${result.missing.length} lost, ${result.torn} torn`,
  );
  return result;
}

describe('kill -9 during a stream of recordMeeting calls', () => {
  it('loses and tears nothing on embedded PGlite', async () => {
    const env = { DATA_DIR: join(mkdtempSync(join(tmpdir(), 'tanzim-fault-')), 'data') };
    expect(await killAndVerify('embedded', env)).toEqual({ missing: [], torn: 0 });
  });

  it('loses and tears nothing on PostgreSQL', async () => {
    const database = await scratchDatabase('tanzim_fault');
    try {
      expect(await killAndVerify('postgres', { DATABASE_URL: database.url })).toEqual({
        missing: [],
        torn: 0,
      });
    } finally {
      await database.drop();
    }
  });
});
