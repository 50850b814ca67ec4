import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { VersionedEntity } from '../common/versioned.entity';

export const CONTEXT_EVENT_KINDS = ['CONGRESS', 'COUNCIL', 'ELECTION', 'CAMPAIGN', 'OTHER'] as const;
export type ContextEventKind = (typeof CONTEXT_EVENT_KINDS)[number];
export const CONTEXT_RELATIONS = [
  'FOLLOWS_UP',
  'IMPLEMENTS_STRATEGY_OF',
  'PREPARES',
  'PART_OF',
  'REFERS_TO',
] as const;
export type ContextRelation = (typeof CONTEXT_RELATIONS)[number];

/**
 * An event a meeting's source cites (a national congress, an election), known by its days only:
 * a congress of three days has a first and a last day, and no hours.
 */
@Entity('context_event')
export class ContextEvent extends VersionedEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('text') kind: ContextEventKind;
  @Column('text', { name: 'title_ar', nullable: true }) titleAr: string | null;
  @Column('text', { name: 'title_fr', nullable: true }) titleFr: string | null;
  @Column('date', { name: 'starts_on' }) startsOn: string;
  @Column('date', { name: 'ends_on' }) endsOn: string;
  @Column('text', { nullable: true }) place: string | null;
  @Column('uuid', { name: 'territory_id', nullable: true }) territoryId: string | null;
  /** The unit whose event it was (a national congress: the national unit); null for one outside the party. */
  @Column('uuid', { name: 'org_unit_id', nullable: true }) orgUnitId: string | null;
  @Column('text', { nullable: true }) source: string | null;
}

/** A meeting's relation to an event its source cites. */
@Entity('meeting_context')
export class MeetingContext {
  @PrimaryColumn('uuid', { name: 'meeting_id' }) meetingId: string;
  @PrimaryColumn('uuid', { name: 'event_id' }) eventId: string;
  @Column('text') relation: ContextRelation;
  @Column('text', { nullable: true }) note: string | null;
}
