import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { PageArgs } from '../../common/pagination';
import { CodeField } from '../../common/refs';
import { CalendarDate } from '../../common/scalars';
import { ArabicName, LatinName, OptionalText, OptionalValue, RequiredText } from '../../common/validation';
import { MANDATE_END_REASONS, MANDATE_STATUSES, MandateEndReason, MandateStatus } from '../mandate.entity';
import { MandateEndReasonEnum, MandateStatusEnum } from '../position.model';

const MAX_SEATS = 500;
const RoleCode = () =>
  Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.trim().toUpperCase() : value,
  );

@InputType({ description: 'A new post.' })
export class CreatePositionInput {
  @Field(() => ID, { nullable: true, description: 'The unit the post belongs to (or give unitCode).' })
  @IsOptional()
  @IsString()
  unitId?: string;
  @CodeField('The unit’s code, e.g. PAM-MA-TNG-SOUANI (or give unitId).')
  unitCode?: string;
  @Field({ description: 'A role code from the catalogue (query roles), e.g. SECRETARY_GENERAL.' })
  @RoleCode()
  @IsString()
  @MaxLength(40)
  roleCode: string;
  @Field(() => Int, { nullable: true, description: `1 (default) to ${MAX_SEATS}.` })
  @IsOptional()
  @IsInt()
  @Min(1, { message: 'seats must be at least 1.' })
  @Max(MAX_SEATS, { message: `seats is at most ${MAX_SEATS}.` })
  seats?: number;
  @Field({ nullable: true, description: 'Default: the role title qualified by the unit level.' })
  @IsOptional()
  @ArabicName('titleAr')
  titleAr?: string;
  @Field({ nullable: true, description: 'Default: the role title qualified by the unit level.' })
  @IsOptional()
  @LatinName('titleFr')
  titleFr?: string;
}

