import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, gql, killAll, login, Server, startServer } from '../support/server';
import { scratchDatabase } from './faults/databases';
import { feedSettled, liveClient, LiveClient, settle, subscribe } from './support/live';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Across instances: two Tanzim processes on one PostgreSQL database and one Redis; a change committed
 * on either reaches the subscribers of both, once. And a Redis that is down breaks no mutation.
 */
const ROOT = join(__dirname, '..');
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const RECORD = `mutation($input: RecordMeetingInput!) { recordMeeting(input: $input) { id } }`;
const CONVENER = '5eed0000-0000-4000-8000-000000000003';
const CHANGES = `subscription { registryChanged(kinds: [MEETING]) { id entityId } }`;
type Change = { registryChanged: { id: string; entityId: string } };

/** The newest modification time under a folder. */
function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

/** The child processes run the built server: built again when the sources are newer. */
function buildIfStale(): void {
  const main = join(ROOT, 'dist', 'src', 'main.js');
  const built = existsSync(main) ? statSync(main).mtimeMs : 0;
  if (built >= Math.max(newest(join(ROOT, 'src')), newest(join(ROOT, 'migrations')))) return;
  execFileSync(
    process.execPath,
    [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'],
    {
      cwd: ROOT,
      stdio: 'inherit',
    },
  );
}

describe('live updates across two instances (Redis)', () => {
  let database: Awaited<ReturnType<typeof scratchDatabase>>;
  let one: Server;
  let two: Server;
  let token: string;
  const clients: LiveClient[] = [];

  beforeAll(async () => {
    buildIfStale();
    database = await scratchDatabase('tanzim_live_instances');
    const env = {
      DATABASE_URL: database.url,
      REDIS_URL,
      SEED: 'demo',
      JWT_SECRET: 'live-instances-secret-of-at-least-32-chars',
    };
    one = await startServer(env);
    two = await startServer(env);
    token = await login(one.url);
  }, 180_000);
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.dispose()));
    await one?.stop();
    await two?.stop();
    killAll();
    await database?.drop();
  });

  const record = async (url: string, title: string) => {
    const result = await gql<{ recordMeeting: { id: string } }>(url, token, RECORD, {
      input: { kind: 'BUREAU', status: 'HELD', titleFr: title, date: '2021-05-10', convenerUnitId: CONVENER },
    });
    if (!result.data) throw new Error(JSON.stringify(result.errors));
    return result.data.recordMeeting.id;
  };

  /**
   * Commits probe meetings on `url` until the subscription hears one (another process cannot be asked
   * whether it listens yet), then answers the events seen so far.
   */
  async function probeUntilHeard(url: string, seen: Change[]) {
    for (let i = 0; i < 100 && seen.length === 0; i++) {
      await record(url, `Probe ${i}`);
      await settle(100);
    }
    expect(seen.length).toBeGreaterThan(0);
  }

  it('delivers a change committed on one instance to the subscribers of both, exactly once', async () => {
    const onOne = liveClient(one.url, token);
    const onTwo = liveClient(two.url, token);
    clients.push(onOne, onTwo);
    const hearOne = subscribe<Change>(onOne, CHANGES);
    const hearTwo = subscribe<Change>(onTwo, CHANGES);
    await probeUntilHeard(one.url, hearTwo.events);
    await probeUntilHeard(two.url, hearOne.events);
    const fromOne = await record(one.url, 'Committed on one');
    const fromTwo = await record(two.url, 'Committed on two');
    for (const subscription of [hearOne, hearTwo]) {
      await subscription.waitFor(subscription.events.length, 5000);
      const ids = () => subscription.events.map((e) => e.registryChanged.entityId);
      const deadline = Date.now() + 5000;
      while (!(ids().includes(fromOne) && ids().includes(fromTwo)) && Date.now() < deadline) await settle(50);
      expect(ids().filter((id) => id === fromOne)).toHaveLength(1);
      expect(ids().filter((id) => id === fromTwo)).toHaveLength(1);
      // Each event once: no id twice.
      const eventIds = subscription.events.map((e) => e.registryChanged.id);
      expect(new Set(eventIds).size).toBe(eventIds.length);
    }
    await settle(300);
    for (const subscription of [hearOne, hearTwo]) {
      const ids = subscription.events.map((e) => e.registryChanged.entityId);
      expect(ids.filter((id) => id === fromOne || id === fromTwo)).toHaveLength(2);
    }
  });
});

describe('live updates when Redis is down', () => {
  it('keeps serving mutations; the changes feed still has them', async () => {
    const port = await freePort();
    const t = await startTestApp({ seed: 'none', env: { REDIS_URL: `redis://127.0.0.1:${port}` } });
    try {
      const created = await t.ok<{ createOrgUnit: { id: string } }>(
        `mutation { createOrgUnit(input: { level: NATIONAL, code: "LIVE-DOWN", nameAr: "أمانة", nameFr: "Secrétariat" }) { id } }`,
      );
      await feedSettled(t);
      const feed = await t.ok<{ changes: { changes: { entityId: string }[] } }>(
        `{ changes(first: 100) { changes { entityId } } }`,
      );
      expect(feed.changes.changes.map((c) => c.entityId)).toContain(created.createOrgUnit.id);
      // Still ready (reads and writes work), and it says that live updates do not cross instances now.
      const ready = await fetch(t.url.replace('/graphql', '/health/ready'));
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({ status: 'ok', liveUpdates: 'disconnected' });
    } finally {
      await t.close();
    }
  });
});

describe('readiness and live updates', () => {
  const readiness = async (t: TestApp) =>
    (await fetch(t.url.replace('/graphql', '/health/ready'))).json() as Promise<Record<string, unknown>>;

  it('says live updates cross instances through a Redis that is up, and stay in process without one', async () => {
    const withRedis = await startTestApp({ seed: 'none', env: { REDIS_URL } });
    try {
      let answer = await readiness(withRedis);
      // The Redis connections open in the background: give them a moment.
      for (let i = 0; i < 50 && answer.liveUpdates !== 'connected'; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        answer = await readiness(withRedis);
      }
      expect(answer).toMatchObject({ status: 'ok', liveUpdates: 'connected' });
    } finally {
      await withRedis.close();
    }
    const alone = await startTestApp({ seed: 'none' });
    try {
      expect(await readiness(alone)).toMatchObject({ status: 'ok', liveUpdates: 'in process' });
    } finally {
      await alone.close();
    }
  });
});
