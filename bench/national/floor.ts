import autocannon from 'autocannon';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { format, resolveConfig } from 'prettier';
import { cpuSeconds, postgresCpuSeconds } from '../../support/process-cpu';
import {
  children,
  logDir,
  nationalToken,
  ok,
  Running,
  send,
  startProcess,
  startTanzim,
  TANZIM_NODE_FLAGS,
} from './processes';
import { Call, READ_QUERIES, Targets } from './queries';
import { NODE24, ROOT } from './settings';
import { NATIONAL_CODE, TARGETS } from './shape';

/**
 * Where a large answer's time goes: bench Q4 (a province's fifty latest meetings, 704 participants
 * with their people) asked of Tanzim, of the hand-written baseline, and of two floors (`floor-server.ts`:
 * the same answer executed and serialized by Fastify, Mercurius and graphql-jit from memory, and the
 * same with its rows read from PostgreSQL). Each
 * server's CPU time per request, and PostgreSQL's, read from `/proc` around interleaved rounds.
 * Run on the national generator's data: DATABASE_URL=… npm run bench:floor
 */
const { DATABASE_URL } = process.env;
if (!DATABASE_URL) throw new Error('Set DATABASE_URL to a database loaded by `npm run bench:data`.');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SECONDS = Number(process.env.BENCH_DURATION ?? 5);
const CONNECTIONS = [1, 10];

interface Subject {
  label: string;
  server: Running;
  call: Call;
  headers: Record<string, string>;
}
interface Round {
  rps: number;
  p50: number;
  p99: number;
  nodeMs: number;
  postgresMs: number;
}

async function round(subject: Subject, connections: number): Promise<Round> {
  const serverCpu = () => {
    const seconds = cpuSeconds(subject.server.pid);
    if (seconds === undefined) throw new Error(`${subject.label} has stopped.`);
    return seconds * 1000;
  };
  const node0 = serverCpu();
  const pg0 = postgresCpuSeconds() * 1000;
  const result = await autocannon({
    url: subject.server.base,
    connections,
    duration: SECONDS,
    requests: [
      {
        method: 'POST',
        path: subject.call.path,
        headers: { 'content-type': 'application/json', ...subject.headers },
        body: subject.call.body,
      },
    ],
  });
  const answered = result['2xx'];
  if (answered === 0 || result.non2xx || result.errors) {
    throw new Error(
      `${subject.label}: ${answered} answers, ${result.non2xx} not 2xx, ${result.errors} errors`,
    );
  }
  return {
    rps: answered / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    nodeMs: (serverCpu() - node0) / answered,
    postgresMs: (postgresCpuSeconds() * 1000 - pg0) / answered,
  };
}

const median = (values: number[]) => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)];
const fixed = (value: number, digits = 1) => value.toFixed(digits);

