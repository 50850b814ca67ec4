import { EntityTarget, ObjectLiteral } from 'typeorm';
import { groupByKey, byKey, isUuid } from '../common/batch';
import { defineLoader, loader, LoaderDefinition, RequestContext } from '../common/context';
import { select, selectMany } from './rows';

/** Rows the caller may see, as a SQL condition over a table alias (see access/visibility). */
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
