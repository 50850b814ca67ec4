import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { enumOf } from '../common/names';
import { CalendarDate } from '../common/scalars';
import { ORG_UNIT_LEVELS, OrgUnit, OrgUnitLevel } from './org-unit.entity';

export const OrgUnitLevelEnum = enumOf(ORG_UNIT_LEVELS, 'OrgUnitLevel');

export enum OrgUnitStatus {
  ACTIVE = 'ACTIVE',
  DISSOLVED = 'DISSOLVED',
}
registerEnumType(OrgUnitStatus, { name: 'OrgUnitStatus' });

/** A secretariat of the party: national, regional, provincial or local. */
@ObjectType('OrgUnit')
export class OrgUnitModel {
  @Field(() => ID) id: string;
  @Field({ description: 'Stable human code, e.g. PAM-MA-TNG.' }) code: string;
  @Field(() => OrgUnitLevelEnum) level: OrgUnitLevel;
  @Field() nameAr: string;
  @Field() nameFr: string;
  @Field(() => CalendarDate, { nullable: true }) foundedOn: string | null;
  @Field(() => CalendarDate, { nullable: true, description: 'First day the unit no longer exists.' })
  dissolvedOn: string | null;
  @Field(() => Int, { description: 'Changes with every update; send it back as expectedVersion.' })
  version: number;
  parentId: string | null;
  territoryId: string | null;
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
    asOf,
  });
}
