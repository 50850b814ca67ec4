import { Permission } from '../access/access';
import { Allow } from '../access/allow.decorator';
import { Args, Context, Info, Mutation, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { GraphQLResolveInfo } from 'graphql';
import { audited } from '../audit/audited';
import { loader, RequestContext, NoArgs } from '../common/context';
import { readDate } from '../common/dates';
import { DirectResolver } from '../common/validation';
import { DECLARED_BOUNDS, ListBound } from '../common/graphql-limits';
import { LEVEL_DEPTH } from './org-unit.rules';
import { nestedDepth } from '../common/lookahead';
import { ALIASES_MAX, LangArgs, pickName } from '../common/names';
import { toConnection, toPage } from '../common/pagination';
import { territoryById } from '../territories/territory.loaders';
import { TerritoriesService } from '../territories/territories.service';
import { TerritoryConnection, TerritoryModel, toTerritoryModel } from '../territories/territory.model';
import {
  CreateOrgUnitInput,
  DescendantsArgs,
  MoveOrgUnitInput,
  OrgUnitArgs,
  OrgUnitsArgs,
  SetOrgUnitAliasesInput,
  TerritoriesWithoutUnitArgs,
  UpdateOrgUnitInput,
} from './dto/org-unit.inputs';
import { OrgUnit } from './org-unit.entity';
import {
  orgUnitAliases,
  orgUnitAncestors,
  orgUnitById,
  orgUnitChildren,
  orgUnitChildrenOn,
  orgUnitSubtreeOn,
  orgUnitSubtree,
  treeDiffersOn,
  unitPeriodsByUnit,
  UnitState,
  unitStateOn,
} from './org-unit.loaders';
import { spans } from '../common/periods';
import {
  OrgUnitConnection,
  OrgUnitModel,
  OrgUnitStatus,
  toOrgUnitModel,
  UnitNameModel,
} from './org-unit.model';
import { OrgUnitsService } from './org-units.service';

/** `f` of a state that may still be loading. */
const mapState = <T>(state: UnitState | Promise<UnitState>, f: (state: UnitState) => T): T | Promise<T> =>
  state instanceof Promise ? state.then(f) : f(state);

/**
 * The units above a unit on `day`, root first, following each one's parent of that day (a unit that
 * moved since answers its old place). Stops at a unit the caller may not see, as the chain of today does.
 */
async function ancestorsOn(ctx: RequestContext, unit: OrgUnitModel, day: string): Promise<OrgUnit[]> {
  const chain: OrgUnit[] = [];
  let below: UnitState & { id: string; currentSince: string | null } = unit;
  for (let depth = 0; depth < LEVEL_DEPTH.LOCAL - 1; depth++) {
    const { parentId } = await unitStateOn(ctx, below, day);
    const parent = parentId ? await loader(ctx, orgUnitById).load(parentId) : undefined;
    if (!parent) break;
    chain.unshift(parent);
    below = parent;
  }
  return chain;
}

/**
 * The sub-units of a unit existing on a date. `children { children { … } }` (`levels` > 1): the levels
 * asked for are loaded at once, not one level per round trip. On a past day when the tree differed
 * from today's, the children of that day, by their parents then.
 */
async function childrenOf(
  ctx: RequestContext,
  unitId: string,
  asOf: string,
  levels: number,
): Promise<OrgUnit[]> {
  const [subtree, children] = (await treeDiffersOn(ctx, asOf))
    ? [orgUnitSubtreeOn, orgUnitChildrenOn]
    : [orgUnitSubtree, orgUnitChildren];
  if (levels > 1) await loader(ctx, subtree, asOf).load(`${unitId}|${levels}`);
  return loader(ctx, children, asOf).load(unitId);
}

@Resolver(() => OrgUnitModel)
export class OrgUnitsResolver {
  constructor(
    private readonly units: OrgUnitsService,
    private readonly territories: TerritoriesService,
  ) {}

  @Allow(Permission.Read)
  @Query(() => TerritoryConnection, {
    description:
      'Territories of a kind under an area where the party has no unit (none that you can see, existing on asOf, covers the territory or a territory inside it), in code order: where a series cannot reach a unit.',
  })
  async territoriesWithoutUnit(
    @Context() ctx: RequestContext,
    @Args() args: TerritoriesWithoutUnitArgs,
    @Info() info: GraphQLResolveInfo,
  ) {
    const page = toPage(args, info);
    const area = await this.territories.byIdOrCode(ctx, args.under);
    const [rows, total] = await this.units.withoutUnit(
      ctx,
      {
        underTerritoryId: area.id,
        kind: args.kind,
        communeKind: args.communeKind,
        asOf: args.asOf ?? ctx.today,
      },
      page,
    );
    return toConnection(rows.map(toTerritoryModel), total, page);
  }

  @Allow(Permission.Read)
  @Query(() => OrgUnitModel, { description: 'A unit by id or code.' })
  async orgUnit(
    @Context() ctx: RequestContext,
    @Args() args: OrgUnitArgs,
    @Info() info: GraphQLResolveInfo,
  ): Promise<OrgUnitModel> {
    const withAncestors = nestedDepth(info, 'ancestors') > 1;
    // An org chart: its units are read before the unit's own fields run (with the unit itself when it
    // is asked by code), so that the officials of all its levels are asked for together.
    const levels = nestedDepth(info, 'children') - 1;
    const subtree = levels > 0 ? { asOf: args.asOf ?? ctx.today, levels } : undefined;
    const unit = toOrgUnitModel(
      await this.units.get(ctx, args, { withAncestors, subtree, asOf: args.asOf }),
      args.asOf,
    );
    if (subtree) await childrenOf(ctx, unit.id, subtree.asOf, levels);
    return unit;
  }

  @Allow(Permission.Read)
  @Query(() => OrgUnitConnection, { description: 'Units existing on asOf (default today), in tree order.' })
  async orgUnits(
    @Context() ctx: RequestContext,
    @Args() args: OrgUnitsArgs,
    @Info() info: GraphQLResolveInfo,
  ) {
    const page = toPage(args, info);
    const asOf = args.asOf ?? ctx.today;
    const [rows, total] = await this.units.list(ctx, args.filter ?? {}, asOf, page);
    return toConnection(
      rows.map((row) => toOrgUnitModel(row, asOf)),
      total,
      page,
    );
  }

  @Allow(Permission.ManageStructure)
  @Mutation(() => OrgUnitModel, { description: 'Creates a unit under its parent.' })
  async createOrgUnit(
    @Context() ctx: RequestContext,
    @Args('input', { description: 'The new unit.' }) input: CreateOrgUnitInput,
  ): Promise<OrgUnitModel> {
    return toOrgUnitModel(
      await audited(ctx, 'createOrgUnit', OrgUnit, undefined, (tx) => this.units.create(tx, input)),
    );
  }

  @Allow(Permission.ManageStructure)
  @Mutation(() => OrgUnitModel, {
    description: 'Changes a unit’s code, names, territory or founding date (not its place in the tree).',
  })
  async updateOrgUnit(
    @Context() ctx: RequestContext,
    @Args('input', { description: 'What changes.' }) input: UpdateOrgUnitInput,
  ): Promise<OrgUnitModel> {
    return toOrgUnitModel(
      await audited(ctx, 'updateOrgUnit', OrgUnit, input.id, (tx) => this.units.update(tx, input)),
    );
  }

  @Allow(Permission.ManageStructure)
  @Mutation(() => OrgUnitModel, { description: 'Moves a unit and its whole subtree under a new parent.' })
  async moveOrgUnit(
    @Context() ctx: RequestContext,
    @Args('input', { description: 'The unit, its new parent and the version last read.' })
    input: MoveOrgUnitInput,
  ): Promise<OrgUnitModel> {
    return toOrgUnitModel(
      await audited(ctx, 'moveOrgUnit', OrgUnit, input.id, (tx) => this.units.move(tx, input)),
    );
  }

  @Allow(Permission.ManageStructure)
  @Mutation(() => OrgUnitModel, {
    description: 'Records the other names a unit goes by (replacing those recorded); they are searched too.',
  })
  async setOrgUnitAliases(
    @Context() ctx: RequestContext,
    @Args('input', { description: 'The unit (by id or code) and every alias.' })
    input: SetOrgUnitAliasesInput,
  ): Promise<OrgUnitModel> {
    return toOrgUnitModel(
      await audited(
        ctx,
        'setOrgUnitAliases',
        OrgUnit,
        (tx) => this.units.refOf(tx, input),
        (tx) => this.units.setAliases(tx, input),
      ),
    );
  }

  @ResolveField(() => [String], {
    description:
      'Other names the unit goes by (a short name, an exonym), in alphabetical order; searched too.',
  })
  @ListBound(ALIASES_MAX)
  aliases(unit: OrgUnitModel, _args: NoArgs, ctx: RequestContext): Promise<string[]> {
    return loader(ctx, orgUnitAliases).load(unit.id);
  }

  @ResolveField(() => String, {
    description: 'Name in Arabic, as it was on the date the unit was read for (see nameHistory).',
  })
  nameAr(unit: OrgUnitModel, _args: NoArgs, ctx: RequestContext): string | Promise<string> {
    return mapState(unitStateOn(ctx, unit, unit.asOf), (state) => state.nameAr);
  }

  @ResolveField(() => String, {
    description: 'Name in French, as it was on the date the unit was read for (see nameHistory).',
  })
  nameFr(unit: OrgUnitModel, _args: NoArgs, ctx: RequestContext): string | Promise<string> {
    return mapState(unitStateOn(ctx, unit, unit.asOf), (state) => state.nameFr);
  }

  @ResolveField(() => String, {
    description: 'The name in the asked language (or the other one), as it was on the date read for.',
  })
  @DirectResolver()
  name(unit: OrgUnitModel, @Args() { lang }: LangArgs, ctx: RequestContext): string | Promise<string> {
    return mapState(unitStateOn(ctx, unit, unit.asOf), (state) => pickName(lang, state.nameAr, state.nameFr));
  }

  @ResolveField(() => [UnitNameModel], {
    description: `The unit’s successive names with their days, oldest first (at most ${DECLARED_BOUNDS.history} counted by the cost limit).`,
  })
  @ListBound(DECLARED_BOUNDS.history)
  async nameHistory(unit: OrgUnitModel, _args: NoArgs, ctx: RequestContext): Promise<UnitNameModel[]> {
    const periods = await loader(ctx, unitPeriodsByUnit).load(unit.id);
    return spans(
      periods,
      unit,
      unit.currentSince,
      (a, b) => a.nameAr === b.nameAr && a.nameFr === b.nameFr,
    ).map(({ state, from, until }) => ({ nameAr: state.nameAr, nameFr: state.nameFr, from, until }));
  }

  @ResolveField(() => OrgUnitStatus, { description: 'On the date the unit was read for (default today).' })
  status(unit: OrgUnitModel, _args: NoArgs, ctx: RequestContext): OrgUnitStatus {
    const date = readDate(ctx, unit);
    return unit.dissolvedOn !== null && unit.dissolvedOn <= date
      ? OrgUnitStatus.DISSOLVED
      : OrgUnitStatus.ACTIVE;
  }

  @ResolveField(() => OrgUnitModel, {
    nullable: true,
    description: 'The unit above; null for a national unit.',
  })
  async parent(unit: OrgUnitModel, _args: NoArgs, ctx: RequestContext): Promise<OrgUnitModel | null> {
    const { parentId } = await unitStateOn(ctx, unit, unit.asOf);
    if (!parentId) return null;
    const row = await loader(ctx, orgUnitById).load(parentId);
    return row ? toOrgUnitModel(row, unit.asOf) : null;
  }

  @ResolveField(() => [OrgUnitModel], { description: 'From the national root down to the parent.' })
  @ListBound(LEVEL_DEPTH.LOCAL - 1)
  async ancestors(unit: OrgUnitModel, _args: NoArgs, ctx: RequestContext): Promise<OrgUnitModel[]> {
    const rows = await loader(ctx, orgUnitAncestors).load(unit.id);
    // The chain of today holds on the day read for unless a unit on it moved since.
    const asOf = unit.asOf;
    const moved = asOf && [unit, ...rows].some((u) => u.currentSince !== null && asOf < u.currentSince);
    const chain = moved ? await ancestorsOn(ctx, unit, asOf) : rows;
    return chain.map((row) => toOrgUnitModel(row, unit.asOf));
  }

  @ResolveField(() => [OrgUnitModel], {
    description: `Sub-units existing on the date read for (counted as ${DECLARED_BOUNDS.children} by the cost limit).`,
  })
  @ListBound(DECLARED_BOUNDS.children)
  async children(
    unit: OrgUnitModel,
    _args: NoArgs,
    ctx: RequestContext,
    info: GraphQLResolveInfo,
  ): Promise<OrgUnitModel[]> {
    const asOf = readDate(ctx, unit);
    const rows = await childrenOf(ctx, unit.id, asOf, nestedDepth(info, 'children'));
    return rows.map((row) => toOrgUnitModel(row, asOf));
  }

  @ResolveField(() => OrgUnitConnection, {
    description: 'Every unit below this one (optionally of one level).',
  })
  @DirectResolver()
  async descendants(unit: OrgUnitModel, @Args() args: DescendantsArgs, ctx: RequestContext) {
    const page = toPage(args);
    const asOf = readDate(ctx, unit);
    const { rows, total, cursors } = await this.units.descendants(ctx, unit.id, args.level, asOf, page);
    return toConnection(
      rows.map((row) => toOrgUnitModel(row, asOf)),
      total,
      page,
      cursors,
    );
  }

  @ResolveField(() => TerritoryModel, { nullable: true, description: 'The territory this unit covers.' })
  async territory(unit: OrgUnitModel, _args: NoArgs, ctx: RequestContext): Promise<TerritoryModel | null> {
    if (!unit.territoryId) return null;
    const row = await loader(ctx, territoryById).load(unit.territoryId);
    return row ? toTerritoryModel(row) : null;
  }
}

/** A name a unit bore, in the asked language, like every name-bearing type. */
@Resolver(() => UnitNameModel)
export class UnitNameResolver {
  @ResolveField(() => String, { description: 'The name in the asked language (or the other one).' })
  @DirectResolver()
  name(unitName: UnitNameModel, @Args() { lang }: LangArgs): string {
    return pickName(lang, unitName.nameAr, unitName.nameFr);
  }
}
