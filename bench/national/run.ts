import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { format, resolveConfig } from 'prettier';
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres';
import { PrivatePostgres, startPrivatePostgres } from '../../support/private-postgres';
import { ask, Asked, firstDifference, gate, gateWrites } from './gate';
import { generateNationalParty } from './generate';
import { countStatements, Statements, time, Timing, Workload } from './measure';
import {
  children,
  cleanups,
  findTanzimLimits,
  LABELS,
  logDir,
  nationalToken,
  refusals,
  Resolved,
  startSubjects,
  startTanzim,
  Subject,
} from './processes';
import { DEEP_PAGE, DEEP_PAGE_SIZE, NATIONAL_SERIES_TITLE } from './offpath';
import {
  answering,
  AS_OF,
  OFF_PATH,
  READ_QUERIES,
  ReadQuery,
  recordMeetingCall,
  REGIONAL_QUERIES,
} from './queries';
import { EmbeddedResult, fixed, Machine, report, ScaleResult } from './report';
import {
  CONNECTIONS,
  EMBEDDED_QUERIES,
  NODE24,
  pgliteScale,
  POSTGRAPHILE_DIR,
  ROOT,
  settings,
} from './settings';
import { NATIONAL_CODE, TARGETS } from './shape';

/**
 * The side-by-side benchmark: (a) a hand-written SQL baseline, (b) PostGraphile v5 and (c) Tanzim in
 * production mode, on one private PostgreSQL loaded by the national generator. A correctness gate
 * first (every implementation's answer carries the same data), then SQL statements per request from
 * pg_stat_statements at every scale, then interleaved autocannon rounds at the largest scale, then
 * Tanzim on its embedded PGlite. Prints the report and writes bench/results/<date>.md.
 *
 * Run: npm run bench   (BENCH_SCALE, BENCH_SCALES, BENCH_DURATION, BENCH_WARMUP, BENCH_ROUNDS,
 * BENCH_PGLITE_SCALE: see settings.ts). Each job has its file: settings, processes, gate, measure,
 * report; this one runs them in order.
 */

// ── the data ───────────────────────────────────────────────────────────────────────────────────────
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
  const region = await unit(TARGETS.region);
  const { rows: series } = await db.query<{ id: string }>(
    `SELECT id FROM meeting_series WHERE title_fr LIKE $1 || '%'`,
    [NATIONAL_SERIES_TITLE],
  );
  if (series.length !== 1) throw new Error(`The generated data has no series “${NATIONAL_SERIES_TITLE}”.`);
  const { rows: subtree } = await db.query<{ meetings: number }>(
    `SELECT count(*)::int AS meetings FROM (
       SELECT mc.id FROM meeting mc JOIN org_unit s ON s.id = mc.convening_unit_id WHERE s.path <@ $1::ltree
       UNION SELECT mu.meeting_id FROM meeting_unit mu JOIN org_unit s ON s.id = mu.org_unit_id WHERE s.path <@ $1::ltree) x`,
    [province.path],
  );
  const deepPage = Math.max(1, Math.min(DEEP_PAGE, Math.ceil(subtree[0].meetings / DEEP_PAGE_SIZE)));
  const { rows: people } = await db.query<{ id: string }>(
    `SELECT p.id FROM person p JOIN org_unit u ON u.id = p.home_unit_id
      WHERE u.path <@ $1::ltree ORDER BY p.id LIMIT 10`,
    [province.path],
  );
  if (people.length < 10) throw new Error(`The province ${TARGETS.province} has fewer than 10 people.`);
  return {
    unitCode: TARGETS.unit,
    regionCode: TARGETS.region,
    regionId: region.id,
    regionPath: region.path,
    seriesId: series[0].id,
    deepPage,
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
  [`meetings of the series “${NATIONAL_SERIES_TITLE}” (Q11)`]: `SELECT count(*) FROM meeting m JOIN meeting_series s ON s.id = m.series_id WHERE s.title_fr LIKE '${NATIONAL_SERIES_TITLE}%'`,
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

/** The read questions of this run (BENCH_QUESTIONS, default all). */
const QUESTIONS = READ_QUERIES.filter((q) => settings.questions.includes(q.name));

/**
 * Who is timed on a question: the implementations that answer it; Tanzim on Node 20 only on Q1–Q7
 * (the off-path questions are about Tanzim's plans, not its Node); the region-scoped token on the
 * questions a region's secretary asks.
 */
const timedBy = (query: ReadQuery, subject: Subject) =>
  answering(query, [subject]).length > 0 &&
  !(subject.key === 'c20' && OFF_PATH.includes(query.name)) &&
  !(subject.scoped && !REGIONAL_QUERIES.includes(query.name));

// ── one scale ──────────────────────────────────────────────────────────────────────────────────────
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
    if (!refusals.length) await findTanzimLimits(url, targets, QUESTIONS);

    const subjects = await startSubjects(url, targets);
    try {
      const answers = await gate(subjects, targets, QUESTIONS, timedBy);
      if (settings.writes) await gateWrites(subjects, targets, db);

      const statements = new Map<string, Statements>();
      for (const subject of subjects) {
        for (const query of QUESTIONS) {
          if (!timedBy(query, subject)) continue;
          const { calls } = answers.get(`${query.name}:${subject.key}`)!;
          let i = 0;
          const next = () => calls[i++ % calls.length];
          // An off-path question is counted over each of its bodies (at least four requests), not ten.
          const requests = OFF_PATH.includes(query.name)
            ? Math.max(calls.length, 4)
            : settings.countedRequests;
          statements.set(`${query.name}:${subject.key}`, await countStatements(db, subject, next, requests));
        }
        if (!settings.writes || subject.scoped) continue;
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
      for (const query of QUESTIONS) {
        for (const connections of CONNECTIONS) {
          const calls = (s: Subject): Workload => ({ calls: answers.get(`${query.name}:${s.key}`)!.calls });
          result.timings.set(
            `${query.name}:${connections}`,
            await time(
              subjects.filter((s) => timedBy(query, s)),
              connections,
              calls,
              db,
            ),
          );
          console.log(`  timed ${query.name} at ${connections} connection(s)`);
        }
      }
      if (!settings.writes) return result;
      const writers = subjects.filter((s) => !s.scoped);
      for (const connections of CONNECTIONS) {
        const writes = (s: Subject): Workload => {
          const fresh = () => recordMeetingCall(s.implementation, targets);
          return { calls: [fresh()], fresh };
        };
        result.timings.set(`Q5:${connections}`, await time(writers, connections, writes, db));
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
    const queries = QUESTIONS.filter((q) => EMBEDDED_QUERIES.includes(q.name));
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
    aggregates: packageVersion(POSTGRAPHILE_DIR, '@graphile/pg-aggregates'),
    autocannon: packageVersion(ROOT, 'autocannon'),
  };

  const scales: ScaleResult[] = [];
  for (const [i, s] of settings.scales.entries()) {
    scales.push(await runScale(server, s, i === settings.scales.length - 1));
  }
  const embedded = settings.pglite
    ? await runEmbedded(
        pgliteScale,
        scales.find((s) => s.scale === pgliteScale),
      )
    : undefined;

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
