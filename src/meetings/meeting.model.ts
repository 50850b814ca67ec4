import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Joined } from '../common/related';
import { enumOf } from '../common/names';
import { CalendarDate, DateTimeScalar } from '../common/scalars';
import { Person } from '../people/person.entity';
import { PersonModel, toPersonModel } from '../people/person.model';
import {
  AgendaItem,
  ATTENDANCES,
  Attendance,
  Meeting,
  MEETING_KINDS,
  MEETING_STATUSES,
  MeetingKind,
  MeetingSource,
  MeetingStatus,
  Outcome,
  OUTCOME_KINDS,
  OUTCOME_STATUSES,
  OutcomeKind,
  OutcomeStatus,
  PARTICIPANT_ROLES,
  ParticipantRole,
  Participation,
  PARTS_OF_DAY,
  PartOfDay,
  UNIT_ROLES,
} from './meeting.entity';

export const MeetingKindEnum = enumOf(MEETING_KINDS, 'MeetingKind');
export const MeetingStatusEnum = enumOf(MEETING_STATUSES, 'MeetingStatus');
export const PartOfDayEnum = enumOf(PARTS_OF_DAY, 'PartOfDay', 'When only the part of the day is known.');
export const ParticipantRoleEnum = enumOf(PARTICIPANT_ROLES, 'ParticipantRole');
export const AttendanceEnum = enumOf(ATTENDANCES, 'Attendance');
export const OutcomeKindEnum = enumOf(OUTCOME_KINDS, 'OutcomeKind');
export const OutcomeStatusEnum = enumOf(OUTCOME_STATUSES, 'OutcomeStatus');
export const MeetingUnitRoleEnum = enumOf(['CONVENING', ...UNIT_ROLES] as const, 'MeetingUnitRole');
export type MeetingUnitRoleName = keyof typeof MeetingUnitRoleEnum;

@ObjectType('Meeting')
export class MeetingModel {
  @Field(() => ID) id: string;
  @Field(() => MeetingKindEnum) kind: MeetingKind;
  @Field(() => MeetingStatusEnum) status: MeetingStatus;
  @Field(() => String, { nullable: true }) titleAr: string | null;
  @Field(() => String, { nullable: true }) titleFr: string | null;
  @Field(() => String, { nullable: true }) summaryAr: string | null;
  @Field(() => String, { nullable: true }) summaryFr: string | null;
  @Field(() => CalendarDate, { description: 'The day of the meeting in Morocco (always known).' })
  date: string;
  @Field(() => DateTimeScalar, { nullable: true, description: 'null when the hour is unknown.' })
  startsAt: Date | null;
  @Field(() => DateTimeScalar, { nullable: true }) endsAt: Date | null;
  @Field({ description: 'Whether the hour is known; if not, partOfDay may say when.' }) timeKnown: boolean;
  @Field(() => PartOfDayEnum, { nullable: true }) partOfDay: PartOfDay | null;
  @Field(() => String, { nullable: true }) place: string | null;
  @Field(() => Int) version: number;
  conveningUnitId: string;
  territoryId: string | null;
  seriesId: string | null;
}

export const toMeetingModel = (row: Meeting): MeetingModel =>
  Object.assign(new MeetingModel(), {
    id: row.id,
    kind: row.kind,
    status: row.status,
    titleAr: row.titleAr,
    titleFr: row.titleFr,
    summaryAr: row.summaryAr,
    summaryFr: row.summaryFr,
    date: row.heldOn,
    startsAt: row.startsAt,
    endsAt: row.endsAt,
    timeKnown: row.startsAt !== null,
    partOfDay: row.partOfDay,
    place: row.place,
    version: row.version,
    conveningUnitId: row.conveningUnitId,
    territoryId: row.territoryId,
    seriesId: row.seriesId,
  });

/** A unit's part in a meeting; the convening unit is listed with role CONVENING. */
@ObjectType('MeetingUnit')
export class MeetingUnitModel {
  @Field(() => MeetingUnitRoleEnum) role: MeetingUnitRoleName;
  unitId: string;
}

