import { Permission } from '../access/access';
import { visibleContacts, visiblePerson } from '../access/visibility';
import { isUuid } from '../common/batch';
import { RequestContext } from '../common/context';
import { lockerFor } from '../common/locking';
import { ListOrder, Page, pageOf, SortKey } from '../common/pagination';
import { applySearch, searchPage } from '../common/search';
import { inSubtreeOf, unitsInSubtreeOf } from '../common/tree';
import { insertId, updateAndRead } from '../database/writes';
import { NameAlias } from '../org-units/name-alias.entity';
import { selectMany } from '../database/rows';
import { Person, PersonNamePeriod } from './person.entity';

/** What `listPeople` filters on, the unit already resolved to one the caller may see. */
export interface PeopleQuery {
  search?: string;
  unitId?: string;
}

/** People the caller sees, by name or best match first; `unitId`: belonging to or holding a post under it. */
export function listPeople(
  ctx: RequestContext,
  query: PeopleQuery,
  page: Page,
): Promise<[Person[], number | null]> {
  const searching = query.search != null;
  const qb = ctx.manager
    .createQueryBuilder(Person, 'p')
    .where(...visiblePerson(ctx, 'p', Permission.Read, searching));
  if (query.unitId) {
    qb.andWhere(
      `(p.home_unit_id IN (${unitsInSubtreeOf('unitId')})
        OR EXISTS (SELECT 1 FROM mandate m JOIN position po ON po.id = m.position_id JOIN org_unit u ON u.id = po.org_unit_id
                    WHERE m.person_id = p.id AND ${inSubtreeOf('u.path', 'unitId')}))`,
      { unitId: query.unitId },
    );
  }
  if (query.search != null) {
    const ranks = applySearch(qb, 'p.search_text', query.search, 'p.search_key');
    return searchPage(ctx, qb, page, { list: 'people.search', keys: [...ranks, NAME_LATIN, PERSON_ID] });
  }
  return pageOf(qb, page, PEOPLE_ORDER);
}

const NAME_LATIN: SortKey = { sql: 'p.full_name_latin', type: 'text', nullable: true };
const PERSON_ID: SortKey = { sql: 'p.id', type: 'uuid' };
/** People by name: Latin script, then Arabic (either may be missing: those come last). */
const PEOPLE_ORDER: ListOrder = {
  list: 'people',
  keys: [NAME_LATIN, { sql: 'p.full_name_ar', type: 'text', nullable: true }, PERSON_ID],
};

/** A person locked until commit (see `lockForUpdate`). */
export const lockPerson = lockerFor(Person, 'Person');

export const findPerson = (ctx: RequestContext, id: string): Promise<Person> =>
  ctx.manager.findOneByOrFail(Person, { id });

/** A person by id, whoever may see them; none for an id that is not a UUID. */
export const findPersonIfAny = async (ctx: RequestContext, id: string): Promise<Person | null> =>
  isUuid(id) ? ctx.manager.findOneBy(Person, { id }) : null;

export const insertPerson = (ctx: RequestContext, fields: Partial<Person>) => insertId(ctx, Person, fields);

/** Keeps a name a person bore for its days. */
export async function insertNamePeriod(
  ctx: RequestContext,
  fields: Omit<PersonNamePeriod, 'id'>,
): Promise<void> {
  await ctx.manager.insert(PersonNamePeriod, fields);
}

/** The earlier names of these people, oldest first. */
export const namePeriodsOfPeople = (
  ctx: RequestContext,
  personIds: readonly string[],
): Promise<PersonNamePeriod[]> =>
  selectMany(
    ctx.manager,
    [PersonNamePeriod, 'p'],
    `WHERE p.person_id = ANY(:personIds) ORDER BY p.person_id, p.valid_until`,
    { personIds },
  );

export const updatePerson = (ctx: RequestContext, id: string, fields: Partial<Person>) =>
  updateAndRead(ctx, Person, id, fields);

export const membershipNumberTaken = (ctx: RequestContext, membershipNumber: string): Promise<boolean> =>
  ctx.manager.existsBy(Person, { membershipNumber });

/** Whether the caller sees this person with `permission`. */
export const personVisibleWith = (
  ctx: RequestContext,
  id: string,
  permission: Permission,
): Promise<boolean> =>
  ctx.manager
    .createQueryBuilder(Person, 'p')
    .where('p.id = :id', { id })
    .andWhere(...visiblePerson(ctx, 'p', permission))
    .getExists();

/** Whether the caller may read this person's contact data. */
export const contactsOfPersonVisible = (ctx: RequestContext, id: string): Promise<boolean> =>
  ctx.manager
    .createQueryBuilder(Person, 'p')
    .where('p.id = :id', { id })
    .andWhere(...visibleContacts(ctx, 'p'))
    .getExists();

/** Which of these people the caller may read the contact data of. */
export async function peopleWithContactsVisible(
  ctx: RequestContext,
  ids: readonly string[],
): Promise<Set<string>> {
  const rows = await ctx.manager
    .createQueryBuilder(Person, 'p')
    .select('p.id', 'id')
    .where('p.id = ANY(:ids)', { ids })
    .andWhere(...visibleContacts(ctx, 'p'))
    .getRawMany<{ id: string }>();
  return new Set(rows.map((row) => row.id));
}

/** The aliases of these people, in name order (a loader batch). */
export const aliasesOfPeople = (ctx: RequestContext, personIds: readonly string[]): Promise<NameAlias[]> =>
  selectMany(ctx.manager, [NameAlias, 'a'], 'WHERE a.person_id = ANY(:personIds) ORDER BY a.name', {
    personIds,
  });

/** Replaces a person's aliases by these names. */
export async function replacePersonAliases(
  ctx: RequestContext,
  personId: string,
  names: readonly string[],
): Promise<void> {
  await ctx.manager.delete(NameAlias, { personId });
  if (names.length) {
    await ctx.manager.insert(
      NameAlias,
      names.map((name) => ({ personId, name })),
    );
  }
}
