import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A meeting's lists have a ceiling the database keeps, whoever writes: the cost limit on queries
 * counts a meeting's participants, outcomes, agenda, sources and units by these ceilings, so they
 * must hold for every row, not only for rows written through the API. Checked once per statement,
 * over the meetings the statement added to. The numbers match `MAX_*` in
 * src/meetings/dto/meeting.inputs.ts; changing one takes a new migration.
 */
const BOUNDS = [
  { table: 'participation', constraint: 'meeting_participants_max', max: 500 },
  { table: 'outcome', constraint: 'meeting_outcomes_max', max: 100 },
  { table: 'agenda_item', constraint: 'meeting_agenda_max', max: 100 },
  { table: 'meeting_source', constraint: 'meeting_sources_max', max: 20 },
  { table: 'meeting_unit', constraint: 'meeting_units_max', max: 100 },
];

export class MeetingListBounds1795972600000 implements MigrationInterface {
  name = 'MeetingListBounds1795972600000';

  async up(db: QueryRunner): Promise<void> {
    for (const { table, constraint, max } of BOUNDS) {
      await db.query(`
        CREATE FUNCTION ${constraint}() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE
          crowded uuid;
        BEGIN
          SELECT t.meeting_id INTO crowded
            FROM ${table} t
           WHERE t.meeting_id IN (SELECT DISTINCT meeting_id FROM added)
           GROUP BY t.meeting_id
          HAVING count(*) > ${max}
           LIMIT 1;
          IF crowded IS NOT NULL THEN
            RAISE EXCEPTION 'meeting % would hold more than ${max} rows of ${table}', crowded
              USING ERRCODE = 'check_violation', CONSTRAINT = '${constraint}';
          END IF;
          RETURN NULL;
        END $$`);
      await db.query(`
        CREATE TRIGGER ${constraint} AFTER INSERT ON ${table}
        REFERENCING NEW TABLE AS added
        FOR EACH STATEMENT EXECUTE FUNCTION ${constraint}()`);
    }
  }

  async down(db: QueryRunner): Promise<void> {
    for (const { table, constraint } of BOUNDS) {
      await db.query(`DROP TRIGGER ${constraint} ON ${table}`);
      await db.query(`DROP FUNCTION ${constraint}()`);
    }
  }
}
