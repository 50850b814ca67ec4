import { Args, ResolveField, Resolver } from '@nestjs/graphql';
import { GraphQLResolveInfo } from 'graphql';
import { loader, RequestContext, NoArgs } from '../common/context';
import { readDate } from '../common/dates';
import { DirectResolver } from '../common/validation';
import { DECLARED_BOUNDS, ListBound } from '../common/graphql-limits';
import { OrgUnitModel } from '../org-units/org-unit.model';
import { existsOn } from '../org-units/org-unit.rules';
import { AsOfArgs } from './dto/position.inputs';
import {
  officialsByUnit,
  officialsReadAsked,
  positionsByUnit,
  vacanciesByUnit,
  vacancyPagesBy,
} from './position.loaders';
import {
  MandateModel,
  PositionModel,
  toMandateModel,
  toPositionModel,
  VacancyDeclarationConnection,
  VacancyModel,
} from './position.model';
import { PageArgs, toConnection, toPage } from '../common/pagination';
import { vacancyState } from './position.rules';

/** Posts and their holders, seen from a unit. */
@Resolver(() => OrgUnitModel)
export class UnitPostsResolver {
  @ResolveField(() => VacancyDeclarationConnection, {
    description:
      'The seats of the unit’s posts recorded as known to be vacant (declareVacancy), latest first.',
  })
  @DirectResolver()
  async vacancyDeclarations(unit: OrgUnitModel, @Args() args: PageArgs, ctx: RequestContext) {
    const page = toPage(args);
    const { rows, total, cursors } = await loader(ctx, vacancyPagesBy, ['unit', page]).load(unit.id);
    return toConnection(rows, total, page, cursors);
  }

  @ResolveField(() => [PositionModel], {
    description: 'Every post of the unit, held or vacant: at most one per role.',
  })
  @ListBound(DECLARED_BOUNDS.roles)
  async positions(unit: OrgUnitModel, _args: NoArgs, ctx: RequestContext): Promise<PositionModel[]> {
    const rows = await loader(ctx, positionsByUnit).load(unit.id);
    return rows.map((row) => toPositionModel(row, unit.asOf));
  }

  @ResolveField(() => [MandateModel], {
    description: `Who held the unit’s posts on asOf (counted as ${DECLARED_BOUNDS.holders} by the cost limit).`,
  })
  @ListBound(DECLARED_BOUNDS.holders)
  @DirectResolver()
  async officials(unit: OrgUnitModel, @Args() args: AsOfArgs, ctx: RequestContext, info: GraphQLResolveInfo) {
    const asOf = readDate(ctx, unit, args.asOf);
    const rows = await loader(ctx, officialsByUnit, [asOf, officialsReadAsked(info)]).load(unit.id);
    return rows.map((row) => toMandateModel(row, asOf));
  }

  @ResolveField(() => [VacancyModel], {
    description:
      'Posts with a seat nobody is recorded to hold on asOf (none while the unit does not exist), each saying whether that seat is known to be vacant or its holder unknown.',
  })
  @ListBound(DECLARED_BOUNDS.roles)
  @DirectResolver()
  async vacancies(unit: OrgUnitModel, @Args() args: AsOfArgs, ctx: RequestContext) {
    const asOf = readDate(ctx, unit, args.asOf);
    if (!existsOn(unit, asOf)) return [];
    const rows = await loader(ctx, vacanciesByUnit, asOf).load(unit.id);
    return rows.map(({ position, vacantSeats, knownVacantSeats }) => ({
      position: toPositionModel(position, asOf),
      vacantSeats,
      knownVacantSeats,
      holderUnknownSeats: vacantSeats - knownVacantSeats,
      state: vacancyState(vacantSeats, knownVacantSeats),
      asOf,
    }));
  }
}
