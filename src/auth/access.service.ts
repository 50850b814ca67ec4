import { Injectable } from '@nestjs/common';
import { isUuid } from '../common/batch';
import { RequestContext } from '../common/context';
import { addDays } from '../common/dates';
import { BadInputError, ConflictError, DomainError, NotFoundError } from '../common/errors';
import { Page } from '../common/pagination';
import { PeopleService } from '../people/people.service';
import { inScope, Permission, scopeOf } from './access';
import { AccessBinding, Account, ApiToken } from './account.entity';
import { AuthService } from './auth.service';
import { CreateAccountInput, CreateApiTokenInput, GrantAccessInput } from './dto/auth.inputs';
import { hashPassword } from './passwords';
import { hasEverywhere, requireUnitAccess, scopeSql } from './scope';

/** Accounts, explicit access and API tokens. Nobody grants beyond their own scope. */
@Injectable()
export class AccessService {
  constructor(
    private readonly auth: AuthService,
    private readonly people: PeopleService,
  ) {}

  async createAccount(ctx: RequestContext, input: CreateAccountInput): Promise<Account> {
    if (input.personId) await this.people.get(ctx, input.personId);
    else if (!hasEverywhere(ctx, Permission.Administer)) {
      throw new BadInputError('Link the account to a person of your subtree (personId).', 'personId');
    }
    const email = input.email.trim().toLowerCase();
    if (await ctx.manager.existsBy(Account, { email })) {
      throw new ConflictError('An account with this email exists.', { field: 'email' });
    }
    const { identifiers } = await ctx.manager.insert(Account, {
      email,
      passwordHash: await hashPassword(input.password),
      personId: input.personId ?? null,
      disabledAt: null,
    });
    return ctx.manager.findOneByOrFail(Account, { id: identifiers[0].id as string });
  }

  async grant(ctx: RequestContext, input: GrantAccessInput): Promise<AccessBinding> {
    const account = isUuid(input.accountId)
      ? await ctx.manager.findOneBy(Account, { id: input.accountId })
      : null;
    if (!account) throw new NotFoundError('Account', input.accountId);
    if (input.unitId) await requireUnitAccess(ctx, input.unitId, Permission.Administer);
    else if (!hasEverywhere(ctx, Permission.Administer)) {
      throw new DomainError(
        'FORBIDDEN',
        'Only a national administrator grants access to the whole registry.',
      );
    }
    if (input.seesContacts) {
      const contacts = scopeOf(ctx.actor, Permission.Read, true);
      const path = input.unitId ? await this.unitPath(ctx, input.unitId) : null;
      if (!(contacts.all || (path !== null && inScope(contacts, path)))) {
        throw new DomainError('FORBIDDEN', 'You cannot grant access to contact data you do not have.');
      }
    }
    const validFrom = input.validFrom ?? ctx.today;
    if (input.validUntil && input.validUntil < validFrom) {
      throw new BadInputError('validUntil is before validFrom.', 'validUntil');
    }
    const { identifiers } = await ctx.manager.insert(AccessBinding, {
      accountId: account.id,
      orgUnitId: input.unitId ?? null,
      level: input.level,
      seesContacts: input.seesContacts ?? false,
      validFrom,
      validUntil: input.validUntil ?? null,
      grantedBy: ctx.actor?.accountId ?? null,
      revokedAt: null,
    });
    return ctx.manager.findOneByOrFail(AccessBinding, { id: identifiers[0].id as string });
  }

  async revoke(ctx: RequestContext, id: string): Promise<AccessBinding> {
    const binding = isUuid(id) ? await ctx.manager.findOneBy(AccessBinding, { id }) : null;
    if (!binding) throw new NotFoundError('Access binding', id);
    if (binding.orgUnitId) {
      await requireUnitAccess(ctx, binding.orgUnitId, Permission.Administer, 'Access binding');
    } else if (!hasEverywhere(ctx, Permission.Administer)) throw new NotFoundError('Access binding', id);
    if (binding.revokedAt) throw new ConflictError('This access was already revoked.');
    await ctx.manager.update(AccessBinding, { id }, { revokedAt: new Date() });
    return ctx.manager.findOneByOrFail(AccessBinding, { id });
  }

  async bindings(ctx: RequestContext, page: Page): Promise<[AccessBinding[], number]> {
    const [where, params] = scopeSql(ctx, 'u.path', Permission.Administer);
    const qb = ctx.manager
      .createQueryBuilder(AccessBinding, 'b')
      .leftJoin('org_unit', 'u', 'u.id = b.org_unit_id');
    qb.where(
      hasEverywhere(ctx, Permission.Administer) ? 'TRUE' : `b.org_unit_id IS NOT NULL AND ${where}`,
      params,
    );
    return qb
      .orderBy('b.created_at', 'DESC')
      .addOrderBy('b.id')
      .offset(page.offset)
      .limit(page.limit)
      .getManyAndCount();
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
    const { identifiers } = await ctx.manager.insert(ApiToken, {
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
    return { token, row: await ctx.manager.findOneByOrFail(ApiToken, { id: identifiers[0].id as string }) };
  }

  async revokeToken(ctx: RequestContext, id: string): Promise<ApiToken> {
    const row = isUuid(id) ? await ctx.manager.findOneBy(ApiToken, { id }) : null;
    if (!row) throw new NotFoundError('API token', id);
    await requireUnitAccess(ctx, row.orgUnitId, Permission.Administer, 'API token');
    if (row.revokedAt) throw new ConflictError('This token was already revoked.');
    await ctx.manager.update(ApiToken, { id }, { revokedAt: new Date() });
    return ctx.manager.findOneByOrFail(ApiToken, { id });
  }

  async tokens(ctx: RequestContext, page: Page): Promise<[ApiToken[], number]> {
    const [where, params] = scopeSql(ctx, 'u.path', Permission.Administer);
    return ctx.manager
      .createQueryBuilder(ApiToken, 't')
      .innerJoin('org_unit', 'u', 'u.id = t.org_unit_id')
      .where(where, params)
      .orderBy('t.created_at', 'DESC')
      .addOrderBy('t.id')
      .offset(page.offset)
      .limit(page.limit)
      .getManyAndCount();
  }

  private async unitPath(ctx: RequestContext, unitId: string): Promise<string | null> {
    const [row] = (await ctx.manager.query(`SELECT path::text AS path FROM org_unit WHERE id = $1`, [
      unitId,
    ])) as { path: string }[];
    return row?.path ?? null;
  }
}
