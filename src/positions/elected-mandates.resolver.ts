import { Args, Context, Mutation, ResolveField, Resolver } from '@nestjs/graphql';
import { Permission } from '../access/access';
import { Allow } from '../access/allow.decorator';
import { audited } from '../audit/audited';
import { loadOrNull } from '../common/batch';
import { loader, NoArgs, RequestContext } from '../common/context';
import { ListBound } from '../common/graphql-limits';
import { DirectResolver } from '../common/validation';
import { PersonModel } from '../people/person.model';
import { territoryById } from '../territories/territory.loaders';
import { TerritoryModel, toTerritoryModel } from '../territories/territory.model';
import { RecordElectedMandateInput } from './dto/elected-mandate.inputs';
import { AsOfArgs } from './dto/position.inputs';
import { ElectedMandate } from './elected-mandate.entity';
import { ElectedMandateModel, toElectedMandateModel } from './elected-mandate.model';
import { ElectedMandatesService } from './elected-mandates.service';
import { electedMandatesByPerson, mandatesByPerson } from './position.loaders';

/** How many elected mandates a person's list is counted for by the cost limit. */
const ELECTED_MANDATES_BOUND = 20;

@Resolver(() => ElectedMandateModel)
export class ElectedMandatesResolver {
  constructor(private readonly service: ElectedMandatesService) {}

  @Allow(Permission.Edit)
  @Mutation(() => ElectedMandateModel, {
    description: 'Records a seat a person won in an election (a commune council seat): a councillor.',
  })
  async recordElectedMandate(
    @Context() ctx: RequestContext,
    @Args('input', { description: 'The person, the body, its territory and the term.' })
    input: RecordElectedMandateInput,
  ): Promise<ElectedMandateModel> {
    return toElectedMandateModel(
      await audited(ctx, 'recordElectedMandate', ElectedMandate, undefined, (tx) =>
        this.service.record(tx, input),
      ),
    );
  }

  @ResolveField(() => TerritoryModel, {
    nullable: true,
    description: 'The territory whose council it is; null for the two houses.',
  })
  async territory(
    mandate: ElectedMandateModel,
    _args: NoArgs,
    ctx: RequestContext,
  ): Promise<TerritoryModel | null> {
    return loadOrNull(ctx, territoryById, mandate.territoryId, toTerritoryModel);
  }
}

/** What a person is besides their posts: a councillor, an activist. */
@Resolver(() => PersonModel)
export class PersonElectedResolver {
  @ResolveField(() => [ElectedMandateModel], {
    description: `Seats won in elections, latest first; with asOf, those running that day (counted as ${ELECTED_MANDATES_BOUND} by the cost limit).`,
  })
  @ListBound(ELECTED_MANDATES_BOUND)
  @DirectResolver()
  async electedMandates(person: PersonModel, @Args() args: AsOfArgs, ctx: RequestContext) {
    const rows = await loader(ctx, electedMandatesByPerson, args.asOf ?? null).load(person.id);
    return rows.map(toElectedMandateModel);
  }

  @ResolveField(() => Boolean, {
    description:
      'An activist that day (default today): a member (with a home unit) who holds no party post you can see.',
  })
  @DirectResolver()
  async activist(person: PersonModel, @Args() args: AsOfArgs, ctx: RequestContext): Promise<boolean> {
    if (!person.homeUnitId) return false;
    const posts = await loader(ctx, mandatesByPerson, args.asOf ?? ctx.today).load(person.id);
    return posts.length === 0;
  }
}
