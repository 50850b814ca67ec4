import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The units a held meeting of a series reached (the coverage rule of meeting-series.queries.ts): its
 * convener, the units INVITED to or ATTENDING it, and the units a participant represented there
 * without being ABSENT or EXCUSED. `meetings`: a SQL array of meeting ids; `null`: every meeting.
 */
const REACH_OF = (meetings: string | null) => {
  const which = meetings == null ? '' : `AND m.id = ANY(${meetings})`;
  return `
    SELECT m.series_id, m.convening_unit_id AS org_unit_id, m.id AS meeting_id FROM meeting m
     WHERE m.series_id IS NOT NULL AND m.status = 'HELD' ${which}
    UNION
    SELECT m.series_id, mu.org_unit_id, m.id FROM meeting m JOIN meeting_unit mu ON mu.meeting_id = m.id
     WHERE m.series_id IS NOT NULL AND m.status = 'HELD' AND mu.role IN ('INVITED', 'ATTENDING') ${which}
    UNION
    SELECT m.series_id, p.represented_unit_id, m.id FROM meeting m JOIN participation p ON p.meeting_id = m.id
     WHERE m.series_id IS NOT NULL AND m.status = 'HELD' AND p.represented_unit_id IS NOT NULL
       AND p.attendance IS DISTINCT FROM 'ABSENT' AND p.attendance IS DISTINCT FROM 'EXCUSED' ${which}`;
};

/**
 * A series' reached units, kept as rows instead of worked out from its meetings, their units and
 * their participations on every read: a national series' coverage read thousands of meetings and
 * their participants each time. One row per (series, unit, meeting) that reached it, rather than a
 * count per (series, unit): each row belongs to one meeting, so writers of different meetings never
 * wait on the same row (a shared counter would serialise every meeting of a series reaching a unit,
 * and deadlock writers taking their units in different orders), and a meeting's rows are recomputed
 * from what it is now, so a refresh is right whatever was there before.
 *
 * Kept by triggers that recompute the rows of the meetings a statement touched: a meeting inserted,
 * deleted, or whose status, series or convener changed; meeting units and participations inserted,
 * deleted or changed. The refresh first locks those meetings (in id order) and reads them afresh, so
 * that two transactions changing one meeting's rows (two participants marked absent at once) cannot
 * each keep a unit the other's change was the last reason for. `FOR NO KEY UPDATE`: writers of child
 * rows already hold the meeting's key-share lock (their foreign key), which it does not wait on.
 *
 * A bulk load with triggers switched off (session_replication_role) calls
 * `meeting_series_reach_rebuild()` afterwards.
 */
export class MeetingSeriesReach1796324000000 implements MigrationInterface {
  name = 'MeetingSeriesReach1796324000000';

