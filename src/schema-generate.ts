import { createApp } from './app';
import { loadConfig } from './config/app-config';
import { startPgliteServer } from './database/pglite-server';
import { committedSchema, SCHEMA_FILE, servedSchema, writeSchema } from './schema-file';

/**
 * `npm run schema:generate` writes schema.gql from the code; with `--check` it fails when the
 * committed file differs (CI's drift check). Boots the app on a throw-away embedded database.
 */
async function main(): Promise<void> {
  const pglite = await startPgliteServer('memory://', 1);
  const app = await createApp({
    ...loadConfig({}),
    databaseUrl: pglite.url,
    embedded: true,
    poolSize: 1,
    seed: 'none',
    logLevel: 'error',
  });
  const sdl = servedSchema(app);
  await app.close();
  await pglite.stop();
  if (!process.argv.includes('--check')) {
    writeSchema(sdl);
    console.log(`Wrote ${SCHEMA_FILE}`);
  } else if (committedSchema() !== sdl) {
    console.error('schema.gql is out of date: run `npm run schema:generate` and commit it.');
    process.exit(1);
  } else {
    console.log('schema.gql matches the code.');
  }
}

void main();
