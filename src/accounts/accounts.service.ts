import { Injectable } from '@nestjs/common';
import { isUuid } from '../common/batch';
import { RequestContext } from '../common/context';
import { ConflictError, DomainError, NotFoundError } from '../common/errors';
import { inScope, Permission, scopeOf } from '../access/access';
import { Account, Session } from './account.entity';
import { AuthService } from './auth.service';

/**
 * The paths of the units a person belongs to or holds a post in, today or later: their home unit and
 * the unit of every mandate that has not ended. Whoever administers an account linked to them must
 * administer all of these.
 */
export async function unitsOfPerson(ctx: RequestContext, personId: string): Promise<string[]> {
  const rows = (await ctx.manager.query(
    `SELECT u.path::text AS path FROM person p JOIN org_unit u ON u.id = p.home_unit_id WHERE p.id = $1
     UNION
     SELECT u.path::text FROM mandate m JOIN position po ON po.id = m.position_id
       JOIN org_unit u ON u.id = po.org_unit_id
      WHERE m.person_id = $1 AND (upper_inf(m.term) OR upper(m.term) > CAST($2 AS date))`,
    [personId, ctx.today],
  )) as { path: string }[];
  return rows.map((row) => row.path);
}

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
    await ctx.manager.update(Account, { id }, { disabledAt: new Date() });
    await this.endAllSessions(ctx, id);
    return ctx.manager.findOneByOrFail(Account, { id });
  }

  async enable(ctx: RequestContext, id: string): Promise<Account> {
    const account = await this.administered(ctx, id);
    if (!account.disabledAt) throw new ConflictError('This account is not disabled.');
    await ctx.manager.update(Account, { id }, { disabledAt: null });
    return ctx.manager.findOneByOrFail(Account, { id });
  }

  /**
   * Deletes an account as far as the audit trail allows: the row stays (events name it), disabled,
   * with its email replaced, its password unusable, its person unlinked, its sessions ended and its
   * explicit access revoked.
   */
  async delete(ctx: RequestContext, id: string): Promise<Account> {
    const account = await this.administered(ctx, id);
    this.notSelf(ctx, account, 'delete');
    await ctx.manager.update(
      Account,
      { id },
      {
        email: `deleted-${id}@deleted.invalid`,
        passwordHash: UNUSABLE_PASSWORD_HASH,
        disabledAt: account.disabledAt ?? new Date(),
        personId: null,
        deletedAt: new Date(),
      },
    );
    await this.endAllSessions(ctx, id);
    await ctx.manager.query(
      `UPDATE access_binding SET revoked_at = now() WHERE account_id = $1 AND revoked_at IS NULL`,
      [id],
    );
    await this.auth.attempts.clear(ctx.manager, account.email);
    return ctx.manager.findOneByOrFail(Account, { id });
  }

  /** Signs the account out everywhere: its refresh tokens and access tokens stop working at once. */
  async endSessions(ctx: RequestContext, id: string): Promise<Account> {
    const account = await this.administered(ctx, id);
    await this.endAllSessions(ctx, id);
    return account;
  }

  /** Forgets the account's failed sign-ins, from every source (a source's own count stays). */
  async unlock(ctx: RequestContext, id: string): Promise<Account> {
    const account = await this.administered(ctx, id);
    await this.auth.attempts.clear(ctx.manager, account.email);
    return account;
  }

  /** The caller's own account (`me`). */
  own(ctx: RequestContext, id: string): Promise<Account | null> {
    return ctx.manager.findOneBy(Account, { id });
  }

  /** The account, when the caller administers everything it reaches; else NOT_FOUND, as if absent. */
  async administered(ctx: RequestContext, id: string): Promise<Account> {
    const account = isUuid(id) ? await ctx.manager.findOneBy(Account, { id }) : null;
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
    const bindings = (await ctx.manager.query(
      `SELECT u.path::text AS path FROM access_binding b LEFT JOIN org_unit u ON u.id = b.org_unit_id
        WHERE b.account_id = $1 AND b.revoked_at IS NULL AND (b.valid_until IS NULL OR b.valid_until >= $2)`,
      [account.id, ctx.today],
    )) as { path: string | null }[];
    const person = account.personId ? await unitsOfPerson(ctx, account.personId) : [];
    return [...person, ...bindings.map((row) => row.path)];
  }

  private notSelf(ctx: RequestContext, account: Account, what: string): void {
    if (ctx.actor?.accountId === account.id) {
      throw new DomainError('FORBIDDEN', `You cannot ${what} your own account.`);
    }
  }

  private async endAllSessions(ctx: RequestContext, accountId: string): Promise<void> {
    await ctx.manager
      .createQueryBuilder()
      .update(Session)
      .set({ revokedAt: () => 'now()' })
      .where('account_id = :accountId AND revoked_at IS NULL', { accountId })
      .execute();
  }
}
