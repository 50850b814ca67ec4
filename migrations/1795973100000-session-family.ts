import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sessions renewed from one sign-in form a family: replaying a refresh token that was already traded
 * (someone else holds a copy) ends every session of its family, so the thief's copy and the owner's
 * both stop working. A session that exists already starts its own family.
 */
export class SessionFamily1795973100000 implements MigrationInterface {
  name = 'SessionFamily1795973100000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE session ADD COLUMN family_id uuid`);
    await db.query(`UPDATE session SET family_id = id`);
    await db.query(`ALTER TABLE session ALTER COLUMN family_id SET NOT NULL`);
    await db.query(`CREATE INDEX session_family_idx ON session (family_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX session_family_idx`);
    await db.query(`ALTER TABLE session DROP COLUMN family_id`);
  }
}
