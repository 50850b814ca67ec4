import { gql, killAll, login, startServer } from '../../support/server';
import { scratchDatabase, storedMeetings } from './databases';

/**
 * Terminate the database backends serving the app while recordMeeting calls run: every answered
 * call is whole in the database, every refused one is a coded, retryable SERVICE_UNAVAILABLE that
 * wrote nothing, a retry with the same idempotency key succeeds exactly once, and the process stays up.
 */
const RECORD = `mutation($input: RecordMeetingInput!) { recordMeeting(input: $input) { id } }`;
const CONVENER = '5eed0000-0000-4000-8000-000000000003';
const PARTICIPANTS = ['202', '203', '204'].map((n) => ({
  personId: `5eed0000-0000-4000-8000-000000000${n}`,
  role: 'ATTENDEE',
}));

jest.setTimeout(240_000);
afterAll(killAll);

it('rolls back a transaction whose backend is terminated, and a retry with the same key succeeds once', async () => {
  const { name, url, admin, drop } = await scratchDatabase('tanzim_terminate');
  const server = await startServer({ DATABASE_URL: url });
  try {
    const token = await login(server.url);
    const input = (key: string) => ({
      kind: 'BUREAU',
      titleFr: `Terminate ${key}`,
      date: '2021-05-10',
      convenerUnitId: CONVENER,
      participants: PARTICIPANTS,
      agenda: Array.from({ length: 30 }, (_, i) => ({ titleFr: `Point ${i}` })),
      idempotencyKey: key,
    });
    let stop = false;
    let terminated = 0;
    const terminator = (async () => {
      while (!stop) {
        const { rowCount } = await admin.query(
          `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
            WHERE datname = $1 AND application_name = 'tanzim' AND state IN ('active', 'idle in transaction')`,
          [name],
        );
        terminated += rowCount ?? 0;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    })();
    const keys = Array.from({ length: 40 }, (_, i) => `t-${i}`);
    const results = await Promise.all(
      keys.map((key) => gql(server.url, token, RECORD, { input: input(key) })),
    );
    stop = true;
    await terminator;

    const refused = results
      .map((result, i) => ({
        key: keys[i],
        errors: result.errors as { extensions: { code: string; retryable?: boolean } }[] | undefined,
      }))
      .filter((r) => r.errors);
    for (const r of refused) expect(r.errors!.map((e) => e.extensions.code)).toEqual(['SERVICE_UNAVAILABLE']);
    // Retry every refused call with its key: each succeeds, and no key yields two meetings.
    for (const r of refused) {
      let answer = await gql(server.url, token, RECORD, { input: input(r.key) });
      for (let attempt = 0; answer.errors && attempt < 5; attempt++) {
        answer = await gql(server.url, token, RECORD, { input: input(r.key) });
      }
      expect(answer.errors).toBeUndefined();
      expect(answer.data).toBeTruthy();
    }
    const rows = await storedMeetings(url, 'Terminate ');
    expect(rows).toHaveLength(keys.length);
    expect(rows.every((row) => row.participants === 3 && row.agenda === 30)).toBe(true);
    expect((await fetch(server.url.replace('/graphql', '/health/live'))).ok).toBe(true);
    console.log(
      `terminated ${terminated} backends; ${refused.length} of ${keys.length} calls refused and retried; ${rows.length} meetings, none torn`,
    );
    expect(terminated).toBeGreaterThan(0);
  } finally {
    await server.stop();
    await drop();
  }
});
