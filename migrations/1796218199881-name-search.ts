import { MigrationInterface, QueryRunner } from 'typeorm';
import { searchKey } from '../src/common/skeleton';

const TABLES = ['territory', 'org_unit', 'person'];
const BATCH = 5000;

/**
 * Names found across scripts and transliterations: every territory, unit and person gets a stored
 * `search_key`, the consonant skeleton of each of its names (src/common/skeleton.ts), trigram-indexed
 * like `search_text`, so that Ghalbzouri, Rhalbzouri and الغلبزوري meet in the index. The key is
 * computed from the search text already stored, in the app's code: a later change to the skeleton
 * rebuilds the keys in a migration of its own.
 *
 * Aliases of people and units (a short name, an exonym, a former spelling) are rows of `name_alias`,
 * each owned by exactly one person or unit, unique per owner; they are folded into the owner's search
 * text and key when recorded.
 */
export class NameSearch1796218199881 implements MigrationInterface {
  name = 'NameSearch1796218199881';

  async up(db: QueryRunner): Promise<void> {
    for (const table of TABLES) {
      await db.query(`ALTER TABLE ${table} ADD COLUMN search_key text`);
      for (let after = '00000000-0000-0000-0000-000000000000'; ;) {
        const rows = (await db.query(
          `SELECT id, search_text FROM ${table} WHERE id > $1 ORDER BY id LIMIT ${BATCH}`,
          [after],
        )) as { id: string; search_text: string }[];
        if (rows.length === 0) break;
        await db.query(
          `UPDATE ${table} t SET search_key = k.key
             FROM unnest($1::uuid[], $2::text[]) AS k(id, key) WHERE t.id = k.id`,
          [rows.map((r) => r.id), rows.map((r) => searchKey(r.search_text))],
        );
        after = rows[rows.length - 1].id;
      }
      await db.query(`ALTER TABLE ${table} ALTER COLUMN search_key SET NOT NULL`);
      await db.query(
        `ALTER TABLE ${table} ADD CONSTRAINT ${table}_search_key_bounded CHECK (char_length(search_key) <= 1000)`,
      );
      await db.query(`CREATE INDEX ${table}_search_key_idx ON ${table} USING gin (search_key gin_trgm_ops)`);
    }
    await db.query(`
      CREATE TABLE name_alias (
        id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        person_id   uuid REFERENCES person (id) ON DELETE CASCADE,
        org_unit_id uuid REFERENCES org_unit (id) ON DELETE CASCADE,
        name        text NOT NULL CONSTRAINT name_alias_name_length CHECK (char_length(name) BETWEEN 1 AND 200),
        created_at  timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT name_alias_one_owner CHECK (num_nonnulls(person_id, org_unit_id) = 1)
      )`);
    await db.query(
      `CREATE UNIQUE INDEX name_alias_person_key ON name_alias (person_id, name) WHERE person_id IS NOT NULL`,
    );
    await db.query(
      `CREATE UNIQUE INDEX name_alias_org_unit_key ON name_alias (org_unit_id, name) WHERE org_unit_id IS NOT NULL`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE name_alias`);
    for (const table of TABLES) {
      await db.query(`ALTER TABLE ${table} DROP COLUMN search_key`);
    }
  }
}
