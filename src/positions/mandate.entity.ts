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
}
