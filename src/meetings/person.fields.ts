import { visibleMeeting } from '../access/visibility';
import { Args, ResolveField, Resolver } from '@nestjs/graphql';
import { RequestContext } from '../common/context';
import { DirectResolver } from '../common/validation';
import { ConnectionType, PageArgs, toConnection, toPage } from '../common/pagination';
import { PersonModel } from '../people/person.model';
import { Meeting, Participation } from './meeting.entity';
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
    const [rows, total] = await ctx.manager
      .createQueryBuilder(Participation, 'p')
      .innerJoin(Meeting, 'm', 'm.id = p.meeting_id')
      .where('p.person_id = :personId', { personId: person.id })
      .andWhere(...visibleMeeting(ctx, 'm'))
      .orderBy('m.held_on', 'DESC')
      .addOrderBy('p.id')
      .offset(page.offset)
      .limit(page.limit)
      .getManyAndCount();
    // Each is this person's participation: the person is the one asked about.
    return toConnection(
      rows.map((row) => toParticipationModel(row, person)),
      total,
      page,
    );
  }
}
