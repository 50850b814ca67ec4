import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { VersionedEntity } from '../common/versioned.entity';

export const ORG_UNIT_LEVELS = ['NATIONAL', 'REGIONAL', 'PROVINCIAL', 'LOCAL'] as const;
export type OrgUnitLevel = (typeof ORG_UNIT_LEVELS)[number];

/**
 * A secretariat of the party (Popolo: Organization). Its `path` (ltree, maintained by triggers) is not
 * mapped here: tree reads are written in SQL against it.
 */
@Entity('org_unit')
export class OrgUnit extends VersionedEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('text') code: string;
  @Column('text') level: OrgUnitLevel;
  @Column('uuid', { name: 'parent_id', nullable: true }) parentId: string | null;
  @Column('text', { name: 'name_ar' }) nameAr: string;
  @Column('text', { name: 'name_fr' }) nameFr: string;
  @Column('uuid', { name: 'territory_id', nullable: true }) territoryId: string | null;
  @Column('date', { name: 'founded_on', nullable: true }) foundedOn: string | null;
  @Column('date', { name: 'dissolved_on', nullable: true }) dissolvedOn: string | null;
  /** The first day of its current place in the tree and names; null: since the beginning. */
  @Column('date', { name: 'current_since', nullable: true }) currentSince: string | null;
  /** Folded names for search; written with the row, matched in SQL, never read back. */
  @Column('text', { name: 'search_text', select: false })
  searchText: string;
  /** The skeleton of each of those names (common/skeleton.ts): the same name in any script. */
  @Column('text', { name: 'search_key', select: false })
  searchKey: string;
}

/**
 * An earlier state of a unit: its parent and names for the days [validFrom, validUntil) (validFrom
 * null: since the beginning). The unit's row holds the state from its `currentSince` on.
 */
@Entity('org_unit_period')
export class OrgUnitPeriod {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'org_unit_id' }) orgUnitId: string;
  @Column('uuid', { name: 'parent_id', nullable: true }) parentId: string | null;
  @Column('text', { name: 'name_ar' }) nameAr: string;
  @Column('text', { name: 'name_fr' }) nameFr: string;
  @Column('date', { name: 'valid_from', nullable: true }) validFrom: string | null;
  @Column('date', { name: 'valid_until' }) validUntil: string;
}
