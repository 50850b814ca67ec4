import { ArgsType, Field } from '@nestjs/graphql';
import { IsBoolean, IsIn, IsOptional } from 'class-validator';
import { PageArgs } from '../../common/pagination';
import { CalendarDate } from '../../common/scalars';
import { MEETING_KINDS, MEETING_STATUSES, MeetingKind, MeetingStatus } from '../meeting.entity';
import { MeetingKindEnum, MeetingStatusEnum } from '../meeting.model';

@ArgsType()
export class UnitMeetingsArgs extends PageArgs {
  @Field({ nullable: true, description: 'Also meetings of the units below.' })
  @IsOptional()
  @IsBoolean()
  includeDescendants?: boolean;
  @Field(() => CalendarDate, { nullable: true, description: 'From this day, inclusive.' }) from?: string;
  @Field(() => CalendarDate, { nullable: true, description: 'To this day, inclusive.' }) to?: string;
  @Field(() => MeetingKindEnum, { nullable: true, description: 'Only meetings of this kind.' })
  @IsOptional()
  @IsIn(MEETING_KINDS)
  kind?: MeetingKind;
  @Field(() => MeetingStatusEnum, { nullable: true, description: 'Only meetings with this status.' })
  @IsOptional()
  @IsIn(MEETING_STATUSES)
  status?: MeetingStatus;
}
