import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each meeting unit row carries, besides its meeting's day, the meeting's start and convening unit,
 * and the index a unit's meetings are found by holds them.
 *
 * - A unit's meetings are ranked by day, then start, then id: with the start in the meeting units'
 *   index and in the conveners' (which holds the id too), a page of a unit's meetings is ranked from
 *   the indexes alone, and only the meetings on the page are read. Before, a province's first page of
 *   fifty read every one of its nine hundred meetings to rank them.
 * - A subtree's meeting count is the meetings its units convened, plus those they took part in that
 *   were convened outside it: with the convener on the meeting unit row, both are counted from the
 *   indexes, where uniting the two sets of ids hashed every one of them.
 *
 * Kept by the database like the day: filled in when a row is inserted, followed when the meeting's
 * day, start or convener changes.
 */
export class MeetingUnitOrder1796329000000 implements MigrationInterface {
  name = 'MeetingUnitOrder1796329000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      `ALTER TABLE meeting_unit ADD COLUMN starts_at timestamptz, ADD COLUMN convening_unit_id uuid`,
    );
    await db.query(
      `UPDATE meeting_unit mu SET starts_at = m.starts_at, convening_unit_id = m.convening_unit_id
         FROM meeting m WHERE m.id = mu.meeting_id`,
    );
    await db.query(`ALTER TABLE meeting_unit ALTER COLUMN convening_unit_id SET NOT NULL`);
    await db.query(`
      CREATE OR REPLACE FUNCTION meeting_unit_day() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        SELECT m.held_on, m.starts_at, m.convening_unit_id INTO NEW.held_on, NEW.starts_at, NEW.convening_unit_id
          FROM meeting m WHERE m.id = NEW.meeting_id;
        RETURN NEW;
      END $$`);
    await db.query(`
      CREATE OR REPLACE FUNCTION meeting_day_to_units() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE meeting_unit SET held_on = NEW.held_on, starts_at = NEW.starts_at,
                                convening_unit_id = NEW.convening_unit_id
         WHERE meeting_id = NEW.id;
        RETURN NULL;
      END $$`);
    await db.query(`DROP TRIGGER meeting_day_to_units ON meeting`);
    await db.query(`
      CREATE TRIGGER meeting_day_to_units AFTER UPDATE OF held_on, starts_at, convening_unit_id ON meeting
        FOR EACH ROW WHEN (OLD.held_on IS DISTINCT FROM NEW.held_on OR OLD.starts_at IS DISTINCT FROM NEW.starts_at
                           OR OLD.convening_unit_id IS DISTINCT FROM NEW.convening_unit_id)
        EXECUTE FUNCTION meeting_day_to_units()`);
    await db.query(`DROP INDEX meeting_unit_unit_day_idx`);
    await db.query(
      `CREATE INDEX meeting_unit_unit_day_idx ON meeting_unit (org_unit_id, held_on DESC, meeting_id)
         INCLUDE (starts_at, convening_unit_id)`,
    );
    await db.query(`DROP INDEX meeting_convener_idx`);
    await db.query(
      `CREATE INDEX meeting_convener_idx ON meeting (convening_unit_id, held_on DESC) INCLUDE (id, starts_at)`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX meeting_convener_idx`);
    await db.query(
      `CREATE INDEX meeting_convener_idx ON meeting (convening_unit_id, held_on DESC) INCLUDE (id)`,
    );
    await db.query(`DROP INDEX meeting_unit_unit_day_idx`);
    await db.query(
      `CREATE INDEX meeting_unit_unit_day_idx ON meeting_unit (org_unit_id, held_on DESC, meeting_id)`,
    );
    await db.query(`DROP TRIGGER meeting_day_to_units ON meeting`);
    await db.query(`
      CREATE TRIGGER meeting_day_to_units AFTER UPDATE OF held_on ON meeting
        FOR EACH ROW WHEN (OLD.held_on IS DISTINCT FROM NEW.held_on) EXECUTE FUNCTION meeting_day_to_units()`);
    await db.query(`
      CREATE OR REPLACE FUNCTION meeting_day_to_units() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE meeting_unit SET held_on = NEW.held_on WHERE meeting_id = NEW.id;
        RETURN NULL;
      END $$`);
    await db.query(`
      CREATE OR REPLACE FUNCTION meeting_unit_day() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        SELECT m.held_on INTO NEW.held_on FROM meeting m WHERE m.id = NEW.meeting_id;
        RETURN NEW;
      END $$`);
    await db.query(`ALTER TABLE meeting_unit DROP COLUMN starts_at, DROP COLUMN convening_unit_id`);
  }
}
