import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { Client as GraphqlWsClient, createClient } from 'graphql-ws';
import { Client } from 'pg';
import WebSocket from 'ws';
import { PrivatePostgres, startPrivatePostgres } from '../../support/private-postgres';
import { freePort, gql, login } from '../../support/server';

/**
 * Live fan-out: subscribers spread over two Tanzim instances that share one PostgreSQL and one Redis,
 * a writer committing meetings at a steady rate through both. Checks that every subscriber receives
 * each change in its scope exactly once and nothing outside it, and measures the delivery latency and
 * the servers' memory per subscriber. Writes its section of the bench report.
 *
 * Run: npm run bench:live   (BENCH_LIVE_SUBSCRIBERS 1000, BENCH_LIVE_RATE 50 per second,
 * BENCH_LIVE_SECONDS 60, BENCH_LIVE_REDIS redis://127.0.0.1:6379, BENCH_LIVE_REPORT: the file the
 * section goes to, default bench/results/<date>.md).
 */
const ROOT = join(__dirname, '..', '..', '..');
const number = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const SUBSCRIBERS = number('BENCH_LIVE_SUBSCRIBERS', 1000);
const RATE = number('BENCH_LIVE_RATE', 50);
const SECONDS = number('BENCH_LIVE_SECONDS', 60);
const REDIS = process.env.BENCH_LIVE_REDIS ?? 'redis://127.0.0.1:6379';
const REPORT =
  process.env.BENCH_LIVE_REPORT ??
  join(ROOT, 'bench', 'results', `${new Date().toISOString().slice(0, 10)}.md`);
const SECTION = '## Live fan-out';

const RECORD = `mutation($input: RecordMeetingInput!) { recordMeeting(input: $input) { id } }`;
const CHANGES = `subscription { registryChanged(kinds: [MEETING]) { id entityId unitId } }`;

interface Instance {
  url: string;
  child: ChildProcess;
}

async function startInstance(databaseUrl: string): Promise<Instance> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--max-semi-space-size=128', join(ROOT, 'dist', 'src', 'main.js')], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'error',
      DATABASE_URL: databaseUrl,
      REDIS_URL: REDIS,
      SEED: 'demo',
      JWT_SECRET: 'live-fan-out-bench-secret-of-32-characters',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error('A Tanzim instance exited while starting.');
    if (
      await fetch(`${base}/health/ready`).then(
        (r) => r.ok,
        () => false,
      )
    ) {
      break;
    }
    if (i > 600) throw new Error('A Tanzim instance did not become ready.');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { url: `${base}/graphql`, child };
}

/** Resident memory of a process, in bytes (Linux). */
function rss(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/);
  return line ? Number(line[1]) * 1024 : NaN;
}

const percentile = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN;

interface Subscriber {
  group: string;
  client: GraphqlWsClient;
  received: Map<string, number>;
  latencies: { fromSend: number[]; fromAck: number[] };
}