@InputType({ description: 'Changes to a post. Absent fields stay as they are.' })
export class UpdatePositionInput {
  @Field(() => ID, { description: 'The post to change.' }) @IsString() id: string;
  @Field(() => Int, {
    nullable: true,
    description:
      'How many may hold it at once; fewer only while everyone holding it today or later still fits.',
  })
  @IsOptional()
  @IsInt()
  @Min(1, { message: 'seats must be at least 1.' })
  @Max(MAX_SEATS, { message: `seats is at most ${MAX_SEATS}.` })
  seats?: number;
  @Field({ nullable: true, description: 'New title in Arabic.' })
  @IsOptional()
  @ArabicName('titleAr')
  titleAr?: string;
  @Field({ nullable: true, description: 'New title in French.' })
  @IsOptional()
  @LatinName('titleFr')
  titleFr?: string;
  @Field(() => Int, { nullable: true, description: 'The version you last read; a stale one is refused.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  expectedVersion?: number;
}

@InputType({ description: 'Appoints a person to a post.' })
export class AppointInput {
  @Field({ nullable: true, description: 'Retry-safe: the same key and payload give the same result, once.' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  idempotencyKey?: string;
  @Field(() => ID, { description: 'The post; it must have a free seat unless replaceCurrent.' })
  @IsString()
  positionId: string;
  @Field(() => ID, { description: 'The person appointed.' }) @IsString() personId: string;
  @Field(() => CalendarDate, { nullable: true, description: 'First day in office, when known.' })
  startsOn?: string;
  @Field(() => CalendarDate, {
    nullable: true,
    description: 'When the start is unknown: a day the person is known to have held the post.',
  })
  attestedOn?: string;
  @Field(() => CalendarDate, {
    nullable: true,
    description: 'Last day in office, for a term already over or fixed.',
  })
  endsOn?: string;
  @Field(() => MandateStatusEnum, { nullable: true, description: 'Default ACTIVE.' })
  @IsOptional()
  @IsIn(MANDATE_STATUSES)
  status?: MandateStatus;
  @Field({ nullable: true, description: 'Where this is recorded (report, decision).' })
  @OptionalText('source')
  source?: string;
  @Field({
    nullable: true,
    description:
      'When the post is full: end the current holder’s mandate the day before startsOn (reason REPLACED).',
  })
  @IsOptional()
  @IsBoolean()
  replaceCurrent?: boolean;
  @Field(() => ID, {
    nullable: true,
    description: 'With replaceCurrent on a multi-seat post: whose mandate ends.',
  })
  @IsOptional()
  @IsString()
  replacedMandateId?: string;
}

@InputType({ description: 'Ends a mandate.' })
export class EndMandateInput {
  @Field(() => ID, { description: 'The mandate to end.' }) @IsString() id: string;
  @Field(() => CalendarDate, { description: 'Last day in office.' }) endsOn: string;
  @Field(() => MandateEndReasonEnum, { nullable: true, description: 'Default TERM_COMPLETED.' })
  @IsOptional()
  @IsIn(MANDATE_END_REASONS)
  endReason?: MandateEndReason;
  @Field(() => Int, { nullable: true, description: 'The version you last read; a stale one is refused.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  expectedVersion?: number;
}

@InputType({ description: 'Corrects a mandate. Absent fields stay; null clears a nullable field.' })
export class UpdateMandateInput {
  @Field(() => ID, { description: 'The mandate to correct.' }) @IsString() id: string;
  @Field(() => CalendarDate, { nullable: true, description: 'First day in office; null: unknown.' })
  startsOn?: string | null;
  @Field(() => CalendarDate, {
    nullable: true,
    description: 'A day the person is known to have held the post; null clears it.',
  })
  attestedOn?: string | null;
  @Field(() => CalendarDate, { nullable: true, description: 'Last day in office; null: still running.' })
  endsOn?: string | null;
  @Field(() => MandateStatusEnum, { nullable: true, description: 'How the post is held.' })
  @IsOptional()
  @IsIn(MANDATE_STATUSES)
  status?: MandateStatus;
  @Field(() => MandateEndReasonEnum, {
    nullable: true,
    description: 'Why the mandate ended; null clears it.',
  })
  @OptionalValue()
  @IsIn(MANDATE_END_REASONS)
  endReason?: MandateEndReason | null;
  @Field(() => String, { nullable: true, description: 'Where this is recorded; null clears it.' })
  @OptionalValue()
  @OptionalText('source')
  source?: string | null;
  @Field(() => Int, { nullable: true, description: 'The version you last read; a stale one is refused.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  expectedVersion?: number;
}

@InputType({
  description:
    'A source attests that a mandate still runs on a day: its lastConfirmedOn moves there, and access it grants resumes.',
})
export class ConfirmMandateInput {
  @Field(() => ID, { description: 'The mandate confirmed.' }) @IsString() id: string;
  @Field(() => CalendarDate, {
    nullable: true,
    description:
      'The day the source attests it (default today; never in the future, never outside its term).',
  })
  confirmedOn?: string;
  @Field({ description: 'What attests it: a report, a decision, who checked and how.' })
  @RequiredText('source')
  source: string;
  @Field(() => Int, { nullable: true, description: 'The version you last read; a stale one is refused.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  expectedVersion?: number;
}

@InputType({
  description:
    'A source says a seat of a post is vacant from a day: the post then reads as known vacant, not of unknown holder. Appointing someone to the seat later ends the vacancy the day before.',
})
export class DeclareVacancyInput {
  @Field(() => ID, { description: 'The post.' }) @IsString() positionId: string;
  @Field(() => Int, { nullable: true, description: 'Which seat (default 1); at most the post’s seats.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_SEATS)
  seat?: number;
  @Field(() => CalendarDate, { description: 'The first day the seat is known to be vacant.' })
  vacantFrom: string;
  @Field(() => CalendarDate, {
    nullable: true,
    description: 'The last day it is known to be vacant; absent: until someone is appointed.',
  })
  vacantUntil?: string;
  @Field({ description: 'What says so: a report, a decision, a resignation letter.' })
  @RequiredText('source')
  source: string;
}

@InputType({ description: 'Narrows a list of mandates; all conditions must hold.' })
export class MandateFilterInput {
  @Field(() => ID, { nullable: true, description: 'Posts of this unit’s subtree, the unit itself included.' })
  @IsOptional()
  @IsString()
  under?: string;
  @Field({ nullable: true, description: 'A role code, e.g. SECRETARY_GENERAL.' })
  @IsOptional()
  @RoleCode()
  @IsString()
  role?: string;
  @Field(() => ID, { nullable: true, description: 'Only mandates of this person.' })
  @IsOptional()
  @IsString()
  person?: string;
  @Field(() => CalendarDate, { nullable: true, description: 'Only mandates running that day.' })
  activeOn?: string;
}

@ArgsType()
export class MandatesArgs extends PageArgs {
  @Field(() => MandateFilterInput, {
    nullable: true,
    description: 'Which mandates; omitted = all of your scope.',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => MandateFilterInput)
  filter?: MandateFilterInput;
}

@ArgsType()
export class AsOfArgs {
  @Field(() => CalendarDate, {
    nullable: true,
    description: 'Default: the date the parent was read for, else today.',
  })
  asOf?: string;
}
