import { Permission, scopeUnitIds } from '../access/access';
import { visibleUnit } from '../access/visibility';
import { isUuid, RankedRow, rankedPage } from '../common/batch';
import { RequestContext } from '../common/context';
import { lockerFor } from '../common/locking';
import { ListOrder, Page, pageOf, SortKey } from '../common/pagination';
import { applySearch, searchPage } from '../common/search';
import { inSubtreeOf } from '../common/tree';
import { select, selectMany } from '../database/rows';
import { insertAndRead, updateAndRead } from '../database/writes';
import { NameAlias } from './name-alias.entity';
import { Territory } from '../territories/territory.entity';
import { OrgUnit, OrgUnitLevel, OrgUnitPeriod } from './org-unit.entity';
import { OrgUnitStatus } from './org-unit.model';
import { existsOnSql } from './org-unit.rules';

/**
 * A unit by code and the units `levels` levels below it existing on `asOf`, in one statement, each
 * with how far below the unit it is (0 for the unit). Below a unit the caller sees, every unit is
 * theirs to see: only the root is checked.
 */
export function unitWithSubtreeByCode(
  ctx: RequestContext,
  code: string,
  { asOf, levels }: { asOf: string; levels: number },
) {
  const [visibleRoot, params] = visibleUnit(ctx, 'r');
  return select<OrgUnit, { below: number }>(
    ctx.manager,
    [OrgUnit, 'u'],
    `JOIN org_unit r ON u.path <@ r.path AND nlevel(u.path) <= nlevel(r.path) + :levels
      WHERE r.code = :code AND ${visibleRoot} AND (u.id = r.id OR ${existsOnSql('u')}) ORDER BY u.code`,
    { ...params, code, levels, asOf },
    { extra: { below: 'nlevel(u.path) - nlevel(r.path)' }, prepared: true },
  );
}

/** The unit with this code and every unit above it, root first, whoever may see them, with their paths. */
export function unitChainByCode(ctx: RequestContext, code: string) {
  return select<OrgUnit, { path: string }>(
    ctx.manager,
    [OrgUnit, 'u'],
    `JOIN org_unit t ON u.path @> t.path WHERE t.code = :code ORDER BY nlevel(u.path)`,
    { code },
    { extra: { path: 'u.path::text' }, prepared: true },
  );
}

/** What `listOrgUnits` filters on, the unit already resolved to one the caller may see. */
export interface OrgUnitsQuery {
  level?: OrgUnitLevel;
  underUnitId?: string;
  status?: OrgUnitStatus;
  search?: string;
}

/**
 * Units the caller sees, existing (or dissolved) on `asOf`, in tree order or best match first. On a
 * day the tree differed from today's (`treeThen`), `underUnitId` and the caller's scope follow the
 * parents of that day: a unit moved since is listed under its old parent, and seen by whoever's
 * subtree held it then as well as by whoever sees it today.
 */
export function listOrgUnits(
  ctx: RequestContext,
  query: OrgUnitsQuery,
  asOf: string,
  page: Page,
  treeThen = false,
): Promise<[OrgUnit[], number | null]> {
  const qb = ctx.manager.createQueryBuilder(OrgUnit, 'u').setParameter('asOf', asOf);
  const [visibleNow, visibleParams] = visibleUnit(ctx, 'u');
  const roots = scopeUnitIds(ctx.actor, Permission.Read);
  if (treeThen && roots !== null && roots.length > 0) {
    qb.andWhere(`(${visibleNow} OR u.id IN (${unitsUnderOnSql('scopeRoots')}))`, {
      ...visibleParams,
      scopeRoots: roots,
    });
  } else {
    qb.andWhere(visibleNow, visibleParams);
  }
  if (query.status === OrgUnitStatus.DISSOLVED) qb.andWhere('u.dissolved_on <= :asOf');
  else qb.andWhere(existsOnSql('u'));
  if (query.level) qb.andWhere('u.level = :level', { level: query.level });
  if (query.underUnitId && treeThen) {
    qb.andWhere(`u.id IN (${unitsUnderOnSql('underRoots')})`, { underRoots: [query.underUnitId] });
  } else if (query.underUnitId) {
    qb.andWhere(inSubtreeOf('u.path', 'under'), { under: query.underUnitId });
  }
  if (query.search != null) {
    const ranks = applySearch(qb, 'u.search_text', query.search, 'u.search_key');
    return searchPage(ctx, qb, page, { list: 'orgUnits.search', keys: [...ranks, UNIT_CODE] });
  }
  return pageOf(qb, page, { list: 'orgUnits', keys: [{ sql: 'nlevel(u.path)', type: 'int' }, UNIT_CODE] });
}

