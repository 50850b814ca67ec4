import { Field, ID, ObjectType } from '@nestjs/graphql';
import { enumOf } from '../common/names';
import { TERRITORY_KINDS, Territory, TerritoryKind } from './territory.entity';

export const TerritoryKindEnum = enumOf(TERRITORY_KINDS, 'TerritoryKind');

/** An administrative territory of Morocco (region, prefecture or province, commune, arrondissement). */
@ObjectType('Territory')
export class TerritoryModel {
  @Field(() => ID) id: string;
  @Field({ description: 'ISO 3166-2 code where one exists (MA-01, MA-TNG), else the HCP code.' })
  code: string;
  @Field(() => String, { nullable: true }) isoCode: string | null;
  @Field(() => String, { nullable: true, description: 'Haut-Commissariat au Plan geographic code.' })
  hcpCode: string | null;
  @Field(() => TerritoryKindEnum) kind: TerritoryKind;
  @Field() nameAr: string;
  @Field() nameFr: string;
  @Field(() => [String], { description: 'Other spellings in use (HCP short names, press and party usage).' })
  aliases: string[];
  parentId: string | null;
}

export function toTerritoryModel(row: Territory): TerritoryModel {
  return Object.assign(new TerritoryModel(), {
    id: row.id,
    code: row.code,
    isoCode: row.isoCode,
    hcpCode: row.hcpCode,
    kind: row.kind,
    nameAr: row.nameAr,
    nameFr: row.nameFr,
    aliases: row.aliases,
    parentId: row.parentId,
  });
}
