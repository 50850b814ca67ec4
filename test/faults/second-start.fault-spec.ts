import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gql, killAll, login, startServer } from '../../support/server';

/**
 * Two servers on one embedded data directory: the second must not start (PGlite has no lock of its
 * own, and both would write over each other), and the first must keep every acknowledged write.
 * Needs `npm run build` (npm run test:faults does it).
 */
const RECORD = `mutation($input: RecordMeetingInput!) { recordMeeting(input: $input) { id } }`;
const CONVENER = '5eed0000-0000-4000-8000-000000000003';

async function record(url: string, token: string, from: number, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = from; i < from + count; i++) {
    const result = await gql<{ recordMeeting: { id: string } }>(url, token, RECORD, {
      input: {
        kind: 'BUREAU',
        titleFr: `Écriture ${i}`,
        date: '2021-06-01',
        convenerUnitId: CONVENER,
        idempotencyKey: `lock-${i}`,
      },
    });
    expect(result.errors).toBeUndefined();
    ids.push(result.data!.recordMeeting.id);
  }
  return ids;
}

jest.setTimeout(240_000);
afterAll(killAll);

describe('a second server on the same embedded data directory', () => {
  it('is refused with the first one named, and the first keeps every acknowledged write', async () => {
    const env = { DATA_DIR: join(mkdtempSync(join(tmpdir(), 'tanzim-lock-')), 'data') };
    const first = await startServer(env);
    const token = await login(first.url);
    const before = await record(first.url, token, 0, 50);

    const refusal = await startServer(env).then(
      async (second) => {
        await second.stop();
        return 'the second server started';
      },
      (error: Error) => error.message,
    );
    expect(refusal).toContain(`is in use by another Tanzim server (process ${first.process.pid}`);

    const after = await record(first.url, token, 50, 50);
    await first.stop();
    const again = await startServer(env);
    const againToken = await login(again.url);
    const missing: string[] = [];
    for (const id of [...before, ...after]) {
      const result = await gql(again.url, againToken, `query($id: ID!) { meeting(id: $id) { id } }`, { id });
      if (!(result.data as { meeting?: unknown } | undefined)?.meeting) missing.push(id);
    }
    await again.stop();
    expect(missing).toEqual([]);
  });
});
