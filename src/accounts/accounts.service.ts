import { Injectable } from '@nestjs/common';
import { isUuid } from '../common/batch';
import { RequestContext } from '../common/context';
import { ConflictError, DomainError, NotFoundError } from '../common/errors';
import { inScope, Permission, scopeOf } from '../access/access';
import { Account } from './account.entity';
import {
  bindingPathsOf,
  changeAccount,
  endSessionsOf,
  findAccount,
  findAccountIfAny,
  revokeBindingsOf,
  unitsOfPerson,
} from './accounts.queries';
import { AuthService } from './auth.service';
import { clearLoginAttempts } from './login-attempts.queries';

/** A hash no password matches: a deleted account can never sign in again. */
const UNUSABLE_PASSWORD_HASH = '!deleted';

/**
 * Disabling, enabling, deleting an account, ending its sessions and clearing its failed sign-ins.
 * Only an administrator of everything the account reaches may touch it: the home unit of its person,
 * the unit of every post that person holds or will hold, and the unit of every explicit access it
 * has (access on the whole registry, or an account with no person: national administrators only).
 * Any other account is NOT_FOUND, like one that does not exist.
 */
@Injectable()
export class AccountsService {
  constructor(private readonly auth: AuthService) {}

  async disable(ctx: RequestContext, id: string): Promise<Account> {
    const account = await this.administered(ctx, id);
    this.notSelf(ctx, account, 'disable');
    if (account.disabledAt) throw new ConflictError('This account is already disabled.');
    await changeAccount(ctx, id, { disabledAt: new Date() });
    await endSessionsOf(ctx, id);
    return findAccount(ctx, id);
  }

  async enable(ctx: RequestContext, id: string): Promise<Account> {
    const account = await this.administered(ctx, id);
    if (!account.disabledAt) throw new ConflictError('This account is not disabled.');
    await changeAccount(ctx, id, { disabledAt: null });
    return findAccount(ctx, id);
  }

  /**
   * Deletes an account as far as the audit trail allows: the row stays (events name it), disabled,
   * with its email replaced, its password unusable, its person unlinked, its sessions ended and its
   * explicit access revoked.
   */
  async delete(ctx: RequestContext, id: string): Promise<Account> {
    const account = await this.administered(ctx, id);
    this.notSelf(ctx, account, 'delete');
    await changeAccount(ctx, id, {
      email: `deleted-${id}@deleted.invalid`,
      passwordHash: UNUSABLE_PASSWORD_HASH,
      disabledAt: account.disabledAt ?? new Date(),
      personId: null,
      deletedAt: new Date(),
    });
    await endSessionsOf(ctx, id);
    await revokeBindingsOf(ctx, id);
    await clearLoginAttempts(ctx, account.email);
    return findAccount(ctx, id);
  }

  /** Signs the account out everywhere: its refresh tokens and access tokens stop working at once. */
  async endSessions(ctx: RequestContext, id: string): Promise<Account> {
    const account = await this.administered(ctx, id);
    await endSessionsOf(ctx, id);
    return account;
  }

  /** Forgets the account's failed sign-ins, from every source (a source's own count stays). */
  async unlock(ctx: RequestContext, id: string): Promise<Account> {
    const account = await this.administered(ctx, id);
    await clearLoginAttempts(ctx, account.email);
    return account;
  }

  /** The caller's own account (`me`). */
  own(ctx: RequestContext, id: string): Promise<Account | null> {
    return findAccountIfAny(ctx, id);
  }

  /** The account, when the caller administers everything it reaches; else NOT_FOUND, as if absent. */
  async administered(ctx: RequestContext, id: string): Promise<Account> {
    const account = isUuid(id) ? await findAccountIfAny(ctx, id) : null;
    if (!account || account.deletedAt) throw new NotFoundError('Account', id);
    const scope = scopeOf(ctx.actor, Permission.Administer);
    if (scope.all) return account;
    if (!account.personId) throw new NotFoundError('Account', id);
    const paths = await this.reach(ctx, account);
    if (paths.length === 0 || paths.some((path) => path === null || !inScope(scope, path))) {
      throw new NotFoundError('Account', id);
    }
    return account;
  }

  /** The unit paths an account reaches today or later (null: the whole registry). */
  private async reach(ctx: RequestContext, account: Account): Promise<(string | null)[]> {
    const bindings = await bindingPathsOf(ctx, account.id);
    const person = account.personId ? await unitsOfPerson(ctx, account.personId) : [];
    return [...person, ...bindings];
  }

  private notSelf(ctx: RequestContext, account: Account, what: string): void {
    if (ctx.actor?.accountId === account.id) {
      throw new DomainError('FORBIDDEN', `You cannot ${what} your own account.`);
    }
  }
}
