/**
 * `npm run import -- <file> [options]`: the import command (src/interchange/import/import.cli.ts) on
 * the app built for the configured database, as the server would build it.
 */
import { loadConfig } from './config/app-config';
import { lockDataDir } from './database/data-dir-lock';
import { startEmbeddedPostgres } from './database/embedded-postgres';
import { runImportCommand } from './interchange/import/import.cli';

async function main(): Promise<number> {
  const config = loadConfig();
  // The embedded database can be opened by one process only: stop the server first, or use DATABASE_URL.
  const releaseDataDir = config.databaseUrl ? undefined : lockDataDir(config.dataDir);
  const embedded = config.databaseUrl
    ? undefined
    : await startEmbeddedPostgres(config.dataDir, config.poolSize);
  const { createApp } = await import('./app.js');
  const app = await createApp({
    ...config,
    databaseUrl: config.databaseUrl ?? embedded!.url,
    embedded: !!embedded,
    logLevel: 'error',
  });
  try {
    return await runImportCommand(app, process.argv.slice(2), {
      out: (line) => console.log(line),
      err: (line) => console.error(line),
    });
  } finally {
    await app.close();
    await embedded?.stop();
    releaseDataDir?.();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
