import { periodEndingOn } from '../common/periods';
import { Permission } from '../access/access';
import { hasEverywhere, requireUnitAccess } from '../access/scope';
import { Injectable } from '@nestjs/common';
import { auditSnapshotOf } from '../audit/audited';
import { loader, RequestContext } from '../common/context';
import { BadInputError, ConflictError, DomainError, NotFoundError } from '../common/errors';
import { keepOr } from '../common/update';
import { Page } from '../common/pagination';
import { searchColumns } from '../common/text';
import { cleanAliases } from '../common/names';
import { withRefs } from '../common/refs';
import { OrgUnitsService } from '../org-units/org-units.service';
import { CreatePersonInput, SetPersonAliasesInput, UpdatePersonInput } from './dto/person.inputs';
import { Person } from './person.entity';
import { personById } from './person.loaders';
import {
  aliasesOfPeople,
  replacePersonAliases,
  contactsOfPersonVisible,
  findPerson,
  findPersonIfAny,
  insertPerson,
  listPeople,
  lockPerson,
  membershipNumberTaken,
  personVisibleWith,
  updatePerson,
  insertNamePeriod,
} from './people.queries';

export interface PersonFilter {
  search?: string;
  unit?: string;
  unitCode?: string;
}

/** A person's search columns: names, membership number and aliases. */
const personSearch = (
  person: Pick<Person, 'fullNameAr' | 'fullNameLatin' | 'membershipNumber'>,
  aliases: readonly string[],
) => searchColumns(person.fullNameAr, person.fullNameLatin, person.membershipNumber, aliases);

const aliasNames = async (ctx: RequestContext, personId: string) =>
  (await aliasesOfPeople(ctx, [personId])).map((alias) => alias.name);

/** A person as the audit trail keeps them: the row with their aliases. */
auditSnapshotOf(Person, async (ctx, id) => {
  const person = await findPersonIfAny(ctx, id);
  return person && { ...person, aliases: await aliasNames(ctx, id) };
});

/** A new person's search columns (names and membership number; aliases are added with their own rows). */
export const personSearchColumns = (
  person: Pick<Person, 'fullNameAr' | 'fullNameLatin' | 'membershipNumber'>,
) => personSearch(person, []);

@Injectable()
export class PeopleService {
  constructor(private readonly units: OrgUnitsService) {}

  async get(ctx: RequestContext, id: string): Promise<Person> {
    const person = await loader(ctx, personById).load(id);
    if (!person) throw new NotFoundError('Person', id);
    return person;
  }

  async list(ctx: RequestContext, given: PersonFilter, page: Page): Promise<[Person[], number | null]> {
    const filter = await withRefs(ctx, given, [['unit', { id: 'unit', code: 'unitCode' }, false]]);
    const unitId = filter.unit ? (await this.units.get(ctx, { id: filter.unit })).id : undefined;
    return listPeople(ctx, { search: filter.search, unitId }, page);
  }

  async create(ctx: RequestContext, given: CreatePersonInput): Promise<Person> {
    const input = await withRefs(ctx, given, [['unit', { id: 'homeUnitId', code: 'homeUnitCode' }, false]]);
    const fields = {
      fullNameAr: input.fullNameAr ?? null,
      fullNameLatin: input.fullNameLatin ?? null,
      gender: input.gender ?? null,
      membershipNumber: input.membershipNumber ?? null,
      homeUnitId: input.homeUnitId ?? null,
      phone: input.contact?.phone ?? null,
      email: input.contact?.email ?? null,
      address: input.contact?.address ?? null,
    };
    if (fields.homeUnitId) await requireUnitAccess(ctx, fields.homeUnitId, Permission.Edit, 'Home unit');
    else if (!hasEverywhere(ctx, Permission.Edit)) {
      throw new BadInputError('Give the person a home unit in your subtree (homeUnitId).', 'homeUnitId');
    }
    await this.validate(ctx, fields, null);
    const id = await insertPerson(ctx, { ...fields, ...personSearch(fields, []) });
    if (input.contact) await this.requireContacts(ctx, id);
    return findPerson(ctx, id);
  }

