import { Injectable } from '@nestjs/common';
import { auditSnapshotOf } from '../audit/audited';
import { Permission } from '../access/access';
import { requireUnitAccess } from '../access/scope';
import { groupByKey } from '../common/batch';
import { defineLoader, loader, RequestContext } from '../common/context';
import { BadInputError, NotFoundError } from '../common/errors';
import { decodeCursor, encodeCursor, ListOrder, Page } from '../common/pagination';
import { searchText } from '../common/text';
import { isInSubtree } from '../common/tree';
import { keepOr } from '../common/update';
import { ORG_UNIT_LEVELS, OrgUnit, OrgUnitLevel } from '../org-units/org-unit.entity';
import { orgUnitById } from '../org-units/org-unit.loaders';
import { OrgUnitsService } from '../org-units/org-units.service';
import { TerritoriesService } from '../territories/territories.service';
import {
  CreateMeetingSeriesInput,
  MeetingSeriesFilterInput,
  SeriesTargetsInput,
  UpdateMeetingSeriesInput,
} from './dto/meeting-series.inputs';
import { seriesById } from './meeting.loaders';
import { MeetingSeries } from './meeting-series.entity';
import {
  CoverageCounts,
  CoverageGroup,
  CoverageTarget,
  coverageOfSeries,
  deleteSeriesTargets,
  findSeries,
  insertSeries,
  insertSeriesTargets,
  listSeries,
  lockSeries,
  seriesSnapshot,
  territoryReachOfSeries,
  updateSeries,
} from './meeting-series.queries';

export type { CoverageCounts } from './meeting-series.queries';

/** What a series' coverage figures are worked out from (see `coverageOfSeries`). */
interface SeriesCoverage {
  groups: CoverageGroup[];
  /** Targets read on their own, in tree order: those not reached, and those of the levels asked. */
  targets: CoverageTarget[];
}

/**
 * Each series' coverage for a batch of series in one statement, its targets read on their own for
 * `levels` (the levels a roll-up is asked for, sorted; see `coverageOfSeries`): every coverage figure
 * of a series asked in a request is read from it, so that request tests the series' targets once.
 */
export const coverageBySeries = defineLoader<string, SeriesCoverage, readonly OrgUnitLevel[]>(
  'coverageBySeries',
  (ctx, levels) => async (ids) => {
    const { groups, targets } = await coverageOfSeries(ctx, ids, levels);
    const targetsBySeries = groupByKey(ids, targets, (row) => row.series_id);
    return groupByKey(ids, groups, (row) => row.series_id).map((seriesGroups, i) => ({
      groups: seriesGroups,
      targets: targetsBySeries[i],
    }));
  },
);

/** The levels of a request's roll-ups, as `coverageBySeries` takes them: each once, sorted. */
export const coverageLevels = (levels: readonly unknown[]): OrgUnitLevel[] =>
  ORG_UNIT_LEVELS.filter((level) => levels.includes(level));

/** Targets and reached targets of a series. */
async function coverageCounts(
  ctx: RequestContext,
  seriesId: string,
  levels: readonly OrgUnitLevel[],
): Promise<CoverageCounts> {
  const { groups } = await loader(ctx, coverageBySeries, levels).load(seriesId);
  const counts = { targets: 0, reached: 0 };
  for (const group of groups) {
    counts.targets += group.targets;
    counts.reached += group.reached;
  }
  return counts;
}

/** Missing targets in tree order: their paths, as the database writes them, compare as ltree does. */
const MISSING_ORDER: ListOrder = { list: 'coverage.missing', keys: [{ sql: 'path', type: 'ltree' }] };

/**
 * A page of a series' targets with no held meeting yet after the page's cursor (one past it when more
 * follow), each with its cursor, and how many there are. Their units are read only `withUnits`
 * (else each row is null).
 */
async function missingPage(
  ctx: RequestContext,
  seriesId: string,
  levels: readonly OrgUnitLevel[],
  page: Page,
  withUnits: boolean,
): Promise<{ rows: (OrgUnit | null)[]; cursors: string[]; total: number }> {
  const after = page.after == null ? null : decodeCursor(MISSING_ORDER, page.after)[0];
  const { targets } = await loader(ctx, coverageBySeries, levels).load(seriesId);
  const missing = targets.filter((target) => !target.reached);
  // Labels of one length (tree_label): the text order of paths is ltree's.
  const onPage = missing.filter((target) => after == null || target.path > after).slice(0, page.limit + 1);
  const units = withUnits ? await loader(ctx, orgUnitById).loadMany(onPage.map((target) => target.id)) : [];
  return {
    rows: onPage.map((_target, i) => (units[i] instanceof OrgUnit ? units[i] : null)),
    cursors: onPage.map((target) => encodeCursor(MISSING_ORDER, [target.path])),
    total: missing.length,
  };
}

