import { scopeSql } from '../access/scope';
import { visibleSeries } from '../access/visibility';
import { isUuid } from '../common/batch';
import { RequestContext } from '../common/context';
import { lockerFor } from '../common/locking';
import { Page, pageOf, SortKey } from '../common/pagination';
import { applySearch, searchPage } from '../common/search';
import { unitsInSubtreeOf } from '../common/tree';
import { rowsOf } from '../database/rows';
import { insertId, updateAndRead } from '../database/writes';
import { OrgUnitLevel } from '../org-units/org-unit.entity';
import { MeetingSeries, MeetingSeriesTarget } from './meeting-series.entity';

/**
 * The SQL of the targets of a batch of series (`:seriesIds`), each row naming its series and carrying
 * its unit's path, level and parent: explicit units, plus every unit of the rule's level under its
 * root that existed during the series.
 */
const TARGETS = `
  SELECT t.series_id, u.id, u.path, u.level, u.parent_id
    FROM meeting_series_target t JOIN org_unit u ON u.id = t.org_unit_id WHERE t.series_id = ANY(:seriesIds)
  UNION
  SELECT s.id, u.id, u.path, u.level, u.parent_id FROM meeting_series s JOIN org_unit r ON r.id = s.target_root_id
    JOIN org_unit u ON u.path <@ r.path AND u.level = s.target_level
   WHERE s.id = ANY(:seriesIds)
     AND (u.dissolved_on IS NULL OR s.starts_on IS NULL OR u.dissolved_on > s.starts_on)
     AND (u.founded_on IS NULL OR s.ends_on IS NULL OR u.founded_on <= s.ends_on)`;

/**
 * The units a batch of series reached, one row per (series, unit): convening, invited or attending
 * (as a unit, or through a participant who represented it and was not absent or excused) at a HELD
 * meeting of it. Read from the rows the database keeps per meeting (`meeting_series_reach`, kept by
 * the triggers of migration 1796324000000, where the rule is written in SQL).
 */
const REACHED = `
  SELECT DISTINCT r.series_id, r.org_unit_id AS id FROM meeting_series_reach r WHERE r.series_id = ANY(:seriesIds)`;

/**
 * Each target of a batch of series (those the caller can see: a target that moved out of the caller's
 * subtree is neither counted nor listed) with whether the series reached it (see REACHED), tested on
 * the reach rows' key for each target: quicker than gathering a large series' whole reached set.
 */
function targetsReached(
  ctx: RequestContext,
  seriesIds: readonly string[],
): [string, Record<string, unknown>] {
  const [scope, params] = scopeSql(ctx, 't.path');
  return [
    `SELECT t.*, EXISTS (SELECT 1 FROM meeting_series_reach r WHERE r.series_id = t.series_id AND r.org_unit_id = t.id)
              AS reached
       FROM (${TARGETS}) t WHERE ${scope}`,
    { ...params, seriesIds: seriesIds.filter(isUuid) },
  ];
}

export interface CoverageCounts {
  targets: number;
  reached: number;
}

/**
 * The targets of a series the caller can see under one parent, of one level: how many, and how many
 * were reached. Every target is counted in one such group.
 */
export interface CoverageGroup {
  series_id: string;
  parent_id: string | null;
  level: OrgUnitLevel;
  targets: number;
  reached: number;
  /**
   * `[id, level, path]` of each unit whose path contains the parent, the parent included (null for
   * targets without a parent): the units the group's targets roll up to.
   */
  parent_chain: [string, OrgUnitLevel, string][] | null;
}

/** One target of a series read on its own (not reached yet, or of a level asked for each target). */
export interface CoverageTarget {
  series_id: string;
  id: string;
  level: OrgUnitLevel;
  reached: boolean;
  /** The target unit's path, as text: its place in tree order and the cursor of a missing target. */
  path: string;
}

/**
 * What every figure of these series' coverage is worked out from, in one statement, so that a
 * request tests each target once however many figures it asks for: every target counted in groups
 * by parent and level (the counts, and the roll-up to any level above the targets), and read on its
 * own, in tree order within each series, only when not reached (the targets missing) or of one of
 * `levels` (a roll-up to the targets' own level lists each one). A national series has thousands of
 * targets and a few dozen parents: read one row per target, they were most of the request's time.
 */
export async function coverageOfSeries(
  ctx: RequestContext,
  ids: readonly string[],
  levels: readonly OrgUnitLevel[],
): Promise<{ groups: CoverageGroup[]; targets: CoverageTarget[] }> {
  const [targets, params] = targetsReached(ctx, ids);
  const rows = await rowsOf<CoverageGroup & { kind: 'group' | 'target'; id: string; path: string }>(
    ctx.manager,
    // The units above a group's targets are those above its parent: looked up once per parent.
    `WITH targets AS (${targets}),
     chains AS (
       SELECT p.id, jsonb_agg(jsonb_build_array(a.id, a.level, CAST(a.path AS text))) AS chain
         FROM (SELECT DISTINCT parent_id AS id FROM targets) d JOIN org_unit p ON p.id = d.id
         JOIN org_unit a ON a.path @> p.path
        GROUP BY p.id),
     groups AS (
       SELECT t.series_id, t.parent_id, t.level, count(*)::int AS targets,
              count(*) FILTER (WHERE t.reached)::int AS reached
         FROM targets t GROUP BY t.series_id, t.parent_id, t.level)
     SELECT 'group' AS kind, g.series_id, g.parent_id, g.level, g.targets, g.reached, c.chain AS parent_chain,
            NULL::uuid AS id, NULL::ltree AS path
       FROM groups g LEFT JOIN chains c ON c.id = g.parent_id
     UNION ALL
     SELECT 'target', t.series_id, t.parent_id, t.level, 1, CAST(t.reached AS int), NULL, t.id, t.path
       FROM targets t WHERE NOT t.reached OR t.level = ANY(CAST(:levels AS text[]))
     ORDER BY 2, 9 NULLS FIRST`,
    { ...params, levels },
  );
  return {
    groups: rows.filter((row) => row.kind === 'group'),
    // A target read on its own is a group of one.
    targets: rows
      .filter((row) => row.kind === 'target')
      .map(({ series_id, id, level, path, reached }) => ({
        series_id,
        id,
        level,
        path,
        reached: reached === 1,
      })),
  };
}

