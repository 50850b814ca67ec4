import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The meeting units of a unit, with their meetings' ids in the index: the meetings a subtree took part
 * in (a unit's meeting list and its count, a region's dashboard) are then read from the index alone,
 * one range per unit, where the index on the unit alone made the planner hash the whole table.
 * It replaces that index, whose every use it serves.
 */
export class MeetingUnitMeetingIds1796326000000 implements MigrationInterface {
  name = 'MeetingUnitMeetingIds1796326000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX meeting_unit_unit_meeting_idx ON meeting_unit (org_unit_id, meeting_id)`);
    await db.query(`DROP INDEX meeting_unit_unit_idx`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX meeting_unit_unit_idx ON meeting_unit (org_unit_id)`);
    await db.query(`DROP INDEX meeting_unit_unit_meeting_idx`);
  }
}
