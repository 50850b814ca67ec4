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
import { CalendarDate, DateTimeScalar } from '../../common/scalars';
import { ArabicName, LatinName, OptionalText, OptionalValue, Trim } from '../../common/validation';
import {
  ATTENDANCES,
  Attendance,
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
  MeetingKindEnum,
  MeetingStatusEnum,
  OutcomeKindEnum,
  OutcomeStatusEnum,
  ParticipantRoleEnum,
  PartOfDayEnum,
} from '../meeting.model';
import { enumOf } from '../../common/names';

/**
 * What one meeting holds at most, however it was written (recordMeeting, addParticipants, addOutcome;
 * the database refuses more too): the cost limit counts a meeting's lists by these.
 */
export const MAX_PARTICIPANTS = 500;
export const MAX_ITEMS = 100;
export const MAX_OUTCOMES = 100;
export const MAX_SOURCES = 20;

export const UnitRoleInputEnum = enumOf(
  UNIT_ROLES,
  'MeetingUnitRoleInput',
  'A unit’s part besides convening.',
);

@InputType()
export class MeetingUnitInput {
  @Field(() => ID) @IsString() unitId: string;
  @Field(() => UnitRoleInputEnum) @IsIn(UNIT_ROLES) role: MeetingUnitRole;
}

@InputType({ description: 'A registered person (personId) or a guest outside the registry (guestName).' })
export class ParticipantInput {
  @Field(() => ID, { nullable: true }) @IsOptional() @IsString() personId?: string;
  @Field({ nullable: true }) @OptionalValue() @Trim() @IsString() @Length(1, 200) guestName?: string;
  @Field(() => ParticipantRoleEnum) @IsIn(PARTICIPANT_ROLES) role: ParticipantRole;
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

@InputType()
export class AgendaItemInput {
  @Field({ nullable: true }) @OptionalValue() @ArabicName('titleAr') titleAr?: string;
  @Field({ nullable: true }) @OptionalValue() @LatinName('titleFr') titleFr?: string;
  @Field({ nullable: true }) @OptionalText('notes') notes?: string;
}

@InputType()
export class OutcomeInput {
  @Field(() => OutcomeKindEnum) @IsIn(OUTCOME_KINDS) kind: OutcomeKind;
  @Field({ nullable: true }) @OptionalText('textAr') textAr?: string;
  @Field({ nullable: true }) @OptionalText('textFr') textFr?: string;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsString() ownerPersonId?: string;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsString() ownerUnitId?: string;
  @Field(() => CalendarDate, { nullable: true, description: 'Not before the meeting.' }) dueOn?: string;
}

@InputType()
export class SourceInput {
  @Field({ nullable: true })
  @OptionalValue()
  @IsUrl({ require_protocol: true }, { message: 'url must be a full URL.' })
  url?: string;
  @Field({ nullable: true }) @OptionalText('title') title?: string;
  @Field({ nullable: true }) @OptionalText('author') author?: string;
  @Field(() => CalendarDate, { nullable: true }) publishedOn?: string;
  @Field({ nullable: true }) @OptionalText('note') note?: string;
}

/** When and where: shared by recordMeeting and updateMeeting. */
@InputType({ isAbstract: true })
class MeetingFieldsInput {
  @Field({ nullable: true }) @OptionalValue() @ArabicName('titleAr') titleAr?: string;
  @Field({ nullable: true }) @OptionalValue() @LatinName('titleFr') titleFr?: string;
  @Field({ nullable: true }) @OptionalText('summaryAr') summaryAr?: string;
  @Field({ nullable: true }) @OptionalText('summaryFr') summaryFr?: string;
  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'When the hour is known; it must fall on date.',
  })
  @IsOptional()
  @IsDate()
  startsAt?: Date;
  @Field(() => DateTimeScalar, { nullable: true }) @IsOptional() @IsDate() endsAt?: Date;
  @Field(() => PartOfDayEnum, { nullable: true, description: 'When the hour is unknown.' })
  @IsOptional()
  @IsIn(PARTS_OF_DAY)
  partOfDay?: PartOfDay;
  @Field({ nullable: true }) @OptionalText('place') place?: string;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsString() territoryId?: string;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsString() seriesId?: string;
}

