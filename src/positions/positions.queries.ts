import { visibleMandate } from '../access/visibility';
import { isUuid, RankedRow, rankedPage } from '../common/batch';
import { RequestContext } from '../common/context';
import { lockerFor } from '../common/locking';
import { ListOrder, Page, pageOf } from '../common/pagination';
import { Joined } from '../common/related';
import { inSubtreeOf } from '../common/tree';
import { select, selectMany } from '../database/rows';
import { insertAndRead, updateAndRead } from '../database/writes';
import { OrgUnit } from '../org-units/org-unit.entity';
import { Person } from '../people/person.entity';
import { ElectedMandate } from './elected-mandate.entity';
import { Mandate, MandateConfirmation, SeatVacancy } from './mandate.entity';
import { Position } from './position.entity';
import type { MandateJoins } from './position.model';
import { Role } from './role.entity';

/** The role catalogue in its order. */
export const allRoles = (ctx: RequestContext): Promise<Role[]> =>
  ctx.manager.find(Role, { order: { sortOrder: 'ASC' } });

/** The role catalogue, as stored. */
export const roleCatalogue = (ctx: RequestContext): Promise<Role[]> => ctx.manager.find(Role);

/** A post locked until commit (see `lockForUpdate`). */
export const lockPosition = lockerFor(Position, 'Position');

/** A mandate locked until commit (see `lockForUpdate`). */
export const lockMandate = lockerFor(Mandate, 'Mandate');

export const findPosition = (ctx: RequestContext, id: string): Promise<Position> =>
  ctx.manager.findOneByOrFail(Position, { id });

export const unitHasRole = (ctx: RequestContext, orgUnitId: string, roleCode: string): Promise<boolean> =>
  ctx.manager.existsBy(Position, { orgUnitId, roleCode });

export const insertPosition = (ctx: RequestContext, fields: Partial<Position>) =>
  insertAndRead(ctx, Position, fields);
export const updatePosition = (ctx: RequestContext, id: string, fields: Partial<Position>) =>
  updateAndRead(ctx, Position, id, fields);

/** The highest seat of a post held on `day` or later (0 when none is). */
export async function highestSeatHeldFrom(
  ctx: RequestContext,
  positionId: string,
  day: string,
): Promise<number> {
  const [{ highest }] = (await ctx.manager.query(
    `SELECT COALESCE(max(seat), 0)::int AS highest FROM mandate
      WHERE position_id = $1 AND (ends_on IS NULL OR ends_on >= $2)`,
    [positionId, day],
  )) as { highest: number }[];
  return highest;
}

/** What `listMandates` filters on, the unit already resolved to one the caller may see. */
export interface MandatesQuery {
  underUnitId?: string;
  role?: string;
  person?: string;
  activeOn?: string;
}

/** Mandates the caller sees, newest first. */
export function listMandates(
  ctx: RequestContext,
  query: MandatesQuery,
  page: Page,
): Promise<[Mandate[], number | null]> {
  const qb = ctx.manager
    .createQueryBuilder(Mandate, 'm')
    .innerJoin(Position, 'p', 'p.id = m.position_id')
    .where(...visibleMandate(ctx, 'm'));
  if (query.underUnitId) {
    qb.innerJoin(OrgUnit, 'u', 'u.id = p.org_unit_id').andWhere(inSubtreeOf('u.path', 'under'), {
      under: query.underUnitId,
    });
  }
  if (query.role) qb.andWhere('p.role_code = :role', { role: query.role });
  if (query.person) {
    qb.andWhere('m.person_id = :person', { person: isUuid(query.person) ? query.person : null });
  }
  if (query.activeOn) qb.andWhere('m.term @> CAST(:activeOn AS date)', { activeOn: query.activeOn });
  // A mandate has a start or an attestation (mandate_start_known_or_attested).
  return pageOf(qb, page, {
    list: 'mandates',
    keys: [
      { sql: 'COALESCE(m.starts_on, m.attested_on)', type: 'date', desc: true },
      { sql: 'm.id', type: 'uuid' },
    ],
  });
}

