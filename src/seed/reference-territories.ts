import divisions from './reference/morocco-divisions.json';
import { searchColumns } from '../common/text';
import { TerritoryKind } from '../territories/territory.entity';

/** A territory row as seeded: parent by code, every alternative spelling kept as an alias. */
export interface TerritorySeed {
  code: string;
  isoCode: string | null;
  hcpCode: string | null;
  kind: TerritoryKind;
  parentCode: string | null;
  nameAr: string;
  nameFr: string;
  aliases: string[];
}

interface Spellings {
  name_ar: string;
  name_fr: string;
  name_fr_hcp?: string;
  name_fr_alt?: string[];
  name_ar_alt?: string[];
  name_ar_hcp?: string;
  name_ar_iso_listing?: string;
  name_ar_official_form?: string;
}

/**
 * Exonyms and everyday spellings that the reference lists do not give but people type: the English
 * name, the spelling of the Arabic name in Latin letters. Keyed by territory code.
 */
const COMMON_SPELLINGS: Record<string, string[]> = {
  'MA-TNG': ['Tangier-Asilah', 'Tanja-Asila'],
  '01.511.01.0': ['Tangier', 'Tangiers', 'Tanja'],
};

function aliasesOf(entry: Spellings): string[] {
  const all = [
    entry.name_fr_hcp,
    ...(entry.name_fr_alt ?? []),
    entry.name_ar_hcp,
    ...(entry.name_ar_alt ?? []),
    entry.name_ar_iso_listing,
    entry.name_ar_official_form,
  ];
  return [
    ...new Set(
      all.filter((name): name is string => !!name && name !== entry.name_ar && name !== entry.name_fr),
    ),
  ];
}

/**
 * Morocco's 2015 division (12 regions, 75 prefectures and provinces) and the 12 communes and
 * 4 arrondissements of Tangier–Asilah, parents before children. Source and checks: the JSON's notes.
 */
export function referenceTerritories(): TerritorySeed[] {
  const country: TerritorySeed = {
    code: 'MA',
    isoCode: 'MA',
    hcpCode: null,
    kind: 'COUNTRY',
    parentCode: null,
    nameAr: 'المغرب',
    nameFr: 'Maroc',
    aliases: ['المملكة المغربية', 'Royaume du Maroc', 'Morocco'],
  };
  const regions = divisions.regions.map((region): TerritorySeed => ({
    code: region.code,
    isoCode: region.code,
    hcpCode: region.hcp_code,
    kind: 'REGION',
    parentCode: 'MA',
    nameAr: region.name_ar,
    nameFr: region.name_fr,
    aliases: aliasesOf(region),
  }));
  const tangier = divisions.tangier_asilah;
  const provinces = divisions.provinces.map((province): TerritorySeed => {
    const extra = province.code === tangier.prefecture.code ? aliasesOf(tangier.prefecture) : [];
    return {
      code: province.code,
      isoCode: province.code,
      hcpCode: province.hcp_code,
      kind: province.kind === 'prefecture' ? 'PREFECTURE' : 'PROVINCE',
      parentCode: province.region_code,
      nameAr: province.name_ar,
      nameFr: province.name_fr,
      aliases: [...new Set([...aliasesOf(province), ...extra, ...(COMMON_SPELLINGS[province.code] ?? [])])],
    };
  });
  const communes = tangier.communes.map((commune): TerritorySeed => ({
    code: commune.hcp_code,
    isoCode: null,
    hcpCode: commune.hcp_code,
    kind: 'COMMUNE',
    parentCode: tangier.prefecture.code,
    nameAr: commune.name_ar,
    nameFr: commune.name_fr,
    aliases: [...aliasesOf(commune), ...(COMMON_SPELLINGS[commune.hcp_code] ?? [])],
  }));
  const arrondissements = tangier.arrondissements.map((arrondissement): TerritorySeed => ({
    code: arrondissement.hcp_code,
    isoCode: null,
    hcpCode: arrondissement.hcp_code,
    kind: 'ARRONDISSEMENT',
    parentCode: arrondissement.parent_commune_hcp_code,
    nameAr: arrondissement.name_ar,
    nameFr: arrondissement.name_fr,
    aliases: aliasesOf(arrondissement),
  }));
  return [country, ...regions, ...provinces, ...communes, ...arrondissements];
}

/**
 * Inserts one reference territory unless its code is already there (its parent must be); answers 1
 * when it was added. `id` is random unless given (the benchmark's data needs fixed ids).
 */
export async function insertReferenceTerritory(
  db: { query(sql: string, params: unknown[]): Promise<unknown> },
  t: TerritorySeed,
  id: string | null = null,
): Promise<number> {
  const search = searchColumns(t.nameAr, t.nameFr, t.aliases, t.isoCode, t.hcpCode);
  const rows = (await db.query(
    `INSERT INTO territory (id, code, iso_code, hcp_code, kind, parent_id, name_ar, name_fr, aliases, search_text, search_key)
     VALUES (COALESCE(CAST($1 AS uuid), gen_random_uuid()), $2, $3, $4, $5, (SELECT id FROM territory WHERE code = $6),
             $7, $8, $9, $10, $11)
     ON CONFLICT (code) DO NOTHING RETURNING id`,
    [
      id,
      t.code,
      t.isoCode,
      t.hcpCode,
      t.kind,
      t.parentCode,
      t.nameAr,
      t.nameFr,
      t.aliases,
      search.searchText,
      search.searchKey,
    ],
  )) as unknown[];
  return rows.length;
}
