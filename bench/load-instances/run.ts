/**
 * Load across instances: Tanzim instances (the built server) on one PostgreSQL database and one Redis,
 * behind a round-robin client, 100 connections of 80 % reads and 20 % writes (recordMeeting with an
 * idempotency key) while 20 graphql-ws subscribers spread over the instances count their
 * `registryChanged` deliveries.
 *
 *   npm run bench:load:instances
 *
 * Three phases on one database made for the run on the PostgreSQL at BENCH_DATABASE_URL (default the
 * local server; dropped afterwards):
 * 1. scaling, 1 instance, SCALING_SECONDS (default 60);
 * 2. scaling, 2 instances, the same mix and time;
 * 3. the run: 2 instances for LOAD_SECONDS (default 300); at 40 % one of them is killed (SIGKILL), at
 *    70 % it is started again on its port.
 * During each phase the CPU of the Node servers and of the PostgreSQL processes (the backends of the
 * bench database apart from the rest) is sampled from /proc, to say where the time goes.
 *
 * The client sends each request to the next live instance; on a connection error or a 5xx it sends
 * the same request, with the same idempotency key, to another one. Afterwards every acknowledged
 * write must be in the database exactly once (meetings are counted per key, the key being the title),
 * whole (its participant and agenda item), nothing answered 5xx, and every subscriber that kept its
 * connection heard every acknowledged write, except those resent after a kill, counted apart: the
 * killed instance may have committed one and died before publishing it. REDIS_URL (default
 * redis://127.0.0.1:6379) carries live updates between the instances. BENCH_REPORT: where the report
 * goes (default bench/results/load-instances-<date>.md).
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { Client as GraphqlWsClient, createClient } from 'graphql-ws';
import { Client } from 'pg';
import { format } from 'prettier';
import WebSocket from 'ws';
import { CLOCK_TICKS, cpuSeconds } from '../../support/process-cpu';
import { login, Server, startServer } from '../../support/server';

const ROOT = join(__dirname, '..', '..', '..');
const number = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const LOAD_SECONDS = number('LOAD_SECONDS', 300);
const SCALING_SECONDS = number('SCALING_SECONDS', 60);
const CONNECTIONS = number('LOAD_CONNECTIONS', 100);
const SUBSCRIBERS = number('LOAD_SUBSCRIBERS', 20);
const READ_SHARE = 8; // of 10
const KILL_AT = 0.4;
const RESTART_AT = 0.7;
const REDIS = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const SERVER_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DATE = new Date().toISOString().slice(0, 10);
const REPORT = process.env.BENCH_REPORT ?? join(ROOT, 'bench', 'results', `load-instances-${DATE}.md`);
const ATTEMPTS = 5;

const PROVINCE = '5eed0000-0000-4000-8000-000000000003';
const CONVENER = '5eed0000-0000-4000-8000-000000000202';
/** Every meeting the load records is on this day, and no seeded meeting is. */
const LOAD_DAY = '2021-06-01';
const RECORD = `mutation($input: RecordMeetingInput!) { recordMeeting(input: $input) { id } }`;
const CHANGES = `subscription { registryChanged(kinds: [MEETING]) { entityId } }`;
const READS: [string, (i: number) => unknown][] = [
  [
    `{ orgUnit(code: "PAM-MA-TNG", asOf: "2020-11-02") { officials { person { fullNameLatin } } children { code officials { person { fullNameAr } } vacancies { vacantSeats } } } }`,
    () => undefined,
  ],
  [
    `{ meetings(first: 20) { totalCount edges { node { title participants { person { fullNameLatin } representedUnit { code } } } } } }`,
    () => undefined,
  ],
  [
    `query($s: String) { people(filter: { search: $s }, first: 10) { totalCount edges { node { fullNameLatin } } } }`,
    (i) => ({ s: ['limouri', 'بوشعيب', 'load'][i % 3] }),
  ],
];

/** One Tanzim process the client may send to; `live` is what the client believes. */
interface Instance {
  name: string;
  port: number;
  server: Server;
  live: boolean;
  /** Every process that served under this name (a restart is a new one), for the CPU sampling. */
  pids: number[];
}

