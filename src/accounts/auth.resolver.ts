import { GraphQLResolveInfo } from 'graphql';
import { Args, Context, Mutation, Query, ResolveField, Resolver, Info } from '@nestjs/graphql';
import { audited } from '../audit/audited';
import { loader, RequestContext, NoArgs } from '../common/context';
import { DomainError } from '../common/errors';
import { ConnectionType, PageArgs, toConnection, toPage } from '../common/pagination';
import { orgUnitById } from '../org-units/org-unit.loaders';
import { OrgUnitModel, toOrgUnitModel } from '../org-units/org-unit.model';
import { personById } from '../people/person.loaders';
import { PersonModel, toPersonModel } from '../people/person.model';
import { Permission } from '../access/access';
import { AccessService } from './access.service';
import { AccountsService } from './accounts.service';
import { AccessBinding, Account, ApiToken } from './account.entity';
import { Allow, Public } from '../access/allow.decorator';
import {
  AccessBindingModel,
  AccountModel,
  ApiTokenModel,
  AuthPayloadModel,
  GrantModel,
  MeModel,
  NewApiTokenModel,
} from './auth.model';
import { AuthService, SESSION_ENDED, Tokens } from './auth.service';
import {
  AccountIdInput,
  ConfirmAccessInput,
  CreateAccountInput,
  EndSessionsInput,
  CreateApiTokenInput,
  GrantAccessInput,
  LoginInput,
  RefreshSessionInput,
  RevokeInput,
} from './dto/auth.inputs';

const toAccountModel = (row: Account): AccountModel =>
  Object.assign(new AccountModel(), {
    id: row.id,
    email: row.email,
    disabled: row.disabledAt !== null,
    personId: row.personId,
    grantsLimited: row.mandateGrantsWithin !== null || row.mandateContactsWithin !== null,
  });
const toPayload = (tokens: Tokens): AuthPayloadModel =>
  Object.assign(new AuthPayloadModel(), { ...tokens, account: toAccountModel(tokens.account) });
const toBindingModel = (row: AccessBinding): AccessBindingModel =>
  Object.assign(new AccessBindingModel(), {
    id: row.id,
    level: row.level,
    seesContacts: row.seesContacts,
    validFrom: row.validFrom,
    validUntil: row.validUntil,
    revoked: row.revokedAt !== null,
    endsWithMandateId: row.endsWithMandateId,
    accountId: row.accountId,
    unitId: row.orgUnitId,
  });
const toTokenModel = (row: ApiToken): ApiTokenModel =>
  Object.assign(new ApiTokenModel(), {
    id: row.id,
    name: row.name,
    readOnly: row.readOnly,
    expiresAt: row.expiresAt,
    lastUsedAt: row.lastUsedAt,
    revoked: row.revokedAt !== null,
    unitId: row.orgUnitId,
  });

const BindingConnection = ConnectionType(AccessBindingModel, 'AccessBinding');
const TokenConnection = ConnectionType(ApiTokenModel, 'ApiToken');

@Resolver()
export class AuthResolver {
  constructor(
    private readonly auth: AuthService,
    private readonly access: AccessService,
    private readonly accounts: AccountsService,
  ) {}

  @Public()
  @Mutation(() => AuthPayloadModel, { description: 'Sign in with email and password.' })
  async login(
    @Context() ctx: RequestContext,
    @Args('input', { description: 'Email and password.' }) input: LoginInput,
  ): Promise<AuthPayloadModel> {
    const account = await this.auth.checkCredentials(ctx, input.email, input.password);
    return toPayload(
      await audited(ctx, 'login', Account, undefined, (tx) => this.auth.signIn(tx, account), {
        subject: (tokens) => tokens.account.id,
      }),
    );
  }

