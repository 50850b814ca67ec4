import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import { Permission } from '../access/access';
import { Allow } from '../access/allow.decorator';
import { audited } from '../audit/audited';
import { RequestContext } from '../common/context';
import { DissolveOrgUnitInput } from '../org-units/dto/org-unit.inputs';
import { OrgUnit } from '../org-units/org-unit.entity';
import { OrgUnitModel, toOrgUnitModel } from '../org-units/org-unit.model';
import { OrgUnitsService } from '../org-units/org-units.service';
import { MandatesService } from './mandates.service';

/**
 * Dissolving a unit ends the mandates of its posts: the step needs both units and mandates, so it
 * lives here, above org-units, which knows nothing of posts.
 */
@Resolver()
export class UnitDissolutionResolver {
  constructor(
    private readonly units: OrgUnitsService,
    private readonly mandates: MandatesService,
  ) {}

  @Allow(Permission.ManageStructure)
  @Mutation(() => OrgUnitModel, { description: 'Dissolves a unit; its open mandates end the day before.' })
  async dissolveOrgUnit(
    @Context() ctx: RequestContext,
    @Args('input', { description: 'The unit, the day it ends and the version last read.' })
    input: DissolveOrgUnitInput,
  ): Promise<OrgUnitModel> {
    const unit = await audited(ctx, 'dissolveOrgUnit', OrgUnit, input.id, (tx) =>
      this.units.dissolve(tx, input, (held) =>
        this.mandates.endForDissolvedUnit(tx, held, input.dissolvedOn),
      ),
    );
    return toOrgUnitModel(unit);
  }
}
