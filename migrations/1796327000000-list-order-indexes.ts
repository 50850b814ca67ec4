import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes in the order of two lists that had none, so that a page is read from the index instead of
 * sorting every row: people by name (Latin, then Arabic, then id: `PEOPLE_ORDER`), and outcomes by due
 * date (the list then sorts only the outcomes due on the same day by their meeting's date). The
 * partial index of open outcomes serves only the overdue list.
 */
export class ListOrderIndexes1796327000000 implements MigrationInterface {
  name = 'ListOrderIndexes1796327000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX person_name_order_idx ON person (full_name_latin, full_name_ar, id)`);
    await db.query(`CREATE INDEX outcome_due_idx ON outcome (due_on)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX outcome_due_idx`);
    await db.query(`DROP INDEX person_name_order_idx`);
  }
}
