import { Field, ID, ObjectType } from '@nestjs/graphql';
import { DECLARED_BOUNDS, ListBound } from '../common/graphql-limits';
import { DateTimeScalar, CalendarDate } from '../common/scalars';
import { enumOf } from '../common/names';
import { ACCESS_LEVELS, AccessLevel } from '../common/actor';

export const AccessLevelEnum = enumOf(
  ACCESS_LEVELS,
  'AccessLevel',
  'VIEWER reads; EDITOR also edits people and meetings; ADMIN also the structure and access.',
);
export const GrantSourceEnum = enumOf(['MANDATE', 'BINDING', 'TOKEN'] as const, 'GrantSource');

@ObjectType('Account')
export class AccountModel {
  @Field(() => ID) id: string;
  @Field() email: string;
  @Field({
    description:
      'True while what the account gains from its person’s posts stays inside the units of the administrator who linked it (until confirmAccount).',
  })
  grantsLimited: boolean;
  @Field({ description: 'A disabled account cannot sign in, and its sessions have ended.' })
  disabled: boolean;
  personId: string | null;
}

@ObjectType('AuthPayload')
export class AuthPayloadModel {
  @Field({ description: 'Send as Authorization: Bearer <accessToken>.' }) accessToken: string;
  @Field({ description: 'Trade it for a new pair with refreshSession before it expires (30 days).' })
  refreshToken: string;
  @Field(() => DateTimeScalar, { description: 'When the access token expires (15 minutes).' })
  expiresAt: Date;
  @Field(() => AccountModel) account: AccountModel;
}

@ObjectType('Grant', { description: 'Where the caller may do what, today, and why.' })
export class GrantModel {
  @Field(() => AccessLevelEnum) level: AccessLevel;
  @Field() seesContacts: boolean;
  @Field(() => GrantSourceEnum) source: 'MANDATE' | 'BINDING' | 'TOKEN';
  @Field({ description: 'True when the grant covers the whole registry.' }) everywhere: boolean;
  unitId: string | null;
}

@ObjectType('Me')
export class MeModel {
  @Field(() => AccountModel, { nullable: true, description: 'null for an API token.' })
  account: AccountModel | null;
  @Field(() => ID, { nullable: true }) apiTokenId: string | null;
  @Field() readOnly: boolean;
  @Field(() => [GrantModel], {
    description: `Counted as ${DECLARED_BOUNDS.mandates} by the cost limit.`,
  })
  @ListBound(DECLARED_BOUNDS.mandates)
  grants: GrantModel[];
  personId: string | null;
}

@ObjectType('AccessBinding')
export class AccessBindingModel {
  @Field(() => ID) id: string;
  @Field(() => AccessLevelEnum) level: AccessLevel;
  @Field() seesContacts: boolean;
  @Field(() => CalendarDate) validFrom: string;
  @Field(() => CalendarDate, { nullable: true }) validUntil: string | null;
  @Field() revoked: boolean;
  @Field(() => ID, {
    nullable: true,
    description:
      'The mandate of the administrator who granted it: the access ends with that mandate unless a higher administrator confirms it (confirmAccess).',
  })
  endsWithMandateId: string | null;
  accountId: string;
  unitId: string | null;
}

@ObjectType('ApiToken')
export class ApiTokenModel {
  @Field(() => ID) id: string;
  @Field() name: string;
  @Field() readOnly: boolean;
  @Field(() => DateTimeScalar) expiresAt: Date;
  @Field(() => DateTimeScalar, { nullable: true }) lastUsedAt: Date | null;
  @Field() revoked: boolean;
  unitId: string;
}

@ObjectType('NewApiToken')
export class NewApiTokenModel {
  @Field({ description: 'The secret, shown this once; only its hash is kept.' }) token: string;
  @Field(() => ApiTokenModel) apiToken: ApiTokenModel;
}
