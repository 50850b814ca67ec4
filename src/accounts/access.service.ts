import { Injectable } from '@nestjs/common';
import { isUuid } from '../common/batch';
import { RequestContext } from '../common/context';
import { addDays } from '../common/dates';
import { BadInputError, ConflictError, DomainError, NotFoundError } from '../common/errors';
import { Page } from '../common/pagination';
import { PeopleService } from '../people/people.service';
import { atLeast, inScope, LEVEL_FOR, Permission, scopeOf, scopeUnitIds } from '../access/access';
import { AccessBinding, Account, ApiToken } from './account.entity';
import {
  emailTaken,
  findAccount,
  findAccountIfAny,
  findApiTokenIfAny,
  findBindingIfAny,
  insertAccount,
  insertApiToken,
  insertBinding,
  listApiTokens,
  listBindings,
  parentPathOfMandateUnit,
  personHasAccount,
  unitPath,
  unitsOfPerson,
  updateAccount,
  updateApiToken,
  updateBinding,
} from './accounts.queries';
import { AuthService } from './auth.service';
import { CreateAccountInput, CreateApiTokenInput, GrantAccessInput } from './dto/auth.inputs';
import { hashPassword } from './passwords';
import { hasEverywhere, requireUnitAccess } from '../access/scope';

/** Accounts, explicit access and API tokens. Nobody grants beyond their own scope. */
@Injectable()
export class AccessService {
  constructor(
    private readonly auth: AuthService,
    private readonly people: PeopleService,
  ) {}

  /**
   * An account, linked to a person only by an administrator of every unit where that person belongs
   * or holds (or will hold) a post. What the account later gains from the person's posts stays inside
   * the linking administrator's own scope until a higher administrator confirms the link.
   */
  async createAccount(ctx: RequestContext, input: CreateAccountInput): Promise<Account> {
    if (input.personId) {
      await this.requireLinkable(ctx, input.personId);
      if (await personHasAccount(ctx, input.personId)) {
        throw new ConflictError('This person already has an account.', { field: 'personId' });
      }
    } else if (!hasEverywhere(ctx, Permission.Administer)) {
      throw new BadInputError('Link the account to a person of your subtree (personId).', 'personId');
    }
    const email = input.email.trim().toLowerCase();
    if (await emailTaken(ctx, email)) {
      throw new ConflictError('An account with this email exists.', { field: 'email' });
    }
    const id = await insertAccount(ctx, {
      email,
      passwordHash: await hashPassword(input.password),
      personId: input.personId ?? null,
      disabledAt: null,
      ...this.ceiling(ctx),
    });
    return findAccount(ctx, id);
  }

  /**
   * A higher administrator vouches for an account's link: its grants from posts may then reach as far
   * as the confirming administrator's own scope (everywhere, for a national administrator).
   */
  async confirmAccount(ctx: RequestContext, id: string): Promise<Account> {
    const account = await this.visibleAccount(ctx, id);
    if (!account.personId) throw new BadInputError('This account is linked to no person.', 'id');
    await this.requireLinkable(ctx, account.personId);
    return updateAccount(ctx, account.id, this.ceiling(ctx));
  }

  async grant(ctx: RequestContext, input: GrantAccessInput): Promise<AccessBinding> {
    const account = await this.visibleAccount(ctx, input.accountId);
    if (input.unitId) await requireUnitAccess(ctx, input.unitId, Permission.Administer);
    else if (!hasEverywhere(ctx, Permission.Administer)) {
      throw new DomainError(
        'FORBIDDEN',
        'Only a national administrator grants access to the whole registry.',
      );
    }
    if (account.id === ctx.actor?.accountId) {
      throw new DomainError('FORBIDDEN', 'Nobody grants access to themselves; ask another administrator.');
    }
    const path = input.unitId ? await unitPath(ctx, input.unitId) : null;
    if (input.seesContacts) {
      const contacts = scopeOf(ctx.actor, Permission.Read, true);
      if (!(contacts.all || (path !== null && inScope(contacts, path)))) {
        throw new DomainError('FORBIDDEN', 'You cannot grant access to contact data you do not have.');
      }
    }
    const validFrom = input.validFrom ?? ctx.today;
    if (input.validUntil && input.validUntil < validFrom) {
      throw new BadInputError('validUntil is before validFrom.', 'validUntil');
    }
    return insertBinding(ctx, {
      accountId: account.id,
      orgUnitId: input.unitId ?? null,
      level: input.level,
      seesContacts: input.seesContacts ?? false,
      validFrom,
      validUntil: input.validUntil ?? null,
      grantedBy: ctx.actor?.accountId ?? null,
      endsWithMandateId: this.grantingMandate(ctx, path),
      revokedAt: null,
    });
  }

  /**
   * A higher administrator makes a binding outlive the mandate of whoever granted it: one who
   * administers the unit above that mandate's post (or the whole registry, for a national post).
   */
  async confirmBinding(ctx: RequestContext, id: string): Promise<AccessBinding> {
    const binding = await this.visibleBinding(ctx, id);
    if (binding.revokedAt) throw new ConflictError('This access was already revoked.');
    if (binding.accountId === ctx.actor?.accountId) {
      throw new DomainError('FORBIDDEN', 'Nobody confirms their own access; ask another administrator.');
    }
    if (!binding.endsWithMandateId) throw new ConflictError('This access does not depend on a mandate.');
    const above = await parentPathOfMandateUnit(ctx, binding.endsWithMandateId);
    const scope = scopeOf(ctx.actor, Permission.Administer);
    const higher = scope.all || (above !== null && inScope(scope, above));
    const grantedUnderOwnMandate = ctx.actor?.grants.some((g) => g.mandateId === binding.endsWithMandateId);
    if (!higher || grantedUnderOwnMandate) {
      throw new DomainError(
        'FORBIDDEN',
        'Only an administrator above the granting mandate’s unit confirms this access.',
      );
    }
    return updateBinding(ctx, binding.id, { endsWithMandateId: null });
  }

