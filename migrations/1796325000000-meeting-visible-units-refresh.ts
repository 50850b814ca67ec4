import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `meeting_visible_units_refresh` recomputes the sets of the meetings it is given. As first written,
 * its unit query compared each table's meeting column with an unqualified `id`, which SQL resolves to
 * the nearest table that has such a column: the meeting's own `id` (every meeting's convener was
 * taken) and the participation's `id` (no represented unit was). A meeting whose units, participants
 * or convener changed was then seen from the convener of any meeting. Every name is qualified here,
 * and every set is rebuilt from its rows, since any set refreshed before is wrong.
 */
export class MeetingVisibleUnitsRefresh1796325000000 implements MigrationInterface {
  name = 'MeetingVisibleUnitsRefresh1796325000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE OR REPLACE FUNCTION meeting_visible_units_refresh(meetings uuid[]) RETURNS void LANGUAGE sql AS $$
        UPDATE meeting m SET visible_unit_ids = s.units
          FROM (
            SELECT target.meeting_id, array_agg(DISTINCT units.unit ORDER BY units.unit) AS units
              FROM unnest(meeting_visible_units_refresh.meetings) AS target(meeting_id)
              CROSS JOIN LATERAL (
                SELECT me.convening_unit_id AS unit FROM meeting me WHERE me.id = target.meeting_id
                UNION ALL
                SELECT mu.org_unit_id FROM meeting_unit mu WHERE mu.meeting_id = target.meeting_id
                UNION ALL
                SELECT pa.represented_unit_id FROM participation pa
                 WHERE pa.meeting_id = target.meeting_id AND pa.represented_unit_id IS NOT NULL
              ) units
             GROUP BY target.meeting_id
          ) s
         WHERE m.id = s.meeting_id AND m.visible_unit_ids IS DISTINCT FROM s.units
      $$`);
    await db.query(`SELECT meeting_visible_units_rebuild()`);
  }

  async down(): Promise<void> {
    // The first form is the bug this migration mends: nothing to go back to.
  }
}
