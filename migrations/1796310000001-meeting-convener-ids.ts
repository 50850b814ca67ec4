import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The convener index holds each meeting's id: counting a unit's or a subtree's meetings (convened, or
 * taken part in) then reads that index alone, not the meetings table, whose rows are many times wider.
 */
export class MeetingConvenerIds1796310000001 implements MigrationInterface {
  name = 'MeetingConvenerIds1796310000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX meeting_convener_idx`);
    await db.query(
      `CREATE INDEX meeting_convener_idx ON meeting (convening_unit_id, held_on DESC) INCLUDE (id)`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX meeting_convener_idx`);
    await db.query(`CREATE INDEX meeting_convener_idx ON meeting (convening_unit_id, held_on DESC)`);
  }
}
