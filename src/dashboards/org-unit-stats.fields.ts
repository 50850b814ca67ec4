import { Args, ResolveField, Resolver } from '@nestjs/graphql';
import { loader, NoArgs, RequestContext } from '../common/context';
import { readDate } from '../common/dates';
import { ListBound } from '../common/graphql-limits';
import { toConnection, toPage } from '../common/pagination';
import { DirectResolver } from '../common/validation';
import { OrgUnitConnection, OrgUnitModel, toOrgUnitModel } from '../org-units/org-unit.model';
import { ActivityArgs, ByUnitArgs, SilentUnitsArgs, StatsArgs } from './dto/stats.args';
import {
  activityByUnit,
  officialsByUnit,
  rowPagesByUnit,
  silentPagesByUnit,
  summaryByUnit,
  vacanciesByUnit,
} from './stats.loaders';
import {
  ActivityBucketModel,
  AttendanceStatsModel,
  MeetingStatsModel,
  OfficialStatsModel,
  OutcomeStatsModel,
  UnitStatsModel,
  UnitStatsRowConnection,
  VacancyStatsModel,
} from './stats.model';
import { checkSilentDays, MAX_BUCKETS, statsWindow } from './stats.rules';

/** A unit's dashboard: the roll-ups of its subtree. */
@Resolver(() => OrgUnitModel)
export class OrgUnitStatsResolver {
  @ResolveField(() => UnitStatsModel, {
    description:
      'Roll-ups of the unit’s subtree over the window [from, to] (both included; default: the twelve months ending on asOf) and on asOf (default: the date the unit was read for, else today). A window spans at most 1,096 days; from after to is BAD_USER_INPUT. Each roll-up costs one statement, however large the subtree and however many units are asked together.',
  })
  @DirectResolver()
  stats(unit: OrgUnitModel, @Args() args: StatsArgs, ctx: RequestContext): UnitStatsModel {
    const window = statsWindow(args, readDate(ctx, unit, args.asOf));
    return Object.assign(new UnitStatsModel(), { ...window, unitId: unit.id });
  }
}

/** The roll-ups, each read (for every unit asked with the same window) when it is selected. */
@Resolver(() => UnitStatsModel)
export class UnitStatsResolver {
  @ResolveField(() => MeetingStatsModel, { description: 'Meetings of the window, by status and kind.' })
  async meetings(stats: UnitStatsModel, _args: NoArgs, ctx: RequestContext): Promise<MeetingStatsModel> {
    return (await loader(ctx, summaryByUnit, windowOf(stats)).load(stats.unitId)).meetings;
  }

  @ResolveField(() => AttendanceStatsModel, { description: 'Attendance at the HELD meetings of the window.' })
  async attendance(stats: UnitStatsModel, _args: NoArgs, ctx: RequestContext): Promise<AttendanceStatsModel> {
    return (await loader(ctx, summaryByUnit, windowOf(stats)).load(stats.unitId)).attendance;
  }

  @ResolveField(() => OutcomeStatsModel, {
    description: 'Outcomes of the meetings of the window, by their state on asOf.',
  })
  async outcomes(stats: UnitStatsModel, _args: NoArgs, ctx: RequestContext): Promise<OutcomeStatsModel> {
    return (await loader(ctx, summaryByUnit, windowOf(stats)).load(stats.unitId)).outcomes;
  }

  @ResolveField(() => [ActivityBucketModel], {
    description: `HELD meetings per week, month or quarter of the window, every bucket present (empty ones too), oldest first (at most ${MAX_BUCKETS}).`,
  })
  @ListBound(MAX_BUCKETS)
  @DirectResolver()
  activity(stats: UnitStatsModel, @Args() args: ActivityArgs, ctx: RequestContext) {
    return loader(ctx, activityByUnit, [windowOf(stats), args.bucket]).load(stats.unitId);
  }

  @ResolveField(() => UnitStatsRowConnection, {
    description:
      'One row per unit of a level in the subtree (existing on asOf; the unit itself when of that level), each with the roll-ups of its own subtree; in tree order unless orderBy says otherwise.',
  })
  @DirectResolver()
  async byUnit(stats: UnitStatsModel, @Args() args: ByUnitArgs, ctx: RequestContext) {
    const page = toPage(args);
    const { rows, total, cursors } = await loader(ctx, rowPagesByUnit, {
      ...windowOf(stats),
      level: args.level,
      by: args.orderBy?.by ?? 'TREE',
      direction: args.orderBy?.direction ?? 'ASC',
      page,
    }).load(stats.unitId);
    const nodes = rows.map(({ unit, metrics }) => ({
      unit: toOrgUnitModel(unit, stats.asOf),
      meetingsHeld: metrics.meetingsHeld,
      lastHeldOn: metrics.lastHeldOn,
      daysSilent: metrics.daysSilent,
      attendanceRate: metrics.attendanceRate,
      vacantSeats: metrics.vacantSeats,
      officials: metrics.officials,
      womenOfficials: metrics.womenOfficials,
      openOutcomes: metrics.openOutcomes,
      overdueOutcomes: metrics.overdueOutcomes,
      seriesCoverage: metrics.seriesCoverage,
    }));
    return toConnection(nodes, total, page, cursors);
  }

  @ResolveField(() => OrgUnitConnection, {
    description:
      'Units of the subtree (existing on asOf, the unit itself included) whose subtree held no meeting (HELD) in the last days days up to asOf, in tree order.',
  })
  @DirectResolver()
  async silentUnits(stats: UnitStatsModel, @Args() args: SilentUnitsArgs, ctx: RequestContext) {
    checkSilentDays(args.days);
    const page = toPage(args);
    const { rows, total, cursors } = await loader(ctx, silentPagesByUnit, {
      asOf: stats.asOf,
      days: args.days,
      level: args.level ?? undefined,
      page,
    }).load(stats.unitId);
    return toConnection(
      rows.map((row) => toOrgUnitModel(row, stats.asOf)),
      total,
      page,
      cursors,
    );
  }

  @ResolveField(() => VacancyStatsModel, { description: 'Posts and vacant seats on asOf.' })
  vacancies(stats: UnitStatsModel, _args: NoArgs, ctx: RequestContext): Promise<VacancyStatsModel> {
    return loader(ctx, vacanciesByUnit, stats.asOf).load(stats.unitId);
  }

  @ResolveField(() => OfficialStatsModel, { description: 'Who holds office on asOf, by role and gender.' })
  officials(stats: UnitStatsModel, _args: NoArgs, ctx: RequestContext): Promise<OfficialStatsModel> {
    return loader(ctx, officialsByUnit, stats.asOf).load(stats.unitId);
  }
}

const windowOf = ({ from, to, asOf }: UnitStatsModel) => ({ from, to, asOf });
