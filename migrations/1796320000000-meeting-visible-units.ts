import { MigrationInterface, QueryRunner } from 'typeorm';

/** A meeting's units, computed from its rows: the convener, the units that took part, the units represented. */
const UNITS_OF = (meeting: string) => `
  SELECT coalesce(array_agg(DISTINCT unit ORDER BY unit), '{}') FROM (
    SELECT me.convening_unit_id AS unit FROM meeting me WHERE me.id = ${meeting}
    UNION ALL
    SELECT mu.org_unit_id FROM meeting_unit mu WHERE mu.meeting_id = ${meeting}
    UNION ALL
    SELECT pa.represented_unit_id FROM participation pa
     WHERE pa.meeting_id = ${meeting} AND pa.represented_unit_id IS NOT NULL
  ) units`;

/**
 * Where a meeting is seen from, kept on the meeting: `visible_unit_ids`, its convening unit, every unit
 * that coordinated, was invited to or attended it (meeting_unit), and every unit a participant
 * represented there. A scoped caller's meeting check is then one test on the row (the caller's units
 * against the array) instead of three probes per candidate into org_unit, meeting_unit and
 * participation (which has no index on the represented unit), and a GIN index answers it for a
 * scoped list.
 *
 * Unit ids, not paths: moving a unit changes paths, never ids, so a move leaves the sets true.
 *
 * Kept by triggers: a new meeting starts with its convener (set before the row is written, so a new
 * meeting is not written twice); new meeting units and participations add their units to their
 * meetings' sets, written only where missing (a participant representing a unit already there costs
 * no meeting update); a change or a removal recomputes the sets of the meetings it touched; a meeting
 * whose convener changes is recomputed. A bulk load with triggers switched off
 * (session_replication_role) calls `meeting_visible_units_rebuild()` afterwards.
 */
export class MeetingVisibleUnits1796320000000 implements MigrationInterface {
  name = 'MeetingVisibleUnits1796320000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE meeting ADD COLUMN visible_unit_ids uuid[] NOT NULL DEFAULT '{}'`);
    await db.query(`
      CREATE FUNCTION meeting_visible_units_refresh(meetings uuid[]) RETURNS void LANGUAGE sql AS $$
        UPDATE meeting m SET visible_unit_ids = s.units
          FROM (SELECT id, (${UNITS_OF('id')}) AS units FROM unnest(meetings) AS id) s
         WHERE m.id = s.id AND m.visible_unit_ids IS DISTINCT FROM s.units
      $$`);
    // Every meeting's set at once, set-wise (after a bulk load with the triggers switched off).
    await db.query(`
      CREATE FUNCTION meeting_visible_units_rebuild() RETURNS void LANGUAGE sql AS $$
        UPDATE meeting m SET visible_unit_ids = s.units
          FROM (
            SELECT meeting_id, array_agg(DISTINCT unit ORDER BY unit) AS units FROM (
              SELECT id AS meeting_id, convening_unit_id AS unit FROM meeting
              UNION ALL
              SELECT meeting_id, org_unit_id FROM meeting_unit
              UNION ALL
              SELECT meeting_id, represented_unit_id FROM participation WHERE represented_unit_id IS NOT NULL
            ) units GROUP BY meeting_id
          ) s
         WHERE m.id = s.meeting_id AND m.visible_unit_ids IS DISTINCT FROM s.units
      $$`);
    // A row trigger before the write: the set is right in the row as first written.
    await db.query(`
      CREATE FUNCTION meeting_visible_units_insert() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.visible_unit_ids := ARRAY(SELECT DISTINCT u FROM unnest(NEW.visible_unit_ids || NEW.convening_unit_id) u ORDER BY u);
        RETURN NEW;
      END $$`);
    await db.query(`
      CREATE TRIGGER meeting_visible_units_insert BEFORE INSERT ON meeting
        FOR EACH ROW EXECUTE FUNCTION meeting_visible_units_insert()`);
    // A row trigger: a statement trigger with transition tables cannot name columns, and most updates
    // of a meeting (its version, its status, its set here) leave its convener as it was.
    await db.query(`
      CREATE FUNCTION meeting_visible_units_convener() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM meeting_visible_units_refresh(ARRAY[NEW.id]);
        RETURN NULL;
      END $$`);
    await db.query(`
      CREATE TRIGGER meeting_visible_units_convener AFTER UPDATE OF convening_unit_id ON meeting
        FOR EACH ROW WHEN (OLD.convening_unit_id IS DISTINCT FROM NEW.convening_unit_id)
        EXECUTE FUNCTION meeting_visible_units_convener()`);

