import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Failed sign-ins counted in the database, so that every instance and every restart shares them and
 * an attempt is counted under a row lock before its password is checked (requests sent at once were
 * all checked when the count lived in each process's memory). One row per email (source ''), per
 * source address (email ''), and per email and source. Emails with no account are counted the same
 * way, so the answers do not tell which exist. The account columns meant for this were never used.
 */
export class LoginAttempts1795973200000 implements MigrationInterface {
  name = 'LoginAttempts1795973200000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE login_attempt (
        email    text NOT NULL,
        source   text NOT NULL,
        failures integer NOT NULL DEFAULT 0,
        next_at  timestamptz,
        last_at  timestamptz,
        PRIMARY KEY (email, source),
        CONSTRAINT login_attempt_keyed CHECK (email <> '' OR source <> '')
      )`);
    await db.query(`CREATE INDEX login_attempt_last_at_idx ON login_attempt (last_at)`);
    await db.query(`ALTER TABLE account DROP COLUMN failed_logins, DROP COLUMN locked_until`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE account ADD COLUMN failed_logins integer NOT NULL DEFAULT 0,
      ADD COLUMN locked_until timestamptz`);
    await db.query(`DROP TABLE login_attempt`);
  }
}
