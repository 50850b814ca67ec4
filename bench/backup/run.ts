/**
 * How long a backup of the embedded database takes and how large it is: the national benchmark party
 * (BENCH_SCALE, default 0.1) generated into a fresh embedded data directory, the server started on it,
 * `npm run backup` asked of the running server (twice: the first warms the files into the page cache),
 * then `npm run restore` into a fresh directory. Writes `bench/results/backup-<date>.md`.
 *
 *   npm run bench:backup
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres';
import { gql, startServer } from '../../support/server';
import { generateNationalParty } from '../national/generate';
import { BENCH_ADMIN } from '../national/shape';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..', '..');
const MiB = 1024 * 1024;

function directorySize(dir: string): number {
  let total = 0;
  const walk = (path: string) => {
    const stat = statSync(path);
    if (!stat.isDirectory()) return void (total += stat.size);
    for (const entry of readdirSync(path)) walk(join(path, entry));
  };
  walk(dir);
  return total;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await work();
  return { value, ms: performance.now() - started };
}

async function main(): Promise<void> {
  const scale = Number(process.env.BENCH_SCALE ?? '0.1');
  const dir = mkdtempSync(join(tmpdir(), 'tanzim-backup-bench-'));
  const dataDir = join(dir, 'data');
  const node = (script: string, env: Record<string, string>, ...args: string[]) =>
    run(process.execPath, [join(ROOT, 'dist', 'src', script), ...args], {
      cwd: ROOT,
      env: { ...process.env, LOG_LEVEL: 'error', ...env },
    });
  try {
    const embedded = await startEmbeddedPostgres(dataDir, 1);
    const generated = await timed(() => generateNationalParty(embedded.url, scale, () => undefined));
    await embedded.stop();

    const server = await startServer({ DATA_DIR: dataDir, SEED: 'none' });
    const file = join(dir, 'registry.tar.gz');
    const backups = [];
    for (let i = 0; i < 3; i++) {
      rmSync(file, { force: true });
      backups.push((await timed(() => node('backup.js', { DATA_DIR: dataDir }, file))).ms);
    }
    // What a reader sees meanwhile: its requests during one more backup, and the slowest of them.
    const signIn = await gql<{ login: { accessToken: string } }>(
      server.url,
      null,
      `mutation($email: String!, $password: String!) { login(input: { email: $email, password: $password }) { accessToken } }`,
      BENCH_ADMIN,
    );
    const token = signIn.data!.login.accessToken;
    let backingUp = true;
    const latencies: number[] = [];
    const reader = (async () => {
      while (backingUp) {
        const { ms } = await timed(() => gql(server.url, token, '{ orgUnits(first: 5) { totalCount } }'));
        latencies.push(ms);
      }
    })();
    const during = await timed(() => node('backup.js', { DATA_DIR: dataDir }, join(dir, 'again.tar.gz')));
    backingUp = false;
    await reader;
    await server.stop();
    const restore = await timed(() => node('restore.js', { DATA_DIR: join(dir, 'restored') }, file));

    const load = loadavg()[0].toFixed(1);
    const report = [
      `# Backup of the embedded database, ${new Date().toISOString().slice(0, 10)}`,
      '',
      `The national benchmark party at scale ${scale} (${generated.value.rows.meeting} meetings, ` +
        `${generated.value.rows.participation} participations, ${generated.value.rows.person} people) in ` +
        `embedded PGlite; ${cpus().length} cores, load ${load} at the end.`,
      '',
      'Command: `npm run bench:backup` (`BENCH_SCALE` to change the scale).',
      '',
      '| what | figure |',
      '| --- | ---: |',
      `| data directory | ${(directorySize(dataDir) / MiB).toFixed(1)} MiB |`,
      `| of which the write-ahead log (\`pg_wal\`) | ${(directorySize(join(dataDir, 'pg_wal')) / MiB).toFixed(1)} MiB |`,
      `| backup file (gzipped tarball) | ${(statSync(file).size / MiB).toFixed(1)} MiB |`,
      `| \`npm run backup\` of the running server, 3 runs | ${backups.map((ms) => `${(ms / 1000).toFixed(1)} s`).join(', ')} |`,
      `| queries answered during a ${(during.ms / 1000).toFixed(1)} s backup | ${latencies.length} |`,
      `| the slowest of them; their median | ${Math.max(...latencies).toFixed(0)} ms; ${median(latencies).toFixed(1)} ms |`,
      `| \`npm run restore\` into a fresh directory | ${(restore.ms / 1000).toFixed(1)} s |`,
      '',
      'The backup command is a process of its own (Node start included). The server copies its data',
      'directory while holding its only connection (requests wait for that copy only); the command then',
      'packs the copy while the server goes on serving.',
      '',
    ].join('\n');
    const out = join(ROOT, 'bench', 'results', `backup-${new Date().toISOString().slice(0, 10)}.md`);
    writeFileSync(out, report);
    console.log(report);
    console.log(`Written to ${out}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
