import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsBoolean,
  IsDate,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Length,
  Min,
  ValidateNested,
} from 'class-validator';
import { PageArgs } from '../../common/pagination';
import { CodeField } from '../../common/refs';
import { WORD_SEARCH_CANDIDATES } from '../../common/search';
import { CalendarDate, DateTimeScalar } from '../../common/scalars';
import { ArabicName, LatinName, OptionalText, OptionalValue, Trim } from '../../common/validation';
import {
  ATTENDANCES,
  Attendance,
  INTERVENTION_KINDS,
  InterventionKind,
  MEETING_KINDS,
  MEETING_STATUSES,
  MeetingKind,
  MeetingStatus,
  MeetingUnitRole,
  OUTCOME_KINDS,
  OUTCOME_STATUSES,
  OutcomeKind,
  OutcomeStatus,
  PARTICIPANT_ROLES,
  ParticipantRole,
  PARTS_OF_DAY,
  PartOfDay,
  UNIT_ROLES,
} from '../meeting.entity';
import {
  AttendanceEnum,
  InterventionKindEnum,
  MeetingKindEnum,
  MeetingStatusEnum,
  OutcomeKindEnum,
  OutcomeStatusEnum,
  ParticipantRoleEnum,
  PartOfDayEnum,
} from '../meeting.model';
import { enumOf } from '../../common/names';
import {
  CONTEXT_EVENT_KINDS,
  CONTEXT_RELATIONS,
  ContextEventKind,
  ContextRelation,
} from '../context-event.entity';
import { ContextEventKindEnum, ContextRelationEnum } from '../context-event.model';

/**
 * What one meeting holds at most, however it was written (recordMeeting, addParticipants, addOutcome;
 * the database refuses more too): the cost limit counts a meeting's lists by these.
 */
export const MAX_PARTICIPANTS = 500;
export const MAX_ITEMS = 100;
export const MAX_OUTCOMES = 100;
export const MAX_SOURCES = 20;
export const MAX_INTERVENTIONS = 100;
export const MAX_SPEAKERS = 20;
export const MAX_CONTEXT = 20;
export const MAX_OWNERS = 20;

export const UnitRoleInputEnum = enumOf(
  UNIT_ROLES,
  'MeetingUnitRoleInput',
  'A unit’s part besides convening.',
  {
    COORDINATING: 'Organises the meeting with the convening unit.',
    INVITED: 'Was invited to take part.',
    ATTENDING: 'Took part.',
  },
);

@InputType({ description: 'A unit taking part, besides the convening one.' })
export class MeetingUnitInput {
  @Field(() => ID, { description: 'The unit taking part.' }) @IsString() unitId: string;
  @Field(() => UnitRoleInputEnum, { description: 'How it takes part.' })
  @IsIn(UNIT_ROLES)
  role: MeetingUnitRole;
}

@InputType({ description: 'A registered person (personId) or a guest outside the registry (guestName).' })
export class ParticipantInput {
  @Field(() => ID, { nullable: true, description: 'A registered person (or give guestName).' })
  @IsOptional()
  @IsString()
  personId?: string;
  @Field({ nullable: true, description: 'A guest outside the registry (or give personId).' })
  @OptionalValue()
  @Trim()
  @IsString()
  @Length(1, 200)
  guestName?: string;
  @Field(() => ParticipantRoleEnum, { description: 'The participant’s part in the meeting.' })
  @IsIn(PARTICIPANT_ROLES)
  role: ParticipantRole;
  @Field(() => ID, {
    nullable: true,
    description: 'The unit they represented (default: their mandate’s unit).',
  })
  @IsOptional()
  @IsString()
  representedUnitId?: string;
  @Field(() => ID, {
    nullable: true,
    description: 'The mandate they came in; it must be theirs and running that day.',
  })
  @IsOptional()
  @IsString()
  mandateId?: string;
  @Field({ nullable: true, description: 'Default false.' }) @IsOptional() @IsBoolean() invited?: boolean;
  @Field(() => AttendanceEnum, { nullable: true, description: 'Only for a HELD meeting.' })
  @IsOptional()
  @IsIn(ATTENDANCES)
  attendance?: Attendance;
}

