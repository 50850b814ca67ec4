import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The registry's core: territories, org units, the role catalogue, positions, people and mandates.
 * Rules that must hold under concurrent writes live here, not only in services:
 * - trees keep `parent_id` plus an `ltree` path maintained by triggers (labels are the row's uuid hex);
 * - an org unit sits exactly one level below its parent (depth = level), so roots are national;
 * - a mandate occupies one seat of its post for a date range; an exclusion constraint forbids two
 *   overlapping mandates on the same seat, and a trigger keeps the seat within the post's seat count.
 */
export class CoreRegistry1795942600000 implements MigrationInterface {
  name = 'CoreRegistry1795942600000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE EXTENSION IF NOT EXISTS ltree`);
    await db.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await db.query(`CREATE EXTENSION IF NOT EXISTS btree_gist`);

    // The path label of a row: its uuid without dashes (ltree labels on PostgreSQL 15 are [A-Za-z0-9_]).
    await db.query(`
      CREATE FUNCTION tree_label(id uuid) RETURNS ltree LANGUAGE sql IMMUTABLE PARALLEL SAFE
      AS $$ SELECT text2ltree(replace(id::text, '-', '')) $$`);

    // ── territories ────────────────────────────────────────────────────────────────────────────────
    await db.query(`
      CREATE TABLE territory (
        id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code        text NOT NULL CONSTRAINT territory_code_key UNIQUE,
        iso_code    text CONSTRAINT territory_iso_code_key UNIQUE,
        hcp_code    text CONSTRAINT territory_hcp_code_key UNIQUE,
        kind        text NOT NULL CONSTRAINT territory_kind_check
                      CHECK (kind IN ('COUNTRY', 'REGION', 'PREFECTURE', 'PROVINCE', 'COMMUNE', 'ARRONDISSEMENT')),
        parent_id   uuid REFERENCES territory (id),
        path        ltree NOT NULL,
        name_ar     text NOT NULL,
        name_fr     text NOT NULL,
        aliases     text[] NOT NULL DEFAULT '{}',
        search_text text NOT NULL,
        CONSTRAINT territory_root_is_country CHECK ((parent_id IS NULL) = (kind = 'COUNTRY'))
      )`);
    await db.query(`CREATE INDEX territory_path_idx ON territory USING gist (path)`);
    await db.query(`CREATE INDEX territory_parent_idx ON territory (parent_id)`);
    await db.query(`CREATE INDEX territory_search_idx ON territory USING gin (search_text gin_trgm_ops)`);
    await db.query(`
      CREATE FUNCTION territory_set_path() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE parent territory%ROWTYPE;
      BEGIN
        IF NEW.parent_id IS NULL THEN
          NEW.path := tree_label(NEW.id);
          RETURN NEW;
        END IF;
        SELECT * INTO parent FROM territory WHERE id = NEW.parent_id;
        IF NOT (   (parent.kind = 'COUNTRY' AND NEW.kind = 'REGION')
                OR (parent.kind = 'REGION' AND NEW.kind IN ('PREFECTURE', 'PROVINCE'))
                OR (parent.kind IN ('PREFECTURE', 'PROVINCE') AND NEW.kind = 'COMMUNE')
                OR (parent.kind = 'COMMUNE' AND NEW.kind = 'ARRONDISSEMENT')) THEN
          RAISE EXCEPTION 'a % cannot be part of a %', NEW.kind, parent.kind
            USING ERRCODE = 'check_violation', CONSTRAINT = 'territory_kind_fits_parent';
        END IF;
        NEW.path := parent.path || tree_label(NEW.id);
        RETURN NEW;
      END $$`);
    await db.query(`
      CREATE TRIGGER territory_set_path BEFORE INSERT OR UPDATE OF parent_id ON territory
      FOR EACH ROW EXECUTE FUNCTION territory_set_path()`);

    // ── org units ──────────────────────────────────────────────────────────────────────────────────
    await db.query(`
      CREATE TABLE org_unit (
        id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code         text NOT NULL CONSTRAINT org_unit_code_key UNIQUE,
        level        text NOT NULL CONSTRAINT org_unit_level_check
                       CHECK (level IN ('NATIONAL', 'REGIONAL', 'PROVINCIAL', 'LOCAL')),
        parent_id    uuid REFERENCES org_unit (id),
        path         ltree NOT NULL,
        name_ar      text NOT NULL,
        name_fr      text NOT NULL,
        territory_id uuid REFERENCES territory (id),
        founded_on   date,
        dissolved_on date,
        search_text  text NOT NULL,
        version      integer NOT NULL DEFAULT 1,
        created_at   timestamptz NOT NULL DEFAULT now(),
        updated_at   timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT org_unit_level_fits_depth CHECK (nlevel(path) = CASE level
          WHEN 'NATIONAL' THEN 1 WHEN 'REGIONAL' THEN 2 WHEN 'PROVINCIAL' THEN 3 ELSE 4 END),
        CONSTRAINT org_unit_dissolved_after_founded
          CHECK (dissolved_on IS NULL OR founded_on IS NULL OR dissolved_on >= founded_on)
      )`);
    await db.query(`CREATE INDEX org_unit_path_idx ON org_unit USING gist (path)`);
    await db.query(`CREATE INDEX org_unit_parent_idx ON org_unit (parent_id)`);
    await db.query(`CREATE INDEX org_unit_territory_idx ON org_unit (territory_id)`);
    await db.query(`CREATE INDEX org_unit_search_idx ON org_unit USING gin (search_text gin_trgm_ops)`);
    // Path upkeep: a new or moved unit takes its parent's path; a move refuses cycles and then re-paths
    // the whole subtree in the same statement's transaction.
    await db.query(`
      CREATE FUNCTION org_unit_set_path() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE parent_path ltree;
      BEGIN
        IF NEW.parent_id IS NULL THEN
          NEW.path := tree_label(NEW.id);
          RETURN NEW;
        END IF;
        SELECT path INTO parent_path FROM org_unit WHERE id = NEW.parent_id;
        IF TG_OP = 'UPDATE' AND parent_path <@ OLD.path THEN
          RAISE EXCEPTION 'a unit cannot be moved under itself or its own descendant'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'org_unit_no_cycle';
        END IF;
        NEW.path := parent_path || tree_label(NEW.id);
        RETURN NEW;
      END $$`);
    await db.query(`
      CREATE TRIGGER org_unit_set_path BEFORE INSERT OR UPDATE OF parent_id ON org_unit
      FOR EACH ROW EXECUTE FUNCTION org_unit_set_path()`);
    await db.query(`
      CREATE FUNCTION org_unit_repath_subtree() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE org_unit SET path = NEW.path || subpath(path, nlevel(OLD.path))
         WHERE path <@ OLD.path AND id <> NEW.id;
        RETURN NULL;
      END $$`);
    await db.query(`
      CREATE TRIGGER org_unit_repath_subtree AFTER UPDATE OF parent_id ON org_unit
      FOR EACH ROW WHEN (OLD.path IS DISTINCT FROM NEW.path) EXECUTE FUNCTION org_unit_repath_subtree()`);

    // ── role catalogue and positions ───────────────────────────────────────────────────────────────
    await db.query(`
      CREATE TABLE role (
        code       text PRIMARY KEY CONSTRAINT role_code_format CHECK (code ~ '^[A-Z][A-Z0-9_]*$'),
        title_ar   text NOT NULL,
        title_fr   text NOT NULL,
        sort_order integer NOT NULL
      )`);
    await db.query(`
      INSERT INTO role (code, title_ar, title_fr, sort_order) VALUES
        ('SECRETARY_GENERAL',        'الأمين العام',        'Secrétaire général',          10),
        ('DEPUTY_SECRETARY_GENERAL', 'نائب الأمين العام',   'Secrétaire général adjoint',  20),
        ('COORDINATOR',              'المنسق',              'Coordonnateur',               30),
        ('COUNCIL_PRESIDENT',        'رئيس المجلس',         'Président du conseil',        40),
        ('TREASURER',                'أمين المال',          'Trésorier',                   50),
        ('SPOKESPERSON',             'الناطق الرسمي',       'Porte-parole',                60),
        ('BUREAU_MEMBER',            'عضو المكتب',          'Membre du bureau',            70)`);
    await db.query(`
      CREATE TABLE position (
        id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        org_unit_id uuid NOT NULL REFERENCES org_unit (id),
        role_code   text NOT NULL REFERENCES role (code),
        title_ar    text NOT NULL,
        title_fr    text NOT NULL,
        seats       integer NOT NULL DEFAULT 1 CONSTRAINT position_seats_range CHECK (seats BETWEEN 1 AND 500),
        version     integer NOT NULL DEFAULT 1,
        created_at  timestamptz NOT NULL DEFAULT now(),
        updated_at  timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT position_unit_role_key UNIQUE (org_unit_id, role_code)
      )`);

    // ── people ─────────────────────────────────────────────────────────────────────────────────────
    await db.query(`
      CREATE TABLE person (
        id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        full_name_ar      text,
        full_name_latin   text,
        gender            text CONSTRAINT person_gender_check CHECK (gender IN ('FEMALE', 'MALE')),
        membership_number text CONSTRAINT person_membership_number_key UNIQUE,
        home_unit_id      uuid REFERENCES org_unit (id),
        search_text       text NOT NULL,
        version           integer NOT NULL DEFAULT 1,
        created_at        timestamptz NOT NULL DEFAULT now(),
        updated_at        timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT person_has_a_name CHECK (full_name_ar IS NOT NULL OR full_name_latin IS NOT NULL)
      )`);
    await db.query(`CREATE INDEX person_home_unit_idx ON person (home_unit_id)`);
    await db.query(`CREATE INDEX person_search_idx ON person USING gin (search_text gin_trgm_ops)`);

    // ── mandates ───────────────────────────────────────────────────────────────────────────────────
    // starts_on may be unknown; attested_on is then the first day the holder is known to be in office,
    // and the term used for overlaps starts there (never at an invented date).
    await db.query(`
      CREATE TABLE mandate (
        id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        position_id uuid NOT NULL REFERENCES position (id),
        person_id   uuid NOT NULL REFERENCES person (id),
        seat        integer NOT NULL DEFAULT 1 CONSTRAINT mandate_seat_positive CHECK (seat >= 1),
        starts_on   date,
        attested_on date,
        ends_on     date,
        term        daterange NOT NULL
                      GENERATED ALWAYS AS (daterange(COALESCE(starts_on, attested_on), ends_on, '[]')) STORED,
        status      text NOT NULL DEFAULT 'ACTIVE'
                      CONSTRAINT mandate_status_check CHECK (status IN ('ACTIVE', 'ACTING', 'SUSPENDED')),
        end_reason  text CONSTRAINT mandate_end_reason_check CHECK (end_reason IN
                      ('TERM_COMPLETED', 'REPLACED', 'RESIGNED', 'DISMISSED', 'DECEASED', 'UNIT_DISSOLVED', 'OTHER')),
        source      text,
        version     integer NOT NULL DEFAULT 1,
        created_at  timestamptz NOT NULL DEFAULT now(),
        updated_at  timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT mandate_start_known_or_attested CHECK (starts_on IS NOT NULL OR attested_on IS NOT NULL),
        CONSTRAINT mandate_attested_within_term CHECK (attested_on IS NULL OR starts_on IS NULL OR attested_on >= starts_on),
        CONSTRAINT mandate_ends_after_start CHECK (ends_on IS NULL OR ends_on >= GREATEST(starts_on, attested_on)),
        CONSTRAINT mandate_end_reason_needs_end CHECK (end_reason IS NULL OR ends_on IS NOT NULL),
        CONSTRAINT mandate_one_holder_per_seat EXCLUDE USING gist (position_id WITH =, seat WITH =, term WITH &&),
        CONSTRAINT mandate_no_double_term EXCLUDE USING gist (position_id WITH =, person_id WITH =, term WITH &&)
      )`);
    await db.query(`CREATE INDEX mandate_person_idx ON mandate (person_id)`);
    await db.query(`CREATE INDEX mandate_position_idx ON mandate (position_id)`);
    await db.query(`
      CREATE FUNCTION mandate_check_seat() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.seat > (SELECT seats FROM position WHERE id = NEW.position_id) THEN
          RAISE EXCEPTION 'seat % is beyond the seats of this post', NEW.seat
            USING ERRCODE = 'check_violation', CONSTRAINT = 'mandate_seat_within_seats';
        END IF;
        RETURN NEW;
      END $$`);
    await db.query(`
      CREATE TRIGGER mandate_check_seat BEFORE INSERT OR UPDATE OF seat, position_id ON mandate
      FOR EACH ROW EXECUTE FUNCTION mandate_check_seat()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE mandate`);
    await db.query(`DROP FUNCTION mandate_check_seat()`);
    await db.query(`DROP TABLE person`);
    await db.query(`DROP TABLE position`);
    await db.query(`DROP TABLE role`);
    await db.query(`DROP TABLE org_unit`);
    await db.query(`DROP FUNCTION org_unit_repath_subtree()`);
    await db.query(`DROP FUNCTION org_unit_set_path()`);
    await db.query(`DROP TABLE territory`);
    await db.query(`DROP FUNCTION territory_set_path()`);
    await db.query(`DROP FUNCTION tree_label(uuid)`);
  }
}
