import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Meetings: who met whom (people, not a head count), which units convened, coordinated, were invited
 * or attended, the agenda, the outcomes to follow up, where the record comes from, and the series a
 * meeting belongs to (an outreach tour and the units it must reach).
 * A meeting's day is always known; its hour may not be (`starts_at` null, maybe a part of day).
 */
export class Meetings1795946400000 implements MigrationInterface {
  name = 'Meetings1795946400000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE meeting_series (
        id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        title_ar            text,
        title_fr            text,
        organizing_unit_id  uuid NOT NULL REFERENCES org_unit (id),
        starts_on           date,
        ends_on             date,
        -- Targets are explicit units (meeting_series_target) or every unit of a level under a unit.
        target_level        text CONSTRAINT meeting_series_target_level_check
                              CHECK (target_level IN ('NATIONAL', 'REGIONAL', 'PROVINCIAL', 'LOCAL')),
        target_root_id      uuid REFERENCES org_unit (id),
        search_text         text NOT NULL,
        version             integer NOT NULL DEFAULT 1,
        created_at          timestamptz NOT NULL DEFAULT now(),
        updated_at          timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT meeting_series_has_title CHECK (title_ar IS NOT NULL OR title_fr IS NOT NULL),
        CONSTRAINT meeting_series_period CHECK (ends_on IS NULL OR starts_on IS NULL OR ends_on >= starts_on),
        CONSTRAINT meeting_series_rule_complete CHECK ((target_level IS NULL) = (target_root_id IS NULL))
      )`);
    await db.query(`CREATE INDEX meeting_series_unit_idx ON meeting_series (organizing_unit_id)`);
    await db.query(`
      CREATE TABLE meeting_series_target (
        series_id   uuid NOT NULL REFERENCES meeting_series (id) ON DELETE CASCADE,
        org_unit_id uuid NOT NULL REFERENCES org_unit (id),
        PRIMARY KEY (series_id, org_unit_id)
      )`);

    await db.query(`
      CREATE TABLE meeting (
        id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind              text NOT NULL CONSTRAINT meeting_kind_check CHECK (kind IN
                            ('OUTREACH', 'BUREAU', 'GENERAL_ASSEMBLY', 'COUNCIL', 'CONGRESS', 'TRAINING', 'OTHER')),
        status            text NOT NULL CONSTRAINT meeting_status_check CHECK (status IN ('PLANNED', 'HELD', 'CANCELLED')),
        title_ar          text,
        title_fr          text,
        summary_ar        text,
        summary_fr        text,
        held_on           date NOT NULL,
        starts_at         timestamptz,
        ends_at           timestamptz,
        part_of_day       text CONSTRAINT meeting_part_of_day_check CHECK (part_of_day IN ('MORNING', 'AFTERNOON', 'EVENING')),
        place             text,
        territory_id      uuid REFERENCES territory (id),
        convening_unit_id uuid NOT NULL REFERENCES org_unit (id),
        series_id         uuid REFERENCES meeting_series (id),
        search_text       text NOT NULL,
        version           integer NOT NULL DEFAULT 1,
        created_at        timestamptz NOT NULL DEFAULT now(),
        updated_at        timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT meeting_has_title CHECK (title_ar IS NOT NULL OR title_fr IS NOT NULL),
        CONSTRAINT meeting_ends_after_start CHECK (ends_at IS NULL OR (starts_at IS NOT NULL AND ends_at > starts_at)),
        CONSTRAINT meeting_start_on_its_day
          CHECK (starts_at IS NULL OR (starts_at AT TIME ZONE 'Africa/Casablanca')::date = held_on),
        CONSTRAINT meeting_part_of_day_only_without_time CHECK (part_of_day IS NULL OR starts_at IS NULL)
      )`);
    await db.query(`CREATE INDEX meeting_convener_idx ON meeting (convening_unit_id, held_on DESC)`);
    await db.query(`CREATE INDEX meeting_series_idx ON meeting (series_id)`);
    await db.query(`CREATE INDEX meeting_held_on_idx ON meeting (held_on DESC, id)`);
    await db.query(`CREATE INDEX meeting_search_idx ON meeting USING gin (search_text gin_trgm_ops)`);

    await db.query(`
      CREATE TABLE meeting_unit (
        meeting_id  uuid NOT NULL REFERENCES meeting (id) ON DELETE CASCADE,
        org_unit_id uuid NOT NULL REFERENCES org_unit (id),
        role        text NOT NULL CONSTRAINT meeting_unit_role_check CHECK (role IN ('COORDINATING', 'INVITED', 'ATTENDING')),
        PRIMARY KEY (meeting_id, org_unit_id)
      )`);
    await db.query(`CREATE INDEX meeting_unit_unit_idx ON meeting_unit (org_unit_id)`);

    await db.query(`
      CREATE TABLE participation (
        id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        meeting_id          uuid NOT NULL REFERENCES meeting (id) ON DELETE CASCADE,
        person_id           uuid REFERENCES person (id),
        guest_name          text,
        role                text NOT NULL CONSTRAINT participation_role_check CHECK (role IN
                              ('CONVENER', 'COORDINATOR', 'ATTENDEE', 'SPEAKER', 'GUEST', 'REPORTER')),
        represented_unit_id uuid REFERENCES org_unit (id),
        mandate_id          uuid REFERENCES mandate (id),
        invited             boolean NOT NULL DEFAULT false,
        attendance          text CONSTRAINT participation_attendance_check CHECK (attendance IN ('ATTENDED', 'ABSENT', 'EXCUSED')),
        created_at          timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT participation_person_or_guest CHECK ((person_id IS NULL) <> (guest_name IS NULL)),
        CONSTRAINT participation_once_per_person UNIQUE (meeting_id, person_id)
      )`);
    await db.query(`CREATE INDEX participation_person_idx ON participation (person_id)`);

    await db.query(`
      CREATE TABLE agenda_item (
        id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        meeting_id uuid NOT NULL REFERENCES meeting (id) ON DELETE CASCADE,
        position   integer NOT NULL,
        title_ar   text,
        title_fr   text,
        notes      text,
        CONSTRAINT agenda_item_has_title CHECK (title_ar IS NOT NULL OR title_fr IS NOT NULL),
        CONSTRAINT agenda_item_position_key UNIQUE (meeting_id, position)
      )`);

    await db.query(`
      CREATE TABLE outcome (
        id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        meeting_id      uuid NOT NULL REFERENCES meeting (id) ON DELETE CASCADE,
        kind            text NOT NULL CONSTRAINT outcome_kind_check CHECK (kind IN ('DECISION', 'COMMITMENT', 'RECOMMENDATION')),
        text_ar         text,
        text_fr         text,
        owner_person_id uuid REFERENCES person (id),
        owner_unit_id   uuid REFERENCES org_unit (id),
        due_on          date,
        status          text NOT NULL DEFAULT 'OPEN' CONSTRAINT outcome_status_check CHECK (status IN ('OPEN', 'DONE', 'DROPPED')),
        closed_on       date,
        version         integer NOT NULL DEFAULT 1,
        created_at      timestamptz NOT NULL DEFAULT now(),
        updated_at      timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT outcome_has_text CHECK (text_ar IS NOT NULL OR text_fr IS NOT NULL),
        CONSTRAINT outcome_closed_when_not_open CHECK ((status = 'OPEN') = (closed_on IS NULL))
      )`);
    await db.query(`CREATE INDEX outcome_meeting_idx ON outcome (meeting_id)`);
    await db.query(`CREATE INDEX outcome_open_due_idx ON outcome (due_on) WHERE status = 'OPEN'`);

    await db.query(`
      CREATE TABLE meeting_source (
        id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        meeting_id   uuid NOT NULL REFERENCES meeting (id) ON DELETE CASCADE,
        url          text,
        title        text,
        author       text,
        published_on date,
        note         text,
        CONSTRAINT meeting_source_says_something CHECK (COALESCE(url, title, author, note) IS NOT NULL)
      )`);
    await db.query(`CREATE INDEX meeting_source_meeting_idx ON meeting_source (meeting_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of [
      'meeting_source',
      'outcome',
      'agenda_item',
      'participation',
      'meeting_unit',
      'meeting',
    ]) {
      await db.query(`DROP TABLE ${table}`);
    }
    await db.query(`DROP TABLE meeting_series_target`);
    await db.query(`DROP TABLE meeting_series`);
  }
}
