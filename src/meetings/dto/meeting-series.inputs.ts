import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { PageArgs } from '../../common/pagination';
import { CalendarDate } from '../../common/scalars';
import { ArabicName, LatinName, OptionalValue } from '../../common/validation';
import { ORG_UNIT_LEVELS, OrgUnitLevel } from '../../org-units/org-unit.entity';
import { OrgUnitLevelEnum } from '../../org-units/org-unit.model';
import {
  COMMUNE_KINDS,
  CommuneKind,
  TERRITORY_KINDS,
  TerritoryKind,
} from '../../territories/territory.entity';
import { CommuneKindEnum, TerritoryKindEnum } from '../../territories/territory.model';
import { SERIES_AUDIENCES, SeriesAudience } from '../meeting-series.entity';
import { SeriesAudienceEnum } from '../meeting-series.model';

@InputType({ description: 'Explicit units, or every unit of a level under a unit (or both).' })
export class SeriesTargetsInput {
  @Field(() => [ID], { nullable: true, description: 'These units, each one a target.' })
  @IsOptional()
  @ArrayMaxSize(2000)
  @IsString({ each: true })
  unitIds?: string[];
  @Field(() => OrgUnitLevelEnum, {
    nullable: true,
    description: 'Every unit of this level (under the unit given as under) is a target.',
  })
  @IsOptional()
  @IsIn(ORG_UNIT_LEVELS)
  level?: OrgUnitLevel;
  @Field(() => ID, { nullable: true, description: 'With level: the unit whose subtree is targeted.' })
  @IsOptional()
  @IsString()
  under?: string;
  @Field(() => TerritoryKindEnum, {
    nullable: true,
    description:
      'Every territory of this kind (under underTerritory) is a target too: the communes of a prefecture.',
  })
  @IsOptional()
  @IsIn(TERRITORY_KINDS)
  territoryKind?: TerritoryKind;
  @Field(() => CommuneKindEnum, {
    nullable: true,
    description: 'With territoryKind COMMUNE: only urban or only rural communes (default both).',
  })
  @IsOptional()
  @IsIn(COMMUNE_KINDS)
  communeKind?: CommuneKind;
  @Field(() => ID, {
    nullable: true,
    description:
      'With territoryKind: the area whose territories are targeted, by id or ISO/HCP code (MA-TNG).',
  })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  underTerritory?: string;
}

@InputType({ isAbstract: true })
class SeriesFieldsInput {
  @Field({ nullable: true, description: 'Title in Arabic.' })
  @OptionalValue()
  @ArabicName('titleAr')
  titleAr?: string;
  @Field({ nullable: true, description: 'Title in French.' })
  @OptionalValue()
  @LatinName('titleFr')
  titleFr?: string;
  @Field(() => CalendarDate, { nullable: true, description: 'First day of the campaign.' }) startsOn?: string;
  @Field(() => CalendarDate, { nullable: true, description: 'Last day of the campaign.' }) endsOn?: string;
  @Field(() => [SeriesAudienceEnum], {
    nullable: true,
    description:
      'Whom its meetings address (secretaries, councillors, activists); when given, replaces the old list.',
  })
  @IsOptional()
  @ArrayMaxSize(SERIES_AUDIENCES.length)
  @IsIn(SERIES_AUDIENCES, { each: true })
  audiences?: SeriesAudience[];
  @Field(() => SeriesTargetsInput, { nullable: true, description: 'The units the series must reach.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => SeriesTargetsInput)
  targets?: SeriesTargetsInput;
}

@InputType({ description: 'A new meeting series.' })
export class CreateMeetingSeriesInput extends SeriesFieldsInput {
  @Field(() => ID, { description: 'The unit that organises it.' }) @IsString() organizingUnitId: string;
}

@InputType({ description: 'Absent fields stay; targets, when given, replace the old ones.' })
export class UpdateMeetingSeriesInput extends SeriesFieldsInput {
  @Field(() => ID, { description: 'The series to change.' }) @IsString() id: string;
  @Field(() => Int, { nullable: true, description: 'The version you last read; a stale one is refused.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  expectedVersion?: number;
}

@InputType({ description: 'Narrows a list of meeting series.' })
export class MeetingSeriesFilterInput {
  @Field(() => ID, { nullable: true, description: 'Series organised in this unit’s subtree.' })
  @IsOptional()
  @IsString()
  unit?: string;
  @Field({ nullable: true, description: 'Any spelling of the title, Arabic or Latin, whole or partial.' })
  @IsOptional()
  @IsString()
  search?: string;
}

@ArgsType()
export class MeetingSeriesListArgs extends PageArgs {
  @Field(() => MeetingSeriesFilterInput, {
    nullable: true,
    description: 'Which series; omitted = all of your scope.',
  })
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
