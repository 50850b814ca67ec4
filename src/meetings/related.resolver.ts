import { Args, ResolveField, Resolver } from '@nestjs/graphql';
import { loader, RequestContext } from '../common/context';
import { DirectResolver } from '../common/validation';
import { ConnectionType, PageArgs, toConnection, toPage } from '../common/pagination';
import { OrgUnitModel } from '../org-units/org-unit.model';
import { PersonModel } from '../people/person.model';
import { UnitMeetingsArgs } from './dto/related.args';
import { Meeting } from './meeting.entity';
import { ParticipationModel, toMeetingModel, toParticipationModel } from './meeting.model';
import {
  meetingById,
  meetingPagesByUnit,
  participationPagesByPerson,
  UnitMeetingsQuery,
} from './meeting.loaders';
import { MeetingConnection } from './meetings.resolver';

const ParticipationConnection = ConnectionType(ParticipationModel, 'Participation');

/** Meetings seen from a unit, and participations seen from a person. */
@Resolver(() => OrgUnitModel)
export class UnitMeetingsResolver {
  @ResolveField(() => MeetingConnection, {
    description: 'Meetings the unit convened or took part in, newest first.',
  })
  @DirectResolver()
  async meetings(unit: OrgUnitModel, @Args() args: UnitMeetingsArgs, ctx: RequestContext) {
    const { first: _first, after: _after, ...filter } = args;
    const query: UnitMeetingsQuery = { ...filter, page: toPage(args) };
    const { ids, total } = await loader(ctx, meetingPagesByUnit, query).load(unit.id);
    const rows = await loader(ctx, meetingById).loadMany(ids);
    const meetings = rows.filter((row): row is Meeting => row instanceof Meeting);
    return toConnection(meetings.map(toMeetingModel), total, query.page);
  }
}

@Resolver(() => PersonModel)
export class PersonParticipationsResolver {
  @ResolveField(() => ParticipationConnection, {
    description: 'The meetings this person took part in, newest first.',
  })
  @DirectResolver()
  async participations(person: PersonModel, @Args() args: PageArgs, ctx: RequestContext) {
    const page = toPage(args);
    const { rows, total } = await loader(ctx, participationPagesByPerson, page).load(person.id);
    // Each is this person's participation: the person is the one asked about.
    return toConnection(
      rows.map((row) => toParticipationModel(row, person)),
      total,
      page,
    );
  }
}