/**
 * A series' coverage rolled up to each ancestor (or self) at `level` of its targets, in tree order.
 * Targets above `level` roll up to nothing. `levels`: those the request's coverage was read for; a
 * level outside them is read apart (the targets of its own level are needed one by one).
 */
async function coverageByUnit(
  ctx: RequestContext,
  seriesId: string,
  levels: readonly OrgUnitLevel[],
  level: OrgUnitLevel,
): Promise<(CoverageCounts & { unitId: string })[]> {
  const read = levels.includes(level) ? levels : coverageLevels([...levels, level]);
  const { groups, targets } = await loader(ctx, coverageBySeries, read).load(seriesId);
  const byUnit = new Map<string, CoverageCounts & { unitId: string; path: string }>();
  const add = (unitId: string, path: string, targetCount: number, reached: number) => {
    const counts = byUnit.get(unitId) ?? { unitId, path, targets: 0, reached: 0 };
    counts.targets += targetCount;
    counts.reached += reached;
    byUnit.set(unitId, counts);
  };
  // Targets of the level itself are their own units, read one by one; the others roll up to their
  // parent's ancestor (or the parent) of that level, by groups. A child is one level below its parent,
  // so a group's chain never holds its own targets' level.
  for (const group of groups) {
    const unit = group.parent_chain?.find(([, unitLevel]) => unitLevel === level);
    if (unit) add(unit[0], unit[2], group.targets, group.reached);
  }
  for (const target of targets) {
    if (target.level === level) add(target.id, target.path, 1, target.reached ? 1 : 0);
  }
  // Tree order: labels of one length, so the text order of paths is ltree's.
  return [...byUnit.values()]
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    .map(({ unitId, targets: targetCount, reached }) => ({ unitId, targets: targetCount, reached }));
}

/** Each series' target territories in code order, each with whether it was reached: one statement. */
export const territoryReachBySeries = defineLoader<string, { territoryId: string; reached: boolean }[]>(
  'territoryReachBySeries',
  (ctx) => async (ids) => {
    const rows = await territoryReachOfSeries(ctx, ids);
    return groupByKey(ids, rows, (row) => row.series_id).map((group) =>
      group.map((row) => ({ territoryId: row.territory_id, reached: row.reached })),
    );
  },
);

// A series' audit event carries its explicit targets.
auditSnapshotOf(MeetingSeries, seriesSnapshot);

@Injectable()
export class MeetingSeriesService {
  constructor(
    private readonly units: OrgUnitsService,
    private readonly territories: TerritoriesService,
  ) {}

  async get(ctx: RequestContext, id: string): Promise<MeetingSeries> {
    const series = await loader(ctx, seriesById).load(id);
    if (!series) throw new NotFoundError('Meeting series', id);
    return series;
  }

  async list(
    ctx: RequestContext,
    filter: MeetingSeriesFilterInput,
    page: Page,
  ): Promise<[MeetingSeries[], number | null]> {
    const unitId = filter.unit ? (await this.units.get(ctx, { id: filter.unit })).id : undefined;
    return listSeries(ctx, { unitId, search: filter.search }, page);
  }

  async create(ctx: RequestContext, input: CreateMeetingSeriesInput): Promise<MeetingSeries> {
    await requireUnitAccess(ctx, input.organizingUnitId, Permission.Edit, 'Organising unit');
    const organizer = await this.units.get(ctx, { id: input.organizingUnitId });
    const fields = {
      titleAr: input.titleAr ?? null,
      titleFr: input.titleFr ?? null,
      organizingUnitId: organizer.id,
      startsOn: input.startsOn ?? null,
      endsOn: input.endsOn ?? null,
      targetLevel: input.targets?.level ?? null,
      targetRootId: null as string | null,
      ...(await this.territoryRule(ctx, organizer, input.targets)),
      audiences: [...new Set(input.audiences ?? [])],
    };
    this.checkFields(fields);
    const explicit = await this.resolveTargets(ctx, organizer, input.targets, fields);
    const id = await insertSeries(ctx, { ...fields, searchText: searchText(fields.titleAr, fields.titleFr) });
    await insertSeriesTargets(ctx, id, explicit);
    return findSeries(ctx, id);
  }

  async update(ctx: RequestContext, input: UpdateMeetingSeriesInput): Promise<MeetingSeries> {
    const series = await lockSeries(ctx, input.id, input.expectedVersion, (row) =>
      requireUnitAccess(ctx, row.organizingUnitId, Permission.Edit, 'Meeting series'),
    );
    const organizer = await this.units.get(ctx, { id: series.organizingUnitId });
    const fields = {
      titleAr: keepOr(input.titleAr, series.titleAr),
      titleFr: keepOr(input.titleFr, series.titleFr),
      startsOn: keepOr(input.startsOn, series.startsOn),
      endsOn: keepOr(input.endsOn, series.endsOn),
      targetLevel: input.targets ? (input.targets.level ?? null) : series.targetLevel,
      targetRootId: series.targetRootId,
      ...(input.targets
        ? await this.territoryRule(ctx, organizer, input.targets)
        : {
            targetTerritoryKind: series.targetTerritoryKind,
            targetCommuneKind: series.targetCommuneKind,
            targetTerritoryRootId: series.targetTerritoryRootId,
          }),
      audiences: input.audiences ? [...new Set(input.audiences)] : series.audiences,
    };
    this.checkFields(fields);
    if (input.targets) {
      const explicit = await this.resolveTargets(ctx, organizer, input.targets, fields);
      await deleteSeriesTargets(ctx, series.id);
      await insertSeriesTargets(ctx, series.id, explicit);
    }
    return updateSeries(ctx, series.id, {
      ...fields,
      searchText: searchText(fields.titleAr, fields.titleFr),
    });
  }

