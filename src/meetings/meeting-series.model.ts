import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { CalendarDate } from '../common/scalars';
import { OrgUnitLevel } from '../org-units/org-unit.entity';
import { OrgUnitLevelEnum, OrgUnitModel } from '../org-units/org-unit.model';
import { MeetingSeries } from './meeting-series.entity';

@ObjectType('MeetingSeries', { description: 'A campaign of meetings and the units it must reach.' })
export class MeetingSeriesModel {
  @Field(() => ID) id: string;
  @Field(() => String, { nullable: true }) titleAr: string | null;
  @Field(() => String, { nullable: true }) titleFr: string | null;
  @Field(() => CalendarDate, { nullable: true }) startsOn: string | null;
  @Field(() => CalendarDate, { nullable: true }) endsOn: string | null;
  @Field(() => OrgUnitLevelEnum, {
    nullable: true,
    description: 'Rule: every unit of this level under targetRoot.',
  })
  targetLevel: OrgUnitLevel | null;
  @Field(() => Int) version: number;
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
  @Field(() => Int) targets: number;
  @Field(() => Int) reached: number;
  @Field(() => Float, { description: 'reached / targets (0 when there are no targets).' }) ratio: number;
  seriesId: string;
}

@ObjectType('UnitCoverage')
export class UnitCoverageModel {
  @Field(() => OrgUnitModel) unit: OrgUnitModel;
  @Field(() => Int) targets: number;
  @Field(() => Int) reached: number;
  @Field(() => Float) ratio: number;
}

export const ratio = (reached: number, targets: number) => (targets === 0 ? 0 : reached / targets);
