/**
 * `npm run restore -- <file>`: brings a backup back into a fresh data directory (DATA_DIR), never
 * over an existing one. Embedded backups only (`.tar.gz` from `npm run backup`); a `pg_dump` file
 * goes back with `pg_restore` (see the README).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadConfig } from './config/app-config';
import { restoreDataDir } from './database/backup';

async function main(): Promise<void> {
  const config = loadConfig();
  const [file] = process.argv.slice(2);
  if (!file) {
    throw new Error(
      'Usage: npm run restore -- <backup.tar.gz>  (into DATA_DIR, which must not hold a database yet)',
    );
  }
  if (config.databaseUrl) {
    throw new Error('DATABASE_URL is set: restore a pg_dump file with pg_restore (see the README)');
  }
  const started = Date.now();
  const { units, meetings } = await restoreDataDir(readFileSync(resolve(file)), config.dataDir);
  console.log(
    `Restored ${file} into ${config.dataDir} in ${Date.now() - started} ms (${units} units, ${meetings} meetings). ` +
      `Start the server with DATA_DIR=${config.dataDir}.`,
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
