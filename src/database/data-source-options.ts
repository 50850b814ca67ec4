import { types } from 'pg';
import { QueryCounter } from './query-counter';
import { DataSourceOptions } from 'typeorm';

// Calendar dates stay 'YYYY-MM-DD' strings: a JS Date would shift them by the process's time zone.
types.setTypeParser(types.builtins.DATE, (value) => value);

/** The app's tables: its entities and the migrations that create them (src/registry.ts). */
export type Schema = Required<Pick<DataSourceOptions, 'entities' | 'migrations'>>;

/**
 * Options shared by the app, the tests and the migration CLI, for the tables `schema` lists.
 * `synchronize` is off everywhere: the schema is what the reviewed migrations say.
 */
export function dataSourceOptions(
  schema: Schema,
  url: string,
  poolSize: number,
  queryCounter = new QueryCounter(),
  embedded = false,
  preparedStatements = true,
): DataSourceOptions {
  return {
    logger: queryCounter,
    logging: ['query'],
    type: 'postgres',
    url,
    ...schema,
    migrationsRun: true,
    migrationsTransactionMode: 'each',
    synchronize: false,
    poolSize,
    // Extensions are created by the migrations, in both database modes.
    installExtensions: false,
    // On a server, a runaway statement is cancelled rather than holding a connection, and the few
    // statements marked `prepared` are prepared per connection (database/rows.ts) unless a pooler in
    // transaction mode hands each transaction another server connection (PgBouncer < 1.21 cannot
    // carry named prepared statements: DATABASE_PREPARED_STATEMENTS=false). PGlite cannot
    // interrupt a statement (single-threaded WebAssembly: it ignores statement_timeout and cancel
    // requests); there, searches are kept short by bounded search text (common/search.ts).
    // The embedded database's one connection is never closed for being idle: its session slot would
    // be free for another client to take (database/pglite-server.ts).
    extra: {
      max: poolSize,
      application_name: 'tanzim',
      ...(embedded ? { idleTimeoutMillis: 0 } : { statement_timeout: 15_000, preparedStatements }),
    },
  };
}