/** The mandates of the posts of a unit, whenever they ran. */
export const mandatesOfUnit = (ctx: RequestContext, unitId: string): Promise<Mandate[]> =>
  ctx.manager
    .createQueryBuilder(Mandate, 'm')
    .innerJoin('position', 'p', 'p.id = m.position_id')
    .where('p.org_unit_id = :id', { id: unitId })
    .orderBy('m.id')
    .getMany();

export const mandatesOfPosition = (ctx: RequestContext, positionId: string): Promise<Mandate[]> =>
  ctx.manager.findBy(Mandate, { positionId });

export const insertMandate = (ctx: RequestContext, fields: Partial<Mandate>) =>
  insertAndRead(ctx, Mandate, fields);

/** Changes a mandate (`updateMandate` also reads it back). */
export async function changeMandate(
  ctx: RequestContext,
  id: string,
  fields: Partial<Mandate>,
): Promise<void> {
  await ctx.manager.update(Mandate, { id }, fields);
}

export const updateMandate = (ctx: RequestContext, id: string, fields: Partial<Mandate>) =>
  updateAndRead(ctx, Mandate, id, fields);

/**
 * Records a source confirming a mandate on a day; the database moves its `lastConfirmedOn` (a
 * trigger), and its version moves so that a client holding the old one sees the change.
 */
export async function insertConfirmation(
  ctx: RequestContext,
  fields: Omit<MandateConfirmation, 'id'>,
): Promise<Mandate> {
  await ctx.manager.insert(MandateConfirmation, fields);
  await ctx.manager.query(`UPDATE mandate SET version = version + 1, updated_at = now() WHERE id = $1`, [
    fields.mandateId,
  ]);
  return ctx.manager.findOneByOrFail(Mandate, { id: fields.mandateId });
}

/** The confirmations of a mandate, oldest first (its audit snapshot shows them). */
export const confirmationsOf = (ctx: RequestContext, mandateId: string): Promise<MandateConfirmation[]> =>
  ctx.manager.find(MandateConfirmation, { where: { mandateId }, order: { confirmedOn: 'ASC', id: 'ASC' } });

/** A mandate with its confirmations, as its audit snapshot keeps it; null when absent. */
export async function mandateWithConfirmations(ctx: RequestContext, id: string) {
  const mandate = await ctx.manager.findOneBy(Mandate, { id });
  return mandate && { ...mandate, confirmations: await confirmationsOf(ctx, id) };
}

/** A post with its recorded vacancies, as its audit snapshot keeps it; null when absent. */
export async function positionWithVacancies(ctx: RequestContext, id: string) {
  const position = await ctx.manager.findOneBy(Position, { id });
  return position && { ...position, vacancies: await seatVacanciesOf(ctx, id) };
}

/** Records a seat as known to be vacant (the database refuses one held or already recorded then). */
export const insertSeatVacancy = (ctx: RequestContext, fields: Partial<SeatVacancy>) =>
  insertAndRead(ctx, SeatVacancy, fields);

/** The recorded vacancies of a post, earliest first (its audit snapshot shows them). */
export const seatVacanciesOf = (ctx: RequestContext, positionId: string): Promise<SeatVacancy[]> =>
  ctx.manager.find(SeatVacancy, { where: { positionId }, order: { vacantFrom: 'ASC', seat: 'ASC' } });

/** How many mandates of a unit's posts start after `day`. */
export function countMandatesStartingAfter(
  ctx: RequestContext,
  unitId: string,
  day: string,
): Promise<number> {
  return ctx.manager
    .createQueryBuilder(Mandate, 'm')
    .innerJoin('position', 'p', 'p.id = m.position_id')
    .where('p.org_unit_id = :unitId AND COALESCE(m.starts_on, m.attested_on) > :lastDay', {
      unitId,
      lastDay: day,
    })
    .getCount();
}

/** Ends on `lastDay` every mandate of a unit's posts still running after it, for the unit's dissolution. */
export async function endMandatesOfDissolvedUnit(
  ctx: RequestContext,
  unitId: string,
  lastDay: string,
): Promise<void> {
  await ctx.manager.query(
    `UPDATE mandate SET ends_on = $2, end_reason = 'UNIT_DISSOLVED', version = version + 1, updated_at = now()
      WHERE position_id IN (SELECT id FROM position WHERE org_unit_id = $1) AND (ends_on IS NULL OR ends_on > $2)`,
    [unitId, lastDay],
  );
}

