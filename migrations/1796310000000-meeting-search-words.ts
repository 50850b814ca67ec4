import { MigrationInterface, QueryRunner } from 'typeorm';

/** The words of a meeting's search text, as the index holds them and as queries must spell them. */
const WORDS = `string_to_array(replace(search_text, ' | ', ' '), ' ')`;

/**
 * Meetings are searched by word (src/common/search.ts, `applyWordSearch`): each word typed is looked up
 * among the distinct words of all meetings (`meeting_search_word`, a small table, trigram-indexed for
 * partial and misspelled words), and the meetings holding those words come from a GIN index on the
 * words of their search text. The trigram index on the whole text found a common word's or a
 * misspelling's candidates by the tens of thousands and rechecked each one: seconds per search.
 *
 * The word table is kept by triggers: a statement trigger adds the words of inserted meetings (bulk
 * imports included), a row trigger those of a meeting whose search text changed. Words are never
 * removed: a word no meeting holds any more matches no meeting. A bulk load with triggers switched
 * off (session_replication_role) calls `meeting_search_words_rebuild()` afterwards.
 */
export class MeetingSearchWords1796310000000 implements MigrationInterface {
  name = 'MeetingSearchWords1796310000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TABLE meeting_search_word (word text PRIMARY KEY)`);
    await db.query(
      `CREATE INDEX meeting_search_word_trgm_idx ON meeting_search_word USING gin (word gin_trgm_ops)`,
    );
    await db.query(`
      CREATE FUNCTION meeting_search_words_rebuild() RETURNS void LANGUAGE sql AS $$
        INSERT INTO meeting_search_word (word)
        SELECT DISTINCT w FROM meeting, unnest(${WORDS}) AS w WHERE w <> ''
        ON CONFLICT DO NOTHING
      $$`);
    await db.query(`
      CREATE FUNCTION meeting_search_words_added() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO meeting_search_word (word)
        SELECT DISTINCT w FROM added_meeting AS meeting, unnest(${WORDS}) AS w WHERE w <> ''
        ON CONFLICT DO NOTHING;
        RETURN NULL;
      END $$`);
    await db.query(`
      CREATE FUNCTION meeting_search_words_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO meeting_search_word (word)
        SELECT DISTINCT w FROM unnest(string_to_array(replace(NEW.search_text, ' | ', ' '), ' ')) AS w
         WHERE w <> ''
        ON CONFLICT DO NOTHING;
        RETURN NULL;
      END $$`);
    await db.query(`
      CREATE TRIGGER meeting_search_words_insert AFTER INSERT ON meeting
        REFERENCING NEW TABLE AS added_meeting
        FOR EACH STATEMENT EXECUTE FUNCTION meeting_search_words_added()`);
    // A row trigger: a statement trigger with transition tables cannot name columns, and most updates
    // of a meeting (its version, its status) leave its search text as it was.
    await db.query(`
      CREATE TRIGGER meeting_search_words_update AFTER UPDATE OF search_text ON meeting
        FOR EACH ROW WHEN (OLD.search_text IS DISTINCT FROM NEW.search_text)
        EXECUTE FUNCTION meeting_search_words_changed()`);
    await db.query(`SELECT meeting_search_words_rebuild()`);
    await db.query(`CREATE INDEX meeting_search_words_idx ON meeting USING gin ((${WORDS}))`);
    // Searches no longer read the trigram index of the whole text; writes no longer keep it.
    await db.query(`DROP INDEX meeting_search_idx`);
    await db.query(`ANALYZE meeting_search_word`);
    await db.query(`ANALYZE meeting`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX meeting_search_idx ON meeting USING gin (search_text gin_trgm_ops)`);
    await db.query(`DROP INDEX meeting_search_words_idx`);
    await db.query(`DROP TRIGGER meeting_search_words_update ON meeting`);
    await db.query(`DROP TRIGGER meeting_search_words_insert ON meeting`);
    await db.query(`DROP FUNCTION meeting_search_words_changed()`);
    await db.query(`DROP FUNCTION meeting_search_words_added()`);
    await db.query(`DROP FUNCTION meeting_search_words_rebuild()`);
    await db.query(`DROP TABLE meeting_search_word`);
  }
}
