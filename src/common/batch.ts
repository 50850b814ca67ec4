import { loader, LoaderDefinition, RequestContext } from './context';
import {
  afterSql,
  cursorOfRow,
  Cursors,
  decodeCursor,
  keyColumns,
  ListOrder,
  orderSql,
  Page,
} from './pagination';

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

/** One page of rows for each key (one row past it when more follow), with how many there are in all. */
export interface KeyedPage<T> {
  rows: T[];
  total: number;
  /** The cursor of each row (encoded when read). */
  cursors: Cursors;
}

/** What a batch read as ranked rows gives for each row besides its entity (see `rankedPage`). */
export interface RankedRow {
  key: string;
  rn: number;
  total: number;
  skipped: number;
}

/**
 * The pages of a batch read as rows ranked within their key (`rn` from 1, `total` per key, `skipped`:
 * how many come up to the cursor), where `rankedPage` kept each key's page and its first row: that
 * row carries the key's total even when the page is past the end, and is dropped here unless it is
 * on the page.
 */
export function pagesByKey<T>(
  keys: readonly string[],
  entities: T[],
  raw: RankedRow[],
  page: Page,
  order: ListOrder,
): KeyedPage<T>[] {
  const pages = new Map<string, { rows: T[]; total: number; keys: RankedRow[] }>(
    keys.map((key) => [key, { rows: [], total: 0, keys: [] }]),
  );
  for (let i = 0; i < raw.length; i++) {
    const row = raw[i];
    const found = pages.get(row.key);
    if (!found) continue;
    found.total = row.total;
    if (row.rn > row.skipped && row.rn <= row.skipped + page.limit + 1) {
      found.rows.push(entities[i]);
      found.keys.push(row);
    }
  }
  return keys.map((key) => {
    const { rows, total, keys: sortKeys } = pages.get(key)!;
    const cursors = (index: number) =>
      cursorOfRow(order, sortKeys[index] as unknown as Record<string, unknown>);
    return { rows, total, cursors };
  });
}

/**
 * A page of a batch read with window functions, in keyset terms. `columns` go into the select that
 * ranks the rows of each `partition` by the list's order: `rn` (the row's place), `skipped` (how
 * many rows of its key come up to the cursor: the rows after it are the ones ranked past that) and
 * the row's sort key, read as text for its cursor by `extra`. `onPage` is the condition on those ranked rows (alias
 * `r`) that `pagesByKey` reads: each key's page, one row past it, and its first row. `extra` names
 * the columns `pagesByKey` needs besides `key` and `total`.
 */
export function rankedPage(
  page: Page,
  order: ListOrder,
  partition: string,
): { columns: string; onPage: string; params: Record<string, unknown>; extra: Record<string, string> } {
  const after = page.after == null ? null : afterSql(order, decodeCursor(order, page.after), 'rankedAfter');
  const window = `OVER (PARTITION BY ${partition}`;
  const keys = keyColumns(order);
  const columns = [
    `row_number() ${window} ORDER BY ${orderSql(order)})::int AS rn`,
    after ? `(count(*) FILTER (WHERE (${after[0]}) IS NOT TRUE) ${window}))::int AS skipped` : '0 AS skipped',
    ...order.keys.map((key, i) => `${key.sql} AS ${keys[i][1]}`),
  ].join(', ');
  return {
    columns,
    onPage: '(r.rn = 1 OR (r.rn > r.skipped AND r.rn <= r.skipped + :pageReach))',
    params: { ...after?.[1], pageReach: page.limit + 1 },
    extra: Object.fromEntries([
      ['rn', 'r.rn'],
      ['skipped', 'r.skipped'],
      // As text for the cursors of the rows kept only: every row of a key is ranked, few are on its page.
      ...keys.map(([, alias]) => [alias, `CAST(r.${alias} AS text)`]),
    ]),
  };
}
