import { Field, ID, ObjectType } from '@nestjs/graphql';
import { enumOf } from '../common/names';
import { ConnectionType } from '../common/pagination';
import { COMMUNE_KINDS, CommuneKind, TERRITORY_KINDS, Territory, TerritoryKind } from './territory.entity';

export const CommuneKindEnum = enumOf(COMMUNE_KINDS, 'CommuneKind', 'Whether a commune is urban or rural.', {
  URBAN: 'An urban commune (municipality).',
  RURAL: 'A rural commune.',
});

export const TerritoryKindEnum = enumOf(
  TERRITORY_KINDS,
  'TerritoryKind',
  'A level of the administrative division.',
  {
    COUNTRY: 'Morocco.',
    REGION: 'One of the twelve regions.',
    PREFECTURE: 'An urban prefecture (a province’s equivalent in a city).',
    PROVINCE: 'A province.',
    COMMUNE: 'An urban or rural commune.',
    ARRONDISSEMENT: 'A district of a large city’s commune.',
  },
);

/** An administrative territory of Morocco (region, prefecture or province, commune, arrondissement). */
@ObjectType('Territory', {
  description:
    'A territory of the administrative division (HCP reference): country, region, province, commune…',
})
export class TerritoryModel {
  @Field(() => ID, { description: 'Stable id (territory(id:) finds it).' }) id: string;
  @Field({ description: 'ISO 3166-2 code where one exists (MA-01, MA-TNG), else the HCP code.' })
  code: string;
  @Field(() => String, { nullable: true, description: 'ISO 3166-2 code, where one exists.' }) isoCode:
    string | null;
  @Field(() => String, { nullable: true, description: 'Haut-Commissariat au Plan geographic code.' })
  hcpCode: string | null;
  @Field(() => TerritoryKindEnum, { description: 'Level of the administrative division.' })
  kind: TerritoryKind;
  @Field({ description: 'Official Arabic name.' }) nameAr: string;
  @Field({ description: 'Official French name.' }) nameFr: string;
  @Field(() => [String], { description: 'Other spellings in use (HCP short names, press and party usage).' })
  aliases: string[];
  @Field(() => CommuneKindEnum, {
    nullable: true,
    description:
      'For a commune: urban or rural (from the reference data); null for other kinds, or when not known.',
  })
  communeKind: CommuneKind | null;
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
    communeKind: row.communeKind,
    parentId: row.parentId,
  });
}

export const TerritoryConnection = ConnectionType(TerritoryModel, 'Territory');
