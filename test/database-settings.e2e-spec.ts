import { startTestApp, TestApp } from './support/test-app';

/** The settings the migrations give the database and its large tables (see DatabaseSettings). */
describe('database settings', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ seed: 'reference' });
  });
  afterAll(async () => t.close());

  it('sets the database defaults: no JIT, sorts in memory', async () => {
    const [row] = await t.sql<{ settings: string[] }>(`
      SELECT setconfig AS settings FROM pg_db_role_setting
       WHERE setrole = 0 AND setdatabase = (SELECT oid FROM pg_database WHERE datname = current_database())`);
    expect(row?.settings).toEqual(expect.arrayContaining(['jit=off', 'work_mem=16MB']));
  });

  if (process.env.TEST_DATABASE_URL) {
    it('applies them to every connection opened after the migrations', async () => {
      // The spec's own client connects after the app migrated the database.
      expect(
        await t.sql(`SELECT current_setting('jit') AS jit, current_setting('work_mem') AS work_mem`),
      ).toEqual([{ jit: 'off', work_mem: '16MB' }]);
    });
  }

  it('vacuums and analyzes the large tables well before a fifth of them has changed', async () => {
    const rows = await t.sql<{ table: string; options: string[] }>(`
      SELECT relname AS table, reloptions AS options FROM pg_class
       WHERE relname IN ('meeting', 'participation', 'meeting_unit', 'audit_event') ORDER BY relname`);
    expect(rows.map((row) => row.table)).toEqual(['audit_event', 'meeting', 'meeting_unit', 'participation']);
    for (const row of rows) {
      expect(row.options).toEqual(
        expect.arrayContaining([
          'autovacuum_vacuum_scale_factor=0.02',
          'autovacuum_analyze_scale_factor=0.01',
        ]),
      );
    }
  });
});
