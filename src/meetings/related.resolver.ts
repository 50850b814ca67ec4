import { visibleMeeting } from '../access/visibility';
import { Args, ResolveField, Resolver } from '@nestjs/graphql';
import { loader, RequestContext } from '../common/context';
import { DirectResolver } from '../common/validation';
import { ConnectionType, PageArgs, toConnection, toPage } from '../common/pagination';
import { OrgUnitModel } from '../org-units/org-unit.model';
import { PersonModel } from '../people/person.model';
import { UnitMeetingsArgs } from './dto/related.args';
import { Meeting, Participation } from './meeting.entity';
import { ParticipationModel, toMeetingModel, toParticipationModel } from './meeting.model';
import { meetingById, meetingPagesByUnit, UnitMeetingsQuery } from './meeting.loaders';
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
    const { ids, total } = await loader(ctx, meetingPagesByUnit, JSON.stringify(query)).load(unit.id);
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
