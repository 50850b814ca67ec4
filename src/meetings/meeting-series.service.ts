import { Permission } from '../access/access';
import { requireUnitAccess, scopeSql } from '../access/scope';
import { visibleSeries } from '../access/visibility';
import { keepOr } from '../common/update';
import { seriesById } from './meeting.loaders';
import { Injectable } from '@nestjs/common';
import { byKey, groupByKey, isUuid, KeyedPage, pageOfRanked, pagesByKey } from '../common/batch';
import { select } from '../database/rows';
import { AuditSnapshot } from '../audit/audited';
import { defineLoader, loader, RequestContext } from '../common/context';
import { BadInputError, NotFoundError } from '../common/errors';
import { lockForUpdate } from '../common/locking';
import { isInSubtree, unitsInSubtreeOf } from '../common/tree';
import { Page } from '../common/pagination';
import { applySearch, searchPage } from '../common/search';
import { searchText } from '../common/text';
import { OrgUnit, OrgUnitLevel } from '../org-units/org-unit.entity';
import { OrgUnitsService } from '../org-units/org-units.service';
import {
  CreateMeetingSeriesInput,
  MeetingSeriesFilterInput,
  SeriesTargetsInput,
  UpdateMeetingSeriesInput,
} from './dto/meeting-series.inputs';
import { MeetingSeries, MeetingSeriesTarget } from './meeting-series.entity';

/**
 * The SQL of the targets of a batch of series (`:seriesIds`), each row naming its series: explicit
 * units, plus every unit of the rule's level under its root that existed during the series; and of
 * the targets reached: convening, invited or attending (as a unit, or through a participant who
 * represented it and was not absent) at a HELD meeting of it.
 */
const TARGETS = `
  SELECT t.series_id, t.org_unit_id AS id FROM meeting_series_target t WHERE t.series_id = ANY(:seriesIds)
  UNION
  SELECT s.id, u.id FROM meeting_series s JOIN org_unit r ON r.id = s.target_root_id
    JOIN org_unit u ON u.path <@ r.path AND u.level = s.target_level
   WHERE s.id = ANY(:seriesIds)
     AND (u.dissolved_on IS NULL OR s.starts_on IS NULL OR u.dissolved_on > s.starts_on)
     AND (u.founded_on IS NULL OR s.ends_on IS NULL OR u.founded_on <= s.ends_on)`;
const REACHED = `
  SELECT m.series_id, m.convening_unit_id AS id FROM meeting m
   WHERE m.series_id = ANY(:seriesIds) AND m.status = 'HELD'
  UNION
  SELECT m.series_id, mu.org_unit_id FROM meeting m JOIN meeting_unit mu ON mu.meeting_id = m.id
   WHERE m.series_id = ANY(:seriesIds) AND m.status = 'HELD' AND mu.role IN ('INVITED', 'ATTENDING')
  UNION
  SELECT m.series_id, p.represented_unit_id FROM meeting m JOIN participation p ON p.meeting_id = m.id
   WHERE m.series_id = ANY(:seriesIds) AND m.status = 'HELD' AND p.represented_unit_id IS NOT NULL
     AND p.attendance IS DISTINCT FROM 'ABSENT' AND p.attendance IS DISTINCT FROM 'EXCUSED'`;

/**
 * The CTEs `targets` (those the caller can see: a target that moved out of the caller's subtree is
 * neither counted nor listed) and `reached` of a batch of series, with their parameters.
 */
function coverageOf(ctx: RequestContext, seriesIds: readonly string[]): [string, Record<string, unknown>] {
  const [scope, params] = scopeSql(ctx, 'vu.path');
  return [
    `WITH targets AS (
       SELECT t.series_id, t.id FROM (${TARGETS}) t JOIN org_unit vu ON vu.id = t.id WHERE ${scope}),
     reached AS (${REACHED})`,
    { ...params, seriesIds: seriesIds.filter(isUuid) },
  ];
}

/** Joins each target (`t`) to its series' reached units (`x`): `x.id` is null for one not reached. */
const REACHED_OF_TARGET = 'LEFT JOIN reached x ON x.series_id = t.series_id AND x.id = t.id';