/**
 * Each target territory of these series (every territory of the rule's kind under its root, of the
 * commune kind when one is set), in code order, and whether the series reached it: a held meeting of
 * it took place in the territory (or a territory inside it), or reached a unit (see REACHED) whose
 * territory is the target or lies inside it. Territories are public reference data: no scope.
 */
export function territoryReachOfSeries(
  ctx: RequestContext,
  ids: readonly string[],
): Promise<{ series_id: string; territory_id: string; reached: boolean }[]> {
  return rowsOf(
    ctx.manager,
    `WITH targets AS (
       SELECT s.id AS series_id, t.id, t.path, t.code
         FROM meeting_series s JOIN territory r ON r.id = s.target_territory_root_id
         JOIN territory t ON t.path <@ r.path AND t.kind = s.target_territory_kind
        WHERE s.id = ANY(:seriesIds)
          AND (s.target_commune_kind IS NULL OR t.commune_kind = s.target_commune_kind)),
     reached AS (${REACHED}),
     places AS (
       SELECT x.series_id, ut.path FROM reached x JOIN org_unit u ON u.id = x.id JOIN territory ut ON ut.id = u.territory_id
       UNION
       SELECT m.series_id, mt.path FROM meeting m JOIN territory mt ON mt.id = m.territory_id
        WHERE m.series_id = ANY(:seriesIds) AND m.status = 'HELD')
     SELECT t.series_id, t.id AS territory_id,
            EXISTS (SELECT 1 FROM places p WHERE p.series_id = t.series_id AND p.path <@ t.path) AS reached
       FROM targets t ORDER BY t.series_id, t.code`,
    { seriesIds: ids.filter(isUuid) },
  );
}

/** What `listSeries` filters on, the unit already resolved to one the caller may see. */
export interface SeriesQuery {
  unitId?: string;
  search?: string;
}

/** Series the caller sees, newest first or best match first; `unitId`: organised under it. */
export function listSeries(
  ctx: RequestContext,
  query: SeriesQuery,
  page: Page,
): Promise<[MeetingSeries[], number | null]> {
  const qb = ctx.manager.createQueryBuilder(MeetingSeries, 's').where(...visibleSeries(ctx, 's'));
  if (query.unitId) {
    qb.andWhere(`s.organizing_unit_id IN (${unitsInSubtreeOf('unitId')})`, { unitId: query.unitId });
  }
  if (query.search != null) {
    const ranks = applySearch(qb, 's.search_text', query.search);
    return searchPage(ctx, qb, page, { list: 'series.search', keys: [...ranks, SERIES_ID] });
  }
  return pageOf(qb, page, {
    list: 'series',
    keys: [{ sql: 's.starts_on', type: 'date', desc: true, nullable: true }, SERIES_ID],
  });
}

const SERIES_ID: SortKey = { sql: 's.id', type: 'uuid' };

/** A series locked until commit (see `lockForUpdate`). */
export const lockSeries = lockerFor(MeetingSeries, 'Meeting series');

export const findSeries = (ctx: RequestContext, id: string): Promise<MeetingSeries> =>
  ctx.manager.findOneByOrFail(MeetingSeries, { id });

export const insertSeries = (ctx: RequestContext, fields: Partial<MeetingSeries>) =>
  insertId(ctx, MeetingSeries, fields);

export const updateSeries = (ctx: RequestContext, id: string, fields: Partial<MeetingSeries>) =>
  updateAndRead(ctx, MeetingSeries, id, fields);

/** Adds these units to a series' explicit targets. */
export async function insertSeriesTargets(
  ctx: RequestContext,
  seriesId: string,
  unitIds: string[],
): Promise<void> {
  if (unitIds.length) {
    await ctx.manager.insert(
      MeetingSeriesTarget,
      unitIds.map((orgUnitId) => ({ seriesId, orgUnitId })),
    );
  }
}

export async function deleteSeriesTargets(ctx: RequestContext, seriesId: string): Promise<void> {
  await ctx.manager.delete(MeetingSeriesTarget, { seriesId });
}

/** A series with its explicit targets, as the audit trail keeps it (see `audited`). */
export async function seriesSnapshot(
  ctx: RequestContext,
  id: string,
): Promise<Record<string, unknown> | null> {
  const series = await ctx.manager.findOneBy(MeetingSeries, { id });
  if (!series) return null;
  const targets = await ctx.manager.find(MeetingSeriesTarget, {
    where: { seriesId: id },
    order: { orgUnitId: 'ASC' },
  });
  return { ...series, targets: targets.map((target) => target.orgUnitId) };
}
