import { applyDecorators } from '@nestjs/common';
import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, MaxLength, Min, ValidateNested } from 'class-validator';
import { PageArgs } from '../../common/pagination';
import { CalendarDate } from '../../common/scalars';
import { ArabicName, LatinName, OptionalValue } from '../../common/validation';
import { ORG_UNIT_LEVELS, OrgUnitLevel } from '../org-unit.entity';
import { OrgUnitLevelEnum, OrgUnitStatus } from '../org-unit.model';

const CODE_FORMAT = /^[A-Z0-9]+(?:[-_][A-Z0-9]+)*$/;
/** A unit code: trimmed and upper-cased, letters, digits, '-' and '_'. */
const UnitCode = () =>
  applyDecorators(
    Transform(({ value }: { value: unknown }) =>
      typeof value === 'string' ? value.trim().toUpperCase() : value,
    ),
    IsString(),
    MaxLength(40, { message: 'code is limited to 40 characters.' }),
    Matches(CODE_FORMAT, { message: 'code may hold only letters, digits, - and _ (e.g. PAM-MA-TNG).' }),
  );

@InputType()
export class CreateOrgUnitInput {
  @Field({ description: 'Stable human code, unique, e.g. PAM-MA-TNG (upper-cased).' })
  @UnitCode()
  code: string;

  @Field(() => OrgUnitLevelEnum)
  @IsIn(ORG_UNIT_LEVELS)
  level: OrgUnitLevel;

  @Field(() => ID, { nullable: true, description: 'Required except for national units, which are roots.' })
  @IsOptional()
  @IsString()
  parentId?: string;

  @Field() @ArabicName('nameAr') nameAr: string;
  @Field() @LatinName('nameFr') nameFr: string;

  @Field(() => ID, { nullable: true }) @IsOptional() @IsString() territoryId?: string;
  @Field(() => CalendarDate, { nullable: true }) @IsOptional() foundedOn?: string;
}

@InputType()
export class UpdateOrgUnitInput {
  @Field(() => ID) @IsString() id: string;
  @Field({ nullable: true }) @IsOptional() @UnitCode() code?: string;
  @Field({ nullable: true }) @IsOptional() @ArabicName('nameAr') nameAr?: string;
  @Field({ nullable: true }) @IsOptional() @LatinName('nameFr') nameFr?: string;
  @Field(() => ID, { nullable: true, description: 'null clears it.' })
  @OptionalValue()
  @IsString()
  territoryId?: string | null;
  @Field(() => CalendarDate, { nullable: true, description: 'null clears it.' }) foundedOn?: string | null;
  @Field(() => Int, { nullable: true, description: 'The version you last read; a stale one is refused.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  expectedVersion?: number;
}

@InputType()
export class MoveOrgUnitInput {
  @Field(() => ID) @IsString() id: string;
  @Field(() => ID, { description: 'The new parent, one level above the unit.' }) @IsString() parentId: string;
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() @Min(1) expectedVersion?: number;
}

@InputType()
export class DissolveOrgUnitInput {
  @Field(() => ID) @IsString() id: string;
  @Field(() => CalendarDate, { description: 'First day the unit no longer exists.' }) dissolvedOn: string;
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() @Min(1) expectedVersion?: number;
}

@InputType()
export class OrgUnitFilterInput {
  @Field(() => OrgUnitLevelEnum, { nullable: true })
  @IsOptional()
  @IsIn(ORG_UNIT_LEVELS)
  level?: OrgUnitLevel;

  @Field(() => ID, {
    nullable: true,
    description: 'The subtree rooted at this unit, the unit itself included.',
  })
  @IsOptional()
  @IsString()
  under?: string;

  @Field(() => OrgUnitStatus, {
    nullable: true,
    description: 'ACTIVE (the default): units existing on asOf; DISSOLVED: units dissolved by then.',
  })
  @IsOptional()
  @IsIn(Object.values(OrgUnitStatus))
  status?: OrgUnitStatus;

  @Field({
    nullable: true,
    description: 'Any spelling of a name or code, Arabic or Latin, whole or partial.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  search?: string;
}

@ArgsType()
export class OrgUnitsArgs extends PageArgs {
  @Field(() => OrgUnitFilterInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => OrgUnitFilterInput)
  filter?: OrgUnitFilterInput;

  @Field(() => CalendarDate, {
    nullable: true,
    description: 'Read the tree as it was that day (default: today).',
  })
  asOf?: string;
}

@ArgsType()
export class OrgUnitArgs {
  @Field(() => ID, { nullable: true }) @IsOptional() @IsString() id?: string;
  @Field({ nullable: true }) @IsOptional() @IsString() @MaxLength(40) code?: string;
  @Field(() => CalendarDate, {
    nullable: true,
    description: 'Nested fields read the tree as it was that day.',
  })
  asOf?: string;
}

@ArgsType()
export class DescendantsArgs extends PageArgs {
  @Field(() => OrgUnitLevelEnum, { nullable: true })
  @IsOptional()
  @IsIn(ORG_UNIT_LEVELS)
  level?: OrgUnitLevel;
}
