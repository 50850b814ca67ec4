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
import { OrgUnit, OrgUnitLevel } from '../org-units/org-unit.entity';
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
  CoverageTarget,
  coverageTargetsOfSeries,
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

/** A series' targets in tree order, and the units above the targets' parents (`CoverageTarget`). */
interface SeriesTargets {
  targets: CoverageTarget[];
  /** `[id, level]` of each unit above a parent of targets, the parent included, by the parent's id. */
  chains: Map<string, [string, OrgUnitLevel][]>;
}

/**
 * Each series' targets (tree order) with whether each was reached and the units above them, for a
 * batch of series in one statement: every coverage figure of a series is read from it, so a request
 * tests the targets of a series once, however many of its figures it asks for.
 */
export const coverageTargetsBySeries = defineLoader<string, SeriesTargets>(
  'coverageTargetsBySeries',
  (ctx) => async (ids) => {
    const rows = await coverageTargetsOfSeries(ctx, ids);
    const chains = new Map<string, [string, OrgUnitLevel][]>();
    for (const row of rows) {
      if (row.parent_id && row.parent_chain) chains.set(row.parent_id, row.parent_chain);
    }
    return groupByKey(ids, rows, (row) => row.series_id).map((targets) => ({ targets, chains }));
  },
);

/** Targets and reached targets of a series. */
async function coverageCounts(ctx: RequestContext, seriesId: string): Promise<CoverageCounts> {
  const { targets } = await loader(ctx, coverageTargetsBySeries).load(seriesId);
  return { targets: targets.length, reached: targets.filter((target) => target.reached).length };
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
  page: Page,
  withUnits: boolean,
): Promise<{ rows: (OrgUnit | null)[]; cursors: string[]; total: number }> {
  const after = page.after == null ? null : decodeCursor(MISSING_ORDER, page.after)[0];
  // A target not reached carries its path (CoverageTarget).
  const missing = (await loader(ctx, coverageTargetsBySeries).load(seriesId)).targets.filter(
    (target): target is CoverageTarget & { path: string } => !target.reached,
  );
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
 * A series' coverage rolled up to each ancestor (or self) at `level` of its targets, in tree order
 * (targets come in tree order, so each unit's first target does too).
 */
async function coverageByUnit(
  ctx: RequestContext,
  seriesId: string,
  level: OrgUnitLevel,
): Promise<(CoverageCounts & { unitId: string })[]> {
  const byUnit = new Map<string, CoverageCounts & { unitId: string }>();
  const { targets, chains } = await loader(ctx, coverageTargetsBySeries).load(seriesId);
  for (const target of targets) {
    const unitId =
      target.level === level
        ? target.id
        : target.parent_id && chains.get(target.parent_id)?.find(([, unitLevel]) => unitLevel === level)?.[0];
    if (!unitId) continue;
    const counts = byUnit.get(unitId) ?? { unitId, targets: 0, reached: 0 };
    counts.targets += 1;
    if (target.reached) counts.reached += 1;
    byUnit.set(unitId, counts);
  }
  return [...byUnit.values()];
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

  coverage(ctx: RequestContext, seriesId: string): Promise<CoverageCounts> {
    return coverageCounts(ctx, seriesId);
  }

  /** Targets with no held meeting yet, in tree order; their units are read only `withUnits` (else counted). */
  async missing(
    ctx: RequestContext,
    seriesId: string,
    page: Page,
    withUnits = true,
  ): Promise<{ rows: (OrgUnit | null)[]; cursors: string[]; total: number }> {
    return missingPage(ctx, seriesId, page, withUnits);
  }

  /** Coverage rolled up to each ancestor (or self) of the targets at `level`. */
  byUnit(
    ctx: RequestContext,
    seriesId: string,
    level: OrgUnitLevel,
  ): Promise<(CoverageCounts & { unitId: string })[]> {
    return coverageByUnit(ctx, seriesId, level);
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
