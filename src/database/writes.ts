import { EntityTarget, FindOptionsWhere, ObjectLiteral } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { RequestContext } from '../common/context';
import { insertReturning } from './rows';

/** Inserts a row and answers its generated id. */
export async function insertId<T extends ObjectLiteral & { id: string }>(
  ctx: RequestContext,
  entity: EntityTarget<T>,
  fields: Partial<T>,
): Promise<string> {
  const { identifiers } = await ctx.manager.insert(entity, fields as QueryDeepPartialEntity<T>);
  return identifiers[0].id as string;
}

/** Inserts a row and answers it as stored: the generated id, defaults and version come with it. */
export async function insertAndRead<T extends ObjectLiteral & { id: string }>(
  ctx: RequestContext,
  entity: EntityTarget<T>,
  fields: Partial<T>,
): Promise<T> {
  const [row] = await insertReturning(ctx.manager, entity, [fields]);
  return row;
}

/** Changes a row by id and reads it back as stored (its version and `updated_at` moved by the database). */
export async function updateAndRead<T extends ObjectLiteral & { id: string }>(
  ctx: RequestContext,
  entity: EntityTarget<T>,
  id: string,
  fields: Partial<T>,
): Promise<T> {
  await ctx.manager.update(entity, { id } as FindOptionsWhere<T>, fields as QueryDeepPartialEntity<T>);
  return ctx.manager.findOneByOrFail(entity, { id } as FindOptionsWhere<T>);
}

/** Inserts rows in one statement; none at all when there are none. */
export async function insertRows<T extends ObjectLiteral>(
  ctx: RequestContext,
  entity: EntityTarget<T>,
  rows: Partial<T>[],
): Promise<void> {
  if (rows.length) await ctx.manager.insert(entity, rows as QueryDeepPartialEntity<T>[]);
}