@ObjectType('Participation')
export class ParticipationModel {
  @Field(() => ID) id: string;
  @Field(() => String, { nullable: true, description: 'For a guest outside the registry.' }) guestName:
    string | null;
  @Field(() => ParticipantRoleEnum) role: ParticipantRole;
  @Field() invited: boolean;
  @Field(() => AttendanceEnum, { nullable: true, description: 'null while unknown.' })
  attendance: Attendance | null;
  /**
   * Always read with the participation, so that it is a plain field: a field with a resolver costs
   * graphql-jit a resolve-info object, its response path and three closures on every call, and a page
   * of fifty meetings has a thousand participants (that was 40 % of what the page allocated).
   */
  @Field(() => PersonModel, { nullable: true, description: 'null for a guest outside the registry.' })
  person: PersonModel | null;
  meetingId: string;
  personId: string | null;
  representedUnitId: string | null;
  mandateId: string | null;
  /** The date this participation was read for: its unit and mandate are read for it too. */
  asOf?: string;
}

/** What a read of participations may bring along with each. */
export interface ParticipationJoins {
  person: Person;
}

/** A participation with its person: joined to it (see common/related), or already known (`person`). */
export const toParticipationModel = (
  row: Participation & Joined<ParticipationJoins>,
  person: PersonModel | null = row.joined?.person ? toPersonModel(row.joined.person) : null,
  asOf?: string,
): ParticipationModel =>
  Object.assign(new ParticipationModel(), {
    id: row.id,
    guestName: row.guestName,
    role: row.role,
    invited: row.invited,
    attendance: row.attendance,
    person,
    meetingId: row.meetingId,
    personId: row.personId,
    representedUnitId: row.representedUnitId,
    mandateId: row.mandateId,
    asOf,
  });

@ObjectType('AttendanceCount', {
  description: 'How many took part, counted in the database (for dashboards).',
})
export class AttendanceSummaryModel {
  @Field(() => Int, { description: 'Everyone listed: invited, attending, guests.' }) participants: number;
  @Field(() => Int) attended: number;
  @Field(() => Int) excused: number;
  @Field(() => Int) absent: number;
  @Field(() => Int, { description: 'Listed, attendance not (yet) known.' }) unknown: number;
}

@ObjectType('AgendaItem')
export class AgendaItemModel {
  @Field(() => Int) position: number;
  @Field(() => String, { nullable: true }) titleAr: string | null;
  @Field(() => String, { nullable: true }) titleFr: string | null;
  @Field(() => String, { nullable: true }) notes: string | null;
}

export const toAgendaItemModel = (row: AgendaItem): AgendaItemModel =>
  Object.assign(new AgendaItemModel(), {
    position: row.position,
    titleAr: row.titleAr,
    titleFr: row.titleFr,
    notes: row.notes,
  });

@ObjectType('Outcome')
export class OutcomeModel {
  @Field(() => ID) id: string;
  @Field(() => OutcomeKindEnum) kind: OutcomeKind;
  @Field(() => String, { nullable: true }) textAr: string | null;
  @Field(() => String, { nullable: true }) textFr: string | null;
  @Field(() => CalendarDate, { nullable: true }) dueOn: string | null;
  @Field(() => OutcomeStatusEnum) status: OutcomeStatus;
  @Field(() => CalendarDate, { nullable: true }) closedOn: string | null;
  @Field(() => Int) version: number;
  meetingId: string;
  ownerPersonId: string | null;
  ownerUnitId: string | null;
}

export const toOutcomeModel = (row: Outcome): OutcomeModel =>
  Object.assign(new OutcomeModel(), {
    id: row.id,
    kind: row.kind,
    textAr: row.textAr,
    textFr: row.textFr,
    dueOn: row.dueOn,
    status: row.status,
    closedOn: row.closedOn,
    version: row.version,
    meetingId: row.meetingId,
    ownerPersonId: row.ownerPersonId,
    ownerUnitId: row.ownerUnitId,
  });

@ObjectType('MeetingSource', { description: 'Where the record of a meeting comes from.' })
export class MeetingSourceModel {
  @Field(() => String, { nullable: true }) url: string | null;
  @Field(() => String, { nullable: true }) title: string | null;
  @Field(() => String, { nullable: true }) author: string | null;
  @Field(() => CalendarDate, { nullable: true }) publishedOn: string | null;
  @Field(() => String, { nullable: true }) note: string | null;
}

export const toSourceModel = (row: MeetingSource): MeetingSourceModel =>
  Object.assign(new MeetingSourceModel(), {
    url: row.url,
    title: row.title,
    author: row.author,
    publishedOn: row.publishedOn,
    note: row.note,
  });
