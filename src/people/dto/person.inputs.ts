import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Min,
  ValidateNested,
} from 'class-validator';
import { ALIAS_MAX_LENGTH, ALIASES_MAX } from '../../common/names';
import { PageArgs } from '../../common/pagination';
import { CodeField } from '../../common/refs';
import { CalendarDate } from '../../common/scalars';
import { ArabicName, LatinName, OptionalValue, TextKind, Trim } from '../../common/validation';
import { GENDERS, Gender } from '../person.entity';
import { GenderEnum } from '../person.model';

const MEMBERSHIP_NUMBER = /^[A-Za-z0-9][A-Za-z0-9/._-]*$/;

@InputType({ description: 'Absent fields stay as they are on update; null clears one.' })
export class ContactInput {
  @Field(() => String, { nullable: true, description: 'Phone number: digits, spaces and + ( ) . / -.' })
  @OptionalValue()
  @Trim()
  @Matches(/^\+?[0-9 ()./-]{6,25}$/, {
    message: 'phone must be a phone number (digits, spaces, + ( ) . / -).',
  })
  phone?: string | null;
  @Field(() => String, { nullable: true, description: 'Email address.' })
  @OptionalValue()
  @Trim()
  @IsEmail({}, { message: 'email must be an email address.' })
  email?: string | null;
  @Field(() => String, { nullable: true, description: 'Free text: line breaks allowed.' })
  @OptionalValue()
  @Trim()
  @IsString()
  @Length(1, 500)
  @TextKind('text')
  address?: string | null;
}

@InputType({ description: 'A new person.' })
export class CreatePersonInput {
  @Field(() => ContactInput, { nullable: true, description: 'Phone, email and address.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => ContactInput)
  contact?: ContactInput;

  @Field({ nullable: true, description: 'At least one of fullNameAr and fullNameLatin.' })
  @OptionalValue()
  @ArabicName('fullNameAr')
  fullNameAr?: string;

  @Field({ nullable: true, description: 'Full name in Latin transliteration.' })
  @OptionalValue()
  @LatinName('fullNameLatin')
  fullNameLatin?: string;
  @Field(() => GenderEnum, { nullable: true, description: 'Gender, when known.' })
  @IsOptional()
  @IsIn(GENDERS)
  gender?: Gender;

  @Field({ nullable: true, description: 'The party membership number (letters, digits and / . _ -).' })
  @OptionalValue()
  @Trim()
  @IsString()
  @Length(1, 40)
  @Matches(MEMBERSHIP_NUMBER, { message: 'membershipNumber may hold letters, digits and / . _ - only.' })
  membershipNumber?: string;

  @Field(() => ID, { nullable: true, description: 'The unit the person belongs to (or give homeUnitCode).' })
  @IsOptional()
  @IsString()
  homeUnitId?: string;
  @CodeField('The code of the unit the person belongs to (or give homeUnitId).')
  homeUnitCode?: string;
}

@InputType({ description: 'Absent fields stay as they are; null clears a field.' })
export class UpdatePersonInput {
  @Field(() => ID, { description: 'The person to change.' }) @IsString() id: string;
  @Field(() => ContactInput, { nullable: true, description: 'Contact data; absent fields inside stay.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => ContactInput)
  contact?: ContactInput;
  @Field(() => String, { nullable: true, description: 'Full name in Arabic script.' })
  @OptionalValue()
  @ArabicName('fullNameAr')
  fullNameAr?: string | null;
  @Field(() => String, { nullable: true, description: 'Full name in Latin transliteration.' })
  @OptionalValue()
  @LatinName('fullNameLatin')
  fullNameLatin?: string | null;
  @Field(() => GenderEnum, { nullable: true, description: 'Gender.' })
  @OptionalValue()
  @IsIn(GENDERS)
  gender?: Gender | null;

  @Field(() => String, { nullable: true, description: 'The party membership number.' })
  @OptionalValue()
  @Trim()
  @IsString()
  @Length(1, 40)
  @Matches(MEMBERSHIP_NUMBER, { message: 'membershipNumber may hold letters, digits and / . _ - only.' })
  membershipNumber?: string | null;

  @Field(() => CalendarDate, {
    nullable: true,
    description:
      'When the name changes: the first day of the new name (default today, not before the last change). The old name is kept for the days before (nameHistory).',
  })
  renamedOn?: string;
  @Field(() => ID, { nullable: true, description: 'The unit the person belongs to.' })
  @OptionalValue()
  @IsString()
  homeUnitId?: string | null;
  @Field(() => Int, { nullable: true, description: 'The version you last read; a stale one is refused.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  expectedVersion?: number;
}

@InputType({ description: 'Narrows a list of people; all conditions must hold.' })
export class PersonFilterInput {
  @Field({ nullable: true, description: 'Any spelling of the name, Arabic or Latin, whole or partial.' })
  @IsOptional()
  @IsString()
  search?: string;

  @Field(() => ID, {
    nullable: true,
    description: 'People of this unit’s subtree: their home unit is there, or they held a post there.',
  })
  @IsOptional()
  @IsString()
  unit?: string;
  @CodeField('The same by the unit’s code, e.g. PAM-MA-TNG (or give unit).')
  unitCode?: string;
}

@ArgsType()
export class PeopleArgs extends PageArgs {
  @Field(() => PersonFilterInput, {
    nullable: true,
    description: 'Which people; omitted = all of your scope.',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => PersonFilterInput)
  filter?: PersonFilterInput;
}

@InputType({ description: 'The other names a person goes by, replacing those recorded.' })
export class SetPersonAliasesInput {
  @Field(() => ID, { description: 'The person.' }) @IsString() id: string;
  @Field(() => [String], {
    description: `Every alias, e.g. a spelling of the name used in a source (at most ${ALIASES_MAX}, each up to ${ALIAS_MAX_LENGTH} characters); [] removes them.`,
  })
  @IsArray()
  @ArrayMaxSize(ALIASES_MAX)
  @IsString({ each: true })
  aliases: string[];
  @Field(() => Int, { nullable: true, description: 'The version you last read; a stale one is refused.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  expectedVersion?: number;
}
