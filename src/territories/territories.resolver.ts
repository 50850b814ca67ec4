import { GraphQLResolveInfo } from 'graphql';
import { Permission } from '../access/access';
import { Allow } from '../access/allow.decorator';
import { Args, Context, Query, ResolveField, Resolver, Info } from '@nestjs/graphql';
import { loader, RequestContext, NoArgs } from '../common/context';
import { DirectResolver } from '../common/validation';
import { TERRITORY_KINDS } from './territory.entity';
import { DECLARED_BOUNDS, ListBound } from '../common/graphql-limits';
import { LangArgs, pickName } from '../common/names';
import { toConnection, toPage } from '../common/pagination';
import { TerritoriesService } from './territories.service';
import { TerritoriesArgs, TerritoryArgs } from './dto/territories.args';
import { territoryAncestors, territoryById, territoryChildren } from './territory.loaders';
import { TerritoryConnection, TerritoryModel, toTerritoryModel } from './territory.model';

@Resolver(() => TerritoryModel)
export class TerritoriesResolver {
  constructor(private readonly territoriesService: TerritoriesService) {}

  @Allow(Permission.Read)
  @Query(() => TerritoryModel, { description: 'A territory by id or by ISO/HCP code.' })
  async territory(@Context() ctx: RequestContext, @Args() args: TerritoryArgs): Promise<TerritoryModel> {
    return toTerritoryModel(await this.territoriesService.get(ctx, args));
  }

  @Allow(Permission.Read)
  @Query(() => TerritoryConnection, {
    description: 'Territories of Morocco (regions, provinces, communes…), in code order.',
  })
  async territories(
    @Context() ctx: RequestContext,
    @Args() args: TerritoriesArgs,
    @Info() info: GraphQLResolveInfo,
  ) {
    const page = toPage(args, info);
    const [rows, total] = await this.territoriesService.list(ctx, args.filter ?? {}, page);
    return toConnection(rows.map(toTerritoryModel), total, page);
  }

  @ResolveField(() => String, { description: 'The name in the asked language (or the other one).' })
  @DirectResolver()
  name(territory: TerritoryModel, @Args() { lang }: LangArgs): string {
    return pickName(lang, territory.nameAr, territory.nameFr);
  }

  @ResolveField(() => TerritoryModel, {
    nullable: true,
    description: 'The territory this one lies in; null for the country.',
  })
  async parent(
    territory: TerritoryModel,
    _args: NoArgs,
    ctx: RequestContext,
  ): Promise<TerritoryModel | null> {
    if (!territory.parentId) return null;
    const row = await loader(ctx, territoryById).load(territory.parentId);
    return row ? toTerritoryModel(row) : null;
  }

  @ResolveField(() => [TerritoryModel], {
    description: `Counted as ${DECLARED_BOUNDS.children} by the cost limit.`,
  })
  @ListBound(DECLARED_BOUNDS.children)
  async children(territory: TerritoryModel, _args: NoArgs, ctx: RequestContext): Promise<TerritoryModel[]> {
    return (await loader(ctx, territoryChildren).load(territory.id)).map(toTerritoryModel);
  }

  @ResolveField(() => [TerritoryModel], { description: 'From the country down to the parent.' })
  @ListBound(TERRITORY_KINDS.length - 1)
  async ancestors(territory: TerritoryModel, _args: NoArgs, ctx: RequestContext): Promise<TerritoryModel[]> {
    return (await loader(ctx, territoryAncestors).load(territory.id)).map(toTerritoryModel);
  }
}