const UNIT_CODE: SortKey = { sql: 'u.code', type: 'text' };

/** Units in tree order (`path` names every unit from its root down: it is unique). */
export const TREE_ORDER: ListOrder = { list: 'units.tree', keys: [{ sql: 'path', type: 'ltree' }] };

/** A unit locked until commit (see `lockForUpdate`). */
/** A unit by id with its path (as text), whoever may see it: the caller checks access on the path. */
export async function unitWithPath(
  ctx: RequestContext,
  id: string,
): Promise<{ unit: OrgUnit; path: string } | undefined> {
  if (!isUuid(id)) return undefined;
  const { entities, raw } = await select<OrgUnit, { path: string }>(
    ctx.manager,
    [OrgUnit, 'e'],
    'WHERE e.id = :id',
    { id },
    { extra: { path: 'CAST(e.path AS text)' } },
  );
  return entities[0] ? { unit: entities[0], path: raw[0].path } : undefined;
}

export const lockOrgUnit = lockerFor(OrgUnit, 'Org unit');

export const findOrgUnit = (ctx: RequestContext, id: string): Promise<OrgUnit> =>
  ctx.manager.findOneByOrFail(OrgUnit, { id });

/** A unit by id, whoever may see it; none for an id that is not a UUID. */
export async function findOrgUnitIfAny(ctx: RequestContext, id: string): Promise<OrgUnit | null> {
  return isUuid(id) ? ctx.manager.findOneBy(OrgUnit, { id }) : null;
}

export const orgUnitCodeTaken = (ctx: RequestContext, code: string): Promise<boolean> =>
  ctx.manager.existsBy(OrgUnit, { code });

export const insertOrgUnit = (ctx: RequestContext, fields: Partial<OrgUnit>) =>
  insertAndRead(ctx, OrgUnit, ctx.manager.create(OrgUnit, fields));
/** Keeps an earlier state of a unit for its days (see `OrgUnitsService.keepHistory`). */
export async function insertUnitPeriod(
  ctx: RequestContext,
  fields: Omit<OrgUnitPeriod, 'id'>,
): Promise<void> {
  await ctx.manager.insert(OrgUnitPeriod, fields);
}

/** The earlier states of these units, oldest first. */
export const periodsOfUnits = (ctx: RequestContext, unitIds: readonly string[]): Promise<OrgUnitPeriod[]> =>
  selectMany(
    ctx.manager,
    [OrgUnitPeriod, 'p'],
    `WHERE p.org_unit_id = ANY(:unitIds) ORDER BY p.org_unit_id, p.valid_until`,
    { unitIds },
  );

export const updateOrgUnit = (ctx: RequestContext, id: string, fields: Partial<OrgUnit>) =>
  updateAndRead(ctx, OrgUnit, id, fields);

/** How many units directly below `unitId` are still active after `day`. */
export async function countActiveChildren(ctx: RequestContext, unitId: string, day: string): Promise<number> {
  const [{ count }] = (await ctx.manager.query(
    `SELECT count(*)::int AS count FROM org_unit WHERE parent_id = $1 AND (dissolved_on IS NULL OR dissolved_on > $2)`,
    [unitId, day],
  )) as { count: number }[];
  return count;
}

// Loader batches: read with the row reader (src/database/rows.ts), the loaders keep keys and grouping.

/** The children of these units existing on `asOf`, by code. */
export function childrenOfUnits(
  ctx: RequestContext,
  parentIds: readonly string[],
  asOf: string,
): Promise<OrgUnit[]> {
  return selectMany(
    ctx.manager,
    [OrgUnit, 'u'],
    `WHERE u.parent_id = ANY(:parentIds) AND ${existsOnSql('u')} ORDER BY u.code`,
    { parentIds, asOf },
  );
}

/** Every unit existing on `asOf` down to `depth` levels below these roots, each with how far below it is. */
export function unitsBelow(ctx: RequestContext, rootIds: string[], depth: number, asOf: string) {
  return select<OrgUnit, { below: number }>(
    ctx.manager,
    [OrgUnit, 'u'],
    `JOIN org_unit r
       ON u.path <@ r.path AND nlevel(u.path) > nlevel(r.path) AND nlevel(u.path) <= nlevel(r.path) + :depth
     WHERE r.id = ANY(:rootIds) AND ${existsOnSql('u')} ORDER BY u.code`,
    { depth, rootIds, asOf },
    { extra: { below: 'nlevel(u.path) - nlevel(r.path)' } },
  );
}