    // New rows only add units: added set-wise, no set recomputed, no meeting written that holds them already.
    const addUnits = (pairs: string) => `
        UPDATE meeting m SET visible_unit_ids = ARRAY(SELECT DISTINCT u FROM unnest(m.visible_unit_ids || a.units) u ORDER BY u)
          FROM (SELECT meeting, array_agg(DISTINCT unit) AS units FROM (${pairs}) pairs
                 WHERE unit IS NOT NULL GROUP BY meeting) a
         WHERE m.id = a.meeting AND NOT m.visible_unit_ids @> a.units;`;
    const changed = (columns: string[]) =>
      `FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE ${columns.map((c) => `o.${c} IS DISTINCT FROM n.${c}`).join(' OR ')}`;
    const trigger = async (table: string, event: 'INSERT' | 'UPDATE' | 'DELETE', body: string) => {
      const name = `${table}_visible_units_${event.toLowerCase()}`;
      const transitions = {
        INSERT: 'NEW TABLE AS new_rows',
        DELETE: 'OLD TABLE AS old_rows',
        UPDATE: 'OLD TABLE AS old_rows NEW TABLE AS new_rows',
      }[event];
      await db.query(`
        CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        ${body}
        RETURN NULL;
      END $$`);
      await db.query(`CREATE TRIGGER ${name} AFTER ${event} ON ${table} REFERENCING ${transitions}
        FOR EACH STATEMENT EXECUTE FUNCTION ${name}()`);
    };
    const refresh = (meetings: string) => `PERFORM meeting_visible_units_refresh(ARRAY(${meetings}));`;

    // meeting_unit has no id to pair old and new rows by: an update recomputes every meeting on either side.
    await trigger(
      'meeting_unit',
      'INSERT',
      addUnits(`SELECT meeting_id AS meeting, org_unit_id AS unit FROM new_rows`),
    );
    await trigger('meeting_unit', 'DELETE', refresh(`SELECT DISTINCT meeting_id FROM old_rows`));
    await trigger(
      'meeting_unit',
      'UPDATE',
      refresh(`SELECT meeting_id FROM old_rows UNION SELECT meeting_id FROM new_rows`),
    );

    const columns = ['meeting_id', 'represented_unit_id'];
    await trigger(
      'participation',
      'INSERT',
      addUnits(`SELECT meeting_id AS meeting, represented_unit_id AS unit FROM new_rows`),
    );
    await trigger(
      'participation',
      'DELETE',
      refresh(`SELECT DISTINCT meeting_id FROM old_rows WHERE represented_unit_id IS NOT NULL`),
    );
    await trigger(
      'participation',
      'UPDATE',
      refresh(`SELECT o.meeting_id ${changed(columns)} UNION SELECT n.meeting_id ${changed(columns)}`),
    );

    await db.query(`SELECT meeting_visible_units_rebuild()`);
    await db.query(`CREATE INDEX meeting_visible_units_idx ON meeting USING gin (visible_unit_ids)`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const [table, event] of [
      ['meeting_unit', 'insert'],
      ['meeting_unit', 'delete'],
      ['meeting_unit', 'update'],
      ['participation', 'insert'],
      ['participation', 'delete'],
      ['participation', 'update'],
    ]) {
      await db.query(`DROP TRIGGER ${table}_visible_units_${event} ON ${table}`);
      await db.query(`DROP FUNCTION ${table}_visible_units_${event}()`);
    }
    await db.query(`DROP TRIGGER meeting_visible_units_convener ON meeting`);
    await db.query(`DROP FUNCTION meeting_visible_units_convener()`);
    await db.query(`DROP TRIGGER meeting_visible_units_insert ON meeting`);
    await db.query(`DROP FUNCTION meeting_visible_units_insert()`);
    await db.query(`DROP FUNCTION meeting_visible_units_rebuild()`);
    await db.query(`DROP FUNCTION meeting_visible_units_refresh(uuid[])`);
    await db.query(`ALTER TABLE meeting DROP COLUMN visible_unit_ids`);
  }
}
