import { applyDecorators } from '@nestjs/common';
import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { ALIAS_MAX_LENGTH, ALIASES_MAX } from '../../common/names';
import { PageArgs } from '../../common/pagination';
import { CodeField } from '../../common/refs';
import { CalendarDate } from '../../common/scalars';
import { ArabicName, LatinName, OptionalValue } from '../../common/validation';
import {
  COMMUNE_KINDS,
  CommuneKind,
  TERRITORY_KINDS,
  TerritoryKind,
} from '../../territories/territory.entity';
import { CommuneKindEnum, TerritoryKindEnum } from '../../territories/territory.model';
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

@InputType({ description: 'A new unit.' })
export class CreateOrgUnitInput {
  @Field({ description: 'Stable human code, unique, e.g. PAM-MA-TNG (upper-cased).' })
  @UnitCode()
  code: string;

  @Field(() => OrgUnitLevelEnum, {
    description: 'Where the unit sits in the tree: one level below its parent.',
  })
  @IsIn(ORG_UNIT_LEVELS)
  level: OrgUnitLevel;

  @Field(() => ID, {
    nullable: true,
    description: 'The parent unit (or give parentCode); required except for national units, which are roots.',
  })
  @IsOptional()
  @IsString()
  parentId?: string;
  @CodeField('The parent unit’s code, e.g. PAM-MA-TNG (or give parentId).')
  parentCode?: string;

  @Field({ description: 'Name in Arabic.' }) @ArabicName('nameAr') nameAr: string;
  @Field({ description: 'Name in French.' }) @LatinName('nameFr') nameFr: string;

  @Field(() => ID, { nullable: true, description: 'The territory the unit covers (or give territoryCode).' })
  @IsOptional()
  @IsString()
  territoryId?: string;
  @CodeField('The territory’s code: ISO (MA-TNG) or HCP (01.511.01.06) (or give territoryId).')
  territoryCode?: string;
  @Field(() => CalendarDate, { nullable: true, description: 'When the unit was founded.' })
  @IsOptional()
  foundedOn?: string;
}

@InputType({ description: 'Changes to a unit. Absent fields stay as they are.' })
export class UpdateOrgUnitInput {
  @Field(() => ID, { description: 'The unit to change.' }) @IsString() id: string;
  @Field({ nullable: true, description: 'New code, unique (upper-cased).' })
  @IsOptional()
  @UnitCode()
  code?: string;
  @Field({ nullable: true, description: 'New name in Arabic.' })
  @IsOptional()
  @ArabicName('nameAr')
  nameAr?: string;
  @Field({ nullable: true, description: 'New name in French.' })
  @IsOptional()
  @LatinName('nameFr')
  nameFr?: string;
  @Field(() => ID, { nullable: true, description: 'null clears it.' })
  @OptionalValue()
  @IsString()
  territoryId?: string | null;
  @Field(() => CalendarDate, { nullable: true, description: 'null clears it.' }) foundedOn?: string | null;
  @Field(() => CalendarDate, {
    nullable: true,
    description:
      'When the names change: the first day of the new names (default today, not before the unit’s last move or renaming). The old names are kept for the days before (nameHistory, and reads asOf).',
  })
  renamedOn?: string;
  @Field(() => Int, { nullable: true, description: 'The version you last read; a stale one is refused.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  expectedVersion?: number;
}

@InputType({ description: 'A unit to move with its subtree.' })
export class MoveOrgUnitInput {
  @Field(() => ID, { description: 'The unit to move.' }) @IsString() id: string;
  @Field(() => ID, {
    nullable: true,
    description: 'The new parent, one level above the unit (or give parentCode).',
  })
  @IsOptional()
  @IsString()
  parentId?: string;
  @CodeField('The new parent’s code (or give parentId).')
  parentCode?: string;
  @Field(() => CalendarDate, {
    nullable: true,
    description:
      'The first day under the new parent (default today, not before the unit’s last move or renaming). Reads asOf an earlier day answer the old parent, ancestors and names.',
  })
  movedOn?: string;
  @Field(() => Int, { nullable: true, description: 'The version you last read; a stale one is refused.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  expectedVersion?: number;
}

@InputType({ description: 'A unit to dissolve.' })
export class DissolveOrgUnitInput {
  @Field(() => ID, { description: 'The unit to dissolve.' }) @IsString() id: string;
  @Field(() => CalendarDate, { description: 'First day the unit no longer exists.' }) dissolvedOn: string;
  @Field(() => Int, { nullable: true, description: 'The version you last read; a stale one is refused.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  expectedVersion?: number;
}

@InputType({ description: 'Narrows a list of units; all conditions must hold.' })
export class OrgUnitFilterInput {
  @Field(() => OrgUnitLevelEnum, { nullable: true, description: 'Only units of this level.' })
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
  @CodeField('The same by the unit’s code, e.g. PAM-MA-TNG (or give under).')
  underCode?: string;

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
  @Field(() => OrgUnitFilterInput, {
    nullable: true,
    description: 'Which units; omitted = all of your scope.',
  })
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
  @Field(() => ID, { nullable: true, description: 'The unit’s id (or give code).' })
  @IsOptional()
  @IsString()
  id?: string;
  @Field({ nullable: true, description: 'The unit’s code, e.g. PAM-MA-TNG (or give id).' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  code?: string;
  @Field(() => CalendarDate, {
    nullable: true,
    description: 'Nested fields read the tree as it was that day.',
  })
  asOf?: string;
}

@ArgsType()
export class DescendantsArgs extends PageArgs {
  @Field(() => OrgUnitLevelEnum, { nullable: true, description: 'Only descendants of this level.' })
  @IsOptional()
  @IsIn(ORG_UNIT_LEVELS)
  level?: OrgUnitLevel;
}

@InputType({
  description: 'The other names a unit goes by, replacing those recorded. Give unit or unitCode.',
})
export class SetOrgUnitAliasesInput {
  @Field(() => ID, { nullable: true, description: 'The unit (or give unitCode).' })
  @IsOptional()
  @IsString()
  unit?: string;
  @Field({ nullable: true, description: 'The unit’s code, e.g. PAM-MA-TNG (or give unit).' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  unitCode?: string;
  @Field(() => [String], {
    description: `Every alias, e.g. a short name (البام, PAM) or an exonym (Tangier) (at most ${ALIASES_MAX}, each up to ${ALIAS_MAX_LENGTH} characters); [] removes them.`,
  })
  @IsArray()
  @ArrayMaxSize(ALIASES_MAX)
  @IsString({ each: true })
  aliases: string[];
  @Field(() => Int, { nullable: true, description: 'The version you last read; a stale one is refused.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  expectedVersion?: number;
}

@ArgsType()
export class TerritoriesWithoutUnitArgs extends PageArgs {
  @Field(() => TerritoryKindEnum, { description: 'Which kind of territory (COMMUNE, ARRONDISSEMENT, …).' })
  @IsIn(TERRITORY_KINDS)
  kind: TerritoryKind;
  @Field(() => ID, { description: 'The area to look in: a territory’s id, or its ISO or HCP code (MA-TNG).' })
  @IsString()
  @MaxLength(40)
  under: string;
  @Field(() => CommuneKindEnum, {
    nullable: true,
    description: 'Only communes of this kind (urban or rural).',
  })
  @IsOptional()
  @IsIn(COMMUNE_KINDS)
  communeKind?: CommuneKind;
  @Field(() => CalendarDate, { nullable: true, description: 'Units existing that day (default: today).' })
  asOf?: string;
}
