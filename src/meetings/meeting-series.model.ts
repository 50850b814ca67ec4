import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { CalendarDate } from '../common/scalars';
import { OrgUnitLevel } from '../org-units/org-unit.entity';
import { OrgUnitLevelEnum, OrgUnitModel } from '../org-units/org-unit.model';
import { MeetingSeries } from './meeting-series.entity';

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
  @Field(() => Int, { description: 'Changes with every update; send it back as expectedVersion.' })
  version: number;
  organizingUnitId: string;
  targetRootId: string | null;
}

export const toSeriesModel = (row: MeetingSeries): MeetingSeriesModel =>
  Object.assign(new MeetingSeriesModel(), {
    id: row.id,
    titleAr: row.titleAr,
    titleFr: row.titleFr,
    startsOn: row.startsOn,
    endsOn: row.endsOn,
    targetLevel: row.targetLevel,
    version: row.version,
    organizingUnitId: row.organizingUnitId,
    targetRootId: row.targetRootId,
  });

@ObjectType('Coverage', { description: 'How many targets had a held meeting of the series.' })
export class CoverageModel {
  @Field(() => Int, { description: 'Units the series must reach.' }) targets: number;
  @Field(() => Int, { description: 'Targets with at least one held meeting of the series.' }) reached: number;
  @Field(() => Float, { description: 'reached / targets (0 when there are no targets).' }) ratio: number;
  seriesId: string;
}

@ObjectType('UnitCoverage', { description: 'Coverage of the targets within one unit’s subtree.' })
export class UnitCoverageModel {
  @Field(() => OrgUnitModel, { description: 'The unit whose subtree is counted.' }) unit: OrgUnitModel;
  @Field(() => Int, { description: 'Targets in its subtree.' }) targets: number;
  @Field(() => Int, { description: 'Of those, targets with a held meeting of the series.' }) reached: number;
  @Field(() => Float, { description: 'reached / targets (0 when there are no targets).' }) ratio: number;
}

export const ratio = (reached: number, targets: number) => (targets === 0 ? 0 : reached / targets);
