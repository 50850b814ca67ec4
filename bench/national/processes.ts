import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePort } from '../../support/server';
import { Call, Implementation, QueryName, READ_QUERIES, ReadQuery, Targets } from './queries';
import { NODE24, POSTGRAPHILE_DIR, ROOT } from './settings';
import { BENCH_ADMIN } from './shape';

/**
 * The servers the benchmark compares, as child processes: starting them (with Tanzim's limits raised
 * only as far as the benchmark's documents need), asking them, and stopping them all at the end.
 */
export const logDir = mkdtempSync(join(tmpdir(), 'tanzim-bench-'));
export const children = new Set<ChildProcess>();
export const cleanups: (() => Promise<void>)[] = [];

export interface Running {
  base: string;
  /** The server's process id, for reading its CPU time. */
  pid: number;
  stop(): Promise<void>;
}

/** Starts a server as a child process and waits until `ready` answers. */
export async function startProcess(
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
    pid: child.pid!,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(killer);
    },
  };
}

export const ok = (url: string, init?: RequestInit) => fetch(url, init).then((r) => r.ok);
const graphqlReady = (base: string) =>
  ok(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{"query":"{ __typename }"}',
  });

// ── the implementations ────────────────────────────────────────────────────────────────────────────
export type Key = 'a' | 'b' | 'c' | 'c20' | 'cr' | 'pglite';
export interface Subject {
  key: Key;
  label: string;
  implementation: Implementation;
  server: Running;
  headers: Record<string, string>;
  /** Tanzim asked with a token scoped to the region (`Targets.regionCode`) rather than the nation. */
  scoped?: boolean;
}
export const LABELS: Record<Key, string> = {
  a: '(a) baseline: node:http + pg, Node 24',
  b: '(b) PostGraphile, Node 24',
  c: '(c) Tanzim, Node 24',
  c20: '(c) Tanzim, Node 20',
  cr: '(c) Tanzim, Node 24, region-scoped token',
  pglite: 'Tanzim on embedded PGlite, Node 20',
};

/** Extra settings Tanzim needs for the benchmark's documents, found by asking with the defaults. */
const tanzimLimits: Record<string, string> = {};
export const refusals: { query: QueryName; message: string; setting: string }[] = [];
const LIMIT_SETTINGS: [RegExp, string, string][] = [
  [/could cost/, 'GRAPHQL_MAX_COST', '10000000'],
  [/answer is larger than/, 'GRAPHQL_MAX_RESPONSE_BYTES', '1073741824'],
  [/levels deep/, 'GRAPHQL_MAX_DEPTH', '50'],
  [/tokens/, 'GRAPHQL_MAX_TOKENS', '100000'],
  [/aliases/, 'GRAPHQL_MAX_ALIASES', '1000'],
];

/** Node's settings for Tanzim, as `npm start` runs it (package.json). */
export const TANZIM_NODE_FLAGS = ['--max-semi-space-size=128'];
export const startTanzim = (name: string, node: string, env: Record<string, string>) =>
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
export async function send(
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
export const post = async (base: string, call: Call, headers: Record<string, string> = {}) =>
  (await send(base, call, headers)).answer;

/** The data of an answer, or a loud failure with its errors. */
export function dataOf(subject: Subject, query: string, answer: GraphqlAnswer): unknown {
  if (subject.implementation === 'baseline') return answer;
  if (answer.errors?.length || answer.data == null) {
    throw new Error(
      `${subject.label} failed ${query}: ${JSON.stringify(answer.errors ?? answer).slice(0, 2000)}`,
    );
  }
  return answer.data;
}

/** Signs in as the benchmark's administrator and creates a read-write API token for the national tree. */
export const nationalToken = (tanzim: Running, nationalId: string) =>
  apiToken(tanzim, nationalId, 'national benchmark');

/** The same for a unit's subtree: what a region's secretary's tool would be given. */
export async function apiToken(tanzim: Running, unitId: string, name: string): Promise<string> {
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
        variables: { input: { name, unitId, readOnly: false, expiresOn } },
      }),
    },
    { authorization: `Bearer ${accessToken}` },
  );
  const token = (created.data as { createApiToken?: { token: string } } | null)?.createApiToken?.token;
  if (!token) throw new Error(`Creating the API token failed: ${JSON.stringify(created)}`);
  return token;
}

/** Asks every read question with Tanzim's default limits; a refusal is reported and its setting raised. */
export async function findTanzimLimits(
  url: string,
  targets: Resolved,
  queries: ReadQuery[] = READ_QUERIES,
): Promise<void> {
  const probe = await startTanzim('tanzim-limits-probe', NODE24, { DATABASE_URL: url });
  try {
    const token = await nationalToken(probe, targets.nationalId);
    for (const query of queries) {
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

/**
 * PostGraphile's functions (`bench/postgraphile/setup.sql`): the questions as STABLE SQL functions,
 * as its documentation recommends, in the benchmark database before it reads the schema.
 */
async function setUpPostGraphile(url: string): Promise<void> {
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    await db.query(readFileSync(join(POSTGRAPHILE_DIR, 'setup.sql'), 'utf8'));
  } finally {
    await db.end();
  }
}

export async function startSubjects(url: string, targets: Resolved): Promise<Subject[]> {
  const database = { DATABASE_URL: url, DB_POOL_SIZE: '10' };
  await setUpPostGraphile(url);
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
  const regional = await apiToken(tanzim, targets.regionId, 'regional benchmark');
  return [
    { key: 'a', label: LABELS.a, implementation: 'baseline', server: baseline, headers: {} },
    { key: 'b', label: LABELS.b, implementation: 'postgraphile', server: postgraphile, headers: {} },
    { key: 'c', label: LABELS.c, implementation: 'tanzim', server: tanzim, headers: bearer },
    { key: 'c20', label: LABELS.c20, implementation: 'tanzim', server: tanzim20, headers: bearer },
    {
      key: 'cr',
      label: LABELS.cr,
      implementation: 'tanzim',
      server: tanzim,
      headers: { authorization: `Bearer ${regional}` },
      scoped: true,
    },
  ];
}

/** The questions' targets, and the national unit the API token is scoped to. */
export type Resolved = Targets & { nationalId: string };
