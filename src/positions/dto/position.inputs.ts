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
import { CalendarDate } from '../../common/scalars';
import { ArabicName, LatinName, OptionalText, OptionalValue } from '../../common/validation';
import { MANDATE_END_REASONS, MANDATE_STATUSES, MandateEndReason, MandateStatus } from '../mandate.entity';
import { MandateEndReasonEnum, MandateStatusEnum } from '../position.model';

const MAX_SEATS = 500;
const RoleCode = () =>
  Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.trim().toUpperCase() : value,
  );

@InputType()
export class CreatePositionInput {
  @Field(() => ID) @IsString() unitId: string;
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
  @Field({ nullable: true }) @IsOptional() @LatinName('titleFr') titleFr?: string;
}

@InputType()
export class UpdatePositionInput {
  @Field(() => ID) @IsString() id: string;
  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1, { message: 'seats must be at least 1.' })
  @Max(MAX_SEATS, { message: `seats is at most ${MAX_SEATS}.` })
  seats?: number;
  @Field({ nullable: true }) @IsOptional() @ArabicName('titleAr') titleAr?: string;
  @Field({ nullable: true }) @IsOptional() @LatinName('titleFr') titleFr?: string;
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() @Min(1) expectedVersion?: number;
}

@InputType()
export class AppointInput {
  @Field({ nullable: true, description: 'Retry-safe: the same key and payload give the same result, once.' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  idempotencyKey?: string;
  @Field(() => ID) @IsString() positionId: string;
  @Field(() => ID) @IsString() personId: string;
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
  @Field({ nullable: true }) @OptionalText('source') source?: string;
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

@InputType()
export class EndMandateInput {
  @Field(() => ID) @IsString() id: string;
  @Field(() => CalendarDate, { description: 'Last day in office.' }) endsOn: string;
  @Field(() => MandateEndReasonEnum, { nullable: true, description: 'Default TERM_COMPLETED.' })
  @IsOptional()
  @IsIn(MANDATE_END_REASONS)
  endReason?: MandateEndReason;
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() @Min(1) expectedVersion?: number;
}

@InputType({ description: 'Corrects a mandate. Absent fields stay; null clears a nullable field.' })
export class UpdateMandateInput {
  @Field(() => ID) @IsString() id: string;
  @Field(() => CalendarDate, { nullable: true }) startsOn?: string | null;
  @Field(() => CalendarDate, { nullable: true }) attestedOn?: string | null;
  @Field(() => CalendarDate, { nullable: true }) endsOn?: string | null;
  @Field(() => MandateStatusEnum, { nullable: true })
  @IsOptional()
  @IsIn(MANDATE_STATUSES)
  status?: MandateStatus;
  @Field(() => MandateEndReasonEnum, { nullable: true })
  @OptionalValue()
  @IsIn(MANDATE_END_REASONS)
  endReason?: MandateEndReason | null;
  @Field(() => String, { nullable: true }) @OptionalValue() @OptionalText('source') source?: string | null;
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() @Min(1) expectedVersion?: number;
}

@InputType()
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
  @Field(() => ID, { nullable: true }) @IsOptional() @IsString() person?: string;
  @Field(() => CalendarDate, { nullable: true, description: 'Only mandates running that day.' })
  activeOn?: string;
}

@ArgsType()
export class MandatesArgs extends PageArgs {
  @Field(() => MandateFilterInput, { nullable: true })
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
