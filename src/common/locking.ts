import { EntityTarget, ObjectLiteral } from 'typeorm';
import { isUuid } from './batch';
import { RequestContext } from './context';
import { ConflictError, DomainError, NotFoundError } from './errors';

/**
 * Loads a row for change inside a transaction, locked until commit, and checks the version the
 * client last saw (when it says one). Unknown or malformed id → NOT_FOUND; stale version → CONFLICT.
 * `authorize` checks the caller may change this row (it throws NOT_FOUND or FORBIDDEN).
 */
export async function lockForUpdate<T extends ObjectLiteral & { id: string; version: number }>(
  ctx: RequestContext,
  entity: EntityTarget<T>,
  what: string,
  id: string,
  expectedVersion?: number | null,
  authorize?: (row: T) => Promise<unknown>,
): Promise<T> {
  const row = isUuid(id)
    ? await ctx.manager
        .createQueryBuilder(entity, 'e')
        .setLock('pessimistic_write')
        .where('e.id = :id', { id })
        .getOne()
    : null;
  if (!row) throw new NotFoundError(what, id);
  // Access first: a row outside the caller's scope is NOT_FOUND, whatever its version, and with the
  // same message as an absent one (never naming the unit the check was made on).
  if (authorize) {
    try {
      await authorize(row);
    } catch (error) {
      if (error instanceof DomainError && error.code === 'NOT_FOUND') throw new NotFoundError(what, id);
      throw error;
    }
  }
  if (expectedVersion != null && row.version !== expectedVersion) {
    throw new ConflictError(
      `${what} was changed by someone else (version ${row.version}, you had ${expectedVersion}).`,
      {
        currentVersion: row.version,
      },
    );
  }
  return row;
}

/** `lockForUpdate` of one entity, named as its errors name it: each feature's queries declare theirs. */
export const lockerFor =
  <T extends ObjectLiteral & { id: string; version: number }>(entity: EntityTarget<T>, what: string) =>
  (
    ctx: RequestContext,
    id: string,
    expectedVersion?: number | null,
    authorize?: (row: T) => Promise<unknown>,
  ): Promise<T> =>
    lockForUpdate(ctx, entity, what, id, expectedVersion, authorize);
