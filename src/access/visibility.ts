import { RequestContext } from '../common/context';
import { Permission, scopeOf } from './access';
import { scopeSql } from './scope';

/**
 * What the caller may see, as SQL over a table alias: each rule reduces to the one indexed ltree test
 * of `scopeSql` on the unit a row belongs to. A person is visible where they belong (home unit), hold
 * or held a post, or took part in a meeting.
 */
export type Condition = [string, Record<string, unknown>];

/** Rows attached to a unit through `unitColumn`. */
export function visibleThroughUnit(
  ctx: RequestContext,
  unitColumn: string,
  permission = Permission.Read,
): Condition {
  const [condition, params] = scopeSql(ctx, 'su.path', permission);
  if (condition === 'TRUE' || condition === 'FALSE') return [condition, params];
  return [`EXISTS (SELECT 1 FROM org_unit su WHERE su.id = ${unitColumn} AND ${condition})`, params];
}

export const visibleUnit = (ctx: RequestContext, alias: string, permission = Permission.Read): Condition =>
  scopeSql(ctx, `${alias}.path`, permission);

/**
 * A person is seen from their home unit and from `attached_unit_ids` (the units of their posts, past
 * and present, and of the meetings they took part in, kept by triggers). The caller's units are read
 * once per statement (an uncorrelated subquery); each row is then tested on its own columns, with no
 * probe into mandates or participations per candidate.
 *
 * `drivenElsewhere`: another condition of the query (a name search's trigram index) finds the
 * candidates, and the test is only a filter on them. Written as one expression that no index serves,
 * so the planner cannot start from the caller's units instead: it cannot tell how many people those
 * are (the units are known only when the statement runs), guesses few, and a region's twelve thousand
 * people were then each matched against the search. Otherwise the home unit index and the GIN index
 * on the array can drive a scoped list.
 */
export function visiblePerson(
  ctx: RequestContext,
  alias: string,
  permission = Permission.Read,
  drivenElsewhere = false,
): Condition {
  const [condition, params] = scopeSql(ctx, 'su.path', permission);
  if (condition === 'TRUE' || condition === 'FALSE') return [condition, params];
  const units = `ARRAY(SELECT su.id FROM org_unit su WHERE ${condition})`;
  if (drivenElsewhere) {
    return [`array_append(${alias}.attached_unit_ids, ${alias}.home_unit_id) && ${units}`, params];
  }
  return [`(${alias}.home_unit_id = ANY(${units}) OR ${alias}.attached_unit_ids && ${units})`, params];
}

/**
 * Whose contact data the caller may read: people whose home unit, or a unit where they hold a post
 * today or later, lies where the caller's grants include contact data. Sharing a meeting, or a post
 * held in the past, is not enough.
 */
export function visibleContacts(ctx: RequestContext, alias: string): Condition {
  const [condition, params] = scopeSql(ctx, 'su.path', Permission.Read, true);
  if (condition === 'TRUE' || condition === 'FALSE') return [condition, params];
  return [
    `(EXISTS (SELECT 1 FROM org_unit su WHERE su.id = ${alias}.home_unit_id AND ${condition})
      OR EXISTS (SELECT 1 FROM mandate vm JOIN position vp ON vp.id = vm.position_id JOIN org_unit su ON su.id = vp.org_unit_id
                  WHERE vm.person_id = ${alias}.id AND (upper_inf(vm.term) OR upper(vm.term) > CAST(:contactsToday AS date))
                    AND ${condition}))`,
    { ...params, contactsToday: ctx.today },
  ];
}

export const visiblePosition = (ctx: RequestContext, alias: string, permission = Permission.Read) =>
  visibleThroughUnit(ctx, `${alias}.org_unit_id`, permission);

export const visibleMandate = (ctx: RequestContext, alias: string, permission = Permission.Read) =>
  visibleThroughUnit(
    ctx,
    `(SELECT vp.org_unit_id FROM position vp WHERE vp.id = ${alias}.position_id)`,
    permission,
  );

/** Meetings convened inside the caller's scope (what a subtree's dashboard counts). */
export const visibleConvenedMeeting = (ctx: RequestContext, alias: string, permission = Permission.Read) =>
  visibleThroughUnit(ctx, `${alias}.convening_unit_id`, permission);

/**
 * Meetings the caller may read: convened inside the scope, or that a unit inside it coordinated,
 * was invited to or attended, or that a participant represented it at (a local secretary sees the
 * provincial meeting he went to). Changing a meeting stays with the convening unit's editors.
 *
 * Those units are kept on the meeting, `visible_unit_ids` (by triggers), so the test is one on the
 * row: the caller's units, read once per statement (an uncorrelated subquery), against the array,
 * which a GIN index answers for a scoped list; no probe per candidate into meeting units or
 * participations.
 *
 * `drivenElsewhere`: another condition finds the candidates (a unit's meetings, from the convener
 * and meeting unit indexes; a search's, from its words or the newest first), and the test only
 * filters them. Written on an expression no index serves: otherwise the planner intersected the
 * other index with the array's, which for a region's secretary read the region's tens of thousands
 * of meetings to keep a province's few hundred, or a search's few matches.
 */
