import { loader, LoaderDefinition, RequestContext } from './context';

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
