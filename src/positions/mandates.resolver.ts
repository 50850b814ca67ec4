import { Permission } from '../access/access';
import { Allow } from '../access/allow.decorator';
import { Args, Context, Mutation, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { audited } from '../audit/audited';
import { loader, RequestContext, NoArgs } from '../common/context';
import { related } from '../common/related';
import { ConnectionType, toConnection, toPage } from '../common/pagination';
import { personById } from '../people/person.loaders';
import { PersonModel, toPersonModel } from '../people/person.model';
import { AppointInput, EndMandateInput, MandatesArgs, UpdateMandateInput } from './dto/position.inputs';
import { Mandate } from './mandate.entity';
import { MandatesService } from './mandates.service';
import { positionById } from './position.loaders';
import { MandateModel, PositionModel, toMandateModel, toPositionModel } from './position.model';

const MandateConnection = ConnectionType(MandateModel, 'Mandate');

@Resolver(() => MandateModel)
export class MandatesResolver {
  constructor(private readonly mandatesService: MandatesService) {}

  @Allow(Permission.Read)
  @Query(() => MandateConnection, { description: 'Mandates, latest start first.' })
  async mandates(@Context() ctx: RequestContext, @Args() args: MandatesArgs) {
    const page = toPage(args);
    const [rows, total] = await this.mandatesService.list(ctx, args.filter ?? {}, page);
    return toConnection(
      rows.map((row) => toMandateModel(row, args.filter?.activeOn ?? undefined)),
      total,
      page,
    );
  }

  @Allow(Permission.ManageStructure)
  @Mutation(() => MandateModel, {
    description: 'Appoints a person to a post; a full post is refused unless replaceCurrent is set.',
  })
  async appoint(
    @Context() ctx: RequestContext,
    @Args('input', { description: 'Who takes which post, from when.' }) input: AppointInput,
  ): Promise<MandateModel> {
    return toMandateModel(
      await audited(ctx, 'appoint', Mandate, undefined, (tx) => this.mandatesService.appoint(tx, input)),
    );
  }

  @Allow(Permission.ManageStructure)
  @Mutation(() => MandateModel, { description: 'Ends a running mandate on a given day.' })
  async endMandate(
    @Context() ctx: RequestContext,
    @Args('input', { description: 'The mandate, its last day and why it ends.' }) input: EndMandateInput,
  ): Promise<MandateModel> {
    return toMandateModel(
      await audited(ctx, 'endMandate', Mandate, input.id, (tx) => this.mandatesService.end(tx, input)),
    );
  }

  @Allow(Permission.ManageStructure)
  @Mutation(() => MandateModel, { description: 'Corrects a mandate’s dates, status, end reason or source.' })
  async updateMandate(
    @Context() ctx: RequestContext,
    @Args('input', { description: 'What changes.' }) input: UpdateMandateInput,
  ): Promise<MandateModel> {
    return toMandateModel(
      await audited(ctx, 'updateMandate', Mandate, input.id, (tx) => this.mandatesService.update(tx, input)),
    );
  }

  @ResolveField(() => PositionModel, { description: 'The post held.' })
  position(
    mandate: MandateModel,
    _args: NoArgs,
    ctx: RequestContext,
  ): PositionModel | Promise<PositionModel> {
    return related(
      mandate,
      'position',
      () => loader(ctx, positionById).load(mandate.positionId),
      // The post's role, when the join brought it, came with the mandate.
      (row) => toPositionModel(row, mandate.asOf, mandate.joined),
    );
  }

  @ResolveField(() => PersonModel, { description: 'The holder.' })
  person(mandate: MandateModel, _args: NoArgs, ctx: RequestContext): PersonModel | Promise<PersonModel> {
    return related(mandate, 'person', () => loader(ctx, personById).load(mandate.personId), toPersonModel);
  }
}
