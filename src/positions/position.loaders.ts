import { visibleMandate, visiblePosition } from '../access/visibility';
import { groupByKey } from '../common/batch';
import { byIdLoader } from '../database/loaders';
import { defineLoader } from '../common/context';
import { select, selectMany } from '../database/rows';
import { Person } from '../people/person.entity';
import { personColumns, PersonRead } from '../people/person.loaders';
import { Mandate } from './mandate.entity';
import { Position } from './position.entity';
import { Joined } from '../common/related';
import { MandateJoins } from './position.model';
import { Role } from './role.entity';

export const positionById = byIdLoader('positionById', Position, visiblePosition);
export const mandateById = byIdLoader('mandateById', Mandate, visibleMandate);

/** The role catalogue is small: one query loads all of it for the request. */
export const roleByCode = defineLoader<string, Role | undefined>('roleByCode', (ctx) => async (codes) => {
  const roles = await ctx.manager.find(Role);
  const map = new Map(roles.map((role) => [role.code, role]));
  return codes.map((code) => map.get(code));
});

/** The posts of each unit, in the catalogue's order of roles. */
export const positionsByUnit = defineLoader<string, Position[]>(
  'positionsByUnit',
  (ctx) => async (unitIds) => {
    const rows = await selectMany(
      ctx.manager,
      [Position, 'p'],
      `JOIN role r ON r.code = p.role_code WHERE p.org_unit_id = ANY(:unitIds) ORDER BY r.sort_order, p.title_fr`,
      { unitIds },
    );
    return groupByKey(unitIds, rows, (row) => row.orgUnitId);
  },
  { acrossLevels: true },
);

/** Who held each post on a date. */
export const holdersByPosition = defineLoader<string, Mandate[], string>(
  'holdersByPosition',
  (ctx, asOf: string) => async (positionIds) => {
    const rows = await selectMany(
      ctx.manager,
      [Mandate, 'm'],
      `WHERE m.position_id = ANY(:positionIds) AND m.term @> CAST(:asOf AS date) ORDER BY m.seat`,
      { positionIds, asOf },
    );
    return groupByKey(positionIds, rows, (row) => row.positionId);
  },
);

/**
 * Everyone holding a post of each unit on a date, in the catalogue's order of roles. The posts, their
 * roles and the people come in the same statement, joined to each mandate (`MandateJoins`): an org chart
 * asks for `officials { person position { role } }` at every level, and this saves three statements
 * per level. (A person holding a post in a unit the caller sees is visible to the caller: nothing leaks.)
 */
export const officialsByUnit = defineLoader<
  string,
  (Mandate & Joined<MandateJoins>)[],
  [asOf: string, PersonRead]
>(
  'officialsByUnit',
  (ctx, [asOf, person]) =>
    async (unitIds) => {
      const rows = await selectMany<Mandate & Joined<MandateJoins>>(
        ctx.manager,
        [Mandate, 'm'],
        `JOIN position p ON p.id = m.position_id JOIN person pe ON pe.id = m.person_id
       JOIN role r ON r.code = p.role_code
       WHERE p.org_unit_id = ANY(:unitIds) AND m.term @> CAST(:asOf AS date) ORDER BY r.sort_order, m.seat`,
        { unitIds, asOf },
        {
          joined: {
            position: [Position, 'p'],
            person: [Person, 'pe', personColumns(person)],
            role: [Role, 'r'],
          },
        },
      );
      return groupByKey(unitIds, rows, (row) => row.joined!.position!.orgUnitId);
    },
  { acrossLevels: true },
);

/** Posts of each unit with fewer holders than seats on a date. */
export const vacanciesByUnit = defineLoader<string, { position: Position; vacantSeats: number }[], string>(
  'vacanciesByUnit',
  (ctx, asOf: string) => async (unitIds) => {
    const { entities, raw } = await select<Position, { vacant_seats: number }>(
      ctx.manager,
      [Position, 'p'],
      `JOIN role r ON r.code = p.role_code
       LEFT JOIN mandate m ON m.position_id = p.id AND m.term @> CAST(:asOf AS date)
       WHERE p.org_unit_id = ANY(:unitIds)
       GROUP BY p.id, r.sort_order HAVING p.seats > count(m.id) ORDER BY r.sort_order`,
      { unitIds, asOf },
      { extra: { vacant_seats: '(p.seats - count(m.id))::int' } },
    );
    const rows = entities.map((position, i) => ({ position, vacantSeats: raw[i].vacant_seats }));
    return groupByKey(unitIds, rows, (row) => row.position.orgUnitId);
  },
  { acrossLevels: true },
);

/** The mandates of each person: all of them (newest first), or those running on a date. */
export const mandatesByPerson = defineLoader<string, Mandate[], string | null>(
  'mandatesByPerson',
  (ctx, asOf: string | null) => async (personIds) => {
    const [visible, params] = visibleMandate(ctx, 'm');
    const onDay = asOf ? 'AND m.term @> CAST(:asOf AS date)' : '';
    const rows = await selectMany(
      ctx.manager,
      [Mandate, 'm'],
      `WHERE m.person_id = ANY(:personIds) AND ${visible} ${onDay} ORDER BY COALESCE(m.starts_on, m.attested_on) DESC`,
      { ...params, personIds, asOf },
    );
    return groupByKey(personIds, rows, (row) => row.personId);
  },
);
