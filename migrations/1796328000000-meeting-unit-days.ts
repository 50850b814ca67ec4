import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each meeting unit row carries its meeting's day, indexed after the unit: the meetings a unit took
 * part in within a window (a region's dashboard of a quarter) are then one range of the index per
 * unit. Without it, every meeting unit row of the units was joined with every meeting of the window
 * (the planner hashed them), which was most of such a dashboard's statement. The index also holds
 * the meeting's id, so it serves every use of the (unit, meeting) index it replaces.
 *
 * The day is the meeting's, kept by the database: filled in when a row is inserted (whoever writes
 * it, the API or an import), followed when the meeting's day changes.
 */
export class MeetingUnitDays1796328000000 implements MigrationInterface {
  name = 'MeetingUnitDays1796328000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE meeting_unit ADD COLUMN held_on date`);
    await db.query(
      `UPDATE meeting_unit mu SET held_on = m.held_on FROM meeting m WHERE m.id = mu.meeting_id`,
    );
    await db.query(`ALTER TABLE meeting_unit ALTER COLUMN held_on SET NOT NULL`);
    await db.query(`
      CREATE FUNCTION meeting_unit_day() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        SELECT m.held_on INTO NEW.held_on FROM meeting m WHERE m.id = NEW.meeting_id;
        RETURN NEW;
      END $$`);
    await db.query(`
      CREATE TRIGGER meeting_unit_day BEFORE INSERT OR UPDATE OF meeting_id ON meeting_unit
        FOR EACH ROW EXECUTE FUNCTION meeting_unit_day()`);
    await db.query(`
      CREATE FUNCTION meeting_day_to_units() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE meeting_unit SET held_on = NEW.held_on WHERE meeting_id = NEW.id;
        RETURN NULL;
      END $$`);
    await db.query(`
      CREATE TRIGGER meeting_day_to_units AFTER UPDATE OF held_on ON meeting
        FOR EACH ROW WHEN (OLD.held_on IS DISTINCT FROM NEW.held_on) EXECUTE FUNCTION meeting_day_to_units()`);
    await db.query(
      `CREATE INDEX meeting_unit_unit_day_idx ON meeting_unit (org_unit_id, held_on DESC, meeting_id)`,
    );
    await db.query(`DROP INDEX meeting_unit_unit_meeting_idx`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX meeting_unit_unit_meeting_idx ON meeting_unit (org_unit_id, meeting_id)`);
    await db.query(`DROP INDEX meeting_unit_unit_day_idx`);
    await db.query(`DROP TRIGGER meeting_day_to_units ON meeting`);
    await db.query(`DROP FUNCTION meeting_day_to_units()`);
    await db.query(`DROP TRIGGER meeting_unit_day ON meeting_unit`);
    await db.query(`DROP FUNCTION meeting_unit_day()`);
    await db.query(`ALTER TABLE meeting_unit DROP COLUMN held_on`);
  }
}