/** Rows of raw SQL with named parameters (`:name`), as the row reader takes them. */
async function rowsOf<T>(ctx: RequestContext, text: string, params: Record<string, unknown>): Promise<T[]> {
  const [sql, values] = ctx.manager.connection.driver.escapeQueryWithParameters(text, params);
  return (await ctx.manager.query(sql, values)) as T[];
}

export interface CoverageCounts {
  targets: number;
  reached: number;
}

/** Coverage of each series of a batch: one statement. */
export const coverageBySeries = defineLoader<string, CoverageCounts>(
  'coverageBySeries',
  (ctx) => async (ids) => {
    const [withCoverage, params] = coverageOf(ctx, ids);
    const rows = await rowsOf<CoverageCounts & { series_id: string }>(
      ctx,
      `${withCoverage}
       SELECT t.series_id, count(*)::int AS targets, count(x.id)::int AS reached
         FROM targets t ${REACHED_OF_TARGET} GROUP BY t.series_id`,
      params,
    );
    return byKey(ids, rows, (row) => row.series_id).map((row) => ({
      targets: row?.targets ?? 0,
      reached: row?.reached ?? 0,
    }));
  },
);

/** A page of each series' targets with no held meeting yet, in tree order: one statement. */
export const missingBySeries = defineLoader<string, KeyedPage<OrgUnit>, Page>(
  'missingBySeries',
  (ctx, page) => async (ids) => {
    const [withCoverage, params] = coverageOf(ctx, ids);
    const [onPage, pageParams] = pageOfRanked(page);
    const { entities, raw } = await select<OrgUnit, { key: string; rn: number; total: number }>(
      ctx.manager,
      [OrgUnit, 'e'],
      `JOIN (
         ${withCoverage}
         SELECT t.series_id, t.id, count(*) OVER (PARTITION BY t.series_id)::int AS total,
                row_number() OVER (PARTITION BY t.series_id ORDER BY u.path)::int AS rn
           FROM targets t JOIN org_unit u ON u.id = t.id ${REACHED_OF_TARGET} WHERE x.id IS NULL
       ) r ON r.id = e.id
       WHERE ${onPage} ORDER BY r.series_id, r.rn`,
      { ...params, ...pageParams },
      { extra: { key: 'r.series_id', rn: 'r.rn', total: 'r.total' } },
    );
    return pagesByKey(ids, entities, raw, page);
  },
);

/** Coverage of each series of a batch rolled up to each ancestor (or self) of its targets at `level`. */
export const coverageByUnitBySeries = defineLoader<
  string,
  (CoverageCounts & { unitId: string })[],
  OrgUnitLevel
>('coverageByUnitBySeries', (ctx, level) => async (ids) => {
  const [withCoverage, params] = coverageOf(ctx, ids);
  const rows = await rowsOf<CoverageCounts & { unitId: string; series_id: string }>(
    ctx,
    `${withCoverage}
     SELECT t.series_id, a.id AS "unitId", count(*)::int AS targets, count(x.id)::int AS reached
       FROM targets t JOIN org_unit u ON u.id = t.id JOIN org_unit a ON a.path @> u.path AND a.level = :level
       ${REACHED_OF_TARGET}
      GROUP BY t.series_id, a.id, a.path ORDER BY t.series_id, a.path`,
    { ...params, level },
  );
  return groupByKey(ids, rows, (row) => row.series_id).map((group) =>
    group.map(({ unitId, targets, reached }) => ({ unitId, targets, reached })),
  );
});

@Injectable()
export class MeetingSeriesService {
  constructor(private readonly units: OrgUnitsService) {}

  async get(ctx: RequestContext, id: string): Promise<MeetingSeries> {
    const series = await loader(ctx, seriesById).load(id);
    if (!series) throw new NotFoundError('Meeting series', id);
    return series;
  }

