import { Args, ResolveField, Resolver } from '@nestjs/graphql';
import { GraphQLResolveInfo } from 'graphql';
import { loader, RequestContext } from '../common/context';
import { DirectResolver } from '../common/validation';
import { toConnection, toPage } from '../common/pagination';
import { OrgUnitModel } from '../org-units/org-unit.model';
import { UnitMeetingsArgs } from './dto/unit-meetings.args';
import { toMeetingModel } from './meeting.model';
import { meetingFieldsAsked, meetingPagesByUnit, UnitMeetingsQuery } from './meeting.loaders';
import { MeetingConnection } from './meetings.resolver';

/** Meetings seen from a unit. */
@Resolver(() => OrgUnitModel)
export class UnitMeetingsResolver {
  @ResolveField(() => MeetingConnection, {
    description: 'Meetings the unit convened or took part in, newest first.',
  })
  @DirectResolver()
  async meetings(
    unit: OrgUnitModel,
    @Args() args: UnitMeetingsArgs,
    ctx: RequestContext,
    info: GraphQLResolveInfo,
  ) {
    const { first: _first, after: _after, ...filter } = args;
    const { columns, attendance } = meetingFieldsAsked(info, ['edges', 'node']);
    const query: UnitMeetingsQuery = { ...filter, page: toPage(args), columns, attendance };
    const { meetings, total, cursors } = await loader(ctx, meetingPagesByUnit, query).load(unit.id);
    return toConnection(
      meetings.map(({ row, attendance }) => toMeetingModel(row, attendance)),
      total,
      query.page,
      cursors,
    );
  }
}
