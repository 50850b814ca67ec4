import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './database/data-source-options';
import { schema } from './registry';

/**
 * For the TypeORM CLI against a real server, e.g.
 * `DATABASE_URL=postgres://… npx typeorm migration:run -d dist/src/data-source.js`.
 */
if (!process.env.DATABASE_URL) throw new Error('Set DATABASE_URL to use the migration CLI.');
export default new DataSource({
  ...dataSourceOptions(schema, process.env.DATABASE_URL, 1),
  migrationsRun: false,
});
