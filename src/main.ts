import * as nodeModule from 'node:module';
import { ConfigError, loadConfig } from './config/app-config';
import { DataDirInUseError, lockDataDir } from './database/data-dir-lock';
import { startEmbeddedPostgres } from './database/embedded-postgres';

// Node 22 and later keep the compiled code of the modules loaded next between starts (Node 20 cannot).
(nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();

async function main(): Promise<void> {
  const started = Date.now();
  const config = loadConfig();
  // One server per data directory: a second one would silently overwrite the first one's writes.
  const releaseDataDir = config.databaseUrl ? undefined : lockDataDir(config.dataDir);
  // The embedded database initialises in its worker thread while this one loads the framework.
  const embeddedStarting = config.databaseUrl
    ? undefined
    : startEmbeddedPostgres(config.dataDir, config.poolSize);
  const { createApp } = await import('./app.js');
  const { Logger } = await import('@nestjs/common');
  const embedded = await embeddedStarting;
  const app = await createApp({
    ...config,
    databaseUrl: config.databaseUrl ?? embedded!.url,
    embedded: !!embedded,
  });
  // `npm run backup` asks this server for a consistent copy of the embedded database (see database/backup).
  const stopServingCopies = embedded ? await serveBackupCopies(app, config.dataDir) : undefined;

  // The app's logger from here on: the same JSON lines as every request's and Nest's.
  const logger = new Logger('Tanzim');

  // Close the HTTP server and the pool first, then stop Postgres: nothing is lost, no lock is left.
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal} received, shutting down`);
    await stopServingCopies?.();
    await app.close();
    await embedded?.stop();
    releaseDataDir?.();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));

  await app.listen({ port: config.port, host: config.host });
  const where = embedded ? `embedded PGlite in ${config.dataDir}` : 'PostgreSQL at DATABASE_URL';
  logger.log(
    `Tanzim is serving http://localhost:${config.port}/graphql on ${where} (ready in ${Date.now() - started} ms)`,
  );
  if (config.seed === 'demo') {
    logger.warn(
      `The demo accounts share a published password; listening on ${config.host} (set HOST to change it, SEED=reference for a real registry)`,
    );
  }
}

/** Loaded only for the embedded database: the server on PostgreSQL needs none of it. */
async function serveBackupCopies(app: { get<T>(token: new (...args: never[]) => T): T }, dataDir: string) {
  const [{ DataSource }, { copyEmbeddedDataDir, serveCopies }] = await Promise.all([
    import('typeorm'),
    import('./database/backup.js'),
  ]);
  return serveCopies(dataDir, () => copyEmbeddedDataDir(app.get(DataSource), dataDir));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(`Configuration error: ${error.message}`);
  else if (error instanceof DataDirInUseError) console.error(error.message);
  else console.error(error);
  process.exit(1);
});
