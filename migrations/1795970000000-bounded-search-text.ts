import { MigrationInterface, QueryRunner } from 'typeorm';

const TABLES = ['territory', 'org_unit', 'person', 'meeting_series', 'meeting'];

/**
 * Search text is bounded (SEARCH_TEXT_MAX_LENGTH in src/common/text.ts): a search reads and ranks each
 * candidate's text, and an editor who wrote pages of agenda notes on every meeting made every search
 * of the registry take half a minute. Texts written before are cut like the app cuts them: at the
 * last word boundary within the limit, without a trailing separator.
 */
export class BoundedSearchText1795970000000 implements MigrationInterface {
  name = 'BoundedSearchText1795970000000';

  async up(db: QueryRunner): Promise<void> {
    for (const table of TABLES) {
      await db.query(`
        UPDATE ${table}
           SET search_text = regexp_replace(
                 left(regexp_replace(left(search_text, 1001), '\\s+\\S*$', ''), 1000), '[\\s|]+$', '')
         WHERE char_length(search_text) > 1000`);
      await db.query(
        `ALTER TABLE ${table} ADD CONSTRAINT ${table}_search_text_bounded CHECK (char_length(search_text) <= 1000)`,
      );
    }
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of TABLES) {
      await db.query(`ALTER TABLE ${table} DROP CONSTRAINT ${table}_search_text_bounded`);
    }
  }
}
