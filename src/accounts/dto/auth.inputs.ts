import { Field, ID, InputType } from '@nestjs/graphql';
import { IsBoolean, IsEmail, IsIn, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { CalendarDate } from '../../common/scalars';
import { TextKind, Trim } from '../../common/validation';
import { ACCESS_LEVELS, AccessLevel } from '../../common/actor';
import { AccessLevelEnum } from '../auth.model';
import { PASSWORD_MAX_LENGTH } from '../passwords';

@InputType({ description: 'Credentials for signing in.' })
export class LoginInput {
  @Field({ description: 'The account’s email.' }) @Trim() @IsString() @MaxLength(320) email: string;
  @Field({ description: 'The account’s password.' })
  @IsString()
  @MaxLength(PASSWORD_MAX_LENGTH)
  @TextKind('password')
  password: string;
}

@InputType({ description: 'A refresh token to trade for a new pair.' })
export class RefreshSessionInput {
  @Field({ description: 'The refresh token from login or the last refreshSession; it works once.' })
  @IsString()
  @MaxLength(200)
  @TextKind('password')
  refreshToken: string;
}

@InputType({ description: 'A new account.' })
export class CreateAccountInput {
  @Field({ description: 'The sign-in email, unique.' })
  @Trim()
  @IsEmail({}, { message: 'email must be an email address.' })
  email: string;
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

@InputType({ description: 'Explicit access for an account.' })
export class GrantAccessInput {
  @Field(() => ID, { description: 'The account that gets the access.' }) @IsString() accountId: string;
  @Field(() => ID, {
    nullable: true,
    description: 'The subtree; omitted = the whole registry (national administrators only).',
  })
  @IsOptional()
  @IsString()
  unitId?: string;
  @Field(() => AccessLevelEnum, { description: 'What the access allows.' })
  @IsIn(ACCESS_LEVELS)
  level: AccessLevel;
  @Field({ nullable: true, description: 'Also phone, email and address of people in the subtree.' })
  @IsOptional()
  @IsBoolean()
  seesContacts?: boolean;
  @Field(() => CalendarDate, { nullable: true, description: 'Default today.' }) validFrom?: string;
  @Field(() => CalendarDate, {
    nullable: true,
    description: 'Last day the access holds; omitted: until revoked.',
  })
  validUntil?: string;
}

@InputType({ description: 'Names what to revoke.' })
export class RevokeInput {
  @Field(() => ID, { description: 'The access binding or API token to revoke.' }) @IsString() id: string;
}

@InputType({ description: 'Names an access binding to confirm.' })
export class ConfirmAccessInput {
  @Field(() => ID, { description: 'The access binding to confirm.' }) @IsString() id: string;
}

@InputType({ description: 'A new API token.' })
export class CreateApiTokenInput {
  @Field({ description: 'A label to recognise the token by, 1 to 100 characters.' })
  @Trim()
  @IsString()
  @Length(1, 100)
  name: string;
  @Field(() => ID, { description: 'The unit whose subtree the token may reach.' }) @IsString() unitId: string;
  @Field({ description: 'Read-only (VIEWER) or read-write (EDITOR).' }) @IsBoolean() readOnly: boolean;
  @Field(() => CalendarDate, { description: 'Last day the token works (at most a year ahead).' })
  expiresOn: string;
}

@InputType({ description: 'Names an account.' })
export class AccountIdInput {
  @Field(() => ID, { description: 'The account.' }) @IsString() id: string;
}

@InputType({ description: 'Names an account to sign out everywhere.' })
export class EndSessionsInput {
  @Field(() => ID, { description: 'The account to sign out everywhere.' }) @IsString() accountId: string;
}
