import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { VersionedEntity } from '../common/versioned.entity';
import { OrgUnitLevel } from '../org-units/org-unit.entity';
import { CommuneKind, TerritoryKind } from '../territories/territory.entity';

export const SERIES_AUDIENCES = ['SECRETARIES', 'OFFICIALS', 'COUNCILLORS', 'ACTIVISTS'] as const;
export type SeriesAudience = (typeof SERIES_AUDIENCES)[number];

/** A campaign of meetings (an outreach tour) and the units it must reach. */
@Entity('meeting_series')
export class MeetingSeries extends VersionedEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('text', { name: 'title_ar', nullable: true }) titleAr: string | null;
  @Column('text', { name: 'title_fr', nullable: true }) titleFr: string | null;
  @Column('uuid', { name: 'organizing_unit_id' }) organizingUnitId: string;
  @Column('date', { name: 'starts_on', nullable: true }) startsOn: string | null;
  @Column('date', { name: 'ends_on', nullable: true }) endsOn: string | null;
  /** With `targetRootId`: every unit of this level under that unit is a target. */
  @Column('text', { name: 'target_level', nullable: true }) targetLevel: OrgUnitLevel | null;
  @Column('uuid', { name: 'target_root_id', nullable: true }) targetRootId: string | null;
  /** With `targetTerritoryRootId`: every territory of this kind under that territory is a target. */
  @Column('text', { name: 'target_territory_kind', nullable: true })
  targetTerritoryKind: TerritoryKind | null;
  /** Only communes of this kind (urban or rural), when the territory targets are communes. */
  @Column('text', { name: 'target_commune_kind', nullable: true }) targetCommuneKind: CommuneKind | null;
  @Column('uuid', { name: 'target_territory_root_id', nullable: true }) targetTerritoryRootId: string | null;
  /** Whom the series' meetings address (secretaries, councillors, activists, …). */
  @Column('text', { array: true, default: () => "'{}'" }) audiences: SeriesAudience[];
  /** Folded names for search; written with the row, matched in SQL, never read back. */
  @Column('text', { name: 'search_text', select: false })
  searchText: string;
}

@Entity('meeting_series_target')
export class MeetingSeriesTarget {
  @PrimaryColumn('uuid', { name: 'series_id' }) seriesId: string;
  @PrimaryColumn('uuid', { name: 'org_unit_id' }) orgUnitId: string;
}