// Loader batches: read with the row reader (src/database/rows.ts), the loaders keep keys and grouping.

/** The posts of these units, in the catalogue's order of roles. */
export function positionsOfUnits(ctx: RequestContext, unitIds: readonly string[]): Promise<Position[]> {
  return selectMany(
    ctx.manager,
    [Position, 'p'],
    `JOIN role r ON r.code = p.role_code WHERE p.org_unit_id = ANY(:unitIds) ORDER BY r.sort_order, p.title_fr`,
    { unitIds },
  );
}

/** The mandates of these posts running on `asOf`, by seat. */
export function holdersOfPositions(
  ctx: RequestContext,
  positionIds: readonly string[],
  asOf: string,
): Promise<Mandate[]> {
  return selectMany(
    ctx.manager,
    [Mandate, 'm'],
    `WHERE m.position_id = ANY(:positionIds) AND m.term @> CAST(:asOf AS date) ORDER BY m.seat`,
    { positionIds, asOf },
  );
}

/**
 * The mandates of the posts of these units running on `asOf`, each with its post, role and person
 * (`columns`: the only properties read of the mandate, post and person; all of those undefined), in
 * the catalogue's order of roles.
 */
export function officialsOfUnits(
  ctx: RequestContext,
  unitIds: readonly string[],
  asOf: string,
  columns: { mandate?: readonly string[]; position?: readonly string[]; person?: readonly string[] } = {},
): Promise<(Mandate & Joined<MandateJoins>)[]> {
  return selectMany<Mandate & Joined<MandateJoins>>(
    ctx.manager,
    [Mandate, 'm'],
    `JOIN position p ON p.id = m.position_id JOIN person pe ON pe.id = m.person_id
     JOIN role r ON r.code = p.role_code
     WHERE p.org_unit_id = ANY(:unitIds) AND m.term @> CAST(:asOf AS date) ORDER BY r.sort_order, m.seat`,
    { unitIds, asOf },
    {
      only: columns.mandate,
      joined: {
        position: [Position, 'p', columns.position],
        person: [Person, 'pe', columns.person],
        role: [Role, 'r'],
      },
    },
  );
}

/**
 * The posts of these units with fewer holders than seats on `asOf`, with how many seats are vacant
 * and how many of those are known to be (a recorded vacancy covers that day).
 */
export function vacanciesOfUnits(ctx: RequestContext, unitIds: readonly string[], asOf: string) {
  return select<Position, { vacant_seats: number; known_vacant: number }>(
    ctx.manager,
    [Position, 'p'],
    `JOIN role r ON r.code = p.role_code
     LEFT JOIN mandate m ON m.position_id = p.id AND m.term @> CAST(:asOf AS date)
     WHERE p.org_unit_id = ANY(:unitIds)
     GROUP BY p.id, r.sort_order HAVING p.seats > count(m.id) ORDER BY r.sort_order`,
    { unitIds, asOf },
    {
      extra: {
        vacant_seats: '(p.seats - count(m.id))::int',
        known_vacant: `(SELECT count(*) FROM seat_vacancy sv
                         WHERE sv.position_id = p.id AND sv.during @> CAST(:asOf AS date))::int`,
      },
    },
  );
}

/** The mandates of these people the caller sees (those running on `asOf` when given), newest first. */
export function mandatesOfPeople(
  ctx: RequestContext,
  personIds: readonly string[],
  asOf: string | null,
): Promise<Mandate[]> {
  const [visible, params] = visibleMandate(ctx, 'm');
  const onDay = asOf ? 'AND m.term @> CAST(:asOf AS date)' : '';
  return selectMany(
    ctx.manager,
    [Mandate, 'm'],
    `WHERE m.person_id = ANY(:personIds) AND ${visible} ${onDay} ORDER BY COALESCE(m.starts_on, m.attested_on) DESC`,
    { ...params, personIds, asOf },
  );
}