async function main(): Promise<void> {
  const db = new Client({ connectionString: DATABASE_URL });
  await db.connect();
  const { rows } = await db.query<{ id: string }>(`SELECT id FROM org_unit WHERE code = $1`, [NATIONAL_CODE]);
  await db.end();
  if (!rows[0]) throw new Error('The database has no national unit: load it with `npm run bench:data`.');

  const env = { DATABASE_URL: DATABASE_URL!, DB_POOL_SIZE: '10' };
  // Q4's document costs more rows than the production default allows (the national benchmark's report).
  const tanzim = await startTanzim('floor-tanzim', NODE24, { ...env, GRAPHQL_MAX_COST: '10000000' });
  const baseline = await startProcess(
    'floor-baseline',
    NODE24,
    join(ROOT, 'dist', 'bench', 'national', 'baseline-server.js'),
    env,
    (base) => ok(`${base}/health`),
  );
  const q4 = READ_QUERIES.find((query) => query.name === 'Q4')!;
  const targets = { provinceCode: TARGETS.province } as Targets;
  const bearer = { authorization: `Bearer ${await nationalToken(tanzim, rows[0].id)}` };
  const tanzimCall = q4.call('tanzim', targets);
  const { answer, bytes } = await send(tanzim.base, tanzimCall, bearer);
  if (answer.errors?.length || !answer.data) throw new Error(`Tanzim's Q4: ${JSON.stringify(answer.errors)}`);
  const answerFile = join(logDir, 'q4-answer.json');
  writeFileSync(answerFile, JSON.stringify(answer.data));
  const floor = await startProcess(
    'floor',
    NODE24,
    join(ROOT, 'dist', 'bench', 'national', 'floor-server.js'),
    { ANSWER_FILE: answerFile, DATABASE_URL: '' },
    (base) => ok(`${base}/health`),
    TANZIM_NODE_FLAGS,
  );
  const floorRows = await startProcess(
    'floor-rows',
    NODE24,
    join(ROOT, 'dist', 'bench', 'national', 'floor-server.js'),
    { ANSWER_FILE: answerFile, ...env },
    (base) => ok(`${base}/health`),
    TANZIM_NODE_FLAGS,
  );
  for (const [server, what] of [
    [floor, 'The floor does not give back the answer it was handed.'],
    [floorRows, 'The floor reading the rows does not answer as Tanzim does.'],
  ] as const) {
    const { answer: given } = await send(server.base, tanzimCall);
    if (JSON.stringify(given.data) !== JSON.stringify(answer.data)) throw new Error(what);
  }

  const subjects: Subject[] = [
    {
      label: '(a) baseline: node:http + pg, one SQL statement',
      server: baseline,
      call: q4.call('baseline', targets),
      headers: {},
    },
    { label: '(c) Tanzim', server: tanzim, call: tanzimCall, headers: bearer },
    {
      label: '(f) floor: Fastify + Mercurius (JIT), the answer in memory',
      server: floor,
      call: tanzimCall,
      headers: {},
    },
    {
      label: '(g) floor reading the rows: (f) with the answer read from PostgreSQL, two statements',
      server: floorRows,
      call: tanzimCall,
      headers: {},
    },
  ];
  const load = loadavg()[0];
  const lines: string[] = [];
  for (const connections of CONNECTIONS) {
    const rounds = new Map<Subject, Round[]>(subjects.map((s) => [s, []]));
    for (const subject of subjects) await round(subject, connections); // warm-up, discarded
    for (let r = 0; r < ROUNDS; r++) {
      for (const subject of subjects) rounds.get(subject)!.push(await round(subject, connections));
    }
    for (const [subject, list] of rounds) {
      const pick = (key: keyof Round) => median(list.map((x) => x[key]));
      const range = (key: keyof Round) =>
        `${fixed(Math.min(...list.map((x) => x[key])), 2)}–${fixed(Math.max(...list.map((x) => x[key])), 2)}`;
      lines.push(
        `| ${connections} | ${subject.label} | ${fixed(pick('rps'), 0)} | ${pick('p50')} | ${pick('p99')} | ${range('nodeMs')} | ${range('postgresMs')} |`,
      );
    }
  }
  const report = [
    `# Where a large answer's time goes: bench Q4 (${new Date().toISOString().slice(0, 10)})`,
    '',
    `A province's fifty latest meetings with their participants and their people (${fixed(bytes / 1024)} KB from Tanzim), asked of four servers on Node ${execVersion()} (${TANZIM_NODE_FLAGS.join(' ')} for Tanzim and the floors): the hand-written baseline, Tanzim in production mode (national API token), and two floors: (f) holds Tanzim's answer in memory and executes and serializes it as Tanzim's HTTP and GraphQL stack does, with no database; (g) does the same with the answer's rows read from PostgreSQL in two prepared statements (the page with its count, the participants with their people) and put straight into the answer's objects, with no authentication and no models.`,
    '',
    `Command: \`DATABASE_URL=… npm run bench:floor\` on the national generator's scale-1 data; ${ROUNDS} interleaved rounds of ${SECONDS} s after a warm-up, medians (CPU: the range over the rounds). CPU per request from \`/proc\`: the server process (user + system), and PostgreSQL's processes (the backends that ended included; nothing else used the server). ${cpus().length} cores shared by the load generator, the servers and PostgreSQL; load average ${fixed(load)} at the start.`,
    '',
    '| conn. | server | req/s | p50 ms | p99 ms | server CPU ms / request | PostgreSQL CPU ms / request |',
    '| ----- | ------ | ----- | ------ | ------ | ----------------------- | --------------------------- |',
    ...lines,
    '',
  ].join('\n');
  const file = join(ROOT, 'bench', 'results', `floor-q4-${new Date().toISOString().slice(0, 10)}.md`);
  writeFileSync(file, await format(report, { ...(await resolveConfig(file)), filepath: file }));
  console.log(report);
  console.log(`Written to ${file}`);
}

const execVersion = () => execFileSync(NODE24, ['--version']).toString().trim().slice(1);

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => {
    for (const child of children) child.kill('SIGKILL');
  });