async function main(): Promise<void> {
  const postgres: PrivatePostgres = await startPrivatePostgres();
  const instances: Instance[] = [];
  const subscribers: Subscriber[] = [];
  try {
    const admin = new Client({ connectionString: postgres.url });
    await admin.connect();
    const name = `live_fanout_${Date.now()}`;
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const databaseUrl = postgres.url.replace(/\/postgres$/, `/${name}`);
    instances.push(await startInstance(databaseUrl));
    instances.push(await startInstance(databaseUrl));
    const token = await login(instances[0].url);

    // Units of the demo: a local unit, another local of the same province, the province, the region.
    const db = new Client({ connectionString: databaseUrl });
    await db.connect();
    const { rows: units } = await db.query<{ id: string; level: string; path: string }>(
      `SELECT id, level, path::text FROM org_unit ORDER BY level, code`,
    );
    await db.end();
    const province = units.find((u) => u.level === 'PROVINCIAL')!;
    const locals = units.filter((u) => u.level === 'LOCAL' && u.path.startsWith(`${province.path}.`));
    const region = units.find((u) => u.level === 'REGIONAL')!;
    const conveners = [locals[0], locals[1], province, region];
    const until = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
    const apiToken = async (unitId: string) =>
      (
        await gql<{ createApiToken: { token: string } }>(
          instances[0].url,
          token,
          `mutation($u: ID!, $until: Date!) { createApiToken(input: { name: "Fan-out", unitId: $u, readOnly: true, expiresOn: $until }) { token } }`,
          { u: unitId, until },
        )
      ).data!.createApiToken.token;
    // Three scopes: the whole registry, the province, one local unit.
    const groups = [
      { name: 'national', token, sees: (path: string) => path.length > 0 },
      {
        name: 'province',
        token: await apiToken(province.id),
        sees: (path: string) => path.startsWith(province.path),
      },
      { name: 'local', token: await apiToken(locals[0].id), sees: (path: string) => path === locals[0].path },
    ];

    const memoryBefore = instances.map((instance) => rss(instance.child.pid!));
    const sent = new Map<string, { sentAt: number; ackAt: number; path: string }>();
    const early = new Map<string, { subscriber: Subscriber; at: number }[]>();
    for (let i = 0; i < SUBSCRIBERS; i++) {
      const group = groups[i % groups.length];
      const instance = instances[i % instances.length];
      const subscriber: Subscriber = {
        group: group.name,
        received: new Map(),
        latencies: { fromSend: [], fromAck: [] },
        client: createClient({
          url: instance.url.replace(/^http/, 'ws'),
          webSocketImpl: WebSocket,
          lazy: false,
          retryAttempts: 0,
          connectionParams: { authorization: `Bearer ${group.token}` },
        }),
      };
      subscriber.client.subscribe<{ registryChanged: { entityId: string } }>(
        { query: CHANGES },
        {
          next: ({ data }) => {
            const id = data!.registryChanged.entityId;
            const at = performance.now();
            subscriber.received.set(id, (subscriber.received.get(id) ?? 0) + 1);
            const meeting = sent.get(id);
            if (meeting?.ackAt) {
              subscriber.latencies.fromSend.push(at - meeting.sentAt);
              subscriber.latencies.fromAck.push(at - meeting.ackAt);
            } else {
              // Delivered before the writer had its answer: measured once it has.
              early.set(id, [...(early.get(id) ?? []), { subscriber, at }]);
            }
          },
          error: (error) => console.error(`A subscription ended: ${JSON.stringify(error)}`),
          complete: () => undefined,
        },
      );
      subscribers.push(subscriber);
    }

    // Every subscriber listens once a meeting of the local unit (in every scope) reaches all of them.
    const record = async (instance: Instance, unit: { id: string }, title: string) => {
      const result = await gql<{ recordMeeting: { id: string } }>(instance.url, token, RECORD, {
        input: {
          kind: 'BUREAU',
          status: 'HELD',
          titleFr: title,
          date: '2021-05-10',
          convenerUnitId: unit.id,
        },
      });
      if (!result.data) throw new Error(JSON.stringify(result.errors));
      return result.data.recordMeeting.id;
    };
    const probes: string[] = [];
    for (let i = 0; subscribers.some((s) => s.received.size === 0); i++) {
      if (i > 120) throw new Error('Not every subscriber heard the probes within a minute.');
      probes.push(await record(instances[i % 2], locals[0], `Probe ${i}`));
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const memoryAfter = instances.map((instance) => rss(instance.child.pid!));
    for (const subscriber of subscribers) {
      subscriber.received.clear();
      subscriber.latencies = { fromSend: [], fromAck: [] };
    }

    // The writer: RATE meetings a second for SECONDS, through both instances in turn.
    console.log(`${SUBSCRIBERS} subscribers listening; writing ${RATE} meetings/s for ${SECONDS} s …`);
    const total = RATE * SECONDS;
    const started = performance.now();
    const writes: Promise<void>[] = [];
    let failed = 0;
    for (let n = 0; n < total; n++) {
      const due = started + (n * 1000) / RATE;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const unit = conveners[n % conveners.length];
      const sentAt = performance.now();
      writes.push(
        record(instances[n % 2], unit, `Fan-out ${n}`).then(
          (id) => {
            const ackAt = performance.now();
            sent.set(id, { sentAt, ackAt, path: unit.path });
            for (const { subscriber, at } of early.get(id) ?? []) {
              subscriber.latencies.fromSend.push(at - sentAt);
              subscriber.latencies.fromAck.push(at - ackAt);
            }
            early.delete(id);
          },
          () => void failed++,
        ),
      );
    }
    await Promise.all(writes);
    const writeSeconds = (performance.now() - started) / 1000;
    await new Promise((resolve) => setTimeout(resolve, 3000));

    // Exactly once in scope, never outside.
    let expected = 0;
    let delivered = 0;
    let missing = 0;
    let duplicated = 0;
    let outOfScope = 0;
    for (const subscriber of subscribers) {
      const group = groups.find((g) => g.name === subscriber.group)!;
      for (const [id, meeting] of sent) {
        const count = subscriber.received.get(id) ?? 0;
        if (group.sees(meeting.path)) {
          expected++;
          delivered += Math.min(count, 1);
          if (count === 0) missing++;
          if (count > 1) duplicated++;
        } else if (count > 0) outOfScope++;
      }
    }
    const fromSend = subscribers.flatMap((s) => s.latencies.fromSend).sort((a, b) => a - b);
    const fromAck = subscribers.flatMap((s) => s.latencies.fromAck).sort((a, b) => a - b);
    const perSubscriber =
      memoryAfter.reduce((sum, after, i) => sum + after - memoryBefore[i], 0) / SUBSCRIBERS;
    const ms = (value: number) => `${value.toFixed(1)} ms`;
    const section = [
      SECTION,
      '',
      `${SUBSCRIBERS} WebSocket subscribers (graphql-ws) spread over 2 instances sharing one PostgreSQL and one Redis, in three scopes`,
      `(whole registry, a province, a local unit); ${total} meetings committed at ${RATE}/s through both instances in turn`,
      `(${writeSeconds.toFixed(1)} s, ${failed} failed), convened by two local units, their province and their region.`,
      `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown'}, load ${loadavg()
        .map((n) => n.toFixed(1))
        .join(' / ')}.`,
      '',
      '| measure | value |',
      '| --- | --- |',
      `| deliveries expected (in scope) | ${expected} |`,
      `| delivered exactly once | ${delivered - duplicated} |`,
      `| missing | ${missing} |`,
      `| delivered more than once | ${duplicated} |`,
      `| delivered out of scope | ${outOfScope} |`,
      `| latency from the writer sending the mutation, p50 / p99 | ${ms(percentile(fromSend, 50))} / ${ms(percentile(fromSend, 99))} |`,
      `| latency from the writer holding the commit's answer, p50 / p99 | ${ms(percentile(fromAck, 50))} / ${ms(percentile(fromAck, 99))} |`,
      `| servers' resident memory per subscriber (RSS difference ÷ subscribers) | ${(perSubscriber / 1024).toFixed(1)} KiB |`,
      '',
      'The commit lies between the two latencies: the first counts the whole mutation, the second starts after',
      'the commit was answered (a change is published before its mutation answers, so it can be negative).',
      '',
    ].join('\n');
    console.log(`\n${section}`);
    mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
    const previous = existsSync(REPORT) ? readFileSync(REPORT, 'utf8') : '';
    const kept = previous.includes(SECTION) ? previous.slice(0, previous.indexOf(SECTION)) : previous;
    writeFileSync(REPORT, `${kept}${kept && !kept.endsWith('\n\n') ? '\n' : ''}${section}`);
    console.log(`Written to ${REPORT}`);
    if (missing || duplicated || outOfScope || failed) process.exitCode = 1;
  } finally {
    for (const subscriber of subscribers) void subscriber.client.dispose();
    for (const instance of instances) instance.child.kill('SIGTERM');
    await postgres.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