/**
 * The elected mandates of these people (whom the caller sees already): all, latest first, or those
 * running on a day (started, or attested, on or before it; not ended before it).
 */
export function electedMandatesOfPeople(
  ctx: RequestContext,
  personIds: readonly string[],
  asOf: string | null,
): Promise<ElectedMandate[]> {
  const onDay = asOf
    ? 'AND COALESCE(e.starts_on, e.attested_on) <= CAST(:asOf AS date) AND (e.ends_on IS NULL OR e.ends_on >= CAST(:asOf AS date))'
    : '';
  return selectMany(
    ctx.manager,
    [ElectedMandate, 'e'],
    `WHERE e.person_id = ANY(:personIds) ${onDay} ORDER BY COALESCE(e.starts_on, e.attested_on) DESC, e.id`,
    { personIds: personIds.filter(isUuid), asOf },
  );
}

export const insertElectedMandate = (ctx: RequestContext, fields: Partial<ElectedMandate>) =>
  insertAndRead(ctx, ElectedMandate, fields);

/** What a confirmation or a vacancy declaration is read with besides its row. */
interface HistoryRow extends RankedRow {
  recordedAt: Date;
}

/** A mandate's confirmations, latest first. */
export const CONFIRMATIONS_ORDER: ListOrder = {
  list: 'confirmations',
  keys: [
    { sql: 'c.confirmed_on', type: 'date', desc: true },
    { sql: 'c.created_at', type: 'timestamptz', desc: true },
    { sql: 'c.id', type: 'uuid' },
  ],
};

/** Vacancies recorded, latest first. */
export const VACANCIES_ORDER: ListOrder = {
  list: 'vacancies',
  keys: [
    { sql: 'v.vacant_from', type: 'date', desc: true },
    { sql: 'v.created_at', type: 'timestamptz', desc: true },
    { sql: 'v.id', type: 'uuid' },
  ],
};

/**
 * One page of the confirmations of each mandate, latest first, each with the meeting whose
 * participation gave it (when one did) and when it was recorded.
 */
export function confirmationPagesOfMandates(ctx: RequestContext, mandateIds: readonly string[], page: Page) {
  const ranked = rankedPage(page, CONFIRMATIONS_ORDER, 'c.mandate_id');
  return select<MandateConfirmation, HistoryRow & { meetingId: string | null }>(
    ctx.manager,
    [MandateConfirmation, 'e'],
    `JOIN (SELECT c.id, c.mandate_id AS key, count(*) OVER (PARTITION BY c.mandate_id)::int AS total, ${ranked.columns}
             FROM mandate_confirmation c WHERE c.mandate_id = ANY(:mandateIds)) r ON r.id = e.id
     LEFT JOIN participation cp ON cp.id = e.participation_id
     WHERE ${ranked.onPage} ORDER BY r.key, r.rn`,
    { ...ranked.params, mandateIds },
    {
      extra: {
        key: 'r.key',
        total: 'r.total',
        ...ranked.extra,
        meetingId: 'cp.meeting_id',
        recordedAt: 'e.created_at',
      },
    },
  );
}

/** One page of the vacancies recorded on each post (`by: 'position'`) or on the posts of each unit, latest first. */
export function vacancyPages(
  ctx: RequestContext,
  by: 'position' | 'unit',
  keys: readonly string[],
  page: Page,
) {
  const key = by === 'position' ? 'v.position_id' : 'vp.org_unit_id';
  const ranked = rankedPage(page, VACANCIES_ORDER, key);
  return select<SeatVacancy, HistoryRow>(
    ctx.manager,
    [SeatVacancy, 'e'],
    `JOIN (SELECT v.id, ${key} AS key, count(*) OVER (PARTITION BY ${key})::int AS total, ${ranked.columns}
             FROM seat_vacancy v JOIN position vp ON vp.id = v.position_id WHERE ${key} = ANY(:keys)) r ON r.id = e.id
     WHERE ${ranked.onPage} ORDER BY r.key, r.rn`,
    { ...ranked.params, keys },
    { extra: { key: 'r.key', total: 'r.total', recordedAt: 'e.created_at', ...ranked.extra } },
  );
}
