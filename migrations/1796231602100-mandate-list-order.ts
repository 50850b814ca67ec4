import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The mandates list in its order (latest start first, a start being the start or, when unknown, the
 * attestation; then id), so that a page of it, the first or one deep in the list after a cursor,
 * reads its rows from an index instead of sorting every mandate.
 */
export class MandateListOrder1796231602100 implements MigrationInterface {
  name = 'MandateListOrder1796231602100';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      `CREATE INDEX mandate_start_order_idx ON mandate ((COALESCE(starts_on, attested_on)) DESC, id)`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX mandate_start_order_idx`);
  }
}
