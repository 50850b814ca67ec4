import { GraphQLResolveInfo } from 'graphql';
import { loadOrNull } from '../common/batch';
import { Permission } from '../access/access';
import { Allow } from '../access/allow.decorator';
import { Args, Context, ID, Mutation, Query, ResolveField, Resolver, Info } from '@nestjs/graphql';
import { audited } from '../audit/audited';
import { loader, RequestContext, NoArgs } from '../common/context';
import { DirectResolver } from '../common/validation';
import { DECLARED_BOUNDS, ListBound } from '../common/graphql-limits';
import { MeetingSeries } from './meeting-series.entity';
import { LangArgs, pickName } from '../common/names';
import { argumentValuesAsked, selectedFields } from '../common/lookahead';
import { ConnectionType, PageArgs, toConnection, toPage } from '../common/pagination';
import { orgUnitById } from '../org-units/org-unit.loaders';
import { OrgUnitModel, toOrgUnitModel } from '../org-units/org-unit.model';
import {
  ByUnitArgs,
  CreateMeetingSeriesInput,
  MeetingSeriesListArgs,
  UpdateMeetingSeriesInput,
} from './dto/meeting-series.inputs';
import { territoryById } from '../territories/territory.loaders';
import { TerritoryModel, toTerritoryModel } from '../territories/territory.model';
import {
  CoverageModel,
  MeetingSeriesModel,
  ratio,
  TerritoryCoverageModel,
  TerritoryReachModel,
  toSeriesModel,
  UnitCoverageModel,
} from './meeting-series.model';

/** The most territories a rule may target that a list of them is counted for (the country's communes). */
export const MAX_TERRITORY_TARGETS = 2000;
import { coverageLevels, MeetingSeriesService, territoryReachBySeries } from './meeting-series.service';

const MeetingSeriesConnection = ConnectionType(MeetingSeriesModel, 'MeetingSeries');
const OrgUnitList = ConnectionType(OrgUnitModel, 'MissingUnit');

@Resolver(() => MeetingSeriesModel)
export class MeetingSeriesResolver {
  constructor(private readonly seriesService: MeetingSeriesService) {}

  @Allow(Permission.Read)
  @Query(() => MeetingSeriesModel, { description: 'A meeting series by id.' })
  async meetingSeries(
    @Context() ctx: RequestContext,
    @Args('id', { type: () => ID, description: 'The series’ id.' }) id: string,
  ) {
    return toSeriesModel(await this.seriesService.get(ctx, id));
  }

  @Allow(Permission.Read)
  @Query(() => MeetingSeriesConnection, { description: 'Meeting series of your scope.' })
  async meetingSeriesList(
    @Context() ctx: RequestContext,
    @Args() args: MeetingSeriesListArgs,
    @Info() info: GraphQLResolveInfo,
  ) {
    const page = toPage(args, info);
    const [rows, total] = await this.seriesService.list(ctx, args.filter ?? {}, page);
    return toConnection(rows.map(toSeriesModel), total, page);
  }

  @Allow(Permission.Edit)
  @Mutation(() => MeetingSeriesModel, {
    description: 'Starts a campaign of meetings organised by a unit, with the units it must reach.',
  })
  async createMeetingSeries(
    @Context() ctx: RequestContext,
    @Args('input', { description: 'The series: organiser, titles, dates and targets.' })
    input: CreateMeetingSeriesInput,
  ) {
    return toSeriesModel(
      await audited(ctx, 'createMeetingSeries', MeetingSeries, undefined, (tx) =>
        this.seriesService.create(tx, input),
      ),
    );
  }

  @Allow(Permission.Edit)
  @Mutation(() => MeetingSeriesModel, { description: 'Changes a series’ titles, dates or targets.' })
  async updateMeetingSeries(
    @Context() ctx: RequestContext,
    @Args('input', { description: 'What changes, with the version last read.' })
    input: UpdateMeetingSeriesInput,
  ) {
    return toSeriesModel(
      await audited(ctx, 'updateMeetingSeries', MeetingSeries, input.id, (tx) =>
        this.seriesService.update(tx, input),
      ),
    );
  }

  @ResolveField(() => String, { description: 'The title in the asked language (or the other one).' })
  @DirectResolver()
  title(series: MeetingSeriesModel, @Args() { lang }: LangArgs): string {
    return pickName(lang, series.titleAr, series.titleFr);
  }

  @ResolveField(() => OrgUnitModel, { description: 'The unit that organises the series.' })
  async organizingUnit(
    series: MeetingSeriesModel,
    _args: NoArgs,
    ctx: RequestContext,
  ): Promise<OrgUnitModel> {
    return toOrgUnitModel((await loader(ctx, orgUnitById).load(series.organizingUnitId))!);
  }

  @ResolveField(() => OrgUnitModel, {
    nullable: true,
    description: 'With targetLevel: whose subtree is targeted.',
  })
  async targetRoot(
    series: MeetingSeriesModel,
    _args: NoArgs,
    ctx: RequestContext,
  ): Promise<OrgUnitModel | null> {
    return loadOrNull(ctx, orgUnitById, series.targetRootId, (row) => toOrgUnitModel(row));
  }

