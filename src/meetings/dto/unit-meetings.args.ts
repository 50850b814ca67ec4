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
  @Field(() => CalendarDate, { nullable: true }) from?: string;
  @Field(() => CalendarDate, { nullable: true }) to?: string;
  @Field(() => MeetingKindEnum, { nullable: true }) @IsOptional() @IsIn(MEETING_KINDS) kind?: MeetingKind;
  @Field(() => MeetingStatusEnum, { nullable: true })
  @IsOptional()
  @IsIn(MEETING_STATUSES)
  status?: MeetingStatus;
}
