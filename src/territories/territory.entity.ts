import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const TERRITORY_KINDS = [
  'COUNTRY',
  'REGION',
  'PREFECTURE',
  'PROVINCE',
  'COMMUNE',
  'ARRONDISSEMENT',
] as const;
export type TerritoryKind = (typeof TERRITORY_KINDS)[number];
export const COMMUNE_KINDS = ['URBAN', 'RURAL'] as const;
export type CommuneKind = (typeof COMMUNE_KINDS)[number];

/** A unit of Morocco's administrative division (Popolo: Area). Loaded from reference data. */
@Entity('territory')
export class Territory {
  @PrimaryGeneratedColumn('uuid') id: string;
  /** Stable human code: the ISO 3166-2 code where one exists, else the HCP code. */
  @Column('text') code: string;
  @Column('text', { name: 'iso_code', nullable: true }) isoCode: string | null;
  @Column('text', { name: 'hcp_code', nullable: true }) hcpCode: string | null;
  @Column('text') kind: TerritoryKind;
  @Column('uuid', { name: 'parent_id', nullable: true }) parentId: string | null;
  @Column('text', { name: 'name_ar' }) nameAr: string;
  @Column('text', { name: 'name_fr' }) nameFr: string;
  @Column('text', { array: true }) aliases: string[];
  /** Urban or rural, for a commune (from the reference data); null for other kinds. */
  @Column('text', { name: 'commune_kind', nullable: true }) communeKind: CommuneKind | null;
  /** Folded names for search; written with the row, matched in SQL, never read back. */
  @Column('text', { name: 'search_text', select: false })
  searchText: string;
  /** The skeleton of each of those names (common/skeleton.ts): the same name in any script. */
  @Column('text', { name: 'search_key', select: false })
  searchKey: string;
}
