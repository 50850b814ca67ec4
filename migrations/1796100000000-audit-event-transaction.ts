import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The transaction that wrote each audit event, for the `changes` feed. Identity ids are handed out
 * at insert, so a transaction holding a lower id can commit after one holding a higher id was read:
 * a cursor by id alone would skip it. The feed orders by (writing transaction, id) and answers only
 * events of transactions older than every transaction still running (the snapshot's xmin); any
 * event committed later belongs to a transaction at or above that xmin, so it sorts after the cursor.
 * Events written before this migration carry transaction 0: older than every later one.
 */
export class AuditEventTransaction1796100000000 implements MigrationInterface {
  name = 'AuditEventTransaction1796100000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE audit_event ADD COLUMN tx_id xid8 NOT NULL DEFAULT '0'`);
    await db.query(`ALTER TABLE audit_event ALTER COLUMN tx_id SET DEFAULT pg_current_xact_id()`);
    await db.query(`CREATE INDEX audit_event_feed_idx ON audit_event (tx_id, id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX audit_event_feed_idx`);
    await db.query(`ALTER TABLE audit_event DROP COLUMN tx_id`);
  }
}
