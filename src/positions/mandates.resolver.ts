import { GraphQLResolveInfo } from 'graphql';
import { Permission } from '../access/access';
import { Allow } from '../access/allow.decorator';
import { Args, Context, Mutation, Query, ResolveField, Resolver, Info } from '@nestjs/graphql';
import { audited } from '../audit/audited';
import { loader, RequestContext, NoArgs } from '../common/context';
import { related } from '../common/related';
import { ConnectionType, toConnection, toPage } from '../common/pagination';
import { personById } from '../people/person.loaders';
import { PersonModel, toPersonModel } from '../people/person.model';
import { ConfirmationPolicy, confirmationOn, ConfirmationState } from '../common/confirmation';
import { readDate } from '../common/dates';
import { DirectResolver } from '../common/validation';
import {
  AppointInput,
  AsOfArgs,
  ConfirmMandateInput,
  DeclareVacancyInput,
  EndMandateInput,
  MandatesArgs,
  UpdateMandateInput,
} from './dto/position.inputs';
import { Position } from './position.entity';
import { Mandate } from './mandate.entity';
import { MandatesService } from './mandates.service';
import { positionById } from './position.loaders';
import {
  ConfirmationStateEnum,
  MandateModel,
  PositionModel,
  toMandateModel,
  toPositionModel,
} from './position.model';

const MandateConnection = ConnectionType(MandateModel, 'Mandate');

@Resolver(() => MandateModel)
export class MandatesResolver {
  constructor(
    private readonly mandatesService: MandatesService,
    private readonly confirmationPolicy: ConfirmationPolicy,
  ) {}

  @Allow(Permission.Read)
  @Query(() => MandateConnection, { description: 'Mandates, latest start first.' })
  async mandates(
    @Context() ctx: RequestContext,
    @Args() args: MandatesArgs,
    @Info() info: GraphQLResolveInfo,
  ) {
    const page = toPage(args, info);
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

  @Allow(Permission.Administer)
  @Mutation(() => MandateModel, {
    description:
      'Records a source attesting that a mandate still runs on a day (an administrator of its unit, never its holder): its lastConfirmedOn moves there and the access it grants resumes.',
  })
  async confirmMandate(
    @Context() ctx: RequestContext,
    @Args('input', { description: 'The mandate, the day and the source.' }) input: ConfirmMandateInput,
  ): Promise<MandateModel> {
    return toMandateModel(
      await audited(ctx, 'confirmMandate', Mandate, input.id, (tx) =>
        this.mandatesService.confirm(tx, input),
      ),
    );
  }

  @Allow(Permission.ManageStructure)
  @Mutation(() => PositionModel, {
    description:
      'Records that a source says a seat of a post is vacant from a day (the post then reads as known vacant rather than of unknown holder); answers the post, read on that day.',
  })
  async declareVacancy(
    @Context() ctx: RequestContext,
    @Args('input', { description: 'The post, the seat, the days and the source.' })
    input: DeclareVacancyInput,
  ): Promise<PositionModel> {
    const position = await audited(ctx, 'declareVacancy', Position, input.positionId, (tx) =>
      this.mandatesService.declareVacancy(tx, input),
    );
    return toPositionModel(position, input.vacantFrom);
  }

  @ResolveField(() => ConfirmationStateEnum, {
    description:
      'Whether a source vouches for the mandate on asOf (default: the date it was read for, else today): CONFIRMED when its start is known or it was attested or confirmed at most MANDATE_CONFIRMATION_MONTHS (12) months before; UNCONFIRMED mandates grant no access.',
  })
  @DirectResolver()
  confirmation(mandate: MandateModel, @Args() args: AsOfArgs, ctx: RequestContext): ConfirmationState {
    return confirmationOn(mandate, readDate(ctx, mandate, args.asOf), this.confirmationPolicy);
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
