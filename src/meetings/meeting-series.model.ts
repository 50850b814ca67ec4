import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { CalendarDate } from '../common/scalars';
import { OrgUnitLevel } from '../org-units/org-unit.entity';
import { OrgUnitLevelEnum, OrgUnitModel } from '../org-units/org-unit.model';
import { enumOf } from '../common/names';
import { CommuneKind, TerritoryKind } from '../territories/territory.entity';
import { CommuneKindEnum, TerritoryKindEnum, TerritoryModel } from '../territories/territory.model';
import { MeetingSeries, SERIES_AUDIENCES, SeriesAudience } from './meeting-series.entity';

export const SeriesAudienceEnum = enumOf(
  SERIES_AUDIENCES,
  'SeriesAudience',
  'Whom a series’ meetings address.',
  {
    SECRETARIES: 'The secretaries of the units reached.',
    OFFICIALS: 'Every holder of a party post in the units reached.',
    COUNCILLORS:
      'Elected councillors (ElectedMandate): a seat won in an election, outside the party’s posts.',
    ACTIVISTS: 'Members who hold no post (Person.activist).',
  },
);

@ObjectType('MeetingSeries', { description: 'A campaign of meetings and the units it must reach.' })
export class MeetingSeriesModel {
  @Field(() => ID, { description: 'Stable id (meetingSeries(id:) finds it).' }) id: string;
  @Field(() => String, { nullable: true, description: 'Title in Arabic.' }) titleAr: string | null;
  @Field(() => String, { nullable: true, description: 'Title in French.' }) titleFr: string | null;
  @Field(() => CalendarDate, {
    nullable: true,
    description: 'First day of the campaign; null when open-ended.',
  })
  startsOn: string | null;
  @Field(() => CalendarDate, {
    nullable: true,
    description: 'Last day of the campaign; null when open-ended.',
  })
  endsOn: string | null;
  @Field(() => OrgUnitLevelEnum, {
    nullable: true,
    description: 'Rule: every unit of this level under targetRoot.',
  })
  targetLevel: OrgUnitLevel | null;
  @Field(() => TerritoryKindEnum, {
    nullable: true,
    description:
      'Rule: every territory of this kind under targetTerritoryRoot (communes, for a tour of them).',
  })
  targetTerritoryKind: TerritoryKind | null;
  @Field(() => CommuneKindEnum, {
    nullable: true,
    description: 'With the communes as targets: only urban or only rural ones; null for both.',
  })
  targetCommuneKind: CommuneKind | null;
  @Field(() => [SeriesAudienceEnum], { description: 'Whom its meetings address.' })
  audiences: SeriesAudience[];
  @Field(() => Int, { description: 'Changes with every update; send it back as expectedVersion.' })
  version: number;
  organizingUnitId: string;
  targetRootId: string | null;
  targetTerritoryRootId: string | null;
}

export const toSeriesModel = (row: MeetingSeries): MeetingSeriesModel =>
  Object.assign(new MeetingSeriesModel(), {
    id: row.id,
    titleAr: row.titleAr,
    titleFr: row.titleFr,
    startsOn: row.startsOn,
    endsOn: row.endsOn,
    targetLevel: row.targetLevel,
    targetTerritoryKind: row.targetTerritoryKind,
    targetCommuneKind: row.targetCommuneKind,
    audiences: row.audiences,
    version: row.version,
    organizingUnitId: row.organizingUnitId,
    targetRootId: row.targetRootId,
    targetTerritoryRootId: row.targetTerritoryRootId,
  });

@ObjectType('Coverage', { description: 'How many targets had a held meeting of the series.' })
export class CoverageModel {
  @Field(() => Int, { description: 'Units the series must reach.' }) targets: number;
  @Field(() => Int, { description: 'Targets with at least one held meeting of the series.' }) reached: number;
  @Field(() => Float, { description: 'reached / targets (0 when there are no targets).' }) ratio: number;
  seriesId: string;
  /** The levels the query rolls this coverage up to (byUnit), read with it. */
  levels: readonly OrgUnitLevel[];
}

@ObjectType('UnitCoverage', { description: 'Coverage of the targets within one unit’s subtree.' })
export class UnitCoverageModel {
  @Field(() => OrgUnitModel, { description: 'The unit whose subtree is counted.' }) unit: OrgUnitModel;
  @Field(() => Int, { description: 'Targets in its subtree.' }) targets: number;
  @Field(() => Int, { description: 'Of those, targets with a held meeting of the series.' }) reached: number;
  @Field(() => Float, { description: 'reached / targets (0 when there are no targets).' }) ratio: number;
}

export const ratio = (reached: number, targets: number) => (targets === 0 ? 0 : reached / targets);

@ObjectType('TerritoryReach', { description: 'One territory a series must reach, and whether it has.' })
export class TerritoryReachModel {
  @Field(() => TerritoryModel, { description: 'The territory.' }) territory: TerritoryModel;
  @Field({
    description:
      'Whether a held meeting of the series took place in it, or reached a unit covering it or a territory inside it.',
  })
  reached: boolean;
}

@ObjectType('TerritoryCoverage', { description: 'How many of a series’ target territories it has reached.' })
export class TerritoryCoverageModel {
  @Field(() => Int, { description: 'Territories the series must reach.' }) targets: number;
  @Field(() => Int, { description: 'Of those, territories reached.' }) reached: number;
  @Field(() => Float, { description: 'reached / targets (0 when there are no targets).' }) ratio: number;
  seriesId: string;
}
