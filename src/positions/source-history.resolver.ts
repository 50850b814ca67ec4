import { Args, ResolveField, Resolver } from '@nestjs/graphql';
import { loader, NoArgs, RequestContext } from '../common/context';
import { PageArgs, toConnection, toPage } from '../common/pagination';
import { DirectResolver } from '../common/validation';
import { confirmationPagesByMandate, positionById, vacancyPagesBy } from './position.loaders';
import {
  MandateConfirmationConnection,
  MandateModel,
  PositionModel,
  toPositionModel,
  VacancyDeclarationConnection,
  VacancyDeclarationModel,
} from './position.model';

/** The sources that attested a mandate over time. */
@Resolver(() => MandateModel)
export class MandateConfirmationsResolver {
  @ResolveField(() => MandateConfirmationConnection, {
    description:
      'Every source that attested the mandate after its start or attestation (confirmMandate, held meetings the holder attended in the post), latest day first: lastConfirmedOn is the latest of them.',
  })
  @DirectResolver()
  async confirmations(mandate: MandateModel, @Args() args: PageArgs, ctx: RequestContext) {
    const page = toPage(args);
    const { rows, total, cursors } = await loader(ctx, confirmationPagesByMandate, page).load(mandate.id);
    return toConnection(rows, total, page, cursors);
  }
}

/** The vacancies recorded on a post. */
@Resolver(() => PositionModel)
export class PositionVacancyDeclarationsResolver {
  @ResolveField(() => VacancyDeclarationConnection, {
    description: 'The seats of this post recorded as known to be vacant (declareVacancy), latest first.',
  })
  @DirectResolver()
  async vacancyDeclarations(position: PositionModel, @Args() args: PageArgs, ctx: RequestContext) {
    const page = toPage(args);
    const { rows, total, cursors } = await loader(ctx, vacancyPagesBy, ['position', page]).load(position.id);
    return toConnection(rows, total, page, cursors);
  }
}

@Resolver(() => VacancyDeclarationModel)
export class VacancyDeclarationResolver {
  @ResolveField(() => PositionModel, { description: 'The post whose seat it is.' })
  async position(declaration: VacancyDeclarationModel, _args: NoArgs, ctx: RequestContext) {
    // The declaration was read through its post or its post's unit: the post is visible.
    return toPositionModel((await loader(ctx, positionById).load(declaration.positionId))!);
  }
}
