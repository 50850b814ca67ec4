import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gql, killAll, login, startServer } from '../../support/server';

/**
 * `npm run backup` while the embedded server keeps serving a stream of writes, then `npm run restore`
 * into a fresh directory: writes go on being acknowledged during the backup; every write acknowledged
 * before the backup was asked for is in the restored registry, none acknowledged after the backup
 * ended is, and no meeting is torn (each has all its agenda points and its audit event). Needs `npm run build` (npm run test:faults does it).
 */
const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..');
const CONVENER = '5eed0000-0000-4000-8000-000000000003';
const RECORD = `mutation($input: RecordMeetingInput!) { recordMeeting(input: $input) { id } }`;
const AGENDA = ['أولى', 'ثانية', 'ثالثة'];

interface Acknowledged {
  id: string;
  at: number;
}

/** Records meetings one after another until `stop()` says so, each with three agenda points. */
function writeStream(url: string, token: string, prefix: string) {
  const acknowledged: Acknowledged[] = [];
  let stopped = false;
  const done = (async () => {
    for (let i = 0; !stopped; i++) {
      const result = await gql<{ recordMeeting: { id: string } }>(url, token, RECORD, {
        input: {
          kind: 'BUREAU',
          titleFr: `Écriture ${prefix}-${i}`,
          date: '2021-06-01',
          convenerUnitId: CONVENER,
          agenda: AGENDA.map((titleAr) => ({ titleAr })),
          idempotencyKey: `backup-${prefix}-${i}`,
        },
      });
      expect(result.errors).toBeUndefined();
      acknowledged.push({ id: result.data!.recordMeeting.id, at: Date.now() });
    }
  })();
  return {
    acknowledged,
    async stop() {
      stopped = true;
      await done;
    },
  };
}

const node = (script: string, env: Record<string, string>, ...args: string[]) =>
  run(process.execPath, [join(ROOT, 'dist', 'src', script), ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
  });

jest.setTimeout(300_000);
afterAll(killAll);

describe('a backup of the embedded database taken while the server serves writes', () => {
  it('restores every write acknowledged before it, nothing after it, and nothing torn', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tanzim-backup-'));
    const live = { DATA_DIR: join(dir, 'data') };
    const server = await startServer(live);
    const token = await login(server.url);
    const streams = [writeStream(server.url, token, 'a'), writeStream(server.url, token, 'b')];
    while (streams[0].acknowledged.length < 15) await new Promise((resolve) => setTimeout(resolve, 50));

    const file = join(dir, 'registry.tar.gz');
    const asked = Date.now();
    const backup = await node('backup.js', live, file);
    const ended = Date.now();
    expect(backup.stdout).toContain('Backup of the running server');
    while (streams[0].acknowledged.filter((w) => w.at > ended).length < 5) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await Promise.all(streams.map((s) => s.stop()));
    await server.stop();
    const writes = streams.flatMap((s) => s.acknowledged);

    // A restore never overwrites a database.
    await expect(node('restore.js', live, file)).rejects.toMatchObject({
      stderr: expect.stringContaining('already holds a database'),
    });
    const restoredEnv = { DATA_DIR: join(dir, 'restored') };
    await node('restore.js', restoredEnv, file);
    const restored = await startServer(restoredEnv);
    const restoredToken = await login(restored.url);
    const found = new Map<string, { agenda: unknown[] }>();
    for (const { id } of writes) {
      const result = await gql<{ meeting: { id: string; agenda: unknown[] } | null }>(
        restored.url,
        restoredToken,
        `query($id: ID!) { meeting(id: $id) { id agenda { position titleAr } } }`,
        { id },
      );
      if (result.data?.meeting) found.set(id, result.data.meeting);
    }
    const audited = await gql<{ auditEvents: { totalCount: number } }>(
      restored.url,
      restoredToken,
      `{ auditEvents(filter: { entity: "Meeting" }, first: 1) { totalCount } }`,
    );
    await restored.stop();

    const before = writes.filter((w) => w.at < asked);
    const after = writes.filter((w) => w.at > ended);
    expect(before.length).toBeGreaterThanOrEqual(15);
    // The server kept serving while the backup was packed.
    expect(writes.filter((w) => w.at > asked && w.at < ended).length).toBeGreaterThan(0);
    expect(after.length).toBeGreaterThanOrEqual(5);
    expect(before.filter((w) => !found.has(w.id))).toEqual([]);
    expect(after.filter((w) => found.has(w.id))).toEqual([]);
    for (const meeting of found.values()) expect(meeting.agenda).toHaveLength(AGENDA.length);
    expect(audited.errors).toBeUndefined();
    expect(audited.data!.auditEvents.totalCount).toBe(found.size);
    expect(existsSync(`${live.DATA_DIR}.control`)).toBe(false);
  });
});