@InputType({ description: 'One point of the agenda; at least one title.' })
export class AgendaItemInput {
  @Field({ nullable: true, description: 'Title in Arabic.' })
  @OptionalValue()
  @ArabicName('titleAr')
  titleAr?: string;
  @Field({ nullable: true, description: 'Title in French.' })
  @OptionalValue()
  @LatinName('titleFr')
  titleFr?: string;
  @Field({ nullable: true, description: 'Free notes on the point.' }) @OptionalText('notes') notes?: string;
}

@InputType({ description: 'One of those responsible for an outcome: a person or a unit (exactly one).' })
export class OutcomeOwnerInput {
  @Field(() => ID, { nullable: true, description: 'A person responsible (or give unitId).' })
  @IsOptional()
  @IsString()
  personId?: string;
  @Field(() => ID, { nullable: true, description: 'A unit responsible (or give personId).' })
  @IsOptional()
  @IsString()
  unitId?: string;
}

@InputType({ description: 'A decision, recommendation or commitment of the meeting.' })
export class OutcomeInput {
  @Field(() => OutcomeKindEnum, { description: 'Decision, recommendation or commitment.' })
  @IsIn(OUTCOME_KINDS)
  kind: OutcomeKind;
  @Field({ nullable: true, description: 'The text in Arabic.' }) @OptionalText('textAr') textAr?: string;
  @Field({ nullable: true, description: 'The text in French.' }) @OptionalText('textFr') textFr?: string;
  @Field(() => ID, {
    nullable: true,
    description: 'A person responsible for carrying it out (the first owner; see owners for several).',
  })
  @IsOptional()
  @IsString()
  ownerPersonId?: string;
  @Field(() => ID, {
    nullable: true,
    description: 'A unit responsible for carrying it out (after ownerPersonId; see owners for several).',
  })
  @IsOptional()
  @IsString()
  ownerUnitId?: string;
  @Field(() => [OutcomeOwnerInput], {
    nullable: true,
    description: `Everyone responsible, people and units, in order (after ownerPersonId and ownerUnitId); at most ${MAX_OWNERS} in all.`,
  })
  @IsOptional()
  @ArrayMaxSize(MAX_OWNERS)
  @ValidateNested({ each: true })
  @Type(() => OutcomeOwnerInput)
  owners?: OutcomeOwnerInput[];
  @Field(() => CalendarDate, { nullable: true, description: 'Not before the meeting.' }) dueOn?: string;
}

@InputType({ description: 'Where the meeting is documented (press, report, post).' })
export class SourceInput {
  @Field({ nullable: true, description: 'Full URL of the source, when online.' })
  @OptionalValue()
  @IsUrl({ require_protocol: true }, { message: 'url must be a full URL.' })
  url?: string;
  @Field({ nullable: true, description: 'Title of the source.' }) @OptionalText('title') title?: string;
  @Field({ nullable: true, description: 'Who wrote or published it.' })
  @OptionalText('author')
  author?: string;
  @Field(() => CalendarDate, { nullable: true, description: 'When it was published.' }) publishedOn?: string;
  @Field({ nullable: true, description: 'What the source says, or why it is cited.' })
  @OptionalText('note')
  note?: string;
}

