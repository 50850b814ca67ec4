import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * History that is history: a unit's earlier places in the tree and names, and a person's earlier
 * names, each for the days it held. The row itself holds the current state from `current_since` (null:
 * since the beginning); each earlier state is a period ending the day before the next one began.
 * Periods of one unit (of one person) never overlap (exclusion constraints, as for mandates), and never
 * reach past the current state (a period ends before current_since: the service writes both at once).
 */
export class UnitAndPersonHistory1796218808901 implements MigrationInterface {
  name = 'UnitAndPersonHistory1796218808901';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE org_unit ADD COLUMN current_since date`);
    await db.query(`
      CREATE TABLE org_unit_period (
        id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        org_unit_id uuid NOT NULL REFERENCES org_unit (id),
        parent_id   uuid REFERENCES org_unit (id),
        name_ar     text NOT NULL,
        name_fr     text NOT NULL,
        valid_from  date,
        valid_until date NOT NULL,
        valid       daterange NOT NULL GENERATED ALWAYS AS (daterange(valid_from, valid_until, '[)')) STORED,
        CONSTRAINT org_unit_period_not_empty CHECK (valid_from IS NULL OR valid_from < valid_until),
        CONSTRAINT org_unit_period_no_overlap EXCLUDE USING gist (org_unit_id WITH =, valid WITH &&)
      )`);
    await db.query(`CREATE INDEX org_unit_period_parent_idx ON org_unit_period (parent_id)`);

    await db.query(`ALTER TABLE person ADD COLUMN name_since date`);
    await db.query(`
      CREATE TABLE person_name_period (
        id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        person_id       uuid NOT NULL REFERENCES person (id),
        full_name_ar    text,
        full_name_latin text,
        valid_from      date,
        valid_until     date NOT NULL,
        valid           daterange NOT NULL GENERATED ALWAYS AS (daterange(valid_from, valid_until, '[)')) STORED,
        CONSTRAINT person_name_period_not_empty CHECK (valid_from IS NULL OR valid_from < valid_until),
        CONSTRAINT person_name_period_has_a_name CHECK (full_name_ar IS NOT NULL OR full_name_latin IS NOT NULL),
        CONSTRAINT person_name_period_no_overlap EXCLUDE USING gist (person_id WITH =, valid WITH &&)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE person_name_period`);
    await db.query(`ALTER TABLE person DROP COLUMN name_since`);
    await db.query(`DROP TABLE org_unit_period`);
    await db.query(`ALTER TABLE org_unit DROP COLUMN current_since`);
  }
}
