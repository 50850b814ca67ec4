import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Saying no more than the sources:
 * - a mandate's `last_confirmed_on` is the latest day a source attests it: its start or attestation,
 *   or a later confirmation (`mandate_confirmation`, one row per source). Triggers keep it, whoever
 *   writes. Whether a mandate attested long ago still counts is read from it at query time;
 * - a seat without a holder is either known to be vacant (a `seat_vacancy` recorded from a source) or
 *   its holder is unknown (nothing recorded). A declared vacancy never overlaps a mandate of its
 *   seat: an appointment closes it the day before the term starts, anything else is refused.
 */
export class ConfirmedMandatesKnownVacancies1796218098995 implements MigrationInterface {
  name = 'ConfirmedMandatesKnownVacancies1796218098995';

  async up(db: QueryRunner): Promise<void> {
    // ── confirmations ─────────────────────────────────────────────────────────────────────────────
    await db.query(`
      CREATE TABLE mandate_confirmation (
        id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        mandate_id   uuid NOT NULL REFERENCES mandate (id),
        confirmed_on date NOT NULL,
        source       text NOT NULL,
        account_id   uuid REFERENCES account (id),
        created_at   timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(
      `CREATE INDEX mandate_confirmation_mandate_idx ON mandate_confirmation (mandate_id, confirmed_on)`,
    );
    await db.query(`ALTER TABLE mandate ADD COLUMN last_confirmed_on date`);
    await db.query(`UPDATE mandate SET last_confirmed_on = GREATEST(starts_on, attested_on)`);
    await db.query(`ALTER TABLE mandate ALTER COLUMN last_confirmed_on SET NOT NULL`);
    await db.query(`
      CREATE FUNCTION mandate_set_last_confirmed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.last_confirmed_on := GREATEST(NEW.starts_on, NEW.attested_on,
          (SELECT max(confirmed_on) FROM mandate_confirmation WHERE mandate_id = NEW.id));
        RETURN NEW;
      END $$`);
    await db.query(`
      CREATE TRIGGER mandate_set_last_confirmed BEFORE INSERT OR UPDATE ON mandate
      FOR EACH ROW EXECUTE FUNCTION mandate_set_last_confirmed()`);
    // A confirmation lies within the term as recorded (an earlier day is a correction of attestedOn).
    await db.query(`
      CREATE FUNCTION mandate_confirmation_check() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM mandate WHERE id = NEW.mandate_id AND term @> NEW.confirmed_on) THEN
          RAISE EXCEPTION 'a confirmation lies within the mandate''s term'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'mandate_confirmation_within_term';
        END IF;
        RETURN NEW;
      END $$`);
    await db.query(`
      CREATE TRIGGER mandate_confirmation_check BEFORE INSERT OR UPDATE ON mandate_confirmation
      FOR EACH ROW EXECUTE FUNCTION mandate_confirmation_check()`);
    await db.query(`
      CREATE FUNCTION mandate_confirmation_touch() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE mandate SET last_confirmed_on = last_confirmed_on WHERE id = NEW.mandate_id;
        RETURN NULL;
      END $$`);
    await db.query(`
      CREATE TRIGGER mandate_confirmation_touch AFTER INSERT ON mandate_confirmation
      FOR EACH ROW EXECUTE FUNCTION mandate_confirmation_touch()`);

    // ── seats known to be vacant ──────────────────────────────────────────────────────────────────
    await db.query(`
      CREATE TABLE seat_vacancy (
        id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        position_id  uuid NOT NULL REFERENCES position (id),
        seat         integer NOT NULL DEFAULT 1 CONSTRAINT seat_vacancy_seat_positive CHECK (seat >= 1),
        vacant_from  date NOT NULL,
        vacant_until date,
        during       daterange NOT NULL GENERATED ALWAYS AS (daterange(vacant_from, vacant_until, '[]')) STORED,
        source       text NOT NULL,
        version      integer NOT NULL DEFAULT 1,
        created_at   timestamptz NOT NULL DEFAULT now(),
        updated_at   timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT seat_vacancy_ends_after_start CHECK (vacant_until IS NULL OR vacant_until >= vacant_from),
        CONSTRAINT seat_vacancy_no_overlap EXCLUDE USING gist (position_id WITH =, seat WITH =, during WITH &&)
      )`);
    await db.query(`
      CREATE FUNCTION seat_vacancy_check() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.seat > (SELECT seats FROM position WHERE id = NEW.position_id) THEN
          RAISE EXCEPTION 'seat % is beyond the seats of this post', NEW.seat
            USING ERRCODE = 'check_violation', CONSTRAINT = 'mandate_seat_within_seats';
        END IF;
        IF EXISTS (SELECT 1 FROM mandate WHERE position_id = NEW.position_id AND seat = NEW.seat
                     AND term && NEW.during) THEN
          RAISE EXCEPTION 'a seat held by a mandate is not vacant'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'seat_vacancy_not_held';
        END IF;
        RETURN NEW;
      END $$`);
    // AFTER: the generated range is computed by then.
    await db.query(`
      CREATE TRIGGER seat_vacancy_check AFTER INSERT OR UPDATE ON seat_vacancy
      FOR EACH ROW EXECUTE FUNCTION seat_vacancy_check()`);
    // An appointment ends the vacancy it fills the day before its term; a term that starts inside a
    // declared vacancy's first day, or reaches into a later one, is refused (correct the vacancy first).
    await db.query(`
      CREATE FUNCTION mandate_fills_vacancy() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE seat_vacancy SET vacant_until = lower(NEW.term) - 1
         WHERE position_id = NEW.position_id AND seat = NEW.seat AND during && NEW.term
           AND vacant_from < lower(NEW.term);
        IF EXISTS (SELECT 1 FROM seat_vacancy WHERE position_id = NEW.position_id AND seat = NEW.seat
                     AND during && NEW.term) THEN
          RAISE EXCEPTION 'this seat is recorded as vacant during this term'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'seat_vacancy_not_held';
        END IF;
        RETURN NULL;
      END $$`);
    await db.query(`
      CREATE TRIGGER mandate_fills_vacancy AFTER INSERT OR UPDATE OF starts_on, attested_on, ends_on, seat, position_id
      ON mandate FOR EACH ROW EXECUTE FUNCTION mandate_fills_vacancy()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TRIGGER mandate_fills_vacancy ON mandate`);
    await db.query(`DROP FUNCTION mandate_fills_vacancy()`);
    await db.query(`DROP TABLE seat_vacancy`);
    await db.query(`DROP FUNCTION seat_vacancy_check()`);
    await db.query(`DROP TABLE mandate_confirmation`);
    await db.query(`DROP FUNCTION mandate_confirmation_touch()`);
    await db.query(`DROP FUNCTION mandate_confirmation_check()`);
    await db.query(`DROP TRIGGER mandate_set_last_confirmed ON mandate`);
    await db.query(`DROP FUNCTION mandate_set_last_confirmed()`);
    await db.query(`ALTER TABLE mandate DROP COLUMN last_confirmed_on`);
  }
}
