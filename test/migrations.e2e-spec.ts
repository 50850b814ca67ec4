import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { migrations } from '../migrations';
import { dataSourceOptions } from '../src/database/data-source-options';
import { schema } from '../src/registry';
import { freshDatabase } from './support/test-app';

/**
 * Every migration's `down` undoes its `up`: on a scratch database, all are run, undone in reverse
 * order, and run again; the schema after the second run is the schema after the first.
 */

/** What a schema is made of, as sorted text: tables and columns, constraints, indexes, triggers, functions. */
async function describeSchema(db: DataSource): Promise<Record<string, string[]>> {
  const list = async (sql: string): Promise<string[]> =>
    ((await db.query(sql)) as { item: string }[]).map((row) => row.item).sort();
  return {
    columns: await list(`
      SELECT concat_ws(' ', table_name, column_name, data_type, udt_name, is_nullable, column_default) AS item
        FROM information_schema.columns
       WHERE table_schema = 'public' AND table_name <> 'migrations'`),
    constraints: await list(`
      SELECT concat_ws(' ', c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid)) AS item
        FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
       WHERE n.nspname = 'public' AND c.conrelid::regclass::text <> 'migrations'`),
    indexes: await list(`
      SELECT indexdef AS item FROM pg_indexes WHERE schemaname = 'public' AND tablename <> 'migrations'`),
    triggers: await list(`
      SELECT concat_ws(' ', t.tgrelid::regclass::text, pg_get_triggerdef(t.oid)) AS item
        FROM pg_trigger t JOIN pg_class r ON r.oid = t.tgrelid JOIN pg_namespace n ON n.oid = r.relnamespace
       WHERE n.nspname = 'public' AND NOT t.tgisinternal`),
    functions: await list(`
      SELECT pg_get_functiondef(p.oid) AS item
        FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
       WHERE n.nspname = 'public'
         AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')`),
  };
}

describe('migrations', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let db: DataSource;

  beforeAll(async () => {
    const serverUrl = process.env.TEST_DATABASE_URL;
    database = await freshDatabase(serverUrl);
    db = new DataSource({
      ...dataSourceOptions(schema, database.url, 1, undefined, !serverUrl),
      migrationsRun: false,
      logging: false,
    });
    await db.initialize();
  });

  afterAll(async () => {
    if (db?.isInitialized) await db.destroy();
    await database?.drop();
  });

  it('undo in reverse order and run again to the same schema', async () => {
    const empty = await describeSchema(db);
    expect(await db.runMigrations({ transaction: 'each' })).toHaveLength(migrations.length);
    const first = await describeSchema(db);
    expect(first.columns.length).toBeGreaterThan(0);

    for (let undone = 0; undone < migrations.length; undone++) {
      await db.undoLastMigration({ transaction: 'each' });
    }
    expect(await db.query(`SELECT count(*)::int AS n FROM migrations`)).toEqual([{ n: 0 }]);
    expect(await describeSchema(db)).toEqual(empty);

    expect(await db.runMigrations({ transaction: 'each' })).toHaveLength(migrations.length);
    expect(await describeSchema(db)).toEqual(first);
  });
});
