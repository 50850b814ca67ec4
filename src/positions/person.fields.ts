import { Args, ResolveField, Resolver } from '@nestjs/graphql';
import { loader, RequestContext } from '../common/context';
import { DirectResolver } from '../common/validation';
import { DECLARED_BOUNDS, ListBound } from '../common/graphql-limits';
import { PersonModel } from '../people/person.model';
import { AsOfArgs } from './dto/position.inputs';
import { mandatesByPerson } from './position.loaders';
import { MandateModel, toMandateModel } from './position.model';

/** A person's mandates. */
@Resolver(() => PersonModel)
export class PersonMandatesResolver {
  @ResolveField(() => [MandateModel], {
    description: `All mandates, latest first; with asOf, those running that day (counted as ${DECLARED_BOUNDS.mandates} by the cost limit).`,
  })
  @ListBound(DECLARED_BOUNDS.mandates)
  @DirectResolver()
  async mandates(person: PersonModel, @Args() args: AsOfArgs, ctx: RequestContext) {
    const rows = await loader(ctx, mandatesByPerson, args.asOf ?? null).load(person.id);
    return rows.map((row) => toMandateModel(row, args.asOf ?? undefined));
  }
}