/** Busy and total CPU seconds of the whole machine. */
function machineCpu(): { busy: number; total: number } {
  const [, ...values] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
  const ticks = values.map(Number);
  const idle = ticks[3] + ticks[4];
  const total = ticks.reduce((sum, t) => sum + t, 0);
  return { busy: (total - idle) / CLOCK_TICKS, total: total / CLOCK_TICKS };
}

/** PostgreSQL processes now, by whether they serve the bench database. */
function postgresProcesses(database: string): Map<number, 'bench' | 'other'> {
  const found = new Map<number, 'bench' | 'other'>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() !== 'postgres') continue;
      const title = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ');
      found.set(Number(entry), title.includes(` ${database} `) ? 'bench' : 'other');
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

type CpuKind = 'node' | 'bench' | 'other';

/** Samples CPU every second; `stop()` gives the cores each kind used on average. */
function cpuSampler(database: string, instances: () => Instance[]) {
  const seen = new Map<number, { kind: CpuKind; first: number; last: number }>();
  const started = performance.now();
  const machineStart = machineCpu();
  const loadStart = process.cpuUsage();
  const sample = () => {
    const pids = new Map<number, CpuKind>(postgresProcesses(database));
    for (const instance of instances()) for (const pid of instance.pids) pids.set(pid, 'node');
    for (const [pid, kind] of pids) {
      const now = cpuSeconds(pid);
      if (now === undefined) continue;
      const known = seen.get(pid);
      if (known) known.last = now;
      // A process born during the phase counts from zero, one seen first at the start from its figure then.
      else seen.set(pid, { kind, first: performance.now() - started < 1500 ? now : 0, last: now });
    }
  };
  sample();
  const timer = setInterval(sample, 1000);
  return () => {
    sample();
    clearInterval(timer);
    const seconds = (performance.now() - started) / 1000;
    const cores = { node: 0, bench: 0, other: 0 };
    for (const { kind, first, last } of seen.values()) cores[kind] += (last - first) / seconds;
    const machineEnd = machineCpu();
    const load = process.cpuUsage(loadStart);
    return {
      ...cores,
      generator: (load.user + load.system) / 1e6 / seconds,
      machine:
        ((machineEnd.busy - machineStart.busy) / (machineEnd.total - machineStart.total)) * cpus().length,
    };
  };
}

const percentile = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface PhaseResult {
  label: string;
  instances: number;
  seconds: number;
  requests: number;
  reads: number;
  writes: number;
  status5xx: number;
  unexpected: number;
  coded: number;
  connectionErrors: number;
  retried: number;
  failed: number;
  p50: number;
  p99: number;
  acknowledged: number;
  missing: number;
  duplicated: number;
  torn: number;
  wrongId: number;
  unacknowledgedStored: number;
  deliveries: number;
  subscribersSteady: number;
  steadyMissing: number;
  steadyMissingResent: number;
  deliveredTwice: number;
  reconnects: number;
  cpu: ReturnType<ReturnType<typeof cpuSampler>>;
  load: number[];
  events: string[];
}