@InputType({ description: 'What was said at the meeting, by whom; at least one text and one speaker.' })
export class InterventionInput {
  @Field(() => InterventionKindEnum, { description: 'What the statement does.' })
  @IsIn(INTERVENTION_KINDS)
  kind: InterventionKind;
  @Field({ nullable: true, description: 'What was said, in Arabic.' })
  @OptionalText('textAr')
  textAr?: string;
  @Field({ nullable: true, description: 'What was said, in French.' })
  @OptionalText('textFr')
  textFr?: string;
  @Field(() => [ID], {
    description: `Who said it: participants of the meeting, each by their person's id or their participation's id (a guest); one or several (a statement the source gives to a group); at most ${MAX_SPEAKERS}.`,
  })
  @ArrayMaxSize(MAX_SPEAKERS)
  @IsString({ each: true })
  speakers: string[];
}

@InputType({ description: 'An event the meeting relates to, and how.' })
export class MeetingContextInput {
  @Field(() => ID, { description: 'The event (createContextEvent answers its id).' })
  @IsString()
  eventId: string;
  @Field(() => ContextRelationEnum, { description: 'How the meeting relates to it.' })
  @IsIn(CONTEXT_RELATIONS)
  relation: ContextRelation;
  @Field({ nullable: true, description: 'What the source says of the relation.' })
  @OptionalText('note')
  note?: string;
}

/** When and where: shared by recordMeeting and updateMeeting. */
@InputType({ isAbstract: true })
class MeetingFieldsInput {
  @Field({ nullable: true, description: 'Title in Arabic.' })
  @OptionalValue()
  @ArabicName('titleAr')
  titleAr?: string;
  @Field({ nullable: true, description: 'Title in French.' })
  @OptionalValue()
  @LatinName('titleFr')
  titleFr?: string;
  @Field({ nullable: true, description: 'Summary in Arabic.' }) @OptionalText('summaryAr') summaryAr?: string;
  @Field({ nullable: true, description: 'Summary in French.' }) @OptionalText('summaryFr') summaryFr?: string;
  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'When the hour is known; it must fall on date.',
  })
  @IsOptional()
  @IsDate()
  startsAt?: Date;
  @Field(() => DateTimeScalar, { nullable: true, description: 'When it ended, when known.' })
  @IsOptional()
  @IsDate()
  endsAt?: Date;
  @Field(() => PartOfDayEnum, { nullable: true, description: 'When the hour is unknown.' })
  @IsOptional()
  @IsIn(PARTS_OF_DAY)
  partOfDay?: PartOfDay;
  @Field({ nullable: true, description: 'Where it took place (free text).' })
  @OptionalText('place')
  place?: string;
  @Field(() => ID, { nullable: true, description: 'The territory where it took place.' })
  @IsOptional()
  @IsString()
  territoryId?: string;
  @Field(() => ID, { nullable: true, description: 'The series it belongs to.' })
  @IsOptional()
  @IsString()
  seriesId?: string;
  @Field({
    nullable: true,
    description: 'True when the source gives only some of the points ("among them"); default false.',
  })
  @IsOptional()
  @IsBoolean()
  agendaPartial?: boolean;
}

