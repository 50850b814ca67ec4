import { loader, LoaderDefinition, RequestContext } from './context';
import type { Page } from './pagination';

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
