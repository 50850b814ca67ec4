import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A deleted account keeps its row, because audit events name it, but loses what identified the
 * person: its email is replaced, its password hash made unusable and its person unlinked.
 * `deleted_at` tells such a row from a merely disabled one.
 */
export class AccountDeletion1795973300000 implements MigrationInterface {
  name = 'AccountDeletion1795973300000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE account ADD COLUMN deleted_at timestamptz`);
    await db.query(`ALTER TABLE account ADD CONSTRAINT account_deleted_is_disabled
      CHECK (deleted_at IS NULL OR (disabled_at IS NOT NULL AND person_id IS NULL))`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE account DROP CONSTRAINT account_deleted_is_disabled`);
    await db.query(`ALTER TABLE account DROP COLUMN deleted_at`);
  }
}
