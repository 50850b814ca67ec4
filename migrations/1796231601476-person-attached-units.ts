import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Where a person is seen besides their home unit, kept on the person: `attached_unit_ids`, the units
 * of every post they held, of every meeting they took part in (its convening unit) and of every unit
 * they represented there. A scoped caller's people check is then one test on the row (the caller's
 * units against the array) instead of probes into mandates and participations per candidate, and a
 * GIN index answers it for a scoped list.
 *
 * Unit ids, not paths: moving a unit changes paths, never ids, so a move leaves the sets true.
 *
 * Kept by statement triggers: new mandates and participations add their units to their people's
 * sets; a change or a removal recomputes the sets of the people it touched. A set is written only
 * when it changed (a participant already seen in the convening unit costs no person update).
 * A bulk load with triggers switched off (session_replication_role) calls `person_attached_units_refresh`
 * afterwards.
 */
export class PersonAttachedUnits1796231601476 implements MigrationInterface {
  name = 'PersonAttachedUnits1796231601476';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE person ADD COLUMN attached_unit_ids uuid[] NOT NULL DEFAULT '{}'`);
    await db.query(`
      CREATE FUNCTION person_attached_units(person uuid) RETURNS uuid[] LANGUAGE sql STABLE AS $$
        SELECT coalesce(array_agg(DISTINCT unit ORDER BY unit), '{}') FROM (
          SELECT po.org_unit_id AS unit FROM mandate m JOIN position po ON po.id = m.position_id
           WHERE m.person_id = person
          UNION
          SELECT me.convening_unit_id FROM participation pa JOIN meeting me ON me.id = pa.meeting_id
           WHERE pa.person_id = person
          UNION
          SELECT pa.represented_unit_id FROM participation pa
           WHERE pa.person_id = person AND pa.represented_unit_id IS NOT NULL
        ) units
      $$`);
    // The write is skipped where nothing changed: no person update for a participant already seen there.
    await db.query(`
      CREATE FUNCTION person_attached_units_refresh(people uuid[]) RETURNS void LANGUAGE sql AS $$
        UPDATE person p SET attached_unit_ids = s.units
          FROM (SELECT id, person_attached_units(id) AS units FROM unnest(people) AS id) s
         WHERE p.id = s.id AND p.attached_unit_ids IS DISTINCT FROM s.units
      $$`);
    // Everyone's sets at once, set-wise (after a bulk load with the triggers switched off).
    await db.query(`
      CREATE FUNCTION person_attached_units_rebuild() RETURNS void LANGUAGE sql AS $$
        UPDATE person p SET attached_unit_ids = coalesce(s.units, '{}')
          FROM person q LEFT JOIN (
            SELECT person_id, array_agg(DISTINCT unit ORDER BY unit) AS units FROM (
              SELECT m.person_id, po.org_unit_id AS unit FROM mandate m JOIN position po ON po.id = m.position_id
              UNION ALL
              SELECT pa.person_id, me.convening_unit_id FROM participation pa JOIN meeting me ON me.id = pa.meeting_id
              UNION ALL
              SELECT pa.person_id, pa.represented_unit_id FROM participation pa WHERE pa.represented_unit_id IS NOT NULL
            ) attached WHERE person_id IS NOT NULL GROUP BY person_id
          ) s ON s.person_id = q.id
         WHERE p.id = q.id AND p.attached_unit_ids IS DISTINCT FROM coalesce(s.units, '{}')
      $$`);
    // New rows only add units: added set-wise, no one's set recomputed, and no person written whose
    // set holds them already (recording a meeting of the usual participants writes no person).
    const addUnits = (pairs: string) => `
        UPDATE person p SET attached_unit_ids = ARRAY(SELECT DISTINCT u FROM unnest(p.attached_unit_ids || a.units) u ORDER BY u)
          FROM (SELECT person, array_agg(DISTINCT unit) AS units FROM (${pairs}) pairs
                 WHERE person IS NOT NULL AND unit IS NOT NULL GROUP BY person) a
         WHERE p.id = a.person AND NOT p.attached_unit_ids @> a.units;`;
    const trigger = async (
      table: string,
      event: 'INSERT' | 'UPDATE' | 'DELETE',
      people: string,
      added?: string,
    ) => {
      const name = `${table}_attach_${event.toLowerCase()}`;
      const transitions = {
        INSERT: 'NEW TABLE AS new_rows',
        DELETE: 'OLD TABLE AS old_rows',
        UPDATE: 'OLD TABLE AS old_rows NEW TABLE AS new_rows',
      }[event];
      await db.query(`
        CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        ${added ? addUnits(added) : `PERFORM person_attached_units_refresh(ARRAY(${people}));`}
        RETURN NULL;
      END $$`);
      await db.query(`CREATE TRIGGER ${name} AFTER ${event} ON ${table} REFERENCING ${transitions}
        FOR EACH STATEMENT EXECUTE FUNCTION ${name}()`);
    };
    const changed = (columns: string[]) =>
      `FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE ${columns.map((c) => `o.${c} IS DISTINCT FROM n.${c}`).join(' OR ')}`;
    // Each new row's person and the units it attaches them to.
    const added: Record<string, string> = {
      mandate: `SELECT n.person_id AS person, po.org_unit_id AS unit FROM new_rows n JOIN position po ON po.id = n.position_id`,
      participation: `SELECT n.person_id AS person, me.convening_unit_id AS unit FROM new_rows n JOIN meeting me ON me.id = n.meeting_id
                      UNION ALL SELECT n.person_id, n.represented_unit_id FROM new_rows n`,
    };
    for (const table of ['mandate', 'participation']) {
      const columns =
        table === 'mandate'
          ? ['person_id', 'position_id']
          : ['person_id', 'represented_unit_id', 'meeting_id'];
      await trigger(table, 'INSERT', '', added[table]);
      await trigger(table, 'DELETE', `SELECT DISTINCT person_id FROM old_rows WHERE person_id IS NOT NULL`);
      await trigger(
        table,
        'UPDATE',
        `SELECT o.person_id ${changed(columns)} UNION SELECT n.person_id ${changed(columns)}`,
      );
    }
    // A post or a meeting that changes unit changes the sets of its holders or participants.
    await trigger(
      'position',
      'UPDATE',
      `SELECT m.person_id FROM old_rows o JOIN new_rows n ON n.id = o.id JOIN mandate m ON m.position_id = n.id
        WHERE o.org_unit_id IS DISTINCT FROM n.org_unit_id`,
    );
    await trigger(
      'meeting',
      'UPDATE',
      `SELECT pa.person_id FROM old_rows o JOIN new_rows n ON n.id = o.id JOIN participation pa ON pa.meeting_id = n.id
        WHERE o.convening_unit_id IS DISTINCT FROM n.convening_unit_id AND pa.person_id IS NOT NULL`,
    );
    await db.query(`SELECT person_attached_units_rebuild()`);
    await db.query(`CREATE INDEX person_attached_units_idx ON person USING gin (attached_unit_ids)`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const [table, event] of [
      ['mandate', 'insert'],
      ['mandate', 'delete'],
      ['mandate', 'update'],
      ['participation', 'insert'],
      ['participation', 'delete'],
      ['participation', 'update'],
      ['position', 'update'],
      ['meeting', 'update'],
    ]) {
      await db.query(`DROP TRIGGER ${table}_attach_${event} ON ${table}`);
      await db.query(`DROP FUNCTION ${table}_attach_${event}()`);
    }
    await db.query(`DROP FUNCTION person_attached_units_rebuild()`);
    await db.query(`DROP FUNCTION person_attached_units_refresh(uuid[])`);
    await db.query(`DROP FUNCTION person_attached_units(uuid)`);
    await db.query(`ALTER TABLE person DROP COLUMN attached_unit_ids`);
  }
}
