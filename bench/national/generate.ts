/**
 * Generates the national benchmark party and loads it into an empty registry: 1 national unit,
 * 12 regional and 75 provincial ones, about 1,600 local units, 60,000 people, 40,000 mandates over ten
 * years and 200,000 meetings with about 2,000,000 participations, agendas and outcomes (at scale 1).
 * Everything is drawn from a fixed seed: the same scale gives the same rows.
 *
 *   DATABASE_URL=postgres://… BENCH_SCALE=1 node dist/bench/national/generate.js
 */
import 'reflect-metadata';
import { DataSource, DataSourceOptions, QueryRunner } from 'typeorm';
import { AuthService } from '../../src/accounts/auth.service';
import { ConfirmationPolicy } from '../../src/common/confirmation';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { schema } from '../../src/registry';
import { dayOf } from './generator/calendar';
import { MeetingPlan } from './generator/meetings';
import { PEOPLE, People } from './generator/people';
import { createPosts, fillPosts, RoleTitles } from './generator/posts';
import { planSeries } from './generator/series';
import { buildTree, localCountAt } from './generator/tree';
import {
  writeMandates,
  writeMeetings,
  writePeople,
  writeReferenceTerritories,
  writeSeries,
  writeUnits,
} from './generator/writers';
import { BENCH_ADMIN, DATA_END } from './shape';

export interface Summary {
  scale: number;
  /** Rows per table after the load. */
  rows: Record<string, number>;
  /** Mandates running on the last day of the data. */
  currentMandates: number;
  /** Seconds per phase, in order. */
  phases: Record<string, number>;
  seconds: number;
}

/** Tables loaded with foreign-key triggers off, when allowed: their only triggers are foreign keys. */
const MEETING_TABLES = [
  'meeting',
  'meeting_unit',
  'participation',
  'agenda_item',
  'outcome',
  'meeting_source',
];
const TABLES = [
  'territory',
  'org_unit',
  'position',
  'person',
  'mandate',
  'meeting_series',
  'meeting_series_target',
  ...MEETING_TABLES,
  'account',
  'access_binding',
];

export async function generateNationalParty(
  url: string,
  scale: number,
  log: (line: string) => void = console.log,
): Promise<Summary> {
  if (!(Number.isFinite(scale) && scale > 0)) {
    throw new Error(`The scale must be a positive number, not ${scale}.`);
  }
  const phases = new Phases(log);
  log(`Generating the national benchmark party at scale ${scale} into ${describe(url)}`);
  const options = dataSourceOptions(schema, url, 1);
  // The load's statements, its foreign-key check and the VACUUM run longer than the app's timeout.
  const dataSource = new DataSource({
    ...options,
    extra: { ...(options.extra as object), statement_timeout: 0 },
  } as DataSourceOptions);
  await dataSource.initialize();
  try {
    phases.end('migrations');
    await refuseUnlessEmpty(dataSource);

    const runner = dataSource.createQueryRunner();
    let currentMandates: number;
    try {
      await runner.startTransaction();
      currentMandates = await loadParty(runner, scale, phases, log);
      await runner.commitTransaction();
      phases.end('commit');
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      throw error;
    } finally {
      await runner.release();
    }

    await new AuthService(dataSource, new ConfirmationPolicy()).ensureNationalAdmin(
      BENCH_ADMIN.email,
      BENCH_ADMIN.password,
    );
    phases.end('administrator');
    // Statistics and visibility maps now, rather than from an autovacuum in the middle of a benchmark.
    await dataSource.query(`VACUUM (ANALYZE)`);
    phases.end('vacuum and analyze');

    const rows: Record<string, number> = {};
    for (const table of TABLES) {
      const [{ count }] = (await dataSource.query(`SELECT count(*)::int AS count FROM ${table}`)) as {
        count: number;
      }[];
      rows[table] = count;
    }
    const seconds = phases.total();
    log('Rows:');
    for (const [table, count] of Object.entries(rows)) {
      log(`  ${table.padEnd(22)} ${String(count).padStart(10)}`);
    }
    log(`  ${'(current mandates)'.padEnd(22)} ${String(currentMandates).padStart(10)}`);
    log(`Loaded in ${seconds.toFixed(1)} s. Sign in as ${BENCH_ADMIN.email}.`);
    return { scale, rows, currentMandates, phases: phases.seconds, seconds };
  } finally {
    await dataSource.destroy();
  }
}

/** Times the phases of a load, printing each as it ends. */
class Phases {
  readonly seconds: Record<string, number> = {};
  private readonly started = performance.now();
  private lastEnd = this.started;

  constructor(private readonly log: (line: string) => void) {}

  end(name: string): void {
    const now = performance.now();
    this.seconds[name] = (now - this.lastEnd) / 1000;
    this.lastEnd = now;
    this.log(`  ${name.padEnd(22)} ${this.seconds[name].toFixed(1).padStart(7)} s`);
  }

  total(): number {
    return (performance.now() - this.started) / 1000;
  }
}

