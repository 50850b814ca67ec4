import { Args, ResolveField, Resolver } from '@nestjs/graphql';
import { loader, RequestContext } from '../common/context';
import { DirectResolver } from '../common/validation';
import { ConnectionType, PageArgs, toConnection, toPage } from '../common/pagination';
import { PersonModel } from '../people/person.model';
import { participationPagesByPerson } from './meeting.loaders';
import { ParticipationModel, toParticipationModel } from './meeting.model';

const ParticipationConnection = ConnectionType(ParticipationModel, 'Participation');

/** The meetings a person took part in. */
@Resolver(() => PersonModel)
export class PersonParticipationsResolver {
  @ResolveField(() => ParticipationConnection, {
    description: 'The meetings this person took part in, newest first.',
  })
  @DirectResolver()
  async participations(person: PersonModel, @Args() args: PageArgs, ctx: RequestContext) {
    const page = toPage(args);
    const { rows, total, cursors } = await loader(ctx, participationPagesByPerson, page).load(person.id);
    // Each is this person's participation: the person is the one asked about.
    return toConnection(
      rows.map((row) => toParticipationModel(row, person)),
      total,
      page,
      cursors,
    );
  }
}
