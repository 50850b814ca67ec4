import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sources over time and who hears of a meeting:
 * - a confirmation may come from a meeting the holder attended in the post (`participation_id`): it
 *   goes when that participation goes (cascade), and a mandate's `last_confirmed_on` follows every
 *   confirmation added, changed or removed (the touch trigger now runs on all three);
 * - a recorded vacancy keeps the account that declared it;
 * - an audit event also keeps the paths of the other units it concerns (the units that took part in
 *   a meeting), so that whoever reads the meeting through one of them hears of its changes.
 */
export class HistorySourcesAndReach1796219000000 implements MigrationInterface {
  name = 'HistorySourcesAndReach1796219000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE mandate_confirmation
        ADD COLUMN participation_id uuid UNIQUE REFERENCES participation (id) ON DELETE CASCADE`);
    await db.query(`DROP TRIGGER mandate_confirmation_touch ON mandate_confirmation`);
    await db.query(`
      CREATE OR REPLACE FUNCTION mandate_confirmation_touch() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP <> 'INSERT' THEN
          UPDATE mandate SET last_confirmed_on = last_confirmed_on WHERE id = OLD.mandate_id;
        END IF;
        IF TG_OP <> 'DELETE' THEN
          UPDATE mandate SET last_confirmed_on = last_confirmed_on WHERE id = NEW.mandate_id;
        END IF;
        RETURN NULL;
      END $$`);
    await db.query(`
      CREATE TRIGGER mandate_confirmation_touch AFTER INSERT OR UPDATE OR DELETE ON mandate_confirmation
      FOR EACH ROW EXECUTE FUNCTION mandate_confirmation_touch()`);
    await db.query(`ALTER TABLE seat_vacancy ADD COLUMN account_id uuid REFERENCES account (id)`);
    await db.query(`CREATE INDEX seat_vacancy_position_idx ON seat_vacancy (position_id, vacant_from)`);
    await db.query(`ALTER TABLE audit_event ADD COLUMN related_unit_paths ltree[]`);
  }

  async down(db: QueryRunner): Promise<void> {
    // Removed while the touch trigger still recomputes the mandates' last confirmation.
    await db.query(`DELETE FROM mandate_confirmation WHERE participation_id IS NOT NULL`);
    await db.query(`ALTER TABLE audit_event DROP COLUMN related_unit_paths`);
    await db.query(`DROP INDEX seat_vacancy_position_idx`);
    await db.query(`ALTER TABLE seat_vacancy DROP COLUMN account_id`);
    await db.query(`DROP TRIGGER mandate_confirmation_touch ON mandate_confirmation`);
    await db.query(`
      CREATE OR REPLACE FUNCTION mandate_confirmation_touch() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE mandate SET last_confirmed_on = last_confirmed_on WHERE id = NEW.mandate_id;
        RETURN NULL;
      END $$`);
    await db.query(`
      CREATE TRIGGER mandate_confirmation_touch AFTER INSERT ON mandate_confirmation
      FOR EACH ROW EXECUTE FUNCTION mandate_confirmation_touch()`);
    await db.query(`ALTER TABLE mandate_confirmation DROP COLUMN participation_id`);
  }
}
