/**
 * How long importing a national party's spreadsheets takes, and how much memory it holds: the files
 * of `files.ts` (1,688 units, 60,000 people, 40,000 mandates at scale 1) imported in turn into an
 * empty registry on PostgreSQL, through the import service the upload door and the command use, as
 * the national system actor; each file is then imported again (nothing to change). Writes
 * `bench/results/import-<date>.md`.
 *
 *   npm run bench:import            (BENCH_DATABASE_URL: a PostgreSQL server, default the local one;
 *                                    BENCH_SCALE, default 1; BENCH_REPORT: the report's file name,
 *                                    default import-<date>.md)
 */
import 'reflect-metadata';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, loadavg } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/app';
import { loadConfig } from '../../src/config/app-config';
import { SYSTEM_ACTOR } from '../../src/interchange/import/import.cli';
import { importContext } from '../../src/interchange/import/import.queries';
import { IMPORT_CHUNK_ROWS, ImportReport, ImportService } from '../../src/interchange/import/import.service';
import { ImportKind } from '../../src/interchange/import/import-columns';
import { writeBenchFiles } from './files';

interface Phase {
  kind: ImportKind;
  pass: 'first' | 'again';
  rows: number;
  seconds: number;
  /** Peak resident memory over the phase, and what it held before it started (MiB). */
  peakRssMiB: number;
  startRssMiB: number;
  peakHeapMiB: number;
  /** CPU seconds this process used (the database's work is not in it): far below the wall time on a loaded machine. */
  cpuSeconds: number;
  /** The machine's one-minute load average at the start and the end of the phase. */
  load: [number, number];
  report: ImportReport;
}

const MiB = 1024 * 1024;

async function main(): Promise<void> {
  const server = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const scale = Number(process.env.BENCH_SCALE ?? '1');
  const name = `tanzim_import_bench_${process.pid}`;
  const admin = new Client({ connectionString: server });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  const folder = join(tmpdir(), `tanzim-import-bench-${process.pid}`);
  const files = writeBenchFiles(folder, scale);
  const app = await createApp({
    ...loadConfig({}),
    databaseUrl: url.toString(),
    embedded: false,
    poolSize: 4,
    seed: 'reference',
    graphiql: false,
    logLevel: 'error',
  });
  const phases: Phase[] = [];
  try {
    const service = app.get(ImportService);
    const dataSource = app.get(DataSource);
    for (const pass of ['first', 'again'] as const) {
      for (const kind of ['units', 'people', 'mandates'] as const) {
        const bytes = readFileSync(files[kind]);
        global.gc?.();
        const startRss = process.memoryUsage().rss;
        let peakRss = startRss;
        let peakHeap = process.memoryUsage().heapUsed;
        const sampler = setInterval(() => {
          const usage = process.memoryUsage();
          peakRss = Math.max(peakRss, usage.rss);
          peakHeap = Math.max(peakHeap, usage.heapUsed);
        }, 20);
        const loadAtStart = loadavg()[0];
        const cpu = process.cpuUsage();
        const started = process.hrtime.bigint();
        const ctx = importContext(dataSource, `bench-${kind}-${pass}`, SYSTEM_ACTOR, 'bench');
        const report = await service.run(ctx, { kind, bytes, dryRun: false, fileName: `${kind}.csv` });
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        clearInterval(sampler);
        const used = process.cpuUsage(cpu);
        if (report.errors) throw new Error(`${kind}: ${JSON.stringify(report.problems.slice(0, 5))}`);
        phases.push({
          kind,
          pass,
          rows: report.file.rows,
          seconds,
          startRssMiB: startRss / MiB,
          peakRssMiB: peakRss / MiB,
          peakHeapMiB: peakHeap / MiB,
          cpuSeconds: (used.user + used.system) / 1e6,
          load: [loadAtStart, loadavg()[0]],
          report,
        });
        console.log(
          `${pass} ${kind}: ${report.file.rows} rows in ${seconds.toFixed(1)} s, ${JSON.stringify(report.counts)}`,
        );
      }
    }
  } finally {
    await app.close();
    await admin.query(`DROP DATABASE ${name}`);
    await admin.end();
    rmSync(folder, { recursive: true, force: true });
  }
  writeReport(phases, scale);
}

function writeReport(phases: Phase[], scale: number): void {
  const date = new Date().toISOString().slice(0, 10);
  const first = phases.filter((p) => p.pass === 'first');
  const peopleAndMandates = first.filter((p) => p.kind !== 'units').reduce((s, p) => s + p.seconds, 0);
  const rows = phases.map((p) => {
    const counts = Object.entries(p.report.counts)
      .map(([what, c]) => `${what} ${c.created}/${c.updated}/${c.unchanged}`)
      .join(', ');
    return `| ${p.kind} | ${p.pass} | ${p.rows.toLocaleString('en')} | ${p.seconds.toFixed(1)} | ${p.cpuSeconds.toFixed(1)} | ${p.load.map((l) => l.toFixed(1)).join(' → ')} | ${counts} | ${p.report.warnings} | ${p.startRssMiB.toFixed(0)} → ${p.peakRssMiB.toFixed(0)} | ${p.peakHeapMiB.toFixed(0)} |`;
  });
  const text = `# Import of a national party's spreadsheets — ${date}

Command: \`npm run bench:import\` (\`bench/import/run.ts\`; files from \`bench/import/files.ts\`, scale ${scale}),
PostgreSQL 15 on the same machine (${cpus().length} cores, shared with other work: load ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' / ')} when the report was written). Each file is imported into an empty registry (reference
territories only) through the import service that \`POST /import\` and \`npm run import\` use, as the
national system actor, committed in one transaction each; then the same files again.

**People and mandates, first import: ${peopleAndMandates.toFixed(1)} s** (target ≤ 60 s).

| file | pass | rows | seconds | Node CPU s | load (1 min, start → end) | created/updated/unchanged | warnings (likely duplicates) | RSS MiB (start → peak) | peak heap MiB |
| ---- | ---- | ---: | ------: | ---------: | ------------------------- | ------------------------- | ---------------------------: | ---------------------- | ------------: |
${rows.join('\n')}

The second pass finds every row unchanged and writes nothing (no import, no audit event). Memory is
the whole process (the app, its pool, the file's bytes): the file is read as a stream of rows and
planned and written ${IMPORT_CHUNK_ROWS.toLocaleString('en')} rows at a time, so what the import holds
besides the file's bytes is one chunk, whatever the file's size (keys already seen are kept in the
transaction's temporary table).
`;
  const path = join(
    __dirname,
    '..',
    '..',
    '..',
    'bench',
    'results',
    process.env.BENCH_REPORT ?? `import-${date}.md`,
  );
  writeFileSync(path, text);
  console.log(`Wrote ${path}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