  /** `levels`: those the request rolls the coverage up to (`coverageLevels`), read in the same statement. */
  coverage(ctx: RequestContext, seriesId: string, levels: readonly OrgUnitLevel[]): Promise<CoverageCounts> {
    return coverageCounts(ctx, seriesId, levels);
  }

  /** Targets with no held meeting yet, in tree order; their units are read only `withUnits` (else counted). */
  async missing(
    ctx: RequestContext,
    seriesId: string,
    levels: readonly OrgUnitLevel[],
    page: Page,
    withUnits = true,
  ): Promise<{ rows: (OrgUnit | null)[]; cursors: string[]; total: number }> {
    return missingPage(ctx, seriesId, levels, page, withUnits);
  }

  /** Coverage rolled up to each ancestor (or self) of the targets at `level`. */
  byUnit(
    ctx: RequestContext,
    seriesId: string,
    levels: readonly OrgUnitLevel[],
    level: OrgUnitLevel,
  ): Promise<(CoverageCounts & { unitId: string })[]> {
    return coverageByUnit(ctx, seriesId, levels, level);
  }

  private checkFields(fields: {
    titleAr: string | null;
    titleFr: string | null;
    startsOn: string | null;
    endsOn: string | null;
  }) {
    if (!fields.titleAr && !fields.titleFr) {
      throw new BadInputError('A series needs a title: titleAr, titleFr or both.', 'titleAr');
    }
    if (fields.startsOn && fields.endsOn && fields.endsOn < fields.startsOn) {
      throw new BadInputError('A series cannot end before it starts.', 'endsOn');
    }
  }

  /** Whether and how far each target territory was reached (none without a territory rule). */
  territoryReach(
    ctx: RequestContext,
    seriesId: string,
  ): Promise<{ territoryId: string; reached: boolean }[]> {
    return loader(ctx, territoryReachBySeries).load(seriesId);
  }

  /**
   * The territory rule of a series: every territory of a kind under an area, which must lie within
   * the organising unit's territory (when it has one).
   */
  private async territoryRule(
    ctx: RequestContext,
    organizer: OrgUnit,
    targets: SeriesTargetsInput | undefined,
  ) {
    const none = { targetTerritoryKind: null, targetCommuneKind: null, targetTerritoryRootId: null };
    if (!targets) return none;
    if ((targets.territoryKind == null) !== (targets.underTerritory == null)) {
      throw new BadInputError('A territory rule needs both territoryKind and underTerritory.', 'targets');
    }
    if (targets.communeKind && targets.territoryKind !== 'COMMUNE') {
      throw new BadInputError('communeKind applies to communes: territoryKind COMMUNE.', 'targets');
    }
    if (!targets.territoryKind) return none;
    const area = await this.territories.byIdOrCode(ctx, targets.underTerritory!);
    if (organizer.territoryId && !(await isInSubtree(ctx, 'territory', area.id, organizer.territoryId))) {
      throw new BadInputError(
        `${area.code} is outside the territory of the organising unit ${organizer.code}.`,
        'targets',
      );
    }
    return {
      targetTerritoryKind: targets.territoryKind,
      targetCommuneKind: targets.communeKind ?? null,
      targetTerritoryRootId: area.id,
    };
  }

  /** Every target must lie in the organising unit's subtree. Returns the explicit unit ids. */
  private async resolveTargets(
    ctx: RequestContext,
    organizer: OrgUnit,
    targets: SeriesTargetsInput | undefined,
    fields: { targetLevel: OrgUnitLevel | null; targetRootId: string | null },
  ): Promise<string[]> {
    if (!targets) return [];
    if ((targets.level == null) !== (targets.under == null)) {
      throw new BadInputError('A target rule needs both level and under.', 'targets');
    }
    const ids = [...new Set(targets.unitIds ?? [])];
    const roots = targets.under ? [...ids, targets.under] : ids;
    for (const id of roots) {
      const unit = await this.units.get(ctx, { id });
      if (!(await isInSubtree(ctx, 'org_unit', unit.id, organizer.id))) {
        throw new BadInputError(
          `Target ${unit.code} is not under the organising unit ${organizer.code}.`,
          'targets',
        );
      }
    }
    fields.targetRootId = targets.under ?? null;
    return ids;
  }
}
