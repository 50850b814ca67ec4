import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Joined } from '../common/related';
import { enumOf } from '../common/names';
import { CalendarDate, DateTimeScalar } from '../common/scalars';
import { Person } from '../people/person.entity';
import { PersonModel, toPersonModel } from '../people/person.model';
import {
  AgendaItem,
  ATTENDANCES,
  Intervention,
  INTERVENTION_KINDS,
  InterventionKind,
  Attendance,
  Meeting,
  MEETING_KINDS,
  MEETING_STATUSES,
  MeetingKind,
  MeetingSource,
  MeetingStatus,
  Outcome,
  OutcomeOwner,
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

export const MeetingKindEnum = enumOf(MEETING_KINDS, 'MeetingKind', 'What a meeting is for.', {
  OUTREACH: 'Meeting citizens or members in the field.',
  BUREAU: 'Meeting of a unit’s bureau.',
  GENERAL_ASSEMBLY: 'General assembly of a unit’s members.',
  COUNCIL: 'Session of a council.',
  CONGRESS: 'Congress (national or local).',
  TRAINING: 'Training session.',
  OTHER: 'Any other meeting.',
});
export const MeetingStatusEnum = enumOf(MEETING_STATUSES, 'MeetingStatus', 'Where a meeting stands.', {
  PLANNED: 'Announced, not held yet.',
  HELD: 'Took place; attendance can be recorded.',
  CANCELLED: 'Will not take place (final).',
});
export const PartOfDayEnum = enumOf(PARTS_OF_DAY, 'PartOfDay', 'When only the part of the day is known.', {
  MORNING: 'Before noon.',
  AFTERNOON: 'From noon to the evening.',
  EVENING: 'In the evening.',
});
export const ParticipantRoleEnum = enumOf(
  PARTICIPANT_ROLES,
  'ParticipantRole',
  'A participant’s part in a meeting.',
  {
    CONVENER: 'Convened or chaired it.',
    COORDINATOR: 'Coordinated or organised it.',
    ATTENDEE: 'Took part.',
    SPEAKER: 'Spoke or presented.',
    GUEST: 'Came as a guest.',
    REPORTER: 'Took the minutes or wrote the report.',
  },
);
export const AttendanceEnum = enumOf(
  ATTENDANCES,
  'Attendance',
  'Whether a participant came to a held meeting. A participation whose attendance the source does not state has none (null): unknown, counted apart and never in attendance rates.',
  {
    ATTENDED: 'Was there.',
    ABSENT: 'Was not there, without excuse.',
    EXCUSED: 'Was not there, excused.',
  },
);
export const OutcomeKindEnum = enumOf(OUTCOME_KINDS, 'OutcomeKind', 'What a meeting produced.', {
  DECISION: 'Decided by the meeting.',
  COMMITMENT: 'Something a person or unit undertook to do.',
  RECOMMENDATION: 'Advice to another body or level.',
});
export const OutcomeStatusEnum = enumOf(OUTCOME_STATUSES, 'OutcomeStatus', 'Where an outcome stands.', {
  OPEN: 'To be carried out.',
  DONE: 'Carried out.',
  DROPPED: 'Abandoned.',
});
export const InterventionKindEnum = enumOf(
  INTERVENTION_KINDS,
  'InterventionKind',
  'What a statement made at a meeting does.',
  {
    INTERVENTION: 'Spoke on a point (an account, a position).',
    COMMITMENT: 'Undertook to do something.',
    PRAISE: 'Praised or welcomed something (an initiative, an approach).',
    INSTRUCTION: 'Stressed or directed what others should do.',
    ASSESSMENT: 'Judged what something means or is worth.',
    REQUEST: 'Asked for something.',
    OTHER: 'Any other statement.',
  },
);
export const MeetingUnitRoleEnum = enumOf(
  ['CONVENING', ...UNIT_ROLES] as const,
  'MeetingUnitRole',
  'A unit’s part in a meeting.',
  {
    CONVENING: 'Convened the meeting.',
    COORDINATING: 'Organises the meeting with the convening unit.',
    INVITED: 'Was invited to take part.',
    ATTENDING: 'Took part.',
  },
);
export type MeetingUnitRoleName = keyof typeof MeetingUnitRoleEnum;

@ObjectType('Meeting', {
  description: 'A meeting of the party: who convened it, when, who took part, what it decided.',
})
export class MeetingModel {
  @Field(() => ID, { description: 'Stable id (meeting(id:) finds it).' }) id: string;
  @Field(() => MeetingKindEnum, { description: 'What kind of meeting.' }) kind: MeetingKind;
  @Field(() => MeetingStatusEnum, { description: 'Planned, held or cancelled.' }) status: MeetingStatus;
  @Field(() => String, { nullable: true, description: 'Title in Arabic.' }) titleAr: string | null;
  @Field(() => String, { nullable: true, description: 'Title in French.' }) titleFr: string | null;
  @Field(() => String, { nullable: true, description: 'Summary in Arabic.' }) summaryAr: string | null;
  @Field(() => String, { nullable: true, description: 'Summary in French.' }) summaryFr: string | null;
  @Field(() => CalendarDate, { description: 'The day of the meeting in Morocco (always known).' })
  date: string;
  @Field(() => DateTimeScalar, { nullable: true, description: 'null when the hour is unknown.' })
  startsAt: Date | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'When it ended, when known.' })
  endsAt: Date | null;
  @Field({ description: 'Whether the hour is known; if not, partOfDay may say when.' }) timeKnown: boolean;
  @Field(() => PartOfDayEnum, {
    nullable: true,
    description: 'Morning, afternoon or evening, when only that is known.',
  })
  partOfDay: PartOfDay | null;
  @Field(() => String, { nullable: true, description: 'Where it took place (free text).' }) place:
    string | null;
  @Field({
    description:
      'True when the source lists only some of the points discussed ("among them"): the agenda is not the whole of it.',
  })
  agendaPartial: boolean;
  @Field(() => Int, { description: 'Changes with every update; send it back as expectedVersion.' })
  version: number;
  conveningUnitId: string;
  territoryId: string | null;
  seriesId: string | null;
  /**
   * The meeting's attendance when the statement that read it counted that too (a unit's page of
   * meetings): the `attendance` field then answers with it at once, not through a loader's promise on
   * each of a dashboard's hundreds of meetings.
   */
  countedAttendance: AttendanceSummaryModel | undefined;
}