export function visibleMeeting(
  ctx: RequestContext,
  alias: string,
  permission = Permission.Read,
  drivenElsewhere = false,
): Condition {
  const [condition, params] = scopeSql(ctx, 'su.path', permission);
  if (condition === 'TRUE' || condition === 'FALSE' || permission !== Permission.Read) {
    return visibleConvenedMeeting(ctx, alias, permission);
  }
  const units = drivenElsewhere
    ? `array_cat(${alias}.visible_unit_ids, CAST('{}' AS uuid[]))`
    : `${alias}.visible_unit_ids`;
  const overlaps = `${units} && ARRAY(SELECT su.id FROM org_unit su WHERE ${condition})`;
  // A scope holding a whole national tree holds thousands of units, and `&&` compares each of a row's
  // units with the caller's one by one: tested on each of the nation's meetings, that costs more than
  // the convener's lookup, which already answers for nearly all of them.
  const scope = scopeOf(ctx.actor, permission);
  if (!scope.all && scope.paths.some((path) => !path.includes('.'))) {
    return [
      `(EXISTS (SELECT 1 FROM org_unit su WHERE su.id = ${alias}.convening_unit_id AND ${condition}) OR ${overlaps})`,
      params,
    ];
  }
  return [overlaps, params];
}

/**
 * Participations the caller may read: all of a meeting convened inside the scope; of a meeting seen
 * because a unit of the scope took part, only those that represented a unit of the scope.
 *
 * How the convener is tested: by default, each participation looks its meeting up. A statement that
 * has joined each meeting once already gives its convening unit's column (`{ column }`), or a
 * boolean column of its own that `convenedInScope` computed once per meeting (`{ inScope }`): the
 * test then does not look the meeting, or its convener, up again for every participant. As a lookup
 * per participant, Postgres could also choose to hash every meeting of the table and its convener's
 * path instead, and did so for a dashboard's few hundred meetings.
 */
export function visibleParticipation(
  ctx: RequestContext,
  alias: string,
  convener?: { column: string } | { inScope: string },
): Condition {
  const [condition, params] = scopeSql(ctx, 'su.path');
  if (condition === 'TRUE' || condition === 'FALSE') return [condition, params];
  const [everyUnit, everyUnitParams] = scopeHoldsEveryUnit(ctx);
  const convened = !convener
    ? `EXISTS (SELECT 1 FROM meeting vpm JOIN org_unit su ON su.id = vpm.convening_unit_id
               WHERE vpm.id = ${alias}.meeting_id AND ${condition})`
    : 'inScope' in convener
      ? convener.inScope
      : unitInScope(convener.column, condition);
  return [
    `(${everyUnit} OR ${convened}
      OR EXISTS (SELECT 1 FROM org_unit su WHERE su.id = ${alias}.represented_unit_id AND ${condition}))`,
    { ...params, ...everyUnitParams },
  ];
}

/**
 * Whether the caller's scope holds every root of the registry, and so every unit: worked out once per
 * statement (an uncorrelated subquery, on the index of parents), in front of tests made on each row,
 * which then need not run. A dashboard counting the attendance of a national caller's meetings
 * otherwise looked up each meeting's convener to find it in scope. A token for the national unit is a
 * subtree like any other (another root may be created after it), so this is read with the rows, never
 * assumed. Only in front of tests no index serves: beside an indexed test, an OR with it would keep
 * the planner from using the index for a scoped caller.
 */
function scopeHoldsEveryUnit(ctx: RequestContext): Condition {
  const [condition, params] = scopeSql(ctx, 'sr.path');
  return [
    `(SELECT NOT EXISTS (SELECT 1 FROM org_unit sr WHERE sr.parent_id IS NULL AND NOT (${condition})))`,
    params,
  ];
}

/**
 * Whether the unit in `convenerColumn` (a meeting's convener) is inside the caller's scope: its path
 * tested by a lookup of the unit. Written as a value rather than EXISTS, which Postgres may answer by
 * hashing the paths of every unit of the party first.
 */
export function convenedInScope(ctx: RequestContext, convenerColumn: string): Condition {
  const [condition, params] = scopeSql(ctx, 'su.path');
  if (condition === 'TRUE' || condition === 'FALSE') return [condition, params];
  return [unitInScope(convenerColumn, condition), params];
}

const unitInScope = (unitColumn: string, scopeCondition: string) =>
  `COALESCE((SELECT ${scopeCondition} FROM org_unit su WHERE su.id = ${unitColumn}), FALSE)`;

/**
 * Events a meeting cites: one of no unit (outside the party) is seen by everyone; one of a unit by
 * whoever sees that unit, a unit under it or a unit above it (a national congress concerns every
 * secretary).
 */
export function visibleContextEvent(ctx: RequestContext, alias: string): Condition {
  const scope = scopeOf(ctx.actor, Permission.Read);
  if (scope.all) return ['TRUE', {}];
  const [, params] = scopeSql(ctx, 'su.path');
  const name = Object.keys(params)[0];
  if (!name) return [`${alias}.org_unit_id IS NULL`, {}];
  return [
    `(${alias}.org_unit_id IS NULL OR EXISTS (SELECT 1 FROM org_unit su WHERE su.id = ${alias}.org_unit_id
        AND (su.path <@ ANY(CAST(:${name} AS ltree[])) OR su.path @> ANY(CAST(:${name} AS ltree[])))))`,
    params,
  ];
}

export const visibleSeries = (ctx: RequestContext, alias: string, permission = Permission.Read) =>
  visibleThroughUnit(ctx, `${alias}.organizing_unit_id`, permission);
