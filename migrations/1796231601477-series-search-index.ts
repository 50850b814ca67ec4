import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Series are searched like the rest (`applySearch`), and the search's candidates come from a trigram
 * index: without one, the search read every series with sequential scans switched off, a plan whose
 * price set off JIT compilation on each request.
 */
export class SeriesSearchIndex1796231601477 implements MigrationInterface {
  name = 'SeriesSearchIndex1796231601477';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      `CREATE INDEX meeting_series_search_idx ON meeting_series USING gin (search_text gin_trgm_ops)`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX meeting_series_search_idx`);
  }
}