@InputType()
export class RecordMeetingInput extends MeetingFieldsInput {
  @Field({ nullable: true, description: 'Retry-safe: the same key and payload give the same result, once.' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  idempotencyKey?: string;
  @Field(() => MeetingKindEnum) @IsIn(MEETING_KINDS) kind: MeetingKind;
  @Field(() => MeetingStatusEnum, {
    nullable: true,
    description: 'Default: HELD for a past day, PLANNED for a future one.',
  })
  @IsOptional()
  @IsIn(MEETING_STATUSES)
  status?: MeetingStatus;
  @Field(() => CalendarDate, { description: 'The day, in Morocco.' }) date: string;
  @Field(() => ID, { description: 'The unit that convened the meeting.' }) @IsString() convenerUnitId: string;

  @Field(() => [MeetingUnitInput], { nullable: true })
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

  @Field(() => [OutcomeInput], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(MAX_OUTCOMES)
  @ValidateNested({ each: true })
  @Type(() => OutcomeInput)
  outcomes?: OutcomeInput[];

  @Field(() => [SourceInput], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(MAX_SOURCES)
  @ValidateNested({ each: true })
  @Type(() => SourceInput)
  sources?: SourceInput[];
}

@InputType({
  description:
    'Absent fields stay as they are. Cancel with cancelMeeting; a cancelled meeting stays cancelled.',
})
export class UpdateMeetingInput extends MeetingFieldsInput {
  @Field(() => ID) @IsString() id: string;
  @Field(() => Int, { description: 'The version you last read; a stale one is refused.' })
  @IsInt()
  @Min(1)
  expectedVersion: number;
  @Field(() => MeetingKindEnum, { nullable: true }) @IsOptional() @IsIn(MEETING_KINDS) kind?: MeetingKind;
  @Field(() => MeetingStatusEnum, { nullable: true })
  @IsOptional()
  @IsIn(MEETING_STATUSES)
  status?: MeetingStatus;
  @Field(() => CalendarDate, { nullable: true }) date?: string;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsString() convenerUnitId?: string;
}

@InputType()
export class CancelMeetingInput {
  @Field(() => ID) @IsString() id: string;
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() @Min(1) expectedVersion?: number;
}

@InputType()
export class AttendanceEntryInput {
  @Field(() => ID) @IsString() personId: string;
  @Field(() => AttendanceEnum) @IsIn(ATTENDANCES) attendance: Attendance;
}

@InputType()
export class SetAttendanceInput {
  @Field(() => ID) @IsString() meetingId: string;
  @Field(() => [AttendanceEntryInput])
  @ArrayMaxSize(MAX_PARTICIPANTS)
  @ValidateNested({ each: true })
  @Type(() => AttendanceEntryInput)
  entries: AttendanceEntryInput[];
}

@InputType()
export class AddParticipantsInput {
  @Field(() => ID) @IsString() meetingId: string;
  @Field(() => [ParticipantInput], {
    description: `A meeting has at most ${MAX_PARTICIPANTS} participants, those already there included.`,
  })
  @ArrayMaxSize(MAX_PARTICIPANTS)
  @ValidateNested({ each: true })
  @Type(() => ParticipantInput)
  participants: ParticipantInput[];
}

@InputType()
export class RemoveParticipantInput {
  @Field(() => ID) @IsString() participationId: string;
}

@InputType()
export class AddOutcomeInput extends OutcomeInput {
  @Field(() => ID) @IsString() meetingId: string;
}

@InputType()
export class SetOutcomeStatusInput {
  @Field(() => ID) @IsString() id: string;
  @Field(() => OutcomeStatusEnum) @IsIn(OUTCOME_STATUSES) status: OutcomeStatus;
  @Field(() => CalendarDate, { nullable: true, description: 'For DONE or DROPPED; default today.' })
  closedOn?: string;
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() @Min(1) expectedVersion?: number;
}

@InputType()
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
  @Field(() => MeetingKindEnum, { nullable: true }) @IsOptional() @IsIn(MEETING_KINDS) kind?: MeetingKind;
  @Field(() => MeetingStatusEnum, { nullable: true })
  @IsOptional()
  @IsIn(MEETING_STATUSES)
  status?: MeetingStatus;
  @Field(() => ID, { nullable: true, description: 'A person who took part.' })
  @IsOptional()
  @IsString()
  participant?: string;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsString() series?: string;
  @Field({ nullable: true, description: 'Title, summary and agenda, Arabic or Latin, any spelling.' })
  @IsOptional()
  @IsString()
  search?: string;
}

@ArgsType()
export class MeetingsArgs extends PageArgs {
  @Field(() => MeetingFilterInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => MeetingFilterInput)
  filter?: MeetingFilterInput;
}

@InputType()
export class OutcomeFilterInput {
  @Field(() => ID, {
    nullable: true,
    description: 'Outcomes of meetings convened in, or owned by units of, this subtree.',
  })
  @IsOptional()
  @IsString()
  under?: string;
  @Field(() => OutcomeStatusEnum, { nullable: true })
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
  @Field(() => OutcomeFilterInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => OutcomeFilterInput)
  filter?: OutcomeFilterInput;
}
