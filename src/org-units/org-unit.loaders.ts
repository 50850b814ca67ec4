import { visibleUnit } from '../access/visibility';
import { groupByKey, KeyedPage, pagesByKey } from '../common/batch';
import { ancestorsLoader, byIdLoader } from '../database/loaders';
import { defineLoader, loader, LoaderDefinition, RequestContext } from '../common/context';
import { Page } from '../common/pagination';
import { OrgUnit, OrgUnitLevel, OrgUnitPeriod } from './org-unit.entity';
import { periodOn } from '../common/periods';
import { readAndRememberTreeDiffered, recallTreeDiffered } from './unit-memory';
import {
  aliasesOfUnits,
  childrenOfUnits,
  childrenOfUnitsOn,
  daysTheTreeDiffered,
  descendantPagesOfUnits,
  descendantPagesOfUnitsOn,
  periodsOfUnits,
  unitsBelow,
  unitsBelowOn,
  TREE_ORDER,
} from './org-units.queries';

export const orgUnitById = byIdLoader('orgUnitById', OrgUnit, visibleUnit);

/** Each unit's aliases, by name, in one query per batch (the unit was already found visible). */
export const orgUnitAliases = defineLoader<string, string[]>('orgUnitAliases', (ctx) => async (ids) => {
  const rows = await aliasesOfUnits(ctx, ids);
  return groupByKey(ids, rows, (row) => row.orgUnitId!).map((aliases) => aliases.map((alias) => alias.name));
});

/** Children existing on a date, per parent, in one query per batch. */
export const orgUnitChildren = defineLoader<string, OrgUnit[], string>(
  'orgUnitChildren',
  (ctx, asOf: string) => async (parentIds) => {
    const rows = await childrenOfUnits(ctx, parentIds, asOf);
    return groupByKey(parentIds, rows, (row) => row.parentId!);
  },
);

/** Every unit down to `depth` levels below each root (keys are `rootId|depth`), for `orgUnitChildren`. */
export const orgUnitSubtree = subtreeLoader('orgUnitSubtree', () => orgUnitChildren, unitsBelow);

/**
 * A loader of subtrees (keys `rootId|depth`) that reads every unit down to `depth` levels below each
 * root in one statement and hands them to the `children` loader level by level (see prime): an org chart of a
 * region or of the whole country then costs one statement for its units however many levels it shows.
 * Each unit reached with levels still to go is primed here too, so the nested `children` fields below
 * find their subtree already loaded.
 */
function subtreeLoader(
  name: string,
  childrenLoader: () => LoaderDefinition<string, OrgUnit[], string>,
  below: (
    ctx: RequestContext,
    rootIds: string[],
    depth: number,
    asOf: string,
  ) => Promise<{ entities: OrgUnit[]; raw: { below: number; parentOn?: string }[] }>,
): LoaderDefinition<string, true, string> {
  const definition: LoaderDefinition<string, true, string> = defineLoader<string, true, string>(
    name,
    (ctx, asOf) => async (keys) => {
      const roots = keys.map((key) => {
        const [id, depth] = key.split('|');
        return { id, depth: Number(depth) };
      });
      for (const depth of new Set(roots.map((root) => root.depth))) {
        const rootIds = roots.filter((root) => root.depth === depth).map((root) => root.id);
        const { entities, raw } = await below(ctx, rootIds, depth, asOf);
        prime(ctx, asOf, [childrenLoader(), definition], rootIds, depth, entities, raw);
      }
      return keys.map(() => true as const);
    },
  );
  return definition;
}

/**
 * Hands the units read `below` levels under their roots (down to `depth`, ordered by code) to the
 * children loaders of today's tree: each root's and each unit's children, and the subtrees still to
 * go below them.
 */
export function primeSubtree(
  ctx: RequestContext,
  asOf: string,
  rootIds: string[],
  depth: number,
  entities: OrgUnit[],
  raw: { below: number }[],
): void {
  prime(ctx, asOf, [orgUnitChildren, orgUnitSubtree], rootIds, depth, entities, raw);
}

function prime(
  ctx: RequestContext,
  asOf: string,
  [childrenLoader, subtreeLoader]: [
    LoaderDefinition<string, OrgUnit[], string>,
    LoaderDefinition<string, true, string>,
  ],
  rootIds: string[],
  depth: number,
  entities: OrgUnit[],
  raw: { below: number; parentOn?: string }[],
): void {
  const children = loader(ctx, childrenLoader, asOf);
  const subtree = loader(ctx, subtreeLoader, asOf);
  // Units whose children were all fetched: the roots, and those with levels still to go below them.
  const complete = new Map<string, number>(rootIds.map((id) => [id, depth]));
  entities.forEach((unit, i) => {
    const left = depth - raw[i].below;
    if (left > 0) complete.set(unit.id, Math.max(left, complete.get(unit.id) ?? 0));
  });
  const parents = [...complete.keys()];
  // A unit below two of the roots (one root inside another) comes once per root: keep it once. On a
  // past day, a unit's parent is the one it had then.
  const rows = [
    ...new Map(
      entities.map((unit, i) => [unit.id, { unit, parent: raw[i].parentOn ?? unit.parentId! }]),
    ).values(),
  ];
  groupByKey(parents, rows, (row) => row.parent).forEach((group, i) =>
    children.prime(
      parents[i],
      group.map((row) => row.unit),
    ),
  );
  for (const [id, left] of complete) if (left > 1) subtree.prime(`${id}|${left}`, true);
}

