import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { VersionedEntity } from '../common/versioned.entity';

export const MANDATE_STATUSES = ['ACTIVE', 'ACTING', 'SUSPENDED'] as const;
export type MandateStatus = (typeof MANDATE_STATUSES)[number];
export const MANDATE_END_REASONS = [
  'TERM_COMPLETED',
  'REPLACED',
  'RESIGNED',
  'DISMISSED',
  'DECEASED',
  'UNIT_DISSOLVED',
  'OTHER',
] as const;
export type MandateEndReason = (typeof MANDATE_END_REASONS)[number];

/**
 * A person holding a post for a term (Popolo: Membership). `startsOn` may be unknown; `attestedOn` is
 * then a day the holder is known to have been in office, and the term starts there. The generated
 * `term` range column is database-only (overlap checks).
 */
@Entity('mandate')
export class Mandate extends VersionedEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'position_id' }) positionId: string;
  @Column('uuid', { name: 'person_id' }) personId: string;
  @Column('integer') seat: number;
  @Column('date', { name: 'starts_on', nullable: true }) startsOn: string | null;
  @Column('date', { name: 'attested_on', nullable: true }) attestedOn: string | null;
  @Column('date', { name: 'ends_on', nullable: true }) endsOn: string | null;
  @Column('text') status: MandateStatus;
  @Column('text', { name: 'end_reason', nullable: true }) endReason: MandateEndReason | null;
  @Column('text', { nullable: true }) source: string | null;
  /** The latest day a source attests the mandate; kept by the database (see the migration). */
  @Column({ type: 'date', name: 'last_confirmed_on', insert: false, update: false }) lastConfirmedOn: string;
}

/** A source attesting, on a day, that a mandate still runs (a report, an administrator's check). */
@Entity('mandate_confirmation')
export class MandateConfirmation {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'mandate_id' }) mandateId: string;
  @Column('date', { name: 'confirmed_on' }) confirmedOn: string;
  @Column('text') source: string;
  @Column('uuid', { name: 'account_id', nullable: true }) accountId: string | null;
  /** The participation that attests it: the holder attended a held meeting in the post. */
  @Column('uuid', { name: 'participation_id', nullable: true }) participationId: string | null;
}

/**
 * A seat known to be vacant from a day (until a day, or until someone is appointed to it), as a
 * source says. A seat without a holder and without such a record has a holder nobody recorded.
 */
@Entity('seat_vacancy')
export class SeatVacancy extends VersionedEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'position_id' }) positionId: string;
  @Column('integer') seat: number;
  @Column('date', { name: 'vacant_from' }) vacantFrom: string;
  @Column('date', { name: 'vacant_until', nullable: true }) vacantUntil: string | null;
  @Column('text') source: string;
  /** The account that recorded it. */
  @Column('uuid', { name: 'account_id', nullable: true }) accountId: string | null;
}
