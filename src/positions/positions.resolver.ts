import { Permission } from '../access/access';
import { Allow } from '../access/allow.decorator';
import { Args, Context, ID, Mutation, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { audited } from '../audit/audited';
import { loader, RequestContext, NoArgs } from '../common/context';
import { DirectResolver } from '../common/validation';
import { DECLARED_BOUNDS, ListBound } from '../common/graphql-limits';
import { Position } from './position.entity';
import { LangArgs, pickName } from '../common/names';
import { related } from '../common/related';
import { orgUnitById } from '../org-units/org-unit.loaders';
import { OrgUnitModel, toOrgUnitModel } from '../org-units/org-unit.model';
import { readDate } from '../common/dates';
import { AsOfArgs, CreatePositionInput, UpdatePositionInput } from './dto/position.inputs';
import { holdersByPosition, roleByCode } from './position.loaders';
import {
  MandateModel,
  PositionModel,
  RoleModel,
  toMandateModel,
  toPositionModel,
  toRoleModel,
} from './position.model';
import { PositionsService } from './positions.service';

@Resolver(() => PositionModel)
export class PositionsResolver {
  constructor(private readonly positions: PositionsService) {}

  @Allow(Permission.Read)
  @Query(() => PositionModel, { description: 'A post by id.' })
  async position(
    @Context() ctx: RequestContext,
    @Args('id', { type: () => ID, description: 'The post’s id.' }) id: string,
  ): Promise<PositionModel> {
    return toPositionModel(await this.positions.get(ctx, id));
  }

  @Allow(Permission.Read)
  @Query(() => [RoleModel], { description: 'The catalogue of roles a post can have.' })
  @ListBound(DECLARED_BOUNDS.roles)
  async roles(@Context() ctx: RequestContext): Promise<RoleModel[]> {
    return (await this.positions.roles(ctx)).map(toRoleModel);
  }

  @Allow(Permission.ManageStructure)
  @Mutation(() => PositionModel, { description: 'Creates a post in a unit from a role of the catalogue.' })
  async createPosition(
    @Context() ctx: RequestContext,
    @Args('input', { description: 'The new post.' }) input: CreatePositionInput,
  ): Promise<PositionModel> {
    return toPositionModel(
      await audited(ctx, 'createPosition', Position, undefined, (tx) => this.positions.create(tx, input)),
    );
  }

  @Allow(Permission.ManageStructure)
  @Mutation(() => PositionModel, { description: 'Changes a post’s seats or titles.' })
  async updatePosition(
    @Context() ctx: RequestContext,
    @Args('input', { description: 'What changes.' }) input: UpdatePositionInput,
  ): Promise<PositionModel> {
    return toPositionModel(
      await audited(ctx, 'updatePosition', Position, input.id, (tx) => this.positions.update(tx, input)),
    );
  }

  @ResolveField(() => String, { description: 'The title in the asked language.' })
  @DirectResolver()
  name(position: PositionModel, @Args() { lang }: LangArgs): string {
    return pickName(lang, position.titleAr, position.titleFr);
  }

  @ResolveField(() => String, { description: 'The title in the asked language (the same as name).' })
  @DirectResolver()
  title(position: PositionModel, @Args() { lang }: LangArgs): string {
    return pickName(lang, position.titleAr, position.titleFr);
  }

  @ResolveField(() => OrgUnitModel, { description: 'The unit the post belongs to.' })
  async unit(position: PositionModel, _args: NoArgs, ctx: RequestContext): Promise<OrgUnitModel> {
    return toOrgUnitModel((await loader(ctx, orgUnitById).load(position.unitId))!, position.asOf);
  }

  @ResolveField(() => RoleModel, { description: 'The role the post instantiates.' })
  role(position: PositionModel, _args: NoArgs, ctx: RequestContext): RoleModel | Promise<RoleModel> {
    return related(position, 'role', () => loader(ctx, roleByCode).load(position.roleCode), toRoleModel);
  }

  @ResolveField(() => [MandateModel], {
    description: `Who held the post on asOf (default: the date read for, else today); at most its seats, counted as ${DECLARED_BOUNDS.holders} by the cost limit.`,
  })
  @ListBound(DECLARED_BOUNDS.holders)
  @DirectResolver()
  async holders(position: PositionModel, @Args() args: AsOfArgs, ctx: RequestContext) {
    const asOf = readDate(ctx, position, args.asOf);
    const rows = await loader(ctx, holdersByPosition, asOf).load(position.id);
    return rows.map((row) => toMandateModel(row, asOf));
  }
}

@Resolver(() => RoleModel)
export class RolesResolver {
  @ResolveField(() => String, { description: 'The title in the asked language.' })
  @DirectResolver()
  name(role: RoleModel, @Args() { lang }: LangArgs): string {
    return pickName(lang, role.titleAr, role.titleFr);
  }

  @ResolveField(() => String, { description: 'The title in the asked language (the same as name).' })
  @DirectResolver()
  title(role: RoleModel, @Args() { lang }: LangArgs): string {
    return pickName(lang, role.titleAr, role.titleFr);
  }
}