  @Public()
  @Mutation(() => AuthPayloadModel, {
    description: 'A new token pair for a refresh token (which then stops working).',
  })
  async refreshSession(
    @Context() ctx: RequestContext,
    @Args('input', { description: 'The refresh token to trade.' }) input: RefreshSessionInput,
  ): Promise<AuthPayloadModel> {
    const result = await audited(
      ctx,
      'refreshSession',
      Account,
      undefined,
      (tx) => this.auth.refresh(tx, input.refreshToken),
      {
        subject: (tokens) => ('reused' in tokens ? tokens.reused.id : tokens.account.id),
        actionOf: (tokens) => ('reused' in tokens ? 'refreshSession:reuse' : 'refreshSession'),
      },
    );
    // The family's end is committed before the replay is refused.
    if ('reused' in result) throw new DomainError('UNAUTHENTICATED', SESSION_ENDED);
    return toPayload(result);
  }

  @Allow(Permission.Self)
  @Mutation(() => Boolean, { description: 'Ends this session: its tokens stop working at once.' })
  async logout(@Context() ctx: RequestContext): Promise<boolean> {
    const accountId = ctx.actor?.accountId;
    const sessionId = ctx.actor?.sessionId;
    if (!accountId || !sessionId) {
      throw new DomainError('FORBIDDEN', 'An API token has no session; revoke it instead.');
    }
    await audited(ctx, 'logout', Account, undefined, (tx) => this.auth.logout(tx, sessionId), {
      subject: () => accountId,
    });
    return true;
  }

  @Allow(Permission.Self)
  @Query(() => MeModel, { description: 'Who you are and what you may do today.' })
  async me(@Context() ctx: RequestContext): Promise<MeModel> {
    const actor = ctx.actor!;
    const account = actor.accountId ? await this.accounts.own(ctx, actor.accountId) : null;
    return Object.assign(new MeModel(), {
      account: account ? toAccountModel(account) : null,
      apiTokenId: actor.tokenId,
      readOnly: actor.readOnly,
      personId: actor.personId,
      grants: actor.grants.map((grant) =>
        Object.assign(new GrantModel(), { ...grant, everywhere: grant.path === null, unitId: grant.unitId }),
      ),
    });
  }

  @Allow(Permission.Administer)
  @Mutation(() => AccountModel, { description: 'An account for a person of your subtree.' })
  async createAccount(
    @Context() ctx: RequestContext,
    @Args('input', { description: 'The new account.' }) input: CreateAccountInput,
  ): Promise<AccountModel> {
    return toAccountModel(
      await audited(ctx, 'createAccount', Account, undefined, (tx) => this.access.createAccount(tx, input)),
    );
  }

  @Allow(Permission.Administer)
  @Mutation(() => AccountModel, {
    description:
      'Disables an account you administer (not your own): it cannot sign in, and its sessions end at once.',
  })
  async disableAccount(
    @Context() ctx: RequestContext,
    @Args('input', { description: 'The account to disable.' }) input: AccountIdInput,
  ): Promise<AccountModel> {
    return toAccountModel(
      await audited(ctx, 'disableAccount', Account, input.id, (tx) => this.accounts.disable(tx, input.id)),
    );
  }

  @Allow(Permission.Administer)
  @Mutation(() => AccountModel, { description: 'Lets a disabled account you administer sign in again.' })
  async enableAccount(
    @Context() ctx: RequestContext,
    @Args('input', { description: 'The account to enable.' }) input: AccountIdInput,
  ): Promise<AccountModel> {
    return toAccountModel(
      await audited(ctx, 'enableAccount', Account, input.id, (tx) => this.accounts.enable(tx, input.id)),
    );
  }