export const toMeetingModel = (row: Meeting, countedAttendance?: AttendanceSummaryModel): MeetingModel =>
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
    agendaPartial: row.agendaPartial,
    version: row.version,
    conveningUnitId: row.conveningUnitId,
    territoryId: row.territoryId,
    seriesId: row.seriesId,
    countedAttendance,
  });

/** A unit's part in a meeting; the convening unit is listed with role CONVENING. */
@ObjectType('MeetingUnit', { description: 'A unit taking part in a meeting, and how.' })
export class MeetingUnitModel {
  @Field(() => MeetingUnitRoleEnum, { description: 'How the unit takes part.' }) role: MeetingUnitRoleName;
  unitId: string;
}

@ObjectType('Participation', { description: 'One participant of a meeting: a registered person or a guest.' })
export class ParticipationModel {
  @Field(() => ID, { description: 'Stable id (removeParticipant takes it).' }) id: string;
  @Field(() => String, { nullable: true, description: 'For a guest outside the registry.' }) guestName:
    string | null;
  @Field(() => ParticipantRoleEnum, { description: 'The participant’s part in the meeting.' })
  role: ParticipantRole;
  @Field({ description: 'Whether the participant was formally invited.' }) invited: boolean;
  @Field(() => AttendanceEnum, {
    nullable: true,
    description:
      'null while unknown (the source does not say, e.g. a meeting held “in coordination with” someone).',
  })
  attendance: Attendance | null;
  /**
   * Always read with the participation, so that it is a plain field: a field with a resolver costs
   * graphql-jit a resolve-info object, its response path and three closures on every call, and a page
   * of meetings has many participants: that was a large share of what the page allocated
   * (bench/README.md).
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
  @Field(() => Int, { description: 'Participants who attended.' }) attended: number;
  @Field(() => Int, { description: 'Participants excused.' }) excused: number;
  @Field(() => Int, { description: 'Participants absent without excuse.' }) absent: number;
  @Field(() => Int, { description: 'Listed, attendance not (yet) known.' }) unknown: number;
}

@ObjectType('AgendaItem', { description: 'One point of a meeting’s agenda.' })
export class AgendaItemModel {
  @Field(() => Int, { description: 'Place in the agenda, from 1.' }) position: number;
  @Field(() => String, { nullable: true, description: 'Title in Arabic.' }) titleAr: string | null;
  @Field(() => String, { nullable: true, description: 'Title in French.' }) titleFr: string | null;
  @Field(() => String, { nullable: true, description: 'Free notes on the point.' }) notes: string | null;
}

export const toAgendaItemModel = (row: AgendaItem): AgendaItemModel =>
  Object.assign(new AgendaItemModel(), {
    position: row.position,
    titleAr: row.titleAr,
    titleFr: row.titleFr,
    notes: row.notes,
  });

@ObjectType('Outcome', {
  description: 'A decision, recommendation or commitment of a meeting, followed until done or dropped.',
})
export class OutcomeModel {
  @Field(() => ID, { description: 'Stable id (setOutcomeStatus takes it).' }) id: string;
  @Field(() => OutcomeKindEnum, { description: 'Decision, recommendation or commitment.' }) kind: OutcomeKind;
  @Field(() => String, { nullable: true, description: 'The text in Arabic.' }) textAr: string | null;
  @Field(() => String, { nullable: true, description: 'The text in French.' }) textFr: string | null;
  @Field(() => CalendarDate, { nullable: true, description: 'When it is due; null when no date was set.' })
  dueOn: string | null;
  @Field(() => OutcomeStatusEnum, { description: 'Open, done or dropped.' }) status: OutcomeStatus;
  @Field(() => CalendarDate, { nullable: true, description: 'When it was done or dropped; null while open.' })
  closedOn: string | null;
  @Field(() => Int, { description: 'Changes with every update; send it back as expectedVersion.' })
  version: number;
  meetingId: string;
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
  });

@ObjectType('OutcomeOwner', { description: 'One of those responsible for an outcome: a person or a unit.' })
export class OutcomeOwnerModel {
  @Field(() => Int, { description: 'Place among the owners, from 1, as given.' }) position: number;
  personId: string | null;
  unitId: string | null;
}

export const toOutcomeOwnerModel = (row: OutcomeOwner): OutcomeOwnerModel =>
  Object.assign(new OutcomeOwnerModel(), {
    position: row.position,
    personId: row.personId,
    unitId: row.orgUnitId,
  });

@ObjectType('Intervention', {
  description: 'What was said at a meeting, in order: by whom (one or several participants) and what.',
})
export class InterventionModel {
  @Field(() => ID, { description: 'Stable id.' }) id: string;
  @Field(() => Int, { description: 'Place among the meeting’s interventions, from 1.' }) position: number;
  @Field(() => InterventionKindEnum, { description: 'What the statement does.' }) kind: InterventionKind;
  @Field(() => String, { nullable: true, description: 'What was said, in Arabic.' }) textAr: string | null;
  @Field(() => String, { nullable: true, description: 'What was said, in French.' }) textFr: string | null;
  meetingId: string;
  speakerIds: string[];
}

export const toInterventionModel = (row: Intervention, speakerIds: string[]): InterventionModel =>
  Object.assign(new InterventionModel(), {
    id: row.id,
    position: row.position,
    kind: row.kind,
    textAr: row.textAr,
    textFr: row.textFr,
    meetingId: row.meetingId,
    speakerIds,
  });

@ObjectType('MeetingSource', { description: 'Where the record of a meeting comes from.' })
export class MeetingSourceModel {
  @Field(() => String, { nullable: true, description: 'Link to the source, when online.' }) url:
    string | null;
  @Field(() => String, { nullable: true, description: 'Title of the source (article, report, post).' })
  title: string | null;
  @Field(() => String, { nullable: true, description: 'Who wrote or published it.' }) author: string | null;
  @Field(() => CalendarDate, { nullable: true, description: 'When it was published.' }) publishedOn:
    string | null;
  @Field(() => String, {
    nullable: true,
    description: 'What the source says about the meeting, or why it is cited.',
  })
  note: string | null;
}

export const toSourceModel = (row: MeetingSource): MeetingSourceModel =>
  Object.assign(new MeetingSourceModel(), {
    url: row.url,
    title: row.title,
    author: row.author,
    publishedOn: row.publishedOn,
    note: row.note,
  });