@InputType({ description: 'A meeting to record, with its lists, in one step.' })
export class RecordMeetingInput extends MeetingFieldsInput {
  @Field({ nullable: true, description: 'Retry-safe: the same key and payload give the same result, once.' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  idempotencyKey?: string;
  @Field(() => MeetingKindEnum, { description: 'What kind of meeting.' })
  @IsIn(MEETING_KINDS)
  kind: MeetingKind;
  @Field(() => MeetingStatusEnum, {
    nullable: true,
    description: 'Default: HELD for a past day, PLANNED for a future one.',
  })
  @IsOptional()
  @IsIn(MEETING_STATUSES)
  status?: MeetingStatus;
  @Field(() => CalendarDate, { description: 'The day, in Morocco.' }) date: string;
  @Field(() => ID, {
    nullable: true,
    description: 'The unit that convened the meeting (or give convenerUnitCode).',
  })
  @IsOptional()
  @IsString()
  convenerUnitId?: string;
  @CodeField('The code of the unit that convened the meeting (or give convenerUnitId).')
  convenerUnitCode?: string;

  @Field(() => [MeetingUnitInput], { nullable: true, description: 'Other units taking part.' })
  @IsOptional()
  @ArrayMaxSize(MAX_ITEMS)
  @ValidateNested({ each: true })
  @Type(() => MeetingUnitInput)
  units?: MeetingUnitInput[];

  @Field(() => [ParticipantInput], { nullable: true, description: `At most ${MAX_PARTICIPANTS}.` })
  @IsOptional()
  @ArrayMaxSize(MAX_PARTICIPANTS)
  @ValidateNested({ each: true })
  @Type(() => ParticipantInput)
  participants?: ParticipantInput[];

  @Field(() => [AgendaItemInput], { nullable: true, description: 'In order.' })
  @IsOptional()
  @ArrayMaxSize(MAX_ITEMS)
  @ValidateNested({ each: true })
  @Type(() => AgendaItemInput)
  agenda?: AgendaItemInput[];

  @Field(() => [OutcomeInput], { nullable: true, description: 'Decisions, recommendations and commitments.' })
  @IsOptional()
  @ArrayMaxSize(MAX_OUTCOMES)
  @ValidateNested({ each: true })
  @Type(() => OutcomeInput)
  outcomes?: OutcomeInput[];

  @Field(() => [SourceInput], { nullable: true, description: 'Where the meeting is documented.' })
  @IsOptional()
  @ArrayMaxSize(MAX_SOURCES)
  @ValidateNested({ each: true })
  @Type(() => SourceInput)
  sources?: SourceInput[];

  @Field(() => [InterventionInput], {
    nullable: true,
    description: `What participants said, in order; at most ${MAX_INTERVENTIONS}.`,
  })
  @IsOptional()
  @ArrayMaxSize(MAX_INTERVENTIONS)
  @ValidateNested({ each: true })
  @Type(() => InterventionInput)
  interventions?: InterventionInput[];

  @Field(() => [MeetingContextInput], {
    nullable: true,
    description: `Events the meeting relates to; at most ${MAX_CONTEXT}.`,
  })
  @IsOptional()
  @ArrayMaxSize(MAX_CONTEXT)
  @ValidateNested({ each: true })
  @Type(() => MeetingContextInput)
  context?: MeetingContextInput[];
}

@InputType({ description: 'Interventions to add after those a meeting has.' })
export class AddInterventionsInput {
  @Field(() => ID, { description: 'The meeting.' }) @IsString() meetingId: string;
  @Field(() => [InterventionInput], {
    description: `In order; a meeting has at most ${MAX_INTERVENTIONS}, those already there included.`,
  })
  @ArrayMaxSize(MAX_INTERVENTIONS)
  @ValidateNested({ each: true })
  @Type(() => InterventionInput)
  interventions: InterventionInput[];
}

@InputType({ description: 'A meeting and an event it relates to.' })
export class LinkMeetingContextInput extends MeetingContextInput {
  @Field(() => ID, { description: 'The meeting.' }) @IsString() meetingId: string;
}

@InputType({ description: 'An event known by its days (no hours), for meetings to cite.' })
export class CreateContextEventInput {
  @Field(() => ContextEventKindEnum, { description: 'What kind of event.' })
  @IsIn(CONTEXT_EVENT_KINDS)
  kind: ContextEventKind;
  @Field({ nullable: true, description: 'Title in Arabic.' })
  @OptionalValue()
  @ArabicName('titleAr')
  titleAr?: string;
  @Field({ nullable: true, description: 'Title in French.' })
  @OptionalValue()
  @LatinName('titleFr')
  titleFr?: string;
  @Field(() => CalendarDate, { description: 'First day.' }) startsOn: string;
  @Field(() => CalendarDate, {
    nullable: true,
    description: 'Last day; default the first (a one-day event).',
  })
  endsOn?: string;
  @Field({ nullable: true, description: 'Where it took place (free text).' })
  @OptionalText('place')
  place?: string;
  @Field(() => ID, { nullable: true, description: 'The territory where it took place.' })
  @IsOptional()
  @IsString()
  territoryId?: string;
  @Field(() => ID, {
    nullable: true,
    description:
      'The unit whose event it was (a national congress: the national unit); none for one outside the party.',
  })
  @IsOptional()
  @IsString()
  unitId?: string;
  @Field({ nullable: true, description: 'Where the event is documented.' })
  @OptionalText('source')
  source?: string;
}

@InputType({
  description:
    'Absent fields stay as they are. Cancel with cancelMeeting; a cancelled meeting stays cancelled.',
})
export class UpdateMeetingInput extends MeetingFieldsInput {
  @Field(() => ID, { description: 'The meeting to change.' }) @IsString() id: string;
  @Field(() => Int, { description: 'The version you last read; a stale one is refused.' })
  @IsInt()
  @Min(1)
  expectedVersion: number;
  @Field(() => MeetingKindEnum, { nullable: true, description: 'What kind of meeting.' })
  @IsOptional()
  @IsIn(MEETING_KINDS)
  kind?: MeetingKind;
  @Field(() => MeetingStatusEnum, {
    nullable: true,
    description: 'PLANNED or HELD (cancel with cancelMeeting).',
  })
  @IsOptional()
  @IsIn(MEETING_STATUSES)
  status?: MeetingStatus;
  @Field(() => CalendarDate, { nullable: true, description: 'The day, in Morocco.' }) date?: string;
  @Field(() => ID, { nullable: true, description: 'The unit that convened the meeting.' })
  @IsOptional()
  @IsString()
  convenerUnitId?: string;
}

@InputType({ description: 'Names a meeting to cancel.' })
export class CancelMeetingInput {
  @Field(() => ID, { description: 'The meeting to cancel.' }) @IsString() id: string;
  @Field(() => Int, { nullable: true, description: 'The version you last read; a stale one is refused.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  expectedVersion?: number;
}

@InputType({ description: 'One person’s attendance.' })
export class AttendanceEntryInput {
  @Field(() => ID, { description: 'A participant of the meeting.' }) @IsString() personId: string;
  @Field(() => AttendanceEnum, {
    nullable: true,
    description:
      'Whether they attended; null (or absent) when the source does not say: unknown, left out of attendance rates.',
  })
  @IsOptional()
  @IsIn(ATTENDANCES)
  attendance?: Attendance | null;
}

@InputType({ description: 'Attendance of several participants of a held meeting.' })
export class SetAttendanceInput {
  @Field(() => ID, { description: 'The meeting (HELD).' }) @IsString() meetingId: string;
  @Field(() => [AttendanceEntryInput], { description: 'One entry per participant to set.' })
  @ArrayMaxSize(MAX_PARTICIPANTS)
  @ValidateNested({ each: true })
  @Type(() => AttendanceEntryInput)
  entries: AttendanceEntryInput[];
}

@InputType({ description: 'Participants to add to a meeting.' })
export class AddParticipantsInput {
  @Field(() => ID, { description: 'The meeting to add them to.' }) @IsString() meetingId: string;
  @Field(() => [ParticipantInput], {
    description: `A meeting has at most ${MAX_PARTICIPANTS} participants, those already there included.`,
  })
  @ArrayMaxSize(MAX_PARTICIPANTS)
  @ValidateNested({ each: true })
  @Type(() => ParticipantInput)
  participants: ParticipantInput[];
}

@InputType({ description: 'Names a participation to remove.' })
export class RemoveParticipantInput {
  @Field(() => ID, { description: 'The participation (Participation.id).' })
  @IsString()
  participationId: string;
}

@InputType({ description: 'An outcome to add to a meeting.' })
export class AddOutcomeInput extends OutcomeInput {
  @Field(() => ID, { description: 'The meeting that adopted it.' }) @IsString() meetingId: string;
}

@InputType({ description: 'An outcome’s new status.' })
export class SetOutcomeStatusInput {
  @Field(() => ID, { description: 'The outcome (Outcome.id).' }) @IsString() id: string;
  @Field(() => OutcomeStatusEnum, { description: 'The new status.' })
  @IsIn(OUTCOME_STATUSES)
  status: OutcomeStatus;
  @Field(() => CalendarDate, { nullable: true, description: 'For DONE or DROPPED; default today.' })
  closedOn?: string;
  @Field(() => Int, { nullable: true, description: 'The version you last read; a stale one is refused.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  expectedVersion?: number;
}

@InputType({ description: 'Narrows a list of meetings; all conditions must hold.' })
export class MeetingFilterInput {
  @Field(() => ID, { nullable: true, description: 'Meetings this unit convened or took part in.' })
  @IsOptional()
  @IsString()
  unit?: string;
  @Field({ nullable: true, description: 'With unit: its whole subtree.' })
  @IsOptional()
  @IsBoolean()
  includeDescendants?: boolean;
  @Field(() => CalendarDate, { nullable: true, description: 'From this day, inclusive.' }) from?: string;
  @Field(() => CalendarDate, { nullable: true, description: 'To this day, inclusive.' }) to?: string;
  @Field(() => MeetingKindEnum, { nullable: true, description: 'Only meetings of this kind.' })
  @IsOptional()
  @IsIn(MEETING_KINDS)
  kind?: MeetingKind;
  @Field(() => MeetingStatusEnum, { nullable: true, description: 'Only meetings with this status.' })
  @IsOptional()
  @IsIn(MEETING_STATUSES)
  status?: MeetingStatus;
  @Field(() => ID, { nullable: true, description: 'A person who took part.' })
  @IsOptional()
  @IsString()
  participant?: string;
  @Field(() => ID, { nullable: true, description: 'Only meetings of this series.' })
  @IsOptional()
  @IsString()
  series?: string;
  @Field({
    nullable: true,
    description:
      'Title, summary and agenda, Arabic or Latin, any spelling: every word typed must be there, as ' +
      'itself, a part of a longer word or a close spelling. Best match first, then newest. Only the ' +
      `newest ${WORD_SEARCH_CANDIDATES} meetings that match are ranked and counted (totalCount stops at ` +
      `${WORD_SEARCH_CANDIDATES}): more words, dates or a unit reach older ones.`,
  })
  @IsOptional()
  @IsString()
  search?: string;
}

@ArgsType()
export class MeetingsArgs extends PageArgs {
  @Field(() => MeetingFilterInput, {
    nullable: true,
    description: 'Which meetings; omitted = all of your scope.',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => MeetingFilterInput)
  filter?: MeetingFilterInput;
}

@InputType({ description: 'Narrows a list of outcomes; all conditions must hold.' })
export class OutcomeFilterInput {
  @Field(() => ID, {
    nullable: true,
    description: 'Outcomes of meetings convened in, or owned by units of, this subtree.',
  })
  @IsOptional()
  @IsString()
  under?: string;
  @Field(() => OutcomeStatusEnum, { nullable: true, description: 'Only outcomes with this status.' })
  @IsOptional()
  @IsIn(OUTCOME_STATUSES)
  status?: OutcomeStatus;
  @Field({ nullable: true, description: 'Open and past due.' }) @IsOptional() @IsBoolean() overdue?: boolean;
  @Field(() => ID, { nullable: true, description: 'A person or unit owning the outcome.' })
  @IsOptional()
  @IsString()
  owner?: string;
}

@ArgsType()
export class OutcomesArgs extends PageArgs {
  @Field(() => OutcomeFilterInput, {
    nullable: true,
    description: 'Which outcomes; omitted = all of your scope.',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => OutcomeFilterInput)
  filter?: OutcomeFilterInput;
}
