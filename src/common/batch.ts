import { EntityTarget, ObjectLiteral } from 'typeorm';
import { readMany } from '../database/rows';
import { defineLoader, loader, LoaderDefinition, RequestContext } from './context';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids arrive from clients; a malformed one simply matches nothing (and never reaches SQL). */
export const isUuid = (value: string): boolean => UUID.test(value);

/** Puts rows back in the order of the keys a DataLoader asked for. */
export function byKey<T>(keys: readonly string[], rows: T[], keyOf: (row: T) => string): (T | undefined)[] {
  const map = new Map(rows.map((row) => [keyOf(row), row]));
  return keys.map((key) => map.get(key));
}

/** Groups rows per key, in the order of the keys, keeping the rows' order inside each group. */
export function groupByKey<T>(keys: readonly string[], rows: T[], keyOf: (row: T) => string): T[][] {
  const groups = new Map<string, T[]>(keys.map((key) => [key, []]));
  for (const row of rows) groups.get(keyOf(row))?.push(row);
  return keys.map((key) => groups.get(key)!);
}

/** A loader of entities by primary key: one `WHERE id = ANY($1)` per batch. */
export function byIdLoader<T extends ObjectLiteral & { id: string }>(
  name: string,
  entity: EntityTarget<T>,
  visible?: (ctx: RequestContext, alias: string) => [string, Record<string, unknown>],
): LoaderDefinition<string, T | undefined> {
  return defineLoader<string, T | undefined>(name, (ctx: RequestContext) => async (ids) => {
    const valid = ids.filter(isUuid);
    if (!valid.length) return ids.map(() => undefined);
    const qb = ctx.manager.createQueryBuilder(entity, 'e').where('e.id = ANY(:ids)', { ids: valid });
    if (visible) qb.andWhere(...visible(ctx, 'e'));
    const rows = await readMany(qb);
    return byKey(ids, rows, (row) => row.id);
  });
}

/**
 * Ancestors of each row of a tree table with an ltree `path`, root first: one query for the
 * (row, ancestor) pairs, then the ancestor rows through the table's by-id loader.
 */
export function ancestorsLoader<T extends { id: string }>(
  name: string,
  table: 'org_unit' | 'territory',
  rowById: LoaderDefinition<string, T | undefined>,
): LoaderDefinition<string, T[]> {
  return defineLoader<string, T[]>(name, (ctx: RequestContext) => async (ids) => {
    const pairs: { for_id: string; ancestor_id: string }[] = await ctx.manager.query(
      `SELECT r.id AS for_id, a.id AS ancestor_id
         FROM ${table} r JOIN ${table} a ON a.path @> r.path AND a.id <> r.id
        WHERE r.id = ANY($1) ORDER BY nlevel(a.path)`,
      [ids.filter(isUuid)],
    );
    const ancestors = await loader(ctx, rowById).loadMany(pairs.map((pair) => pair.ancestor_id));
    // Ancestors the caller may not see are left out (a regional secretary's tree starts at the region).
    const rows = pairs
      .map((pair, i) => ({ forId: pair.for_id, row: ancestors[i] as T | undefined }))
      .filter((entry): entry is { forId: string; row: T } => entry.row !== undefined);
    return groupByKey(ids, rows, (entry) => entry.forId).map((group) => group.map((entry) => entry.row));
  });
}

/**
 * A loader of the rows that point at each key through a foreign-key column (the agenda of each
 * meeting, …), in `orderBy` order: one `WHERE column = ANY($1)` per batch.
 */
export function rowsByForeignKey<T extends ObjectLiteral>(
  name: string,
  entity: EntityTarget<T>,
  column: string,
  keyOf: (row: T) => string,
  orderBy: string,
  visible?: (ctx: RequestContext, alias: string) => [string, Record<string, unknown>],
): LoaderDefinition<string, T[]> {
  return defineLoader<string, T[]>(name, (ctx: RequestContext) => async (keys) => {
    const qb = ctx.manager
      .createQueryBuilder(entity, 'e')
      .where(`e.${column} = ANY(:keys)`, { keys: keys.filter(isUuid) });
    if (visible) qb.andWhere(...visible(ctx, 'e'));
    const rows = await readMany(qb.orderBy(orderBy));
    return groupByKey(keys, rows, keyOf);
  });
}

/**
 * A nullable relation through a loader: null when there is no id, or when the caller may not see
 * the row (scoped loaders answer undefined for rows outside the caller's scope).
 */
export async function loadOrNull<T, M>(
  ctx: RequestContext,
  definition: LoaderDefinition<string, T | undefined>,
  id: string | null,
  map: (row: T) => M,
): Promise<M | null> {
  if (!id) return null;
  const row = await loader(ctx, definition).load(id);
  return row === undefined ? null : map(row);
}