  @Allow(Permission.Administer)
  @Mutation(() => AccountModel, {
    description:
      'Deletes an account you administer (not your own). The row stays for the audit trail, anonymised: disabled, email replaced, password unusable, person unlinked, sessions ended, explicit access revoked. The email can then be used again.',
  })
  async deleteAccount(
    @Context() ctx: RequestContext,
    @Args('input', { description: 'The account to delete.' }) input: AccountIdInput,
  ): Promise<AccountModel> {
    return toAccountModel(
      // The account loses its person: its event stays filed under the person's unit.
      await audited(ctx, 'deleteAccount', Account, input.id, (tx) => this.accounts.delete(tx, input.id), {
        fileWhereItWas: true,
      }),
    );
  }

  @Allow(Permission.Administer)
  @Mutation(() => AccountModel, {
    description:
      'Signs an account you administer out everywhere: its refresh and access tokens stop working at once.',
  })
  async endSessions(
    @Context() ctx: RequestContext,
    @Args('input', { description: 'The account to sign out.' }) input: EndSessionsInput,
  ): Promise<AccountModel> {
    return toAccountModel(
      await audited(ctx, 'endSessions', Account, input.accountId, (tx) =>
        this.accounts.endSessions(tx, input.accountId),
      ),
    );
  }

  @Allow(Permission.Administer)
  @Mutation(() => AccountModel, {
    description:
      'Forgets the failed sign-ins of an account you administer, so that it can sign in again from everywhere at once.',
  })
  async unlockAccount(
    @Context() ctx: RequestContext,
    @Args('input', { description: 'The account to unlock.' }) input: AccountIdInput,
  ): Promise<AccountModel> {
    return toAccountModel(
      await audited(ctx, 'unlockAccount', Account, input.id, (tx) => this.accounts.unlock(tx, input.id)),
    );
  }

  @Allow(Permission.Administer)
  @Mutation(() => AccountModel, {
    description:
      'Lets an account’s grants from its person’s posts reach as far as your own scope. For an administrator of every unit the person belongs to or holds a post in.',
  })
  async confirmAccount(
    @Context() ctx: RequestContext,
    @Args('input', { description: 'The account to confirm.' }) input: AccountIdInput,
  ): Promise<AccountModel> {
    return toAccountModel(
      await audited(ctx, 'confirmAccount', Account, input.id, (tx) =>
        this.access.confirmAccount(tx, input.id),
      ),
    );
  }

  @Allow(Permission.Administer)
  @Mutation(() => AccessBindingModel, {
    description:
      'Grants a level on a subtree you administer, to someone else. Granted on the strength of your mandate, it ends with that mandate unless a higher administrator confirms it.',
  })
  async grantAccess(
    @Context() ctx: RequestContext,
    @Args('input', { description: 'Who gets what access, where and until when.' }) input: GrantAccessInput,
  ): Promise<AccessBindingModel> {
    return toBindingModel(
      await audited(ctx, 'grantAccess', AccessBinding, undefined, (tx) => this.access.grant(tx, input)),
    );
  }

  @Allow(Permission.Administer)
  @Mutation(() => AccessBindingModel, {
    description:
      'Makes access granted on the strength of a mandate outlive it. For an administrator above that mandate’s unit.',
  })
  async confirmAccess(
    @Context() ctx: RequestContext,
    @Args('input', { description: 'The binding to confirm.' }) input: ConfirmAccessInput,
  ): Promise<AccessBindingModel> {
    return toBindingModel(
      await audited(ctx, 'confirmAccess', AccessBinding, input.id, (tx) =>
        this.access.confirmBinding(tx, input.id),
      ),
    );
  }

  @Allow(Permission.Administer)
  @Mutation(() => AccessBindingModel, {
    description: 'Ends an access binding at once; it stays listed as revoked.',
  })
  async revokeAccess(
    @Context() ctx: RequestContext,
    @Args('input', { description: 'The binding to revoke.' }) input: RevokeInput,
  ): Promise<AccessBindingModel> {
    return toBindingModel(
      await audited(ctx, 'revokeAccess', AccessBinding, input.id, (tx) => this.access.revoke(tx, input.id)),
    );
  }

