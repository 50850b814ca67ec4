import { GraphQLResolveInfo } from 'graphql';
import { defineLoader } from '../common/context';
import { visiblePerson } from '../access/visibility';
import { byIdLoader } from '../database/loaders';
import { selectedFields } from '../common/lookahead';
import { Person } from './person.entity';
import { groupByKey } from '../common/batch';
import { aliasesOfPeople, namePeriodsOfPeople, peopleWithContactsVisible } from './people.queries';
import { PersonNamePeriod } from './person.entity';

/** Which of these people the caller may see the contact data of: one query per batch. */
export const contactsVisible = defineLoader<string, boolean>('contactsVisible', (ctx) => async (ids) => {
  const allowed = await peopleWithContactsVisible(ctx, ids);
  return ids.map((id) => allowed.has(id));
});

export const personById = byIdLoader('personById', Person, visiblePerson);

/** Each person's aliases, by name, in one query per batch (the person was already found visible). */
export const personAliases = defineLoader<string, string[]>('personAliases', (ctx) => async (ids) => {
  const rows = await aliasesOfPeople(ctx, ids);
  return groupByKey(ids, rows, (row) => row.personId!).map((aliases) => aliases.map((alias) => alias.name));
});

/**
 * How much of each person a list of many people reads with them: their names only, or the whole
 * record. A page of fifty meetings lists about a thousand participants, and an org chart of the
 * country two thousand officials; reading only the names when only those are asked took a tenth of
 * such a request's CPU time off.
 */
export type PersonRead = 'names' | 'all';

/** The Person columns a read of names takes (with the day the current name began, for nameHistory). */
const NAME_COLUMNS = ['fullNameAr', 'fullNameLatin', 'nameSince'];

/**
 * The Person fields a read of names answers: the key, the names, `name`, which picks one, and
 * `nameHistory` (the current name with the day it began; earlier ones come by the key). A
 * Person field that answers from the name columns alone belongs here; test/people.e2e-spec.ts finds
 * those fields from the schema and fails when this set differs.
 */
export const NAME_FIELDS: ReadonlySet<string> = new Set([
  '__typename',
  'id',
  'name',
  'fullNameAr',
  'fullNameLatin',
  'nameHistory',
]);

/** 'names' when the query asks nothing of the person under `path` but these fields (or not the person). */
export function personReadAsked(info: GraphQLResolveInfo, path: readonly string[] = ['person']): PersonRead {
  for (const field of selectedFields(info, path)) if (!NAME_FIELDS.has(field)) return 'all';
  return 'names';
}

/** The Person columns a joined read takes (see `SelectOptions.joined`): all of them, or the names. */
export const personColumns = (read: PersonRead): string[] | undefined =>
  read === 'names' ? NAME_COLUMNS : undefined;

/** The earlier names of each person, oldest first. */
export const namePeriodsByPerson = defineLoader<string, PersonNamePeriod[]>(
  'namePeriodsByPerson',
  (ctx) => async (ids) => groupByKey(ids, await namePeriodsOfPeople(ctx, ids), (row) => row.personId),
);
