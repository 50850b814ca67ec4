import { RequestContext } from './context';

/** Whether row `id` lies in the subtree of `rootId` (itself included), by one ltree comparison. */
export async function isInSubtree(
  ctx: RequestContext,
  table: 'org_unit' | 'territory',
  id: string,
  rootId: string,
): Promise<boolean> {
  const [{ inside }] = (await ctx.manager.query(
    `SELECT COALESCE((SELECT path FROM ${table} WHERE id = $1) <@ (SELECT path FROM ${table} WHERE id = $2), false) AS inside`,
    [id, rootId],
  )) as { inside: boolean }[];
  return inside;
}

/**
 * The subtree predicate: `pathColumn` lies under the row (itself included) whose id is the named
 * query parameter `:param`. One indexed ltree comparison; every "under this unit" filter uses it.
 */
export const inSubtreeOf = (
  pathColumn: string,
  param: string,
  table: 'org_unit' | 'territory' = 'org_unit',
) => `${pathColumn} <@ (SELECT path FROM ${table} WHERE id = :${param})`;

/** The ids of the units under the unit named by the query parameter `:param` (itself included). */
export const unitsInSubtreeOf = (param: string) =>
  `SELECT id FROM org_unit WHERE ${inSubtreeOf('path', param)}`;
