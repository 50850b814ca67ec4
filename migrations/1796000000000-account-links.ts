import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Access that cannot outgrow the administrator who gave it.
 * - A person has at most one account.
 * - An account's grants from its person's posts stay inside the units its linking administrator
 *   administered (`mandate_grants_within`; contact data: `mandate_contacts_within`), until a higher
 *   administrator confirms the link. NULL = not limited (linked or confirmed nationally).
 * - A binding granted on the strength of a mandate ends with that mandate (`ends_with_mandate_id`),
 *   until a higher administrator confirms it.
 */
export class AccountLinks1796000000000 implements MigrationInterface {
  name = 'AccountLinks1796000000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      `CREATE UNIQUE INDEX account_person_key ON account (person_id) WHERE person_id IS NOT NULL`,
    );
    await db.query(
      `ALTER TABLE account ADD COLUMN mandate_grants_within uuid[], ADD COLUMN mandate_contacts_within uuid[]`,
    );
    await db.query(`ALTER TABLE access_binding ADD COLUMN ends_with_mandate_id uuid REFERENCES mandate (id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE access_binding DROP COLUMN ends_with_mandate_id`);
    await db.query(
      `ALTER TABLE account DROP COLUMN mandate_grants_within, DROP COLUMN mandate_contacts_within`,
    );
    await db.query(`DROP INDEX account_person_key`);
  }
}
