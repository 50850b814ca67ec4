import { EntityTarget, ObjectLiteral } from 'typeorm';
import { select, selectMany } from '../database/rows';
import type { Page } from './pagination';
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

/** Rows the caller may see, as a SQL condition over a table alias (see auth/visibility). */
type Visibility = (ctx: RequestContext, alias: string) => [string, Record<string, unknown>];
const everyone: Visibility = () => ['TRUE', {}];

/** A loader of entities by primary key, with what it reads and whom it shows rows to. */
export interface ByIdLoader<T> extends LoaderDefinition<string, T | undefined> {
  readonly entity: EntityTarget<T>;
  readonly visible?: Visibility;
}

/** A loader of entities by primary key: one `WHERE id = ANY($1)` per batch. */
export function byIdLoader<T extends ObjectLiteral & { id: string }>(
  name: string,
  entity: EntityTarget<T>,
  visible?: Visibility,
): ByIdLoader<T> {
  const definition = defineLoader<string, T | undefined>(name, (ctx: RequestContext) => async (ids) => {
    const valid = ids.filter(isUuid);
    if (!valid.length) return ids.map(() => undefined);
    const [visibleRow, params] = (visible ?? everyone)(ctx, 'e');
    const rows = await selectMany(ctx.manager, [entity, 'e'], `WHERE e.id = ANY(:ids) AND ${visibleRow}`, {
      ...params,
      ids: valid,
    });
    return byKey(ids, rows, (row) => row.id);
  });
  return { ...definition, entity, visible };
}

/**
 * Ancestors of each row of a tree table with an ltree `path`, root first, in one statement; the rows
 * are handed to the table's by-id loader too. Ancestors the caller may not see are left out (a
 * regional secretary's tree starts at the region).
 */
export function ancestorsLoader<T extends ObjectLiteral & { id: string }>(
  name: string,
  rowById: ByIdLoader<T>,
): LoaderDefinition<string, T[]> {
  return defineLoader<string, T[]>(name, (ctx: RequestContext) => async (ids) => {
    const { tableName } = ctx.manager.connection.getMetadata(rowById.entity);
    const [visibleRow, params] = (rowById.visible ?? everyone)(ctx, 'e');
    const { entities, raw } = await select<T, { for_id: string }>(
      ctx.manager,
      [rowById.entity, 'e'],
      `JOIN "${tableName}" r ON e.path @> r.path AND e.id <> r.id
        WHERE r.id = ANY(:ids) AND ${visibleRow} ORDER BY nlevel(e.path)`,
      { ...params, ids: ids.filter(isUuid) },
      { extra: { for_id: 'r.id' } },
    );
    const byId = loader(ctx, rowById);
    for (const row of entities) byId.prime(row.id, row);
    const pairs = entities.map((row, i) => ({ forId: raw[i].for_id, row }));
    return groupByKey(ids, pairs, (pair) => pair.forId).map((group) => group.map((pair) => pair.row));
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
  visible?: Visibility,
): LoaderDefinition<string, T[]> {
  return defineLoader<string, T[]>(name, (ctx: RequestContext) => async (keys) => {
    const [visibleRow, params] = (visible ?? everyone)(ctx, 'e');
    const rows = await selectMany(
      ctx.manager,
      [entity, 'e'],
      `WHERE e.${column} = ANY(:keys) AND ${visibleRow} ORDER BY ${orderBy}`,
      { ...params, keys: keys.filter(isUuid) },
    );
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

/** One page of rows for each key, with how many there are in all. */
export interface KeyedPage<T> {
  rows: T[];
  total: number;
}

/**
 * The pages of a batch read as rows ranked within their key (`rn` from 1, `total` per key), where
 * `pageOfRanked` kept each key's page and its first row: that row carries the key's total even when
 * the page is past the end, and is dropped here unless it is on the page.
 */
export function pagesByKey<T>(
  keys: readonly string[],
  entities: T[],
  raw: { key: string; rn: number; total: number }[],
  page: Page,
): KeyedPage<T>[] {
  const pages = new Map<string, KeyedPage<T>>(keys.map((key) => [key, { rows: [], total: 0 }]));
  raw.forEach((row, i) => {
    const found = pages.get(row.key);
    if (!found) return;
    found.total = row.total;
    if (row.rn > page.offset && row.rn <= page.offset + page.limit) found.rows.push(entities[i]);
  });
  return keys.map((key) => pages.get(key)!);
}

/**
 * The condition on ranked rows (alias `r`) that `pagesByKey` reads, each key's page and its first row,
 * with its parameters.
 */
export const pageOfRanked = (page: Page): [string, { offset: number; end: number }] => [
  '(r.rn = 1 OR (r.rn > :offset AND r.rn <= :end))',
  { offset: page.offset, end: page.offset + page.limit },
];
