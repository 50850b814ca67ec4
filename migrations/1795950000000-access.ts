import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Access that follows the org chart: accounts, sessions, API tokens, explicit access bindings on a
 * unit subtree, the access level each role of the catalogue carries, contact data on people, the
 * append-only audit trail and idempotency keys.
 */
export class Access1795950000000 implements MigrationInterface {
  name = 'Access1795950000000';

  async up(db: QueryRunner): Promise<void> {
    // What holding a post lets one do on the unit's subtree, for exactly the term.
    await db.query(`ALTER TABLE role ADD COLUMN access_level text
      CONSTRAINT role_access_level_check CHECK (access_level IN ('ADMIN', 'EDITOR', 'VIEWER'))`);
    await db.query(`ALTER TABLE role ADD COLUMN sees_contacts boolean NOT NULL DEFAULT false`);
    await db.query(`UPDATE role SET access_level = CASE code
        WHEN 'SECRETARY_GENERAL' THEN 'ADMIN' WHEN 'DEPUTY_SECRETARY_GENERAL' THEN 'ADMIN'
        WHEN 'COORDINATOR' THEN 'EDITOR' ELSE 'VIEWER' END,
      sees_contacts = code IN ('SECRETARY_GENERAL', 'DEPUTY_SECRETARY_GENERAL')`);

    await db.query(
      `ALTER TABLE person ADD COLUMN phone text, ADD COLUMN email text, ADD COLUMN address text`,
    );

    await db.query(`
      CREATE TABLE account (
        id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email         text NOT NULL,
        password_hash text NOT NULL,
        person_id     uuid REFERENCES person (id),
        disabled_at   timestamptz,
        failed_logins integer NOT NULL DEFAULT 0,
        locked_until  timestamptz,
        version       integer NOT NULL DEFAULT 1,
        created_at    timestamptz NOT NULL DEFAULT now(),
        updated_at    timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT account_email_lower CHECK (email = lower(email))
      )`);
    await db.query(`CREATE UNIQUE INDEX account_email_key ON account (email)`);

    await db.query(`
      CREATE TABLE session (
        id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        account_id   uuid NOT NULL REFERENCES account (id),
        refresh_hash text NOT NULL CONSTRAINT session_refresh_hash_key UNIQUE,
        expires_at   timestamptz NOT NULL,
        revoked_at   timestamptz,
        created_at   timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX session_account_idx ON session (account_id)`);

    // org_unit_id NULL = the whole registry (only a national administrator has that).
    await db.query(`
      CREATE TABLE access_binding (
        id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        account_id       uuid NOT NULL REFERENCES account (id),
        org_unit_id      uuid REFERENCES org_unit (id),
        level            text NOT NULL CONSTRAINT access_binding_level_check CHECK (level IN ('ADMIN', 'EDITOR', 'VIEWER')),
        sees_contacts    boolean NOT NULL DEFAULT false,
        valid_from       date NOT NULL,
        valid_until      date,
        granted_by       uuid REFERENCES account (id),
        revoked_at       timestamptz,
        created_at       timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT access_binding_period CHECK (valid_until IS NULL OR valid_until >= valid_from)
      )`);
    await db.query(`CREATE INDEX access_binding_account_idx ON access_binding (account_id)`);

    await db.query(`
      CREATE TABLE api_token (
        id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name         text NOT NULL,
        token_hash   text NOT NULL CONSTRAINT api_token_hash_key UNIQUE,
        org_unit_id  uuid NOT NULL REFERENCES org_unit (id),
        read_only    boolean NOT NULL,
        expires_at   timestamptz NOT NULL,
        revoked_at   timestamptz,
        last_used_at timestamptz,
        created_by   uuid NOT NULL REFERENCES account (id),
        created_at   timestamptz NOT NULL DEFAULT now()
      )`);

    await db.query(`
      CREATE TABLE audit_event (
        id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        at               timestamptz NOT NULL DEFAULT now(),
        request_id       text NOT NULL,
        actor_account_id uuid,
        actor_token_id   uuid,
        action           text NOT NULL,
        entity_type      text NOT NULL,
        entity_id        uuid,
        unit_path        ltree,
        before           jsonb,
        after            jsonb
      )`);
    await db.query(`CREATE INDEX audit_event_at_idx ON audit_event (at DESC, id DESC)`);
    await db.query(`CREATE INDEX audit_event_entity_idx ON audit_event (entity_id)`);
    await db.query(`CREATE INDEX audit_event_path_idx ON audit_event USING gist (unit_path)`);
    // Append-only, whoever connects: changing or removing history fails.
    await db.query(`
      CREATE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'the audit trail is append-only' USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await db.query(`
      CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event
      FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()`);
    await db.query(`
      CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
      FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only()`);

    await db.query(`
      CREATE TABLE idempotency_key (
        actor        text NOT NULL,
        action       text NOT NULL,
        key          text NOT NULL,
        payload_hash text NOT NULL,
        result_id    uuid,
        created_at   timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (actor, action, key)
      )`);

    await db.query(`CREATE TABLE server_secret (name text PRIMARY KEY, value text NOT NULL)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE server_secret`);
    await db.query(`DROP TABLE idempotency_key`);
    await db.query(`DROP TABLE audit_event`);
    await db.query(`DROP FUNCTION audit_event_append_only()`);
    await db.query(`DROP TABLE api_token`);
    await db.query(`DROP TABLE access_binding`);
    await db.query(`DROP TABLE session`);
    await db.query(`DROP TABLE account`);
    await db.query(`ALTER TABLE person DROP COLUMN phone, DROP COLUMN email, DROP COLUMN address`);
    await db.query(`ALTER TABLE role DROP COLUMN sees_contacts, DROP COLUMN access_level`);
  }
}
