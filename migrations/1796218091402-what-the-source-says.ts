import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What a meeting's source says that had nowhere to go:
 * - interventions: who said what, in order, with the participations that spoke (a statement the
 *   report attributes to several speakers at once has several);
 * - context events, recorded by their days only (a congress of three days has no hours), and the
 *   relation a meeting has to them (follows up, implements the strategy of, …);
 * - an agenda the source gives only in part ("among them");
 * - outcomes owned by several units or people (the single owner columns move to `outcome_owner`);
 * - the kind of a commune (urban or rural, from the reference data), series whose targets are
 *   territories and whose audiences are named (secretaries, councillors, activists);
 * - elected mandates outside the party's posts (a seat on a commune council).
 */
export class WhatTheSourceSays1796218091402 implements MigrationInterface {
  name = 'WhatTheSourceSays1796218091402';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE intervention (
        id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        meeting_id uuid NOT NULL REFERENCES meeting (id) ON DELETE CASCADE,
        position   integer NOT NULL CONSTRAINT intervention_position_check CHECK (position >= 1),
        kind       text NOT NULL CONSTRAINT intervention_kind_check CHECK (kind IN
                     ('INTERVENTION', 'COMMITMENT', 'PRAISE', 'INSTRUCTION', 'ASSESSMENT', 'REQUEST', 'OTHER')),
        text_ar    text,
        text_fr    text,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT intervention_has_text CHECK (text_ar IS NOT NULL OR text_fr IS NOT NULL),
        CONSTRAINT intervention_position_key UNIQUE (meeting_id, position)
      )`);
    await db.query(`
      CREATE TABLE intervention_speaker (
        intervention_id  uuid NOT NULL REFERENCES intervention (id) ON DELETE CASCADE,
        participation_id uuid NOT NULL REFERENCES participation (id) ON DELETE CASCADE,
        PRIMARY KEY (intervention_id, participation_id)
      )`);
    await db.query(
      `CREATE INDEX intervention_speaker_participation_idx ON intervention_speaker (participation_id)`,
    );

    await db.query(`
      CREATE TABLE context_event (
        id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind         text NOT NULL CONSTRAINT context_event_kind_check CHECK (kind IN
                       ('CONGRESS', 'COUNCIL', 'ELECTION', 'CAMPAIGN', 'OTHER')),
        title_ar     text,
        title_fr     text,
        starts_on    date NOT NULL,
        ends_on      date NOT NULL,
        place        text,
        territory_id uuid REFERENCES territory (id),
        org_unit_id  uuid REFERENCES org_unit (id),
        source       text,
        version      integer NOT NULL DEFAULT 1,
        created_at   timestamptz NOT NULL DEFAULT now(),
        updated_at   timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT context_event_has_title CHECK (title_ar IS NOT NULL OR title_fr IS NOT NULL),
        CONSTRAINT context_event_days CHECK (ends_on >= starts_on)
      )`);
    await db.query(`CREATE INDEX context_event_unit_idx ON context_event (org_unit_id)`);
    await db.query(`
      CREATE TABLE meeting_context (
        meeting_id uuid NOT NULL REFERENCES meeting (id) ON DELETE CASCADE,
        event_id   uuid NOT NULL REFERENCES context_event (id),
        relation   text NOT NULL CONSTRAINT meeting_context_relation_check CHECK (relation IN
                     ('FOLLOWS_UP', 'IMPLEMENTS_STRATEGY_OF', 'PREPARES', 'PART_OF', 'REFERS_TO')),
        note       text,
        PRIMARY KEY (meeting_id, event_id)
      )`);
    await db.query(`CREATE INDEX meeting_context_event_idx ON meeting_context (event_id)`);

    await db.query(`ALTER TABLE meeting ADD COLUMN agenda_partial boolean NOT NULL DEFAULT false`);

    await db.query(`
      CREATE TABLE outcome_owner (
        id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        outcome_id  uuid NOT NULL REFERENCES outcome (id) ON DELETE CASCADE,
        position    integer NOT NULL,
        person_id   uuid REFERENCES person (id),
        org_unit_id uuid REFERENCES org_unit (id),
        CONSTRAINT outcome_owner_one_of CHECK ((person_id IS NULL) <> (org_unit_id IS NULL)),
        CONSTRAINT outcome_owner_position_key UNIQUE (outcome_id, position),
        CONSTRAINT outcome_owner_person_once UNIQUE (outcome_id, person_id),
        CONSTRAINT outcome_owner_unit_once UNIQUE (outcome_id, org_unit_id)
      )`);
    await db.query(`CREATE INDEX outcome_owner_person_idx ON outcome_owner (person_id)`);
    await db.query(`CREATE INDEX outcome_owner_unit_idx ON outcome_owner (org_unit_id)`);
    await db.query(`
      INSERT INTO outcome_owner (outcome_id, position, person_id)
      SELECT id, 1, owner_person_id FROM outcome WHERE owner_person_id IS NOT NULL`);
    await db.query(`
      INSERT INTO outcome_owner (outcome_id, position, org_unit_id)
      SELECT id, CASE WHEN owner_person_id IS NULL THEN 1 ELSE 2 END, owner_unit_id
        FROM outcome WHERE owner_unit_id IS NOT NULL`);
    await db.query(`ALTER TABLE outcome DROP COLUMN owner_person_id, DROP COLUMN owner_unit_id`);

    await db.query(`
      ALTER TABLE territory ADD COLUMN commune_kind text
        CONSTRAINT territory_commune_kind_check CHECK (commune_kind IN ('URBAN', 'RURAL')),
        ADD CONSTRAINT territory_commune_kind_only_communes CHECK (commune_kind IS NULL OR kind = 'COMMUNE')`);

    await db.query(`
      ALTER TABLE meeting_series
        ADD COLUMN target_territory_kind text CONSTRAINT meeting_series_territory_kind_check
          CHECK (target_territory_kind IN ('REGION', 'PREFECTURE', 'PROVINCE', 'COMMUNE', 'ARRONDISSEMENT')),
        ADD COLUMN target_commune_kind text CONSTRAINT meeting_series_commune_kind_check
          CHECK (target_commune_kind IN ('URBAN', 'RURAL')),
        ADD COLUMN target_territory_root_id uuid REFERENCES territory (id),
        ADD COLUMN audiences text[] NOT NULL DEFAULT '{}' CONSTRAINT meeting_series_audiences_check
          CHECK (audiences <@ ARRAY['SECRETARIES', 'OFFICIALS', 'COUNCILLORS', 'ACTIVISTS']::text[]),
        ADD CONSTRAINT meeting_series_territory_rule_complete
          CHECK ((target_territory_kind IS NULL) = (target_territory_root_id IS NULL)),
        ADD CONSTRAINT meeting_series_commune_kind_of_communes
          CHECK (target_commune_kind IS NULL OR target_territory_kind = 'COMMUNE')`);

    await db.query(`
      CREATE TABLE elected_mandate (
        id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        person_id    uuid NOT NULL REFERENCES person (id),
        body         text NOT NULL CONSTRAINT elected_mandate_body_check CHECK (body IN
                       ('COMMUNE_COUNCIL', 'ARRONDISSEMENT_COUNCIL', 'PROVINCIAL_COUNCIL', 'REGIONAL_COUNCIL',
                        'HOUSE_OF_REPRESENTATIVES', 'HOUSE_OF_COUNCILLORS')),
        territory_id uuid REFERENCES territory (id),
        seat_role    text NOT NULL DEFAULT 'MEMBER' CONSTRAINT elected_mandate_seat_role_check
                       CHECK (seat_role IN ('MEMBER', 'PRESIDENT', 'VICE_PRESIDENT', 'SECRETARY')),
        starts_on    date,
        attested_on  date,
        ends_on      date,
        source       text,
        version      integer NOT NULL DEFAULT 1,
        created_at   timestamptz NOT NULL DEFAULT now(),
        updated_at   timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT elected_mandate_known_day CHECK (starts_on IS NOT NULL OR attested_on IS NOT NULL),
        CONSTRAINT elected_mandate_term CHECK (ends_on IS NULL OR ends_on >= COALESCE(starts_on, attested_on)),
        CONSTRAINT elected_mandate_territory_of_local_body
          CHECK (territory_id IS NOT NULL OR body IN ('HOUSE_OF_REPRESENTATIVES', 'HOUSE_OF_COUNCILLORS'))
      )`);
    await db.query(`CREATE INDEX elected_mandate_person_idx ON elected_mandate (person_id)`);
    await db.query(`CREATE INDEX elected_mandate_territory_idx ON elected_mandate (territory_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE elected_mandate`);
    await db.query(`
      ALTER TABLE meeting_series
        DROP CONSTRAINT meeting_series_commune_kind_of_communes,
        DROP CONSTRAINT meeting_series_territory_rule_complete,
        DROP COLUMN audiences, DROP COLUMN target_territory_root_id,
        DROP COLUMN target_commune_kind, DROP COLUMN target_territory_kind`);
    await db.query(`
      ALTER TABLE territory DROP CONSTRAINT territory_commune_kind_only_communes, DROP COLUMN commune_kind`);
    // The first person and the first unit of each outcome become its single owners again.
    await db.query(
      `ALTER TABLE outcome ADD COLUMN owner_person_id uuid REFERENCES person (id),
                           ADD COLUMN owner_unit_id uuid REFERENCES org_unit (id)`,
    );
    await db.query(`
      UPDATE outcome o SET
        owner_person_id = (SELECT person_id FROM outcome_owner w WHERE w.outcome_id = o.id AND person_id IS NOT NULL
                            ORDER BY position LIMIT 1),
        owner_unit_id = (SELECT org_unit_id FROM outcome_owner w WHERE w.outcome_id = o.id AND org_unit_id IS NOT NULL
                          ORDER BY position LIMIT 1)`);
    await db.query(`DROP TABLE outcome_owner`);
    await db.query(`ALTER TABLE meeting DROP COLUMN agenda_partial`);
    await db.query(`DROP TABLE meeting_context`);
    await db.query(`DROP TABLE context_event`);
    await db.query(`DROP TABLE intervention_speaker`);
    await db.query(`DROP TABLE intervention`);
  }
}