/** One page of the units below each of these units (existing on a date, of one level or all), in tree order. */
export function descendantPagesOfUnits(
  ctx: RequestContext,
  rootIds: readonly string[],
  { level, asOf, page }: { level?: OrgUnitLevel; asOf: string; page: Page },
) {
  const ranked = rankedPage(page, TREE_ORDER, 'root_id');
  return select<OrgUnit, RankedRow>(
    ctx.manager,
    [OrgUnit, 'e'],
    `JOIN (
     SELECT id, root_id, count(*) OVER (PARTITION BY root_id)::int AS total, ${ranked.columns}
       FROM (SELECT u.id, root.id AS root_id, u.path
               FROM org_unit root JOIN org_unit u ON u.path <@ root.path AND u.id <> root.id
              WHERE root.id = ANY(:rootIds) AND ${existsOnSql('u')} ${level ? 'AND u.level = :level' : ''}) d
   ) r ON r.id = e.id
   WHERE ${ranked.onPage} ORDER BY r.root_id, r.rn`,
    { ...ranked.params, rootIds, asOf, level },
    { extra: { key: 'r.root_id', total: 'r.total', ...ranked.extra } },
  );
}

/** The aliases of these units, in name order (a loader batch). */
export const aliasesOfUnits = (ctx: RequestContext, unitIds: readonly string[]): Promise<NameAlias[]> =>
  selectMany(ctx.manager, [NameAlias, 'a'], 'WHERE a.org_unit_id = ANY(:unitIds) ORDER BY a.name', {
    unitIds,
  });

/** Replaces a unit's aliases by these names. */
export async function replaceUnitAliases(
  ctx: RequestContext,
  unitId: string,
  names: readonly string[],
): Promise<void> {
  await ctx.manager.delete(NameAlias, { orgUnitId: unitId });
  if (names.length) {
    await ctx.manager.insert(
      NameAlias,
      names.map((name) => ({ orgUnitId: unitId, name })),
    );
  }
}

/** What `territoriesWithoutUnit` asks, the area already resolved. */
export interface TerritoriesWithoutUnitQuery {
  underTerritoryId: string;
  kind: string;
  communeKind?: string;
  asOf: string;
}

/**
 * Territories of a kind under an area where no unit the caller can see, existing that day, covers
 * the territory or a territory inside it (a city's arrondissements count for the city), in code order.
 */
export function territoriesWithoutUnit(
  ctx: RequestContext,
  query: TerritoriesWithoutUnitQuery,
  page: Page,
): Promise<[Territory[], number | null]> {
  const [visible, params] = visibleUnit(ctx, 'u');
  const qb = ctx.manager
    .createQueryBuilder(Territory, 't')
    .where(inSubtreeOf('t.path', 'under', 'territory'), { under: query.underTerritoryId })
    .andWhere('t.kind = :kind', { kind: query.kind })
    .andWhere(
      `NOT EXISTS (SELECT 1 FROM org_unit u JOIN territory ut ON ut.id = u.territory_id
                    WHERE ut.path <@ t.path AND ${existsOnSql('u')} AND ${visible})`,
      { ...params, asOf: query.asOf },
    );
  if (query.communeKind) qb.andWhere('t.commune_kind = :communeKind', { communeKind: query.communeKind });
  return pageOf(qb, page, { list: 'territoriesWithoutUnit', keys: [{ sql: 't.code', type: 'text' }] });
}

// ── The tree of a past day ────────────────────────────────────────────────────────────────────────
// A unit's parent on `:asOf` is its row's when its current place began by then, else that of the
// earlier period holding the day (org_unit_period: a move keeps the place it left). Periods reach
// from the unit's beginning to its `current_since` without gaps, so every unit has one parent a day.

/** Each unit's parent on `:asOf`, as rows (id, parent_id). */
const PARENTS_ON = `SELECT pu.id, pu.parent_id FROM org_unit pu
                     WHERE pu.current_since IS NULL OR pu.current_since <= CAST(:asOf AS date)
                    UNION ALL
                    SELECT pp.org_unit_id, pp.parent_id FROM org_unit_period pp WHERE pp.valid @> CAST(:asOf AS date)`;

/**
 * The ids of the units under those of the array parameter `:${roots}` (themselves included) as the tree
 * stood on `:asOf`: a unit moved since is found under the parent it had then.
 */
export const unitsUnderOnSql = (roots: string) =>
  `WITH RECURSIVE parent_on AS (${PARENTS_ON}),
     under_on AS (SELECT ur.id FROM org_unit ur WHERE ur.id = ANY(CAST(:${roots} AS uuid[]))
                  UNION SELECT parent_on.id FROM under_on JOIN parent_on ON parent_on.parent_id = under_on.id)
   SELECT id FROM under_on`;

