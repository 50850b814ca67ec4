import { GraphQLResolveInfo } from 'graphql';
import { DECLARED_BOUNDS, ListBound } from '../common/graphql-limits';
import { spans } from '../common/periods';
import { Permission } from '../access/access';
import { Allow } from '../access/allow.decorator';
import { Args, Context, ID, Mutation, Query, ResolveField, Resolver, Info } from '@nestjs/graphql';
import { audited } from '../audit/audited';
import { loader, RequestContext, NoArgs } from '../common/context';
import { DirectResolver } from '../common/validation';
import { Person } from './person.entity';
import { ALIASES_MAX, LangArgs, pickName } from '../common/names';
import { ConnectionType, toConnection, toPage } from '../common/pagination';
import { orgUnitById } from '../org-units/org-unit.loaders';
import { OrgUnitModel, toOrgUnitModel } from '../org-units/org-unit.model';
import { CreatePersonInput, PeopleArgs, SetPersonAliasesInput, UpdatePersonInput } from './dto/person.inputs';
import { PeopleService } from './people.service';
import { ContactDetailsModel, PersonModel, PersonNameModel, toPersonModel } from './person.model';
import { contactsVisible, namePeriodsByPerson, personAliases } from './person.loaders';

const PersonConnection = ConnectionType(PersonModel, 'Person');

@Resolver(() => PersonModel)
export class PeopleResolver {
  constructor(private readonly peopleService: PeopleService) {}

  @Allow(Permission.Read)
  @Query(() => PersonModel, { description: 'A person by id.' })
  async person(
    @Context() ctx: RequestContext,
    @Args('id', { type: () => ID, description: 'The person’s id.' }) id: string,
  ): Promise<PersonModel> {
    return toPersonModel(await this.peopleService.get(ctx, id));
  }

  @Allow(Permission.Read)
  @Query(() => PersonConnection, { description: 'People, best match first when searching.' })
  async people(@Context() ctx: RequestContext, @Args() args: PeopleArgs, @Info() info: GraphQLResolveInfo) {
    const page = toPage(args, info);
    const [rows, total] = await this.peopleService.list(ctx, args.filter ?? {}, page);
    return toConnection(rows.map(toPersonModel), total, page);
  }

  @Allow(Permission.Edit)
  @Mutation(() => PersonModel, { description: 'Registers a person.' })
  async createPerson(
    @Context() ctx: RequestContext,
    @Args('input', { description: 'The new person.' }) input: CreatePersonInput,
  ): Promise<PersonModel> {
    return toPersonModel(
      await audited(ctx, 'createPerson', Person, undefined, (tx) => this.peopleService.create(tx, input)),
    );
  }

  @Allow(Permission.Edit)
  @Mutation(() => PersonModel, {
    description: 'Changes a person’s names, contact data, gender, membership number or home unit.',
  })
  async updatePerson(
    @Context() ctx: RequestContext,
    @Args('input', { description: 'What changes, with the version last read.' }) input: UpdatePersonInput,
  ): Promise<PersonModel> {
    return toPersonModel(
      await audited(ctx, 'updatePerson', Person, input.id, (tx) => this.peopleService.update(tx, input)),
    );
  }

  @Allow(Permission.Edit)
  @Mutation(() => PersonModel, {
    description:
      'Records the other names a person goes by (replacing those recorded); they are searched too.',
  })
  async setPersonAliases(
    @Context() ctx: RequestContext,
    @Args('input', { description: 'The person and every alias.' }) input: SetPersonAliasesInput,
  ): Promise<PersonModel> {
    return toPersonModel(
      await audited(ctx, 'setPersonAliases', Person, input.id, (tx) =>
        this.peopleService.setAliases(tx, input),
      ),
    );
  }

  @ResolveField(() => [String], {
    description:
      'Other names the person goes by (spellings met in sources), in alphabetical order; searched too.',
  })
  @ListBound(ALIASES_MAX)
  aliases(person: PersonModel, _args: NoArgs, ctx: RequestContext): Promise<string[]> {
    return loader(ctx, personAliases).load(person.id);
  }

  @ResolveField(() => String, { description: 'The full name in the asked script (or the other one).' })
  @DirectResolver()
  name(person: PersonModel, @Args() { lang }: LangArgs): string {
    return pickName(lang, person.fullNameAr, person.fullNameLatin);
  }

  @ResolveField(() => ContactDetailsModel, {
    nullable: true,
    description: 'Phone, email, address: null unless your access includes contact data for this person.',
  })
  async contact(
    person: PersonModel,
    _args: NoArgs,
    ctx: RequestContext,
  ): Promise<ContactDetailsModel | null> {
    return (await loader(ctx, contactsVisible).load(person.id)) ? person.contact : null;
  }

  @ResolveField(() => [PersonNameModel], {
    description: `The person’s successive names with their days, oldest first (at most ${DECLARED_BOUNDS.history} counted by the cost limit).`,
  })
  @ListBound(DECLARED_BOUNDS.history)
  async nameHistory(person: PersonModel, _args: NoArgs, ctx: RequestContext): Promise<PersonNameModel[]> {
    const periods = await loader(ctx, namePeriodsByPerson).load(person.id);
    return spans(
      periods,
      person,
      person.nameSince,
      (a, b) => a.fullNameAr === b.fullNameAr && a.fullNameLatin === b.fullNameLatin,
    ).map(({ state, from, until }) => ({
      fullNameAr: state.fullNameAr,
      fullNameLatin: state.fullNameLatin,
      from,
      until,
    }));
  }

  @ResolveField(() => OrgUnitModel, { nullable: true, description: 'The unit the person belongs to.' })
  async homeUnit(person: PersonModel, _args: NoArgs, ctx: RequestContext): Promise<OrgUnitModel | null> {
    if (!person.homeUnitId) return null;
    const row = await loader(ctx, orgUnitById).load(person.homeUnitId);
    return row ? toOrgUnitModel(row) : null;
  }
}
