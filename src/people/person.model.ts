import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { enumOf } from '../common/names';
import { GENDERS, Gender, Person } from './person.entity';

export const GenderEnum = enumOf(GENDERS, 'Gender');

/** A member or official. Contact data is not part of this type. */
@ObjectType('Person')
export class PersonModel {
  @Field(() => ID) id: string;
  @Field(() => String, { nullable: true, description: 'Full name in Arabic script.' }) fullNameAr:
    string | null;
  @Field(() => String, { nullable: true, description: 'Full name in Latin transliteration.' })
  fullNameLatin: string | null;
  @Field(() => GenderEnum, { nullable: true }) gender: Gender | null;
  @Field(() => String, { nullable: true }) membershipNumber: string | null;
  @Field(() => Int) version: number;
  homeUnitId: string | null;
  /** Read only through the `contact` field, which checks the caller may see it. */
  contact: ContactDetailsModel;
}

@ObjectType('ContactDetails', { description: 'Personal contact data; needs access that sees contacts.' })
export class ContactDetailsModel {
  @Field(() => String, { nullable: true }) phone: string | null;
  @Field(() => String, { nullable: true }) email: string | null;
  @Field(() => String, { nullable: true }) address: string | null;
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
    contact: { phone: row.phone, email: row.email, address: row.address },
  });
}