async function main(): Promise<void> {
  const admin = new Client({ connectionString: SERVER_URL });
  await admin.connect();
  const database = `load_instances_${Date.now()}`;
  await admin.query(`CREATE DATABASE ${database}`);
  const url = new URL(SERVER_URL);
  url.pathname = `/${database}`;
  const databaseUrl = url.toString();
  const env = {
    DATABASE_URL: databaseUrl,
    REDIS_URL: REDIS,
    SEED: 'demo',
    JWT_SECRET: 'load-instances-bench-secret-of-32-characters',
    // As `npm start` runs it.
    NODE_OPTIONS: '--max-semi-space-size=128',
  };
  const db = new Client({ connectionString: databaseUrl });
  const all: Instance[] = [];
  const start = async (name: string, port?: number): Promise<Instance> => {
    const server = await startServer(env, port);
    return { name, port: Number(new URL(server.url).port), server, live: true, pids: [server.process.pid!] };
  };
  const results: PhaseResult[] = [];
  try {
    all.push(await start('A')); // migrates and seeds the new database
    await db.connect();
    const token = await login(all[0].server.url);
    results.push(await phase('1 instance', SCALING_SECONDS, [all[0]], token, database, db));
    all.push(await start('B'));
    results.push(await phase('2 instances', SCALING_SECONDS, all, token, database, db));
    results.push(
      await phase(
        '2 instances, one killed at 40 % and restarted at 70 %',
        LOAD_SECONDS,
        all,
        token,
        database,
        db,
        {
          kill: async (note) => {
            note(`${all[1].name} killed (SIGKILL)`);
            await all[1].server.kill9();
          },
          restart: async (note) => {
            const again = await start(all[1].name, all[1].port);
            all[1].server = again.server;
            all[1].pids.push(...again.pids);
            note(`${all[1].name} ready again`);
          },
        },
      ),
    );
    await writeReport(results, await serverVersion(db));
  } finally {
    await db.end().catch(() => undefined);
    for (const instance of all) await instance.server.stop().catch(() => undefined);
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.end();
  }
  const bad = results.filter(
    (r) =>
      r.status5xx ||
      r.unexpected ||
      r.failed ||
      r.missing ||
      r.duplicated ||
      r.torn ||
      r.wrongId ||
      r.steadyMissing ||
      r.deliveredTwice,
  );
  if (bad.length) {
    console.error(`Failed: ${bad.map((r) => r.label).join('; ')}`);
    process.exitCode = 1;
  }
}

async function serverVersion(db: Client): Promise<string> {
  return (await db.query(`SHOW server_version`)).rows[0].server_version as string;
}