  async up(db: QueryRunner): Promise<void> {
    // Derived rows, no foreign keys: a meeting's rows go with it (the meeting trigger), and a unit or a
    // series that has rows is still named by that meeting, so neither can be deleted first.
    await db.query(`
      CREATE TABLE meeting_series_reach (
        series_id   uuid NOT NULL,
        org_unit_id uuid NOT NULL,
        meeting_id  uuid NOT NULL,
        PRIMARY KEY (series_id, org_unit_id, meeting_id)
      )`);
    await db.query(`CREATE INDEX meeting_series_reach_meeting_idx ON meeting_series_reach (meeting_id)`);

    await db.query(`
      CREATE FUNCTION meeting_series_reach_refresh(meetings uuid[]) RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        IF coalesce(cardinality(meetings), 0) = 0 THEN RETURN; END IF;
        PERFORM 1 FROM meeting m WHERE m.id = ANY(meetings) ORDER BY m.id FOR NO KEY UPDATE;
        WITH fresh AS MATERIALIZED (${REACH_OF('meetings')}),
        gone AS (
          DELETE FROM meeting_series_reach r
           WHERE r.meeting_id = ANY(meetings)
             AND NOT EXISTS (SELECT 1 FROM fresh f WHERE f.meeting_id = r.meeting_id
                               AND f.series_id = r.series_id AND f.org_unit_id = r.org_unit_id))
        INSERT INTO meeting_series_reach (series_id, org_unit_id, meeting_id)
          SELECT series_id, org_unit_id, meeting_id FROM fresh ORDER BY series_id, org_unit_id, meeting_id
          ON CONFLICT DO NOTHING;
      END $$`);
    // Every series' rows at once, set-wise (after a bulk load with the triggers switched off).
    await db.query(`
      CREATE FUNCTION meeting_series_reach_rebuild() RETURNS void LANGUAGE sql AS $$
        DELETE FROM meeting_series_reach;
        INSERT INTO meeting_series_reach (series_id, org_unit_id, meeting_id) ${REACH_OF(null)};
      $$`);

    const trigger = async (
      table: string,
      event: 'INSERT' | 'UPDATE' | 'DELETE',
      meetings: string,
    ): Promise<void> => {
      const name = `${table}_series_reach_${event.toLowerCase()}`;
      const transitions = {
        INSERT: 'NEW TABLE AS new_rows',
        DELETE: 'OLD TABLE AS old_rows',
        UPDATE: 'OLD TABLE AS old_rows NEW TABLE AS new_rows',
      }[event];
      await db.query(`
        CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          PERFORM meeting_series_reach_refresh(ARRAY(${meetings}));
          RETURN NULL;
        END $$`);
      await db.query(`CREATE TRIGGER ${name} AFTER ${event} ON ${table} REFERENCING ${transitions}
        FOR EACH STATEMENT EXECUTE FUNCTION ${name}()`);
    };
    const changed = (columns: string[]) =>
      `FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE (${columns.map((c) => `o.${c} IS DISTINCT FROM n.${c}`).join(' OR ')})`;

    // Meetings: only a held meeting of a series reaches anything; an update matters when it changes
    // whether or where it counts, or its convener.
    await trigger(
      'meeting',
      'INSERT',
      `SELECT id FROM new_rows WHERE series_id IS NOT NULL AND status = 'HELD'`,
    );
    await trigger('meeting', 'DELETE', `SELECT id FROM old_rows WHERE series_id IS NOT NULL`);
    await trigger(
      'meeting',
      'UPDATE',
      `SELECT o.id ${changed(['status', 'series_id', 'convening_unit_id'])} AND (o.series_id IS NOT NULL OR n.series_id IS NOT NULL)`,
    );

    // meeting_unit has no id to pair old and new rows by: an update refreshes every meeting on either side.
    const reaches = `role IN ('INVITED', 'ATTENDING')`;
    await trigger('meeting_unit', 'INSERT', `SELECT DISTINCT meeting_id FROM new_rows WHERE ${reaches}`);
    await trigger('meeting_unit', 'DELETE', `SELECT DISTINCT meeting_id FROM old_rows WHERE ${reaches}`);
    await trigger(
      'meeting_unit',
      'UPDATE',
      `SELECT meeting_id FROM old_rows UNION SELECT meeting_id FROM new_rows`,
    );

    const represents = `represented_unit_id IS NOT NULL`;
    await trigger('participation', 'INSERT', `SELECT DISTINCT meeting_id FROM new_rows WHERE ${represents}`);
    await trigger('participation', 'DELETE', `SELECT DISTINCT meeting_id FROM old_rows WHERE ${represents}`);
    const columns = ['meeting_id', 'represented_unit_id', 'attendance'];
    await trigger(
      'participation',
      'UPDATE',
      `SELECT o.meeting_id ${changed(columns)} UNION SELECT n.meeting_id ${changed(columns)}`,
    );

    await db.query(`SELECT meeting_series_reach_rebuild()`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['meeting', 'meeting_unit', 'participation']) {
      for (const event of ['insert', 'delete', 'update']) {
        await db.query(`DROP TRIGGER ${table}_series_reach_${event} ON ${table}`);
        await db.query(`DROP FUNCTION ${table}_series_reach_${event}()`);
      }
    }
    await db.query(`DROP FUNCTION meeting_series_reach_rebuild()`);
    await db.query(`DROP FUNCTION meeting_series_reach_refresh(uuid[])`);
    await db.query(`DROP TABLE meeting_series_reach`);
  }
}