/**
 * Of these days, those on which the tree differed from today's: a unit then had another parent than
 * now. On any other day (and on every day when nothing ever moved) today's paths answer.
 */
export async function daysTheTreeDiffered(ctx: RequestContext, days: readonly string[]): Promise<string[]> {
  const rows = (await ctx.manager.query(
    `SELECT to_char(d, 'YYYY-MM-DD') AS day FROM unnest(CAST($1 AS date[])) d
      WHERE EXISTS (SELECT 1 FROM org_unit_period p JOIN org_unit u ON u.id = p.org_unit_id
                     WHERE p.valid @> d AND p.parent_id IS DISTINCT FROM u.parent_id)`,
    [days],
  )) as { day: string }[];
  return rows.map((row) => row.day);
}

/** The children of these units on `asOf` as the tree stood then, by code, each with its parent of that day. */
export function childrenOfUnitsOn(ctx: RequestContext, parentIds: readonly string[], asOf: string) {
  return select<OrgUnit, { parentOn: string }>(
    ctx.manager,
    [OrgUnit, 'u'],
    `JOIN (${PARENTS_ON}) e ON e.id = u.id
     WHERE e.parent_id = ANY(:parentIds) AND ${existsOnSql('u')} ORDER BY u.code`,
    { parentIds, asOf },
    { extra: { parentOn: 'e.parent_id' } },
  );
}

/** `unitsBelow` for a day the tree differed: each unit down to `:depth` levels, by its parent of that day. */
export function unitsBelowOn(ctx: RequestContext, rootIds: string[], depth: number, asOf: string) {
  return select<OrgUnit, { below: number; parentOn: string }>(
    ctx.manager,
    [OrgUnit, 'u'],
    `JOIN (
     WITH RECURSIVE parent_on AS (${PARENTS_ON}),
       down AS (SELECT root.id, root.parent_id, 0 AS below FROM org_unit root WHERE root.id = ANY(:rootIds)
                UNION ALL
                SELECT parent_on.id, parent_on.parent_id, down.below + 1
                  FROM down JOIN parent_on ON parent_on.parent_id = down.id WHERE down.below < :depth)
     SELECT id, parent_id, below FROM down WHERE below > 0
   ) d ON d.id = u.id
   WHERE ${existsOnSql('u')} ORDER BY u.code`,
    { depth, rootIds, asOf },
    { extra: { below: 'd.below', parentOn: 'd.parent_id' } },
  );
}

/** `descendantPagesOfUnits` for a day the tree differed: units found by their parents of that day. */
export function descendantPagesOfUnitsOn(
  ctx: RequestContext,
  rootIds: readonly string[],
  { level, asOf, page }: { level?: OrgUnitLevel; asOf: string; page: Page },
) {
  const ranked = rankedPage(page, TREE_ORDER, 'root_id');
  return select<OrgUnit, RankedRow>(
    ctx.manager,
    [OrgUnit, 'e'],
    `JOIN (
     WITH RECURSIVE parent_on AS (${PARENTS_ON}),
       down AS (SELECT root.id AS root_id, root.id, tree_label(root.id) AS path
                  FROM org_unit root WHERE root.id = ANY(:rootIds)
                UNION ALL
                SELECT down.root_id, parent_on.id, down.path || tree_label(parent_on.id)
                  FROM down JOIN parent_on ON parent_on.parent_id = down.id),
       found AS (SELECT u.id, down.root_id, down.path FROM down JOIN org_unit u ON u.id = down.id
                  WHERE u.id <> down.root_id AND ${existsOnSql('u')} ${level ? 'AND u.level = :level' : ''})
     SELECT id, root_id, count(*) OVER (PARTITION BY root_id)::int AS total, ${ranked.columns} FROM found
   ) r ON r.id = e.id
   WHERE ${ranked.onPage} ORDER BY r.root_id, r.rn`,
    { ...ranked.params, rootIds, asOf, level },
    { extra: { key: 'r.root_id', total: 'r.total', ...ranked.extra } },
  );
}

/** A unit by id or code, when it lay on `asOf` under a unit of `rootIds` (scope by date). */
export async function unitUnderOn(
  ctx: RequestContext,
  ref: { id?: string; code?: string },
  rootIds: readonly string[],
  asOf: string,
): Promise<OrgUnit | null> {
  if (ref.id !== undefined && !isUuid(ref.id)) return null;
  const [unit] = await selectMany(
    ctx.manager,
    [OrgUnit, 'u'],
    `WHERE ${ref.id !== undefined ? 'u.id = :id' : 'u.code = :code'} AND u.id IN (${unitsUnderOnSql('roots')})`,
    { id: ref.id, code: ref.code, roots: rootIds, asOf },
  );
  return unit ?? null;
}