async function phase(
  label: string,
  seconds: number,
  instances: Instance[],
  token: string,
  database: string,
  db: Client,
  faults?: {
    kill: (note: (text: string) => void) => Promise<void>;
    restart: (note: (text: string) => void) => Promise<void>;
  },
): Promise<PhaseResult> {
  console.log(`${label}: ${seconds} s …`);
  const prefix = `L${Date.now().toString(36)}`;
  const events: string[] = [];
  const began = performance.now();
  const note = (text: string) => events.push(`${((performance.now() - began) / 1000).toFixed(1)} s: ${text}`);
  for (const instance of instances) instance.live = true;
  const counts = {
    requests: 0,
    reads: 0,
    writes: 0,
    status5xx: 0,
    unexpected: 0,
    coded: 0,
    connectionErrors: 0,
    retried: 0,
    failed: 0,
  };
  const latencies: number[] = [];
  const acknowledged = new Map<string, string>(); // title (= idempotency key) → meeting id
  const resent = new Set<string>(); // meeting ids acknowledged only on a second attempt
  let next = 0;
  const pick = (avoid?: Instance): Instance | undefined => {
    const live = instances.filter((i) => i.live);
    const choices = live.length > 1 && avoid ? live.filter((i) => i !== avoid) : live;
    return choices.length ? choices[next++ % choices.length] : undefined;
  };

  // The client: the next live instance; on a connection error or a 5xx, the same request elsewhere.
  const call = async (query: string, variables?: unknown) => {
    counts.requests++;
    const sent = performance.now();
    let last: Instance | undefined;
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const instance = pick(last);
      if (!instance) {
        await sleep(100);
        continue;
      }
      if (attempt > 0) counts.retried++;
      last = instance;
      let response: Response;
      try {
        response = await fetch(instance.server.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ query, variables }),
          signal: AbortSignal.timeout(30_000),
        });
      } catch {
        counts.connectionErrors++;
        if (instance.live) {
          instance.live = false;
          note(`the client saw ${instance.name} fail and stopped sending to it`);
        }
        continue;
      }
      if (response.status >= 500) {
        counts.status5xx++;
        await response.body?.cancel();
        continue;
      }
      const body = (await response.json()) as {
        data?: Record<string, { id: string } | undefined>;
        errors?: { extensions?: { code?: string } }[];
      };
      for (const error of body.errors ?? []) {
        if (error.extensions?.code === 'INTERNAL_SERVER_ERROR' || !error.extensions?.code) {
          if (counts.unexpected++ < 5) console.error(JSON.stringify(error));
        } else counts.coded++;
      }
      latencies.push(performance.now() - sent);
      return { ...body, resent: attempt > 0 };
    }
    counts.failed++;
    return undefined;
  };

  // An instance the client gave up on is tried again once it says it is ready.
  const prober = setInterval(() => {
    for (const instance of instances.filter((i) => !i.live)) {
      void fetch(instance.server.url.replace('/graphql', '/health/ready'), {
        signal: AbortSignal.timeout(1000),
      })
        .then((r) => {
          if (r.ok && !instance.live) {
            instance.live = true;
            note(`the client sends to ${instance.name} again`);
          }
        })
        .catch(() => undefined);
    }
  }, 500);

  // Subscribers, spread over the instances; one whose instance goes away reconnects to another.
  interface Subscriber {
    client: GraphqlWsClient;
    home: Instance;
    received: Map<string, number>;
    connects: number;
    closed: boolean;
  }
  const subscribers: Subscriber[] = [];
  for (let s = 0; s < SUBSCRIBERS; s++) {
    const home = instances[s % instances.length];
    const subscriber: Subscriber = {
      home,
      received: new Map(),
      connects: 0,
      closed: false,
      client: createClient({
        url: () => {
          const target = home.live ? home : (pick() ?? home);
          return target.server.url.replace(/^http/, 'ws');
        },
        webSocketImpl: WebSocket,
        lazy: false,
        retryAttempts: Infinity,
        shouldRetry: () => true,
        retryWait: async () => void (await sleep(200)),
        connectionParams: { authorization: `Bearer ${token}` },
        on: {
          connected: () => void subscriber.connects++,
          closed: () => void (subscriber.closed = true),
        },
      }),
    };
    subscriber.client.subscribe<{ registryChanged: { entityId: string } }>(
      { query: CHANGES },
      {
        next: ({ data }) => {
          const id = data!.registryChanged.entityId;
          subscriber.received.set(id, (subscriber.received.get(id) ?? 0) + 1);
        },
        error: (error) => console.error(`A subscription ended: ${JSON.stringify(error)}`),
        complete: () => undefined,
      },
    );
    subscribers.push(subscriber);
  }
  // Probes until every subscriber hears the changes (its subscription is registered everywhere).
  for (let i = 0; subscribers.some((s) => s.received.size === 0); i++) {
    if (i > 120) throw new Error('Not every subscriber heard the probes within a minute.');
    await call(RECORD, {
      input: { kind: 'BUREAU', titleFr: `${prefix}-probe-${i}`, date: LOAD_DAY, convenerUnitId: PROVINCE },
    });
    await sleep(500);
  }
  for (const subscriber of subscribers) {
    subscriber.received.clear();
    subscriber.closed = false;
  }

  const load = [loadavg()[0]];
  const stopCpu = cpuSampler(database, () => instances);
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const timers: Promise<void>[] = [];
  if (faults) {
    timers.push(
      sleep(seconds * 1000 * KILL_AT).then(() => faults.kill(note)),
      sleep(seconds * 1000 * RESTART_AT).then(() => faults.restart(note)),
    );
  }
  const worker = async (w: number) => {
    for (let i = 0; performance.now() < deadline; i++) {
      if ((w * 7 + i) % 10 < READ_SHARE) {
        counts.reads++;
        const [query, variables] = READS[i % READS.length];
        await call(query, variables(i));
      } else {
        counts.writes++;
        const key = `${prefix}-${w}-${i}`;
        const result = await call(RECORD, {
          input: {
            kind: 'BUREAU',
            titleFr: key,
            date: LOAD_DAY,
            convenerUnitId: PROVINCE,
            participants: [{ personId: CONVENER, role: 'CONVENER' }],
            agenda: [{ titleFr: 'Point' }],
            idempotencyKey: key,
          },
        });
        const id = result?.data?.recordMeeting?.id;
        if (id) acknowledged.set(key, id);
        if (id && result.resent) resent.add(id);
      }
    }
  };
  await Promise.all(Array.from({ length: CONNECTIONS }, (_, w) => worker(w)));
  const elapsed = (performance.now() - started) / 1000;
  const cpu = stopCpu();
  load.push(loadavg()[0]);
  await Promise.all(timers);
  await sleep(3000); // the last changes reach the subscribers
  clearInterval(prober);
  // Which subscribers stayed on their first connection, before closing them all.
  const steady = subscribers.filter((s) => s.connects === 1 && !s.closed);
  for (const subscriber of subscribers) await subscriber.client.dispose();

  // Every acknowledged write once, whole, under the id it was acknowledged with.
  const { rows } = await db.query<{ title: string; ids: string[]; participants: number; agenda: number }>(
    `SELECT m.title_fr AS title, array_agg(m.id::text) AS ids,
            min((SELECT count(*) FROM participation p WHERE p.meeting_id = m.id))::int AS participants,
            min((SELECT count(*) FROM agenda_item a WHERE a.meeting_id = m.id))::int AS agenda
       FROM meeting m WHERE m.held_on = $1 AND m.title_fr LIKE $2 AND m.title_fr NOT LIKE $3
      GROUP BY m.title_fr`,
    [LOAD_DAY, `${prefix}-%`, `${prefix}-probe-%`],
  );
  const stored = new Map(rows.map((r) => [r.title, r]));
  let missing = 0;
  let wrongId = 0;
  let torn = 0;
  for (const [key, id] of acknowledged) {
    const row = stored.get(key);
    if (!row) missing++;
    else {
      if (!row.ids.includes(id)) wrongId++;
      if (row.participants !== 1 || row.agenda !== 1) torn++;
    }
  }
  const duplicated = rows.filter((r) => r.ids.length > 1).length;
  const unacknowledgedStored = rows.filter((r) => !acknowledged.has(r.title)).length;

  // Subscribers that stayed on one connection all along must have heard every acknowledged write once.
  const ids = [...acknowledged.values()];
  // A write resent after its instance died may have been committed there, its change published by
  // nobody (the process died between its commit and its publication): counted apart.
  let steadyMissing = 0;
  let steadyMissingResent = 0;
  for (const subscriber of steady) {
    for (const id of ids) {
      if (subscriber.received.has(id)) continue;
      if (resent.has(id)) steadyMissingResent++;
      else steadyMissing++;
    }
  }
  const deliveredTwice = subscribers.reduce(
    (sum, s) => sum + [...s.received.values()].filter((n) => n > 1).length,
    0,
  );
  latencies.sort((a, b) => a - b);
  const result: PhaseResult = {
    label,
    instances: instances.length,
    seconds: elapsed,
    ...counts,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    acknowledged: acknowledged.size,
    missing,
    duplicated,
    torn,
    wrongId,
    unacknowledgedStored,
    deliveries: subscribers.reduce((sum, s) => sum + [...s.received.values()].reduce((a, b) => a + b, 0), 0),
    subscribersSteady: steady.length,
    steadyMissing,
    steadyMissingResent,
    deliveredTwice,
    reconnects: subscribers.reduce((sum, s) => sum + Math.max(0, s.connects - 1), 0),
    cpu,
    load,
    events,
  };
  console.log(JSON.stringify(result, null, 1));
  return result;
}

