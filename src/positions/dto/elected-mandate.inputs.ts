import { Field, ID, InputType } from '@nestjs/graphql';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { CalendarDate } from '../../common/scalars';
import { OptionalText } from '../../common/validation';
import { ELECTED_BODIES, ElectedBody, SEAT_ROLES, SeatRole } from '../elected-mandate.entity';
import { ElectedBodyEnum, SeatRoleEnum } from '../elected-mandate.model';

@InputType({ description: 'A seat a person won in an election; a start or an attesting day is needed.' })
export class RecordElectedMandateInput {
  @Field(() => ID, { description: 'The person holding the seat.' }) @IsString() personId: string;
  @Field(() => ElectedBodyEnum, { description: 'The body the seat is in.' })
  @IsIn(ELECTED_BODIES)
  body: ElectedBody;
  @Field(() => ID, {
    nullable: true,
    description:
      'The territory whose council it is, by id or ISO/HCP code (a commune for COMMUNE_COUNCIL); none for the two houses.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  territory?: string;
  @Field(() => SeatRoleEnum, { nullable: true, description: 'Default MEMBER.' })
  @IsOptional()
  @IsIn(SEAT_ROLES)
  seatRole?: SeatRole;
  @Field(() => CalendarDate, { nullable: true, description: 'First day of the term, when known.' })
  startsOn?: string;
  @Field(() => CalendarDate, { nullable: true, description: 'A day a source shows the holder in office.' })
  attestedOn?: string;
  @Field(() => CalendarDate, { nullable: true, description: 'Last day of the term, when it has ended.' })
  endsOn?: string;
  @Field({ nullable: true, description: 'Where the seat is documented.' })
  @OptionalText('source')
  source?: string;
}
