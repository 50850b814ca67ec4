import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { CalendarDate } from '../common/scalars';
import { enumOf } from '../common/names';
import { GENDERS, Gender, Person } from './person.entity';

export const GenderEnum = enumOf(GENDERS, 'Gender', 'As recorded in the registry.', {
  FEMALE: 'Female.',
  MALE: 'Male.',
});

/** A member or official. Contact data is not part of this type. */
@ObjectType('Person', { description: 'A person in the registry: member, official or contact.' })
export class PersonModel {
  @Field(() => ID, { description: 'Stable id (person(id:) finds it).' }) id: string;
  @Field(() => String, { nullable: true, description: 'Full name in Arabic script.' }) fullNameAr:
    string | null;
  @Field(() => String, { nullable: true, description: 'Full name in Latin transliteration.' })
  fullNameLatin: string | null;
  @Field(() => GenderEnum, { nullable: true, description: 'Gender, when recorded.' }) gender: Gender | null;
  @Field(() => String, { nullable: true, description: 'The party membership number, when a member.' })
  membershipNumber: string | null;
  @Field(() => Int, { description: 'Changes with every update; send it back as expectedVersion.' })
  version: number;
  homeUnitId: string | null;
  /** The first day of the current name (null: always so named); earlier names are kept with their days. */
  nameSince: string | null;
  /** Read only through the `contact` field, which checks the caller may see it. */
  contact: ContactDetailsModel;
}

@ObjectType('ContactDetails', { description: 'Personal contact data; needs access that sees contacts.' })
export class ContactDetailsModel {
  @Field(() => String, { nullable: true, description: 'Phone number.' }) phone: string | null;
  @Field(() => String, { nullable: true, description: 'Email address.' }) email: string | null;
  @Field(() => String, { nullable: true, description: 'Postal address (free text).' }) address: string | null;
}

export function toPersonModel(row: Person): PersonModel {
  return Object.assign(new PersonModel(), {
    id: row.id,
    fullNameAr: row.fullNameAr,
    fullNameLatin: row.fullNameLatin,
    gender: row.gender,
    membershipNumber: row.membershipNumber,
    version: row.version,
    homeUnitId: row.homeUnitId,
    nameSince: row.nameSince ?? null,
    contact: { phone: row.phone, email: row.email, address: row.address },
  });
}

@ObjectType('PersonName', { description: 'The name a person bore for a span of days.' })
export class PersonNameModel {
  @Field(() => String, { nullable: true, description: 'Full name in Arabic script.' }) fullNameAr:
    string | null;
  @Field(() => String, { nullable: true, description: 'Full name in Latin transliteration.' })
  fullNameLatin: string | null;
  @Field(() => CalendarDate, { nullable: true, description: 'First day; null: as far back as recorded.' })
  from: string | null;
  @Field(() => CalendarDate, { nullable: true, description: 'Last day; null: still their name.' })
  until: string | null;
}
