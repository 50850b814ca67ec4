import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { VersionedEntity } from '../common/versioned.entity';

export const ELECTED_BODIES = [
  'COMMUNE_COUNCIL',
  'ARRONDISSEMENT_COUNCIL',
  'PROVINCIAL_COUNCIL',
  'REGIONAL_COUNCIL',
  'HOUSE_OF_REPRESENTATIVES',
  'HOUSE_OF_COUNCILLORS',
] as const;
export type ElectedBody = (typeof ELECTED_BODIES)[number];
export const SEAT_ROLES = ['MEMBER', 'PRESIDENT', 'VICE_PRESIDENT', 'SECRETARY'] as const;
export type SeatRole = (typeof SEAT_ROLES)[number];

/**
 * A seat won in an election (a commune council, parliament): a mandate outside the party's posts,
 * so it gives no access. Like a party mandate, its start may be unknown and a day attest it.
 */
@Entity('elected_mandate')
export class ElectedMandate extends VersionedEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'person_id' }) personId: string;
  @Column('text') body: ElectedBody;
  @Column('uuid', { name: 'territory_id', nullable: true }) territoryId: string | null;
  @Column('text', { name: 'seat_role' }) seatRole: SeatRole;
  @Column('date', { name: 'starts_on', nullable: true }) startsOn: string | null;
  @Column('date', { name: 'attested_on', nullable: true }) attestedOn: string | null;
  @Column('date', { name: 'ends_on', nullable: true }) endsOn: string | null;
  @Column('text', { nullable: true }) source: string | null;
}
