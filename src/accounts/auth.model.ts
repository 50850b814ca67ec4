import { Field, ID, ObjectType } from '@nestjs/graphql';
import { DECLARED_BOUNDS, ListBound } from '../common/graphql-limits';
import { DateTimeScalar, CalendarDate } from '../common/scalars';
import { enumOf } from '../common/names';
import { ACCESS_LEVELS, AccessLevel } from '../common/actor';

export const AccessLevelEnum = enumOf(
  ACCESS_LEVELS,
  'AccessLevel',
  'VIEWER reads; EDITOR also edits people and meetings; ADMIN also the structure and access.',
  {
    VIEWER: 'Reads the structure, people’s names, posts and meetings of the subtree.',
    EDITOR: 'Also creates and edits people and meetings.',
    ADMIN:
      'Also changes units, posts and appointments, grants access, issues API tokens and reads the audit trail.',
  },
);
export const GrantSourceEnum = enumOf(
  ['MANDATE', 'BINDING', 'TOKEN'] as const,
  'GrantSource',
  'Where a grant comes from.',
  {
    MANDATE: 'A post the account’s person holds today (its role’s access, on the post’s unit).',
    BINDING: 'Access granted to the account explicitly (grantAccess).',
    TOKEN: 'The API token in use.',
  },
);

@ObjectType('Account', {
  description: 'A sign-in for one person (or for a service), with the access its posts and bindings give.',
})
export class AccountModel {
  @Field(() => ID, { description: 'Stable id (account mutations take it as input.id).' }) id: string;
  @Field({ description: 'The sign-in name, unique.' }) email: string;
  @Field({
    description:
      'True while what the account gains from its person’s posts stays inside the units of the administrator who linked it (until confirmAccount).',
  })
  grantsLimited: boolean;
  @Field({ description: 'A disabled account cannot sign in, and its sessions have ended.' })
  disabled: boolean;
  personId: string | null;
}

@ObjectType('AuthPayload', { description: 'What signing in or refreshing a session returns.' })
export class AuthPayloadModel {
  @Field({ description: 'Send as Authorization: Bearer <accessToken>.' }) accessToken: string;
  @Field({ description: 'Trade it for a new pair with refreshSession before it expires (30 days).' })
  refreshToken: string;
  @Field(() => DateTimeScalar, { description: 'When the access token expires (15 minutes).' })
  expiresAt: Date;
  @Field(() => AccountModel, { description: 'The account signed in.' }) account: AccountModel;
}

@ObjectType('Grant', { description: 'Where the caller may do what, today, and why.' })
export class GrantModel {
  @Field(() => AccessLevelEnum, { description: 'What the grant allows.' }) level: AccessLevel;
  @Field({ description: 'Whether the grant shows people’s phone, email and address.' }) seesContacts: boolean;
  @Field(() => GrantSourceEnum, { description: 'Where the grant comes from.' }) source:
    'MANDATE' | 'BINDING' | 'TOKEN';
  @Field({ description: 'True when the grant covers the whole registry.' }) everywhere: boolean;
  unitId: string | null;
}

@ObjectType('Me', { description: 'The caller: account or API token, and the access it has today.' })
export class MeModel {
  @Field(() => AccountModel, { nullable: true, description: 'null for an API token.' })
  account: AccountModel | null;
  @Field(() => ID, { nullable: true, description: 'The API token the caller uses; null for an account.' })
  apiTokenId: string | null;
  @Field({ description: 'True when the caller may only read (a read-only API token).' }) readOnly: boolean;
  @Field(() => [GrantModel], {
    description: `Counted as ${DECLARED_BOUNDS.mandates} by the cost limit.`,
  })
  @ListBound(DECLARED_BOUNDS.mandates)
  grants: GrantModel[];
  personId: string | null;
}

@ObjectType('AccessBinding', {
  description: 'Access granted to an account explicitly, on a subtree or the whole registry, for a period.',
})
export class AccessBindingModel {
  @Field(() => ID, { description: 'Stable id (confirmAccess and revokeAccess take it).' }) id: string;
  @Field(() => AccessLevelEnum, { description: 'What the binding allows.' }) level: AccessLevel;
  @Field({ description: 'Whether it shows people’s phone, email and address in the subtree.' })
  seesContacts: boolean;
  @Field(() => CalendarDate, { description: 'First day the access holds.' }) validFrom: string;
  @Field(() => CalendarDate, {
    nullable: true,
    description: 'Last day the access holds; null: until revoked.',
  })
  validUntil: string | null;
  @Field({ description: 'True once revoked: it grants nothing any more.' }) revoked: boolean;
  @Field(() => ID, {
    nullable: true,
    description:
      'The mandate of the administrator who granted it: the access ends with that mandate unless a higher administrator confirms it (confirmAccess).',
  })
  endsWithMandateId: string | null;
  accountId: string;
  unitId: string | null;
}

@ObjectType('ApiToken', {
  description: 'A credential for a service (not a person), limited to one unit’s subtree.',
})
export class ApiTokenModel {
  @Field(() => ID, { description: 'Stable id (revokeApiToken takes it; never the secret).' }) id: string;
  @Field({ description: 'A label for the token, chosen at creation.' }) name: string;
  @Field({ description: 'True: VIEWER access; false: EDITOR access.' }) readOnly: boolean;
  @Field(() => DateTimeScalar, { description: 'When the token stops working.' }) expiresAt: Date;
  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'When the token was last used; null if never.',
  })
  lastUsedAt: Date | null;
  @Field({ description: 'True once revoked: it no longer works.' }) revoked: boolean;
  unitId: string;
}

@ObjectType('NewApiToken', { description: 'A new API token with its secret.' })
export class NewApiTokenModel {
  @Field({ description: 'The secret, shown this once; only its hash is kept.' }) token: string;
  @Field(() => ApiTokenModel, { description: 'The token as it will be listed.' }) apiToken: ApiTokenModel;
}
