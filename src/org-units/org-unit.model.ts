import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { enumOf } from '../common/names';
import { ConnectionType } from '../common/pagination';
import { CalendarDate } from '../common/scalars';
import { ORG_UNIT_LEVELS, OrgUnit, OrgUnitLevel } from './org-unit.entity';

export const OrgUnitLevelEnum = enumOf(
  ORG_UNIT_LEVELS,
  'OrgUnitLevel',
  'The levels of the party tree, from the root down.',
  {
    NATIONAL: 'The national secretariat: the root.',
    REGIONAL: 'A regional secretariat, under the national one.',
    PROVINCIAL: 'A provincial secretariat, under a regional one.',
    LOCAL: 'A local secretariat, under a provincial one.',
  },
);

export enum OrgUnitStatus {
  ACTIVE = 'ACTIVE',
  DISSOLVED = 'DISSOLVED',
}
registerEnumType(OrgUnitStatus, {
  name: 'OrgUnitStatus',
  description: 'Whether a unit exists on the date it was read for.',
  valuesMap: {
    ACTIVE: { description: 'Exists on that date.' },
    DISSOLVED: { description: 'Dissolved on or before that date.' },
  },
});

/** A secretariat of the party: national, regional, provincial or local. */
@ObjectType('OrgUnit', {
  description: 'A secretariat of the party: national, regional, provincial or local, in one tree.',
})
export class OrgUnitModel {
  @Field(() => ID, { description: 'Stable id (orgUnit(id:) finds it; the code may change).' }) id: string;
  @Field({ description: 'Stable human code, e.g. PAM-MA-TNG.' }) code: string;
  @Field(() => OrgUnitLevelEnum, { description: 'Where the unit sits in the tree.' }) level: OrgUnitLevel;
  /** Its current names (the resolver answers the names of the day read for). */
  nameAr: string;
  nameFr: string;
  @Field(() => CalendarDate, { nullable: true, description: 'When the unit was founded, when known.' })
  foundedOn: string | null;
  @Field(() => CalendarDate, { nullable: true, description: 'First day the unit no longer exists.' })
  dissolvedOn: string | null;
  @Field(() => Int, { description: 'Changes with every update; send it back as expectedVersion.' })
  version: number;
  parentId: string | null;
  territoryId: string | null;
  /** The first day of its current parent and names (null: always); earlier days have their own. */
  currentSince: string | null;
  /** The date this unit was read for (a query's `asOf`); nested fields default to it. */
  asOf?: string;
}

export function toOrgUnitModel(row: OrgUnit, asOf?: string): OrgUnitModel {
  return Object.assign(new OrgUnitModel(), {
    id: row.id,
    code: row.code,
    level: row.level,
    nameAr: row.nameAr,
    nameFr: row.nameFr,
    foundedOn: row.foundedOn,
    dissolvedOn: row.dissolvedOn,
    version: row.version,
    parentId: row.parentId,
    territoryId: row.territoryId,
    currentSince: row.currentSince,
    asOf,
  });
}

/** A page of units (used by lists of units in every feature). */
export const OrgUnitConnection = ConnectionType(OrgUnitModel, 'OrgUnit');

@ObjectType('UnitName', { description: 'The names a unit bore for a span of days.' })
export class UnitNameModel {
  @Field({ description: 'Name in Arabic.' }) nameAr: string;
  @Field({ description: 'Name in French.' }) nameFr: string;
  @Field(() => CalendarDate, { nullable: true, description: 'First day; null: since the unit began.' })
  from: string | null;
  @Field(() => CalendarDate, { nullable: true, description: 'Last day; null: still its names.' })
  until: string | null;
}
