import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The settings Tanzim expects of its database, set on the database and its large tables so that every
 * connection has them, whoever opens it (the app, a replica's reader, an operator's psql):
 *
 * - `jit = off`: Tanzim's statements are short; compiling one costs more than running it, and on a
 *   shared server a count that the planner priced high spent most of its time being compiled.
 * - `work_mem = 16MB`: the sorts and hashes of a dashboard or a subtree's list stay in memory instead of
 *   spilling to disk; a pool of ten connections with a few such nodes each stays well under a gigabyte.
 * - Autovacuum and analyze on the large, growing tables at a fraction of their default thresholds:
 *   with the default (a fifth of the table), the planner's statistics of a table of millions of
 *   participations lag behind by hundreds of thousands of rows, and plans chosen for a smaller table
 *   run on the larger one.
 *
 * A role that does not own the database cannot set its defaults: the migration then says so and goes
 * on (the README lists the settings for the server's administrator). They apply to connections opened
 * after the migration: a server's next start.
 */
export class DatabaseSettings1796300000000 implements MigrationInterface {
  name = 'DatabaseSettings1796300000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      DO $$ BEGIN
        EXECUTE format('ALTER DATABASE %I SET jit = off', current_database());
        EXECUTE format('ALTER DATABASE %I SET work_mem = %L', current_database(), '16MB');
      EXCEPTION WHEN insufficient_privilege THEN
        RAISE NOTICE 'Tanzim: this role cannot set the database''s defaults (jit = off, work_mem = 16MB); ask its owner to.';
      END $$`);
    for (const table of LARGE_TABLES) {
      await db.query(
        `ALTER TABLE ${table} SET (${AUTOVACUUM.map(([name, value]) => `${name} = ${value}`).join(', ')})`,
      );
    }
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of LARGE_TABLES) {
      await db.query(`ALTER TABLE ${table} RESET (${AUTOVACUUM.map(([name]) => name).join(', ')})`);
    }
    await db.query(`
      DO $$ BEGIN
        EXECUTE format('ALTER DATABASE %I RESET jit', current_database());
        EXECUTE format('ALTER DATABASE %I RESET work_mem', current_database());
      EXCEPTION WHEN insufficient_privilege THEN NULL;
      END $$`);
  }
}

/** The tables that grow with every meeting, appointment and write. */
const LARGE_TABLES = [
  'meeting',
  'meeting_unit',
  'participation',
  'mandate',
  'person',
  'audit_event',
  'idempotency_key',
];

const AUTOVACUUM: [string, number][] = [
  ['autovacuum_vacuum_scale_factor', 0.02],
  ['autovacuum_vacuum_insert_scale_factor', 0.02],
  ['autovacuum_analyze_scale_factor', 0.01],
];