async function writeReport(results: PhaseResult[], version: string): Promise<void> {
  const f0 = (n: number) => n.toFixed(0);
  const f1 = (n: number) => n.toFixed(1);
  const f2 = (n: number) => n.toFixed(2);
  const column = (title: string, value: (r: PhaseResult) => string) =>
    `| ${title} | ${results.map(value).join(' | ')} |`;
  const [one, two] = results;
  const lines = [
    `# Load across instances, ${DATE}`,
    '',
    `\`npm run bench:load:instances\` (LOAD_SECONDS=${LOAD_SECONDS}, SCALING_SECONDS=${SCALING_SECONDS}): built Tanzim`,
    `instances on one database of PostgreSQL ${version} on this machine, live updates through Redis, behind a`,
    `round-robin client (the next live instance; on a connection error or a 5xx the same request, with the same`,
    `idempotency key, on another). ${CONNECTIONS} connections, ${READ_SHARE * 10} % reads (a subtree with its officials as of a date,`,
    `the latest meetings with participants, a people search) and ${100 - READ_SHARE * 10} % writes (recordMeeting with an`,
    `idempotency key, one participant and one agenda item), and ${SUBSCRIBERS} graphql-ws subscribers to \`registryChanged\``,
    `spread over the instances. Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown'}, shared with other work and`,
    `with the load generator; load average at each phase's start and end below.`,
    '',
    `| measure | ${results.map((r) => r.label).join(' | ')} |`,
    `| --- | ${results.map(() => '---').join(' | ')} |`,
    column('duration', (r) => `${f0(r.seconds)} s`),
    column('requests (reads / writes)', (r) => `${r.requests} (${r.reads} / ${r.writes})`),
    column('throughput', (r) => `${f0(r.requests / r.seconds)} req/s`),
    column('latency p50 / p99 (retries included)', (r) => `${f0(r.p50)} / ${f0(r.p99)} ms`),
    column('5xx responses', (r) => String(r.status5xx)),
    column('unexpected errors (INTERNAL or uncoded)', (r) => String(r.unexpected)),
    column('coded refusals', (r) => String(r.coded)),
    column('connection errors (retried on the other instance)', (r) => String(r.connectionErrors)),
    column('requests resent', (r) => String(r.retried)),
    column(`requests failed after ${ATTEMPTS} attempts`, (r) => String(r.failed)),
    column('acknowledged writes', (r) => String(r.acknowledged)),
    column('acknowledged writes missing afterwards', (r) => String(r.missing)),
    column('idempotency keys stored more than once', (r) => String(r.duplicated)),
    column('acknowledged under another id than stored', (r) => String(r.wrongId)),
    column('meetings torn (participant or agenda missing)', (r) => String(r.torn)),
    column('stored but never acknowledged', (r) => String(r.unacknowledgedStored)),
    column('subscription deliveries', (r) => `${r.deliveries} (${f0(r.deliveries / r.seconds)}/s)`),
    column(
      'subscribers on one connection throughout / writes they missed',
      (r) => `${r.subscribersSteady} / ${r.steadyMissing}`,
    ),
    column(
      'deliveries missed of writes resent after a kill (the killed instance committed, then died before publishing)',
      (r) => String(r.steadyMissingResent),
    ),
    column('a change delivered twice to one subscriber', (r) => String(r.deliveredTwice)),
    column('subscriber reconnections', (r) => String(r.reconnects)),
    column('CPU: Node servers', (r) => `${f2(r.cpu.node)} cores`),
    column('CPU: PostgreSQL backends of the bench database', (r) => `${f2(r.cpu.bench)} cores`),
    column(
      'CPU: other PostgreSQL processes (other databases, background)',
      (r) => `${f2(r.cpu.other)} cores`,
    ),
    column(
      'CPU per request: Node servers / PostgreSQL backends',
      (r) =>
        `${f1((r.cpu.node * r.seconds * 1000) / r.requests)} / ${f1((r.cpu.bench * r.seconds * 1000) / r.requests)} ms`,
    ),
    column('CPU: the load generator', (r) => `${f2(r.cpu.generator)} cores`),
    column('CPU: whole machine', (r) => `${f2(r.cpu.machine)} of ${cpus().length} cores`),
    column('load average (1 min) at start → end', (r) => `${f1(r.load[0])} → ${f1(r.load[1])}`),
    '',
    `Scaling 1 → 2 instances: ${f0(one.requests / one.seconds)} → ${f0(two.requests / two.seconds)} req/s`,
    `(× ${f2(two.requests / two.seconds / (one.requests / one.seconds))}). Of the ${f2(one.cpu.machine)} / ${f2(two.cpu.machine)} cores the`,
    `machine was busy, the Node servers and the bench database's backends used ${f2(one.cpu.node + one.cpu.bench)} /`,
    `${f2(two.cpu.node + two.cpu.bench)} and the load generator ${f2(one.cpu.generator)} / ${f2(two.cpu.generator)}; the rest was other`,
    `work on the machine.`,
    '',
    ...results
      .filter((r) => r.events.length)
      .flatMap((r) => [`Events of “${r.label}”:`, '', ...r.events.map((e) => `- ${e}`), '']),
  ];
  writeFileSync(REPORT, await format(lines.join('\n'), { parser: 'markdown' }));
  console.log(`Wrote ${REPORT}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
