import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { VersionedEntity } from '../common/versioned.entity';

export const MEETING_KINDS = [
  'OUTREACH',
  'BUREAU',
  'GENERAL_ASSEMBLY',
  'COUNCIL',
  'CONGRESS',
  'TRAINING',
  'OTHER',
] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];
export const MEETING_STATUSES = ['PLANNED', 'HELD', 'CANCELLED'] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];
export const PARTS_OF_DAY = ['MORNING', 'AFTERNOON', 'EVENING'] as const;
export type PartOfDay = (typeof PARTS_OF_DAY)[number];
export const UNIT_ROLES = ['COORDINATING', 'INVITED', 'ATTENDING'] as const;
export type MeetingUnitRole = (typeof UNIT_ROLES)[number];
export const PARTICIPANT_ROLES = [
  'CONVENER',
  'COORDINATOR',
  'ATTENDEE',
  'SPEAKER',
  'GUEST',
  'REPORTER',
] as const;
export type ParticipantRole = (typeof PARTICIPANT_ROLES)[number];
export const ATTENDANCES = ['ATTENDED', 'ABSENT', 'EXCUSED'] as const;
export type Attendance = (typeof ATTENDANCES)[number];
export const OUTCOME_KINDS = ['DECISION', 'COMMITMENT', 'RECOMMENDATION'] as const;
export type OutcomeKind = (typeof OUTCOME_KINDS)[number];
export const OUTCOME_STATUSES = ['OPEN', 'DONE', 'DROPPED'] as const;
export type OutcomeStatus = (typeof OUTCOME_STATUSES)[number];
export const INTERVENTION_KINDS = [
  'INTERVENTION',
  'COMMITMENT',
  'PRAISE',
  'INSTRUCTION',
  'ASSESSMENT',
  'REQUEST',
  'OTHER',
] as const;
export type InterventionKind = (typeof INTERVENTION_KINDS)[number];

/** A meeting (Popolo: Event). `heldOn` is its day in Casablanca; the hour may be unknown. */
@Entity('meeting')
export class Meeting extends VersionedEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('text') kind: MeetingKind;
  @Column('text') status: MeetingStatus;
  @Column('text', { name: 'title_ar', nullable: true }) titleAr: string | null;
  @Column('text', { name: 'title_fr', nullable: true }) titleFr: string | null;
  @Column('text', { name: 'summary_ar', nullable: true }) summaryAr: string | null;
  @Column('text', { name: 'summary_fr', nullable: true }) summaryFr: string | null;
  @Column('date', { name: 'held_on' }) heldOn: string;
  @Column('timestamptz', { name: 'starts_at', nullable: true }) startsAt: Date | null;
  @Column('timestamptz', { name: 'ends_at', nullable: true }) endsAt: Date | null;
  @Column('text', { name: 'part_of_day', nullable: true }) partOfDay: PartOfDay | null;
  @Column('text', { nullable: true }) place: string | null;
  @Column('uuid', { name: 'territory_id', nullable: true }) territoryId: string | null;
  @Column('uuid', { name: 'convening_unit_id' }) conveningUnitId: string;
  @Column('uuid', { name: 'series_id', nullable: true }) seriesId: string | null;
  /** The source lists only some of the points discussed ("among them"). */
  @Column('boolean', { name: 'agenda_partial', default: false }) agendaPartial: boolean;
  /** Folded names for search; written with the row, matched in SQL, never read back. */
  @Column('text', { name: 'search_text', select: false })
  searchText: string;
}

/** A unit's part in a meeting other than convening it (the convener is on the meeting itself). */
@Entity('meeting_unit')
export class MeetingUnit {
  @PrimaryColumn('uuid', { name: 'meeting_id' }) meetingId: string;
  @PrimaryColumn('uuid', { name: 'org_unit_id' }) orgUnitId: string;
  @Column('text') role: MeetingUnitRole;
}

/** A person (or a named guest outside the registry) at a meeting. */
@Entity('participation')
export class Participation {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'meeting_id' }) meetingId: string;
  @Column('uuid', { name: 'person_id', nullable: true }) personId: string | null;
  @Column('text', { name: 'guest_name', nullable: true }) guestName: string | null;
  @Column('text') role: ParticipantRole;
  @Column('uuid', { name: 'represented_unit_id', nullable: true }) representedUnitId: string | null;
  @Column('uuid', { name: 'mandate_id', nullable: true }) mandateId: string | null;
  @Column('boolean') invited: boolean;
  @Column('text', { nullable: true }) attendance: Attendance | null;
}

@Entity('agenda_item')
export class AgendaItem {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'meeting_id' }) meetingId: string;
  @Column('integer') position: number;
  @Column('text', { name: 'title_ar', nullable: true }) titleAr: string | null;
  @Column('text', { name: 'title_fr', nullable: true }) titleFr: string | null;
  @Column('text', { nullable: true }) notes: string | null;
}

/** A decision, commitment or recommendation, followed up until it is done or dropped. */
@Entity('outcome')
export class Outcome extends VersionedEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'meeting_id' }) meetingId: string;
  @Column('text') kind: OutcomeKind;
  @Column('text', { name: 'text_ar', nullable: true }) textAr: string | null;
  @Column('text', { name: 'text_fr', nullable: true }) textFr: string | null;
  @Column('date', { name: 'due_on', nullable: true }) dueOn: string | null;
  @Column('text') status: OutcomeStatus;
  @Column('date', { name: 'closed_on', nullable: true }) closedOn: string | null;
}

/** One of the people or units responsible for an outcome, in the order given. */
@Entity('outcome_owner')
export class OutcomeOwner {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'outcome_id' }) outcomeId: string;
  @Column('integer') position: number;
  @Column('uuid', { name: 'person_id', nullable: true }) personId: string | null;
  @Column('uuid', { name: 'org_unit_id', nullable: true }) orgUnitId: string | null;
}

/** What was said at a meeting, in order, by one or more of its participants. */
@Entity('intervention')
export class Intervention {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'meeting_id' }) meetingId: string;
  @Column('integer') position: number;
  @Column('text') kind: InterventionKind;
  @Column('text', { name: 'text_ar', nullable: true }) textAr: string | null;
  @Column('text', { name: 'text_fr', nullable: true }) textFr: string | null;
}

@Entity('intervention_speaker')
export class InterventionSpeaker {
  @PrimaryColumn('uuid', { name: 'intervention_id' }) interventionId: string;
  @PrimaryColumn('uuid', { name: 'participation_id' }) participationId: string;
}

/** Where the record of a meeting comes from: a report, its author, when it was published. */
@Entity('meeting_source')
export class MeetingSource {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'meeting_id' }) meetingId: string;
  @Column('text', { nullable: true }) url: string | null;
  @Column('text', { nullable: true }) title: string | null;
  @Column('text', { nullable: true }) author: string | null;
  @Column('date', { name: 'published_on', nullable: true }) publishedOn: string | null;
  @Column('text', { nullable: true }) note: string | null;
}