  async update(ctx: RequestContext, input: UpdatePersonInput): Promise<Person> {
    const person = await lockPerson(ctx, input.id, input.expectedVersion, (row) =>
      this.requireEditable(ctx, row.id),
    );
    if (input.homeUnitId) await requireUnitAccess(ctx, input.homeUnitId, Permission.Edit, 'Home unit');
    const fields = {
      fullNameAr: keepOr(input.fullNameAr, person.fullNameAr),
      fullNameLatin: keepOr(input.fullNameLatin, person.fullNameLatin),
      gender: keepOr(input.gender, person.gender),
      membershipNumber: keepOr(input.membershipNumber, person.membershipNumber),
      homeUnitId: keepOr(input.homeUnitId, person.homeUnitId),
      phone: keepOr(input.contact?.phone, person.phone),
      email: keepOr(input.contact?.email, person.email),
      address: keepOr(input.contact?.address, person.address),
    };
    if (input.contact) await this.requireContacts(ctx, person.id);
    await this.validate(ctx, fields, person);
    const renamed = fields.fullNameAr !== person.fullNameAr || fields.fullNameLatin !== person.fullNameLatin;
    const history = renamed ? await this.keepName(ctx, person, input.renamedOn ?? ctx.today) : {};
    return updatePerson(ctx, person.id, {
      ...fields,
      ...history,
      ...personSearch(fields, await aliasNames(ctx, person.id)),
    });
  }

  /** Replaces a person's aliases (searched with their names); the person's version moves. */
  async setAliases(ctx: RequestContext, input: SetPersonAliasesInput): Promise<Person> {
    const aliases = cleanAliases(input.aliases);
    const person = await lockPerson(ctx, input.id, input.expectedVersion, (row) =>
      this.requireEditable(ctx, row.id),
    );
    await replacePersonAliases(ctx, person.id, aliases);
    return updatePerson(ctx, person.id, personSearch(person, aliases));
  }

  /** Keeps the name a person bore until `day`, the first day of the new one (see nameHistory). */
  private async keepName(
    ctx: RequestContext,
    person: Person,
    day: string,
  ): Promise<Pick<Person, 'nameSince'>> {
    const period = periodEndingOn(person.nameSince, day, ctx.today, 'renamedOn');
    if (period) {
      await insertNamePeriod(ctx, {
        personId: person.id,
        fullNameAr: person.fullNameAr,
        fullNameLatin: person.fullNameLatin,
        ...period,
      });
    }
    return { nameSince: day };
  }

  /** NOT_FOUND when the caller cannot see the person, FORBIDDEN when they can but may not edit. */
  private async requireEditable(ctx: RequestContext, id: string): Promise<void> {
    const visibleWith = (permission: Permission) => personVisibleWith(ctx, id, permission);
    if (!(await visibleWith(Permission.Read))) throw new NotFoundError('Person', id);
    if (!(await visibleWith(Permission.Edit))) {
      throw new DomainError('FORBIDDEN', 'Your access does not allow editing this person.');
    }
  }

  /** Changing contact data needs the same right as reading it. */
  private async requireContacts(ctx: RequestContext, id: string): Promise<void> {
    if (!(await contactsOfPersonVisible(ctx, id))) {
      throw new DomainError('FORBIDDEN', 'Your access does not include this person’s contact data.');
    }
  }

  private async validate(
    ctx: RequestContext,
    fields: Pick<Person, 'fullNameAr' | 'fullNameLatin' | 'membershipNumber' | 'homeUnitId'>,
    current: Person | null,
  ): Promise<void> {
    if (!fields.fullNameAr && !fields.fullNameLatin) {
      throw new BadInputError('A person needs a name: fullNameAr, fullNameLatin or both.', 'fullNameAr');
    }
    if (fields.homeUnitId && fields.homeUnitId !== current?.homeUnitId) {
      await this.units.get(ctx, { id: fields.homeUnitId });
    }
    if (fields.membershipNumber && fields.membershipNumber !== current?.membershipNumber) {
      if (await membershipNumberTaken(ctx, fields.membershipNumber)) {
        throw new ConflictError(`Membership number ${fields.membershipNumber} is already taken.`, {
          field: 'membershipNumber',
        });
      }
    }
  }
}
