import { RequestContext } from '../common/context';
import { Permission } from './access';
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

export function visiblePerson(ctx: RequestContext, alias: string, permission = Permission.Read): Condition {
  const [condition, params] = scopeSql(ctx, 'su.path', permission);
  if (condition === 'TRUE' || condition === 'FALSE') return [condition, params];
  return [
    `(EXISTS (SELECT 1 FROM org_unit su WHERE su.id = ${alias}.home_unit_id AND ${condition})
      OR EXISTS (SELECT 1 FROM mandate vm JOIN position vp ON vp.id = vm.position_id JOIN org_unit su ON su.id = vp.org_unit_id
                  WHERE vm.person_id = ${alias}.id AND ${condition})
      OR EXISTS (SELECT 1 FROM participation va JOIN meeting vme ON vme.id = va.meeting_id JOIN org_unit su ON su.id = vme.convening_unit_id
                  WHERE va.person_id = ${alias}.id AND ${condition}))`,
    params,
  ];
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

export const visibleMeeting = (ctx: RequestContext, alias: string, permission = Permission.Read) =>
  visibleThroughUnit(ctx, `${alias}.convening_unit_id`, permission);

export const visibleSeries = (ctx: RequestContext, alias: string, permission = Permission.Read) =>
  visibleThroughUnit(ctx, `${alias}.organizing_unit_id`, permission);
