import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsIn, IsInt, IsOptional, IsString, Min, ValidateNested } from 'class-validator';
import { PageArgs } from '../../common/pagination';
import { CalendarDate } from '../../common/scalars';
import { ArabicName, LatinName, OptionalValue } from '../../common/validation';
import { ORG_UNIT_LEVELS, OrgUnitLevel } from '../../org-units/org-unit.entity';
import { OrgUnitLevelEnum } from '../../org-units/org-unit.model';

@InputType({ description: 'Explicit units, or every unit of a level under a unit (or both).' })
export class SeriesTargetsInput {
  @Field(() => [ID], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(2000)
  @IsString({ each: true })
  unitIds?: string[];
  @Field(() => OrgUnitLevelEnum, { nullable: true })
  @IsOptional()
  @IsIn(ORG_UNIT_LEVELS)
  level?: OrgUnitLevel;
  @Field(() => ID, { nullable: true, description: 'With level: the unit whose subtree is targeted.' })
  @IsOptional()
  @IsString()
  under?: string;
}

@InputType({ isAbstract: true })
class SeriesFieldsInput {
  @Field({ nullable: true }) @OptionalValue() @ArabicName('titleAr') titleAr?: string;
  @Field({ nullable: true }) @OptionalValue() @LatinName('titleFr') titleFr?: string;
  @Field(() => CalendarDate, { nullable: true }) startsOn?: string;
  @Field(() => CalendarDate, { nullable: true }) endsOn?: string;
  @Field(() => SeriesTargetsInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => SeriesTargetsInput)
  targets?: SeriesTargetsInput;
}

@InputType()
export class CreateMeetingSeriesInput extends SeriesFieldsInput {
  @Field(() => ID) @IsString() organizingUnitId: string;
}

@InputType({ description: 'Absent fields stay; targets, when given, replace the old ones.' })
export class UpdateMeetingSeriesInput extends SeriesFieldsInput {
  @Field(() => ID) @IsString() id: string;
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() @Min(1) expectedVersion?: number;
}

@InputType()
export class MeetingSeriesFilterInput {
  @Field(() => ID, { nullable: true, description: 'Series organised in this unit’s subtree.' })
  @IsOptional()
  @IsString()
  unit?: string;
  @Field({ nullable: true }) @IsOptional() @IsString() search?: string;
}

@ArgsType()
export class MeetingSeriesListArgs extends PageArgs {
  @Field(() => MeetingSeriesFilterInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => MeetingSeriesFilterInput)
  filter?: MeetingSeriesFilterInput;
}

@ArgsType()
export class ByUnitArgs {
  @Field(() => OrgUnitLevelEnum, {
    description: 'Roll the targets up to their ancestor (or self) of this level.',
  })
  @IsIn(ORG_UNIT_LEVELS)
  level: OrgUnitLevel;
}
