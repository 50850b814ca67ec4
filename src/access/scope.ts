import { isUuid } from '../common/batch';
import { RequestContext } from '../common/context';
import { DomainError, NotFoundError } from '../common/errors';
import { inScope, Permission, scopeOf } from './access';

let counter = 0;

/**
 * A SQL condition limiting `pathColumn` (an ltree) to where the caller holds `permission`:
 * one indexed `<@` test against the grant paths. Parameters get a unique name per call.
 */
export function scopeSql(
  ctx: RequestContext,
  pathColumn: string,
  permission: Permission = Permission.Read,
  contacts = false,
): [string, Record<string, unknown>] {
  const scope = scopeOf(ctx.actor, permission, contacts);
  if (scope.all) return ['TRUE', {}];
  if (scope.paths.length === 0) return ['FALSE', {}];
  const name = `scope${++counter % 1_000_000}`;
  return [`${pathColumn} <@ ANY(CAST(:${name} AS ltree[]))`, { [name]: scope.paths }];
}

/** The same condition with positional parameters, for raw SQL: `$n` is the paths array. */
export function scopeSqlRaw(
  ctx: RequestContext,
  pathColumn: string,
  n: number,
  permission = Permission.Read,
): [string, unknown[]] {
  const scope = scopeOf(ctx.actor, permission);
  if (scope.all) return ['TRUE', []];
  if (scope.paths.length === 0) return ['FALSE', []];
  return [`${pathColumn} <@ ANY(CAST($${n} AS ltree[]))`, [scope.paths]];
}

/**
 * Checks the caller may act on a unit (or on something that belongs to it): outside what they can
 * read → NOT_FOUND, as if it did not exist; readable but not theirs to change → FORBIDDEN. The
 * NOT_FOUND names `what` and the id the caller asked for (`askedId`), never the owning unit's id:
 * absent and out of scope read the same. Answers the unit's path (an ltree, as text).
 */
export async function requireUnitAccess(
  ctx: RequestContext,
  unitId: string,
  permission: Permission,
  what = 'Org unit',
  askedId = unitId,
): Promise<string> {
  const [row] = isUuid(unitId)
    ? ((await ctx.manager.query(`SELECT path::text AS path FROM org_unit WHERE id = $1`, [unitId])) as {
        path: string;
      }[])
    : [];
  return requireAccessAt(ctx, row?.path, permission, what, askedId);
}

/** `requireUnitAccess` for a unit whose path is already read (undefined: there is no such unit). */
export function requireAccessAt(
  ctx: RequestContext,
  path: string | undefined,
  permission: Permission,
  what: string,
  askedId: string,
): string {
  if (path === undefined || !inScope(scopeOf(ctx.actor, Permission.Read), path)) {
    throw new NotFoundError(what, askedId);
  }
  if (!inScope(scopeOf(ctx.actor, permission), path)) {
    throw new DomainError('FORBIDDEN', `Your access does not allow this change here.`);
  }
  return path;
}

/** Whether the caller holds `permission` over the whole registry (e.g. to create a national root). */
export const hasEverywhere = (ctx: RequestContext, permission: Permission) =>
  scopeOf(ctx.actor, permission).all;
