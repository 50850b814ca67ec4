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
