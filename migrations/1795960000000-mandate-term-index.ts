import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Mandates running on a day (`term @> day`: officials, holders, vacancies, grants from posts) found
 * through an SP-GiST index on the term alone. The exclusion constraints' GiST indexes also answer it,
 * but they carry the post and the seat as well: on 40,000 mandates, finding the 2,000 running on a day
 * took 2.0 ms there and 0.35 ms here, and a region's officials 8.0 ms → 3.2 ms.
 */
export class MandateTermIndex1795960000000 implements MigrationInterface {
  name = 'MandateTermIndex1795960000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX mandate_term_idx ON mandate USING spgist (term)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX mandate_term_idx`);
  }
}
