import { ArgsType, Field, InputType, Int } from '@nestjs/graphql';
import { CalendarDate } from '../../common/scalars';
import { PageArgs } from '../../common/pagination';
import { OrgUnitLevelEnum } from '../../org-units/org-unit.model';
import type { OrgUnitLevel } from '../../org-units/org-unit.entity';
import {
  SortDirection,
  SortDirectionEnum,
  StatsBucket,
  StatsBucketEnum,
  UnitStatsSortKey,
  UnitStatsSortKeyEnum,
} from '../stats.model';
import { MAX_SILENT_DAYS, MAX_WINDOW_DAYS } from '../stats.rules';

@ArgsType()
export class StatsArgs {
  @Field(() => CalendarDate, {
    nullable: true,
    description: `First day of the window, included (default: the twelve months ending on to: a year before to’s next day). At most ${MAX_WINDOW_DAYS} days to to.`,
  })
  from?: string;
  @Field(() => CalendarDate, {
    nullable: true,
    description: 'Last day of the window, included (default: asOf).',
  })
  to?: string;
  @Field(() => CalendarDate, {
    nullable: true,
    description:
      'The day posts, officials, outcomes and silence are read for (default: the date the unit was read for, else today).',
  })
  asOf?: string;
}

@ArgsType()
export class ActivityArgs {
  @Field(() => StatsBucketEnum, { defaultValue: 'MONTH', description: 'WEEK, MONTH (default) or QUARTER.' })
  bucket: StatsBucket;
}

@InputType('UnitStatsOrderInput', { description: 'How to sort the rows of byUnit.' })
export class UnitStatsOrderInput {
  @Field(() => UnitStatsSortKeyEnum, { description: 'The column.' }) by: UnitStatsSortKey;
  @Field(() => SortDirectionEnum, { defaultValue: 'DESC', description: 'DESC (default) or ASC.' })
  direction: SortDirection;
}

@ArgsType()
export class ByUnitArgs extends PageArgs {
  @Field(() => OrgUnitLevelEnum, {
    description: 'One row per unit of this level in the subtree (existing on asOf).',
  })
  level: OrgUnitLevel;
  @Field(() => UnitStatsOrderInput, { nullable: true, description: 'Default: tree order.' })
  orderBy?: UnitStatsOrderInput;
}

@ArgsType()
export class SilentUnitsArgs extends PageArgs {
  @Field(() => Int, {
    description: `Silent: no HELD meeting of the unit’s subtree in the days (asOf − days, asOf]; 0…${MAX_SILENT_DAYS} (0: every unit).`,
  })
  days: number;
  @Field(() => OrgUnitLevelEnum, {
    nullable: true,
    description: 'Only units of this level (default: every level).',
  })
  level?: OrgUnitLevel;
}
