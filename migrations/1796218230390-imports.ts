import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Imports of a party's existing lists (units, people, mandates, meetings from CSV or XLSX):
 * - `import_batch`: one row per committed import, with its counts; its one audit event points at it;
 * - `import_row`: which row of the file created or changed which registry row, so each change an
 *   import made is traceable from its audit event;
 * - `import_key`: the identifiers a party's own spreadsheets use (an external person id, a meeting
 *   reference) mapped to registry rows, so importing the same file again finds the same rows;
 * - `person.birth_year`: what tells two members with the same name apart when looking for likely
 *   duplicates (an import flags them, it never merges them).
 */
export class Imports1796218230390 implements MigrationInterface {
  name = 'Imports1796218230390';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE person ADD COLUMN birth_year smallint
      CONSTRAINT person_birth_year_range CHECK (birth_year BETWEEN 1900 AND 2100)`);
    await db.query(`
      CREATE TABLE import_batch (
        id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind             text NOT NULL CONSTRAINT import_batch_kind_check
                           CHECK (kind IN ('units', 'people', 'mandates', 'meetings')),
        file_name        text,
        file_sha256      text NOT NULL,
        unit_id          uuid REFERENCES org_unit (id),
        actor_account_id uuid REFERENCES account (id),
        counts           jsonb NOT NULL,
        created_at       timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE import_row (
        import_id   uuid NOT NULL REFERENCES import_batch (id) ON DELETE CASCADE,
        row_number  integer NOT NULL,
        entity_type text NOT NULL,
        entity_id   uuid NOT NULL,
        action      text NOT NULL CONSTRAINT import_row_action_check CHECK (action IN ('CREATED', 'UPDATED')),
        PRIMARY KEY (import_id, row_number, entity_type, entity_id)
      )`);
    await db.query(`CREATE INDEX import_row_entity_idx ON import_row (entity_id)`);
    await db.query(`
      CREATE TABLE import_key (
        kind      text NOT NULL CONSTRAINT import_key_kind_check CHECK (kind IN ('PERSON', 'MEETING')),
        key       text NOT NULL,
        entity_id uuid NOT NULL,
        PRIMARY KEY (kind, key)
      )`);
    await db.query(`CREATE INDEX import_key_entity_idx ON import_key (entity_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE import_key`);
    await db.query(`DROP TABLE import_row`);
    await db.query(`DROP TABLE import_batch`);
    await db.query(`ALTER TABLE person DROP COLUMN birth_year`);
  }
}
