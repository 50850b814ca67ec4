import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A meeting's start is on its day in Morocco: checked by the service with Morocco's clock, no longer
 * by the database.
 *
 * The check asked the database's own time-zone files (`AT TIME ZONE 'Africa/Casablanca'`), and those
 * differ from server to server: PostgreSQL 15 on Debian still puts Morocco at UTC+1 after it went back
 * to UTC+0 for good in September 2026, the embedded database does not. On the former, a meeting
 * starting at 23:30 was refused as being on the next day. The service asks one pinned copy of the
 * rules (`src/common/morocco-time.ts`) wherever it runs, and refuses such a start with a coded error.
 */
export class MeetingDayByMoroccosClock1796330000000 implements MigrationInterface {
  name = 'MeetingDayByMoroccosClock1796330000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE meeting DROP CONSTRAINT meeting_start_on_its_day`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE meeting ADD CONSTRAINT meeting_start_on_its_day
        CHECK (starts_at IS NULL OR (starts_at AT TIME ZONE 'Africa/Casablanca')::date = held_on) NOT VALID`);
  }
}