  async list(
    ctx: RequestContext,
    filter: MeetingSeriesFilterInput,
    page: Page,
  ): Promise<[MeetingSeries[], number]> {
    const qb = ctx.manager.createQueryBuilder(MeetingSeries, 's').where(...visibleSeries(ctx, 's'));
    if (filter.unit) {
      const unit = await this.units.get(ctx, { id: filter.unit });
      qb.andWhere(`s.organizing_unit_id IN (${unitsInSubtreeOf('unitId')})`, { unitId: unit.id });
    }
    if (filter.search != null) applySearch(qb, 's.search_text', filter.search);
    else qb.orderBy('s.starts_on', 'DESC', 'NULLS LAST');
    qb.addOrderBy('s.id').offset(page.offset).limit(page.limit);
    return filter.search != null ? searchPage(ctx, qb) : qb.getManyAndCount();
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
    };
    this.checkFields(fields);
    const explicit = await this.resolveTargets(ctx, organizer, input.targets, fields);
    const { identifiers } = await ctx.manager.insert(MeetingSeries, {
      ...fields,
      searchText: searchText(fields.titleAr, fields.titleFr),
    });
    const id = identifiers[0].id as string;
    if (explicit.length) {
      await ctx.manager.insert(
        MeetingSeriesTarget,
        explicit.map((orgUnitId) => ({ seriesId: id, orgUnitId })),
      );
    }
    return ctx.manager.findOneByOrFail(MeetingSeries, { id });
  }

  async update(ctx: RequestContext, input: UpdateMeetingSeriesInput): Promise<MeetingSeries> {
    const series = await lockForUpdate(
      ctx,
      MeetingSeries,
      'Meeting series',
      input.id,
      input.expectedVersion,
      (row) => requireUnitAccess(ctx, row.organizingUnitId, Permission.Edit, 'Meeting series'),
    );
    const organizer = await this.units.get(ctx, { id: series.organizingUnitId });
    const fields = {
      titleAr: keepOr(input.titleAr, series.titleAr),
      titleFr: keepOr(input.titleFr, series.titleFr),
      startsOn: keepOr(input.startsOn, series.startsOn),
      endsOn: keepOr(input.endsOn, series.endsOn),
      targetLevel: input.targets ? (input.targets.level ?? null) : series.targetLevel,
      targetRootId: series.targetRootId,
    };
    this.checkFields(fields);
    if (input.targets) {
      const explicit = await this.resolveTargets(ctx, organizer, input.targets, fields);
      await ctx.manager.delete(MeetingSeriesTarget, { seriesId: series.id });
      if (explicit.length) {
        await ctx.manager.insert(
          MeetingSeriesTarget,
          explicit.map((orgUnitId) => ({ seriesId: series.id, orgUnitId })),
        );
      }
    }
    await ctx.manager.update(
      MeetingSeries,
      { id: series.id },
      { ...fields, searchText: searchText(fields.titleAr, fields.titleFr) },
    );
    return ctx.manager.findOneByOrFail(MeetingSeries, { id: series.id });
  }

  /** A series with its explicit targets, as the audit trail keeps it (see `audited`). */
  @AuditSnapshot(MeetingSeries)
  async snapshot(ctx: RequestContext, id: string): Promise<Record<string, unknown> | null> {
    const series = await ctx.manager.findOneBy(MeetingSeries, { id });
    if (!series) return null;
    const targets = await ctx.manager.find(MeetingSeriesTarget, {
      where: { seriesId: id },
      order: { orgUnitId: 'ASC' },
    });
    return { ...series, targets: targets.map((target) => target.orgUnitId) };
  }

  coverage(ctx: RequestContext, seriesId: string): Promise<CoverageCounts> {
    return loader(ctx, coverageBySeries).load(seriesId);
  }

  /** Targets with no held meeting yet, in tree order. */
  async missing(ctx: RequestContext, seriesId: string, page: Page): Promise<[OrgUnit[], number]> {
    const { rows, total } = await loader(ctx, missingBySeries, page).load(seriesId);
    return [rows, total];
  }

  /** Coverage rolled up to each ancestor (or self) of the targets at `level`. */
  byUnit(
    ctx: RequestContext,
    seriesId: string,
    level: OrgUnitLevel,
  ): Promise<(CoverageCounts & { unitId: string })[]> {
    return loader(ctx, coverageByUnitBySeries, level).load(seriesId);
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