  @Allow(Permission.Administer)
  @Query(() => BindingConnection, { description: 'Explicit access granted within your scope.' })
  async accessBindings(
    @Context() ctx: RequestContext,
    @Args() args: PageArgs,
    @Info() info: GraphQLResolveInfo,
  ) {
    const page = toPage(args, info);
    const [rows, total] = await this.access.bindings(ctx, page);
    return toConnection(rows.map(toBindingModel), total, page);
  }

  @Allow(Permission.Administer)
  @Mutation(() => NewApiTokenModel, {
    description: 'A dashboard token for a subtree; its secret is shown once.',
  })
  async createApiToken(
    @Context() ctx: RequestContext,
    @Args('input', { description: 'The token’s name, unit, access and expiry.' }) input: CreateApiTokenInput,
  ): Promise<NewApiTokenModel> {
    let secret = '';
    const row = await audited(ctx, 'createApiToken', ApiToken, undefined, async (tx) => {
      const created = await this.access.createToken(tx, input);
      secret = created.token;
      return created.row;
    });
    return Object.assign(new NewApiTokenModel(), { token: secret, apiToken: toTokenModel(row) });
  }

  @Allow(Permission.Administer)
  @Mutation(() => ApiTokenModel, { description: 'Ends an API token at once; it stays listed as revoked.' })
  async revokeApiToken(
    @Context() ctx: RequestContext,
    @Args('input', { description: 'The token to revoke.' }) input: RevokeInput,
  ): Promise<ApiTokenModel> {
    return toTokenModel(
      await audited(ctx, 'revokeApiToken', ApiToken, input.id, (tx) => this.access.revokeToken(tx, input.id)),
    );
  }

  @Allow(Permission.Administer)
  @Query(() => TokenConnection, { description: 'API tokens of your scope (never their secrets).' })
  async apiTokens(@Context() ctx: RequestContext, @Args() args: PageArgs, @Info() info: GraphQLResolveInfo) {
    const page = toPage(args, info);
    const [rows, total] = await this.access.tokens(ctx, page);
    return toConnection(rows.map(toTokenModel), total, page);
  }
}

@Resolver(() => MeModel)
export class MeResolver {
  @ResolveField(() => PersonModel, {
    nullable: true,
    description: 'The person the account belongs to; null for an API token or an unlinked account.',
  })
  async person(me: MeModel, _args: NoArgs, ctx: RequestContext): Promise<PersonModel | null> {
    const row = me.personId ? await loader(ctx, personById).load(me.personId) : undefined;
    return row ? toPersonModel(row) : null;
  }
}

/** The unit a grant, binding or token covers (null = the whole registry). */
const unitField = async (ctx: RequestContext, unitId: string | null): Promise<OrgUnitModel | null> => {
  const row = unitId ? await loader(ctx, orgUnitById).load(unitId) : undefined;
  return row ? toOrgUnitModel(row) : null;
};

@Resolver(() => GrantModel)
export class GrantResolver {
  @ResolveField(() => OrgUnitModel, {
    nullable: true,
    description: 'The subtree the grant covers; null when it covers the whole registry.',
  })
  unit(grant: GrantModel, _args: NoArgs, ctx: RequestContext) {
    return unitField(ctx, grant.unitId);
  }
}

@Resolver(() => AccessBindingModel)
export class AccessBindingResolver {
  @ResolveField(() => OrgUnitModel, {
    nullable: true,
    description: 'The subtree the binding covers; null: the whole registry.',
  })
  unit(binding: AccessBindingModel, _args: NoArgs, ctx: RequestContext) {
    return unitField(ctx, binding.unitId);
  }
}

@Resolver(() => ApiTokenModel)
export class ApiTokenResolver {
  @ResolveField(() => OrgUnitModel, { nullable: true, description: 'The subtree the token may reach.' })
  unit(token: ApiTokenModel, _args: NoArgs, ctx: RequestContext) {
    return unitField(ctx, token.unitId);
  }
}