  async revoke(ctx: RequestContext, id: string): Promise<AccessBinding> {
    const binding = await this.visibleBinding(ctx, id);
    if (binding.revokedAt) throw new ConflictError('This access was already revoked.');
    return updateBinding(ctx, id, { revokedAt: new Date() });
  }

  bindings(ctx: RequestContext, page: Page): Promise<[AccessBinding[], number | null]> {
    return listBindings(ctx, page);
  }

  async createToken(
    ctx: RequestContext,
    input: CreateApiTokenInput,
  ): Promise<{ token: string; row: ApiToken }> {
    await requireUnitAccess(ctx, input.unitId, Permission.Administer);
    if (input.expiresOn < ctx.today) throw new BadInputError('expiresOn is in the past.', 'expiresOn');
    if (input.expiresOn > addDays(ctx.today, 366)) {
      throw new BadInputError('A token lives at most a year.', 'expiresOn');
    }
    if (!ctx.actor?.accountId) {
      throw new DomainError('FORBIDDEN', 'API tokens are created by people, not by other tokens.');
    }
    const { token, hash } = this.auth.newApiTokenSecret();
    const row = await insertApiToken(ctx, {
      name: input.name,
      tokenHash: hash,
      orgUnitId: input.unitId,
      readOnly: input.readOnly,
      // The token works through its last day, Casablanca midnight (UTC+1 at most).
      expiresAt: new Date(`${addDays(input.expiresOn, 1)}T00:00:00+01:00`),
      revokedAt: null,
      lastUsedAt: null,
      createdBy: ctx.actor.accountId,
    });
    return { token, row };
  }

  async revokeToken(ctx: RequestContext, id: string): Promise<ApiToken> {
    const row = isUuid(id) ? await findApiTokenIfAny(ctx, id) : null;
    if (!row) throw new NotFoundError('API token', id);
    await requireUnitAccess(ctx, row.orgUnitId, Permission.Administer, 'API token', id);
    if (row.revokedAt) throw new ConflictError('This token was already revoked.');
    return updateApiToken(ctx, id, { revokedAt: new Date() });
  }

  tokens(ctx: RequestContext, page: Page): Promise<[ApiToken[], number | null]> {
    return listApiTokens(ctx, page);
  }

  /**
   * Whether the caller administers every unit the person belongs to or holds a post in, now or
   * later: their home unit and the unit of every mandate that has not ended. Otherwise an account
   * linked to them would carry rights the caller does not have.
   */
  private async requireLinkable(ctx: RequestContext, personId: string): Promise<void> {
    await this.people.get(ctx, personId);
    const units = await unitsOfPerson(ctx, personId);
    const scope = scopeOf(ctx.actor, Permission.Administer);
    if (scope.all) return;
    if (units.length === 0 || !units.every((path) => inScope(scope, path))) {
      throw new DomainError(
        'FORBIDDEN',
        'This person belongs to or holds a post in a unit you do not administer; ask an administrator above it.',
      );
    }
  }

  /** What an account linked by the caller may gain from its person's posts: the caller's own reach. */
  private ceiling(ctx: RequestContext): Pick<Account, 'mandateGrantsWithin' | 'mandateContactsWithin'> {
    return {
      mandateGrantsWithin: scopeUnitIds(ctx.actor, Permission.Administer),
      mandateContactsWithin: scopeUnitIds(ctx.actor, Permission.Read, true),
    };
  }

  /**
   * The mandate a new binding on `path` must lapse with: none when the caller administers it through
   * something lasting (a binding of their own that depends on no mandate), else the caller's mandate.
   */
  private grantingMandate(ctx: RequestContext, path: string | null): string | null {
    const covering = (ctx.actor?.grants ?? []).filter(
      (g) =>
        atLeast(g.level, LEVEL_FOR[Permission.Administer]!) &&
        (g.path === null || (path !== null && inScope({ all: false, paths: [g.path] }, path))),
    );
    if (covering.length === 0 || covering.some((g) => g.mandateId === null)) return null;
    return covering[0].mandateId;
  }

  /**
   * An account the caller may grant access to or confirm: one, not deleted, whose person they can see
   * (a national administrator also sees accounts linked to nobody). Disabling or deleting one asks
   * more (`AccountsService.administered`). Otherwise NOT_FOUND, worded as for an id that does not exist.
   */
  private async visibleAccount(ctx: RequestContext, id: string): Promise<Account> {
    const account = isUuid(id) ? await findAccountIfAny(ctx, id) : null;
    const visible =
      account &&
      !account.deletedAt &&
      (account.personId
        ? await this.people.get(ctx, account.personId).then(
            () => true,
            () => false,
          )
        : hasEverywhere(ctx, Permission.Administer));
    if (!account || !visible) throw new NotFoundError('Account', id);
    return account;
  }

  private async visibleBinding(ctx: RequestContext, id: string): Promise<AccessBinding> {
    const binding = isUuid(id) ? await findBindingIfAny(ctx, id) : null;
    if (!binding) throw new NotFoundError('Access binding', id);
    if (binding.orgUnitId) {
      await requireUnitAccess(ctx, binding.orgUnitId, Permission.Administer, 'Access binding', id);
    } else if (!hasEverywhere(ctx, Permission.Administer)) throw new NotFoundError('Access binding', id);
    return binding;
  }
}
