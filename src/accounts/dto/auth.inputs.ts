import { Field, ID, InputType } from '@nestjs/graphql';
import { IsBoolean, IsEmail, IsIn, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { CalendarDate } from '../../common/scalars';
import { TextKind, Trim } from '../../common/validation';
import { ACCESS_LEVELS, AccessLevel } from '../../common/actor';
import { AccessLevelEnum } from '../auth.model';
import { PASSWORD_MAX_LENGTH } from '../passwords';

@InputType()
export class LoginInput {
  @Field() @Trim() @IsString() @MaxLength(320) email: string;
  @Field() @IsString() @MaxLength(PASSWORD_MAX_LENGTH) @TextKind('password') password: string;
}

@InputType()
export class RefreshSessionInput {
  @Field() @IsString() @MaxLength(200) refreshToken: string;
}

@InputType()
export class CreateAccountInput {
  @Field() @Trim() @IsEmail({}, { message: 'email must be an email address.' }) email: string;
  @Field({ description: 'At least 12 characters; any printable character.' })
  @IsString()
  @TextKind('password')
  password: string;
  @Field(() => ID, {
    nullable: true,
    description: 'The person this account belongs to: their posts grant access.',
  })
  @IsOptional()
  @IsString()
  personId?: string;
}

@InputType()
export class GrantAccessInput {
  @Field(() => ID) @IsString() accountId: string;
  @Field(() => ID, {
    nullable: true,
    description: 'The subtree; omitted = the whole registry (national administrators only).',
  })
  @IsOptional()
  @IsString()
  unitId?: string;
  @Field(() => AccessLevelEnum) @IsIn(ACCESS_LEVELS) level: AccessLevel;
  @Field({ nullable: true, description: 'Also phone, email and address of people in the subtree.' })
  @IsOptional()
  @IsBoolean()
  seesContacts?: boolean;
  @Field(() => CalendarDate, { nullable: true, description: 'Default today.' }) validFrom?: string;
  @Field(() => CalendarDate, { nullable: true }) validUntil?: string;
}

@InputType()
export class RevokeInput {
  @Field(() => ID) @IsString() id: string;
}

@InputType()
export class ConfirmAccessInput {
  @Field(() => ID, { description: 'The access binding to confirm.' }) @IsString() id: string;
}

@InputType()
export class CreateApiTokenInput {
  @Field() @Trim() @IsString() @Length(1, 100) name: string;
  @Field(() => ID) @IsString() unitId: string;
  @Field({ description: 'Read-only (VIEWER) or read-write (EDITOR).' }) @IsBoolean() readOnly: boolean;
  @Field(() => CalendarDate, { description: 'Last day the token works (at most a year ahead).' })
  expiresOn: string;
}

@InputType()
export class AccountIdInput {
  @Field(() => ID, { description: 'The account.' }) @IsString() id: string;
}

@InputType()
export class EndSessionsInput {
  @Field(() => ID, { description: 'The account to sign out everywhere.' }) @IsString() accountId: string;
}