/** Ancestors of each unit, root first. */
export const orgUnitAncestors = ancestorsLoader('orgUnitAncestors', orgUnitById);

/** What a unit's `descendants` field reads; the same for every unit of one batch. */
export interface DescendantsQuery {
  level?: OrgUnitLevel;
  asOf: string;
  page: Page;
}

/** One page of the units below each unit (existing on a date, of one level or all), in tree order. */
export const descendantPagesByUnit = defineLoader<string, KeyedPage<OrgUnit>, DescendantsQuery>(
  'descendantPagesByUnit',
  (ctx, { level, asOf, page }) =>
    async (rootIds) => {
      const { entities, raw } = await descendantPagesOfUnits(ctx, rootIds, { level, asOf, page });
      return pagesByKey(rootIds, entities, raw, page, TREE_ORDER);
    },
);

/** The earlier states of each unit (its places and names before its current ones), oldest first. */
export const unitPeriodsByUnit = defineLoader<string, OrgUnitPeriod[]>(
  'unitPeriodsByUnit',
  (ctx) => async (ids) => {
    const rows = await periodsOfUnits(ctx, ids);
    return groupByKey(ids, rows, (row) => row.orgUnitId);
  },
);

/** A unit's parent and names on a day. */
export type UnitState = Pick<OrgUnit, 'parentId' | 'nameAr' | 'nameFr'>;

/**
 * A unit's parent and names on `day`: its own when they held that day (no statement), else those of
 * the earlier period holding it, read in one batch for every unit of the request asking.
 */
export function unitStateOn(
  ctx: RequestContext,
  unit: UnitState & { id: string; currentSince: string | null },
  day: string | undefined,
): UnitState | Promise<UnitState> {
  if (day === undefined || unit.currentSince === null || day >= unit.currentSince) return unit;
  return loader(ctx, unitPeriodsByUnit)
    .load(unit.id)
    .then((periods) => periodOn(periods, unit.currentSince, day) ?? unit);
}

/** Whether the tree differed from today's on each day asked (a unit then had another parent). */
const treeDiffered = defineLoader<string, boolean>('treeDiffered', (ctx) => async (days) => {
  const differed = await readAndRememberTreeDiffered(days, () => daysTheTreeDiffered(ctx, days));
  return days.map((day) => differed.has(day));
});

/**
 * Whether reading the tree on `day` must follow the parents of that day rather than today's paths:
 * only for a past day on which some unit had another parent. Today and later need no statement; a
 * past day costs one per request (whatever the number of units read for it) unless remembered.
 */
export function treeDiffersOn(ctx: RequestContext, day: string): boolean | Promise<boolean> {
  if (day >= ctx.today) return false;
  return recallTreeDiffered(day) ?? loader(ctx, treeDiffered).load(day);
}

/** Children on a day the tree differed, found by their parents of that day, per parent, in one query per batch. */
export const orgUnitChildrenOn = defineLoader<string, OrgUnit[], string>(
  'orgUnitChildrenOn',
  (ctx, asOf: string) => async (parentIds) => {
    const { entities, raw } = await childrenOfUnitsOn(ctx, parentIds, asOf);
    const rows = entities.map((unit, i) => ({ unit, parentOn: raw[i].parentOn }));
    return groupByKey(parentIds, rows, (row) => row.parentOn).map((group) => group.map((row) => row.unit));
  },
);

/** `orgUnitSubtree` on a day the tree differed: the units below each root by their parents of that day. */
export const orgUnitSubtreeOn = subtreeLoader('orgUnitSubtreeOn', () => orgUnitChildrenOn, unitsBelowOn);

/** `descendantPagesByUnit` on a day the tree differed: the units below each unit as it stood then. */
export const descendantPagesByUnitOn = defineLoader<string, KeyedPage<OrgUnit>, DescendantsQuery>(
  'descendantPagesByUnitOn',
  (ctx, { level, asOf, page }) =>
    async (rootIds) => {
      const { entities, raw } = await descendantPagesOfUnitsOn(ctx, rootIds, { level, asOf, page });
      return pagesByKey(rootIds, entities, raw, page, TREE_ORDER);
    },
);
