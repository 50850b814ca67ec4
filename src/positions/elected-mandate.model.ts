import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { enumOf } from '../common/names';
import { CalendarDate } from '../common/scalars';
import { ELECTED_BODIES, ElectedBody, ElectedMandate, SEAT_ROLES, SeatRole } from './elected-mandate.entity';

export const ElectedBodyEnum = enumOf(ELECTED_BODIES, 'ElectedBody', 'An elected body outside the party.', {
  COMMUNE_COUNCIL: 'The council of a commune.',
  ARRONDISSEMENT_COUNCIL: 'The council of an arrondissement of a large city.',
  PROVINCIAL_COUNCIL: 'The council of a prefecture or province.',
  REGIONAL_COUNCIL: 'The council of a region.',
  HOUSE_OF_REPRESENTATIVES: 'The House of Representatives (مجلس النواب).',
  HOUSE_OF_COUNCILLORS: 'The House of Councillors (مجلس المستشارين).',
});
export const SeatRoleEnum = enumOf(SEAT_ROLES, 'SeatRole', 'The part a seat holder has in the body.', {
  MEMBER: 'A member (councillor, deputy).',
  PRESIDENT: 'Its president (a mayor, for a commune council).',
  VICE_PRESIDENT: 'A vice-president.',
  SECRETARY: 'Its secretary.',
});

@ObjectType('ElectedMandate', {
  description:
    'A seat won in an election (a commune council, parliament): a mandate outside the party’s posts, which gives no access.',
})
export class ElectedMandateModel {
  @Field(() => ID, { description: 'Stable id.' }) id: string;
  @Field(() => ElectedBodyEnum, { description: 'The body the seat is in.' }) body: ElectedBody;
  @Field(() => SeatRoleEnum, { description: 'The holder’s part in it.' }) seatRole: SeatRole;
  @Field(() => CalendarDate, { nullable: true, description: 'First day of the term; null when unknown.' })
  startsOn: string | null;
  @Field(() => CalendarDate, {
    nullable: true,
    description: 'A day a source shows the holder in office, when the start is unknown.',
  })
  attestedOn: string | null;
  @Field(() => CalendarDate, { nullable: true, description: 'Last day of the term; null while it runs.' })
  endsOn: string | null;
  @Field(() => String, { nullable: true, description: 'Where the seat is documented.' }) source:
    string | null;
  @Field(() => Int, { description: 'Changes with every update.' }) version: number;
  personId: string;
  territoryId: string | null;
}

export const toElectedMandateModel = (row: ElectedMandate): ElectedMandateModel =>
  Object.assign(new ElectedMandateModel(), {
    id: row.id,
    body: row.body,
    seatRole: row.seatRole,
    startsOn: row.startsOn,
    attestedOn: row.attestedOn,
    endsOn: row.endsOn,
    source: row.source,
    version: row.version,
    personId: row.personId,
    territoryId: row.territoryId,
  });
