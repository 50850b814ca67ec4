import { ResolveField, Resolver } from '@nestjs/graphql';
import { loader, NoArgs, RequestContext } from '../common/context';
import { MandateConfirmationModel } from '../positions/position.model';
import { meetingById } from './meeting.loaders';
import { MeetingModel, toMeetingModel } from './meeting.model';

/** The meeting that attested a mandate, seen from the confirmation. */
@Resolver(() => MandateConfirmationModel)
export class MandateConfirmationMeetingResolver {
  @ResolveField(() => MeetingModel, {
    nullable: true,
    description:
      'The held meeting the holder attended in the post, when that is the source; null for another source, or a meeting you may not read.',
  })
  async meeting(confirmation: MandateConfirmationModel, _args: NoArgs, ctx: RequestContext) {
    if (!confirmation.meetingId) return null;
    const row = await loader(ctx, meetingById).load(confirmation.meetingId);
    return row ? toMeetingModel(row) : null;
  }
}