async function refuseUnlessEmpty(dataSource: DataSource): Promise<void> {
  const [{ units }] = (await dataSource.query(`SELECT count(*)::int AS units FROM org_unit`)) as {
    units: number;
  }[];
  if (units > 0) {
    throw new Error(
      `This database already holds ${units} org units. The generator only fills an empty registry, so ` +
        `that benchmark data never mixes with real data: give it a new database.`,
    );
  }
}

/** Draws the party and writes it, in the caller's transaction. Returns the mandates current at the end. */
async function loadParty(
  runner: QueryRunner,
  scale: number,
  phases: Phases,
  log: (line: string) => void,
): Promise<number> {
  const territoryIds = await writeReferenceTerritories(runner);
  phases.end('reference territories');

  const roles = new Map(
    (
      (await runner.query(`SELECT code, title_ar AS "titleAr", title_fr AS "titleFr" FROM role`)) as ({
        code: string;
      } & RoleTitles)[]
    ).map((role) => [role.code, role]),
  );
  const tree = buildTree(localCountAt(scale), territoryIds);
  const people = new People(Math.round(PEOPLE * scale), tree.units, tree.locals);
  const posts = createPosts(tree.units, roles);
  const terms = fillPosts(posts);
  const series = planSeries(tree.national);
  const plan = new MeetingPlan(tree.units);
  phases.end('drawing the party');

  // Trigram entries (names, titles) wait in the search indexes' pending lists and are merged in large
  // sorted runs (when a list reaches 256 MB, and at the VACUUM after the load), not a few at a time.
  await runner.query(`SET LOCAL gin_pending_list_limit = '256MB'`);
  await writeUnits(runner, tree, posts);
  phases.end('units and posts');
  await writePeople(runner, people, tree);
  phases.end('people');
  await writeMandates(runner, posts, people);
  phases.end('mandates');
  await writeSeries(runner, series);
  const skipTriggers = await maySkipTriggers(runner);
  if (skipTriggers) {
    await runner.query(`SET LOCAL session_replication_role = replica`);
  } else {
    log('    (not a superuser: foreign keys are checked row by row, which is slower)');
  }
  await writeMeetings(runner, plan, people, series, tree, log);
  phases.end('meetings');
  if (skipTriggers) {
    await runner.query(`SET LOCAL session_replication_role = origin`);
    // Hash anti-joins over millions of rows: in memory rather than in batches on disk.
    await runner.query(`SET LOCAL work_mem = '256MB'`);
    await verifyForeignKeys(runner, MEETING_TABLES);
    phases.end('foreign key check');
    // The people's attached units are kept by triggers that were off during the load.
    await runner.query(`SELECT person_attached_units_rebuild()`);
    phases.end('people attached units');
    // So are those that keep the words meetings are searched by.
    await runner.query(`SELECT meeting_search_words_rebuild()`);
    phases.end('meeting search words');
    // And those that keep the units each meeting is seen from.
    await runner.query(`SELECT meeting_visible_units_rebuild()`);
    phases.end('meeting visible units');
    // And those that keep the units each series reached (last: the rebuilds above rewrite meetings).
    await runner.query(`SELECT meeting_series_reach_rebuild()`);
    phases.end('series reach');
  }
  const lastDay = dayOf(DATA_END);
  return terms.filter((t) => t.from <= lastDay && t.to >= lastDay).length;
}

/**
 * Only a superuser may set session_replication_role, which switches off the foreign-key triggers of
 * the bulk of the rows (about ten million checks at scale 1).
 */
async function maySkipTriggers(runner: QueryRunner): Promise<boolean> {
  const [{ superuser }] = (await runner.query(`SELECT current_setting('is_superuser') AS superuser`)) as {
    superuser: string;
  }[];
  return superuser === 'on';
}

/**
 * What the switched-off triggers would have checked, set-wise: every foreign key of the tables finds
 * its row. Inside the load's transaction, so that a broken key rolls everything back.
 */
async function verifyForeignKeys(runner: QueryRunner, tables: readonly string[]): Promise<void> {
  const keys = (await runner.query(
    `SELECT c.conname AS name, c.conrelid::regclass::text AS child, a.attname AS "column",
            c.confrelid::regclass::text AS parent, f.attname AS referenced
       FROM pg_constraint c
       JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
       JOIN pg_attribute f ON f.attrelid = c.confrelid AND f.attnum = c.confkey[1]
      WHERE c.contype = 'f' AND c.conrelid::regclass::text = ANY($1)`,
    [tables],
  )) as { name: string; child: string; column: string; parent: string; referenced: string }[];
  for (const key of keys) {
    const [{ orphans }] = (await runner.query(
      `SELECT count(*)::int AS orphans FROM ${key.child} c
        WHERE c.${key.column} IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM ${key.parent} p WHERE p.${key.referenced} = c.${key.column})`,
    )) as { orphans: number }[];
    if (orphans > 0) throw new Error(`${orphans} rows of ${key.child} break the foreign key ${key.name}.`);
  }
}

/** The database a URL points at, without its credentials. */
function describe(url: string): string {
  const parsed = new URL(url);
  return `${parsed.host}${parsed.pathname}`;
}

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('Set DATABASE_URL to the PostgreSQL database to fill (an empty one).');
  await generateNationalParty(url, Number(process.env.BENCH_SCALE ?? '1'));
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