  @ResolveField(() => CoverageModel, { description: 'How many targets the series has reached so far.' })
  async coverage(
    series: MeetingSeriesModel,
    _args: NoArgs,
    ctx: RequestContext,
    info: GraphQLResolveInfo,
  ): Promise<CoverageModel> {
    // The roll-ups asked under it are read in the same statement as the counts.
    const levels = coverageLevels(argumentValuesAsked(info, 'byUnit', 'level'));
    const counts = await this.seriesService.coverage(ctx, series.id, levels);
    return Object.assign(new CoverageModel(), {
      ...counts,
      ratio: ratio(counts.reached, counts.targets),
      seriesId: series.id,
      levels,
    });
  }
}

@Resolver(() => CoverageModel)
export class CoverageResolver {
  constructor(private readonly seriesService: MeetingSeriesService) {}

  @ResolveField(() => OrgUnitList, { description: 'Targets not reached yet, in tree order.' })
  @DirectResolver()
  async missing(
    coverage: CoverageModel,
    @Args() args: PageArgs,
    ctx: RequestContext,
    info: GraphQLResolveInfo,
  ) {
    const page = toPage(args);
    // How many are missing (totalCount, pageInfo) is read from the coverage alone, without the units.
    const withUnits = selectedFields(info, []).has('edges');
    const { rows, cursors, total } = await this.seriesService.missing(
      ctx,
      coverage.seriesId,
      coverage.levels,
      page,
      withUnits,
    );
    // Without edges the units are not read: their cursors still make the pageInfo.
    const found = rows.flatMap((row, i) => (row || !withUnits ? [{ row, cursor: cursors[i] }] : []));
    return toConnection(
      found.map(({ row }) => (row ? toOrgUnitModel(row) : null)),
      total,
      page,
      found.map(({ cursor }) => cursor),
    );
  }

  @ResolveField(() => [UnitCoverageModel], {
    description: `Coverage per unit of a level, e.g. per province of a region (counted as ${DECLARED_BOUNDS.coverageUnits} by the cost limit).`,
  })
  @ListBound(DECLARED_BOUNDS.coverageUnits)
  @DirectResolver()
  async byUnit(coverage: CoverageModel, @Args() args: ByUnitArgs, ctx: RequestContext) {
    const rows = await this.seriesService.byUnit(ctx, coverage.seriesId, coverage.levels, args.level);
    const units = await loader(ctx, orgUnitById).loadMany(rows.map((row) => row.unitId));
    // Roll-ups above the caller's scope (a region, for a provincial secretary) are left out.
    return rows.flatMap((row, i) => {
      const unit = units[i];
      if (!unit || unit instanceof Error) return [];
      return [
        Object.assign(new UnitCoverageModel(), {
          unit: toOrgUnitModel(unit),
          targets: row.targets,
          reached: row.reached,
          ratio: ratio(row.reached, row.targets),
        }),
      ];
    });
  }
}

@Resolver(() => MeetingSeriesModel)
export class SeriesTerritoriesResolver {
  @ResolveField(() => TerritoryModel, {
    nullable: true,
    description: 'Rule: the area whose territories of targetTerritoryKind are targets.',
  })
  async targetTerritoryRoot(
    series: MeetingSeriesModel,
    _args: NoArgs,
    ctx: RequestContext,
  ): Promise<TerritoryModel | null> {
    return loadOrNull(ctx, territoryById, series.targetTerritoryRootId, toTerritoryModel);
  }

  @ResolveField(() => TerritoryCoverageModel, {
    description:
      'Of the target territories (the territory rule), how many a held meeting of the series reached: 0 of 0 without a rule.',
  })
  async territoryCoverage(
    series: MeetingSeriesModel,
    _args: NoArgs,
    ctx: RequestContext,
  ): Promise<TerritoryCoverageModel> {
    const rows = await loader(ctx, territoryReachBySeries).load(series.id);
    const reached = rows.filter((row) => row.reached).length;
    return Object.assign(new TerritoryCoverageModel(), {
      targets: rows.length,
      reached,
      ratio: ratio(reached, rows.length),
      seriesId: series.id,
    });
  }
}

@Resolver(() => TerritoryCoverageModel)
export class TerritoryCoverageResolver {
  @ResolveField(() => [TerritoryReachModel], {
    description: `Each target territory, in code order, and whether it was reached (counted as ${MAX_TERRITORY_TARGETS} by the cost limit).`,
  })
  @ListBound(MAX_TERRITORY_TARGETS)
  async byTerritory(
    coverage: TerritoryCoverageModel,
    _args: NoArgs,
    ctx: RequestContext,
  ): Promise<TerritoryReachModel[]> {
    const rows = await loader(ctx, territoryReachBySeries).load(coverage.seriesId);
    const territories = await loader(ctx, territoryById).loadMany(rows.map((row) => row.territoryId));
    return rows.flatMap((row, i) => {
      const territory = territories[i];
      return territory && !(territory instanceof Error)
        ? [
            Object.assign(new TerritoryReachModel(), {
              territory: toTerritoryModel(territory),
              reached: row.reached,
            }),
          ]
        : [];
    });
  }
}
