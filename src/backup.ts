/**
 * `npm run backup -- [file]`: a consistent snapshot of the registry's database, taken while the
 * server keeps serving.
 * - Embedded database: a copy of the data directory made by the running server (see
 *   database/backup), or the directory itself when no server runs, packed here as a gzipped tarball
 *   (PGlite's own dump).
 * - DATABASE_URL: `pg_dump --format=custom` of that database (the client must be at least the
 *   server's version). Point-in-time recovery on a server is PostgreSQL's own: see the README.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { loadConfig } from './config/app-config';
import { packDataDir, requestCopy } from './database/backup';

async function main(): Promise<void> {
  const config = loadConfig();
  const args = process.argv.slice(2);
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const started = Date.now();
  if (config.databaseUrl) {
    const file = resolve(args[0] ?? `backups/tanzim-${stamp}.dump`);
    mkdirSync(dirname(file), { recursive: true });
    const dump = spawnSync('pg_dump', ['--format=custom', `--file=${file}.partial`, config.databaseUrl], {
      stdio: 'inherit',
    });
    if (dump.error) throw new Error(`pg_dump could not run: ${dump.error.message}`);
    if (dump.status !== 0) throw new Error(`pg_dump failed (exit ${dump.status})`);
    renameSync(`${file}.partial`, file);
    return report(file, started, 'pg_dump of DATABASE_URL');
  }
  const file = resolve(args[0] ?? `backups/tanzim-${stamp}.tar.gz`);
  const copy = await requestCopy(config.dataDir);
  let bytes: Uint8Array;
  try {
    bytes = await packDataDir(copy ?? config.dataDir);
  } finally {
    if (copy) rmSync(copy, { recursive: true, force: true });
  }
  mkdirSync(dirname(file), { recursive: true });
  // Written aside and renamed: a backup file is either whole or absent.
  writeFileSync(`${file}.partial`, bytes);
  renameSync(`${file}.partial`, file);
  report(file, started, copy ? 'the running server' : `${config.dataDir} (no server running)`);
}

function report(file: string, started: number, from: string): void {
  const size = statSync(file).size;
  console.log(
    `Backup of ${from} written to ${file} (${(size / 1024 / 1024).toFixed(1)} MiB in ${Date.now() - started} ms)`,
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
