import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { afterCommit } from '../common/after-commit';
import { ConfirmationPolicy } from '../common/confirmation';
import { moroccoDate } from '../common/morocco-time';
import { RequestContext } from '../common/context';
import { DomainError } from '../common/errors';
import { Actor, Grant } from '../common/actor';
import { Account } from './account.entity';
import {
  accountOfRunningSession,
  apiTokenByHash,
  Db,
  endRunningSession,
  endSession,
  endSessionFamily,
  findAccountByEmail,
  findAccountIfAny,
  grantsOfAccount,
  insertAccount,
  insertNationalAdminBinding,
  insertSession,
  lockSessionByRefreshHash,
  recordApiTokenUse,
  storedSigningSecret,
} from './accounts.queries';
import { signJwt, verifyJwt } from './jwt';
import { LoginAttempts } from './login-attempts.queries';
import { DUMMY_HASH, hashPassword, passwordMatches } from './passwords';

export const ACCESS_TOKEN_SECONDS = 15 * 60;
const REFRESH_TOKEN_DAYS = 30;
export const API_TOKEN_PREFIX = 'tzk_';
export const SESSION_ENDED = 'This session has ended; sign in again.';
const WRONG_CREDENTIALS = 'Wrong email or password.';

export const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

/**
 * How long one process remembers an API token it has checked. A dashboard or an integration sends
 * many requests a second with the same token; checking it each time was a second SQL statement on
 * every read (on a unit by code, a third of the request's CPU time). Revoking a token, or changing
 * a unit, through this process takes effect at once (see `forgetCheckedCredentials`); through
 * another process of the same deployment, as soon as its notification arrives (common/after-commit.ts),
 * and within this delay whatever happens to the notification.
 */
export const API_TOKEN_MEMORY_MS = 5_000;
const API_TOKEN_MEMORY_MAX = 1_000;

/** Bumped after every committed change that can alter what a token grants. */
let credentialsGeneration = 0;

/**
 * Forgets every remembered API-token check: called once a change to tokens or units has committed.
 * A check that read the database before the change is not kept either (it carries the older generation).
 */
export function forgetCheckedCredentials(): void {
  credentialsGeneration++;
}
afterCommit.on('ApiToken', forgetCheckedCredentials);
afterCommit.on('OrgUnit', forgetCheckedCredentials);

interface RememberedToken {
  actor: Actor;
  generation: number;
  /** The day the check was made for (a unit dissolved from tomorrow still grants today). */
  today: string;
  until: number;
}

export interface Tokens {
  accessToken: string;
  refreshToken: string;
  expiresAt: Date;
  account: Account;
}

/** Who is calling: credentials in, an Actor with today's grants out. Also sign-in and sessions. */
/** The token of an `Authorization: Bearer <token>` value, or null when it is not one. */
const bearerToken = (authorization: string): string | null =>
  /^Bearer\s+(\S+)$/i.exec(authorization.trim())?.[1] ?? null;

@Injectable()
export class AuthService implements OnApplicationBootstrap {
  private readonly logger = new Logger(AuthService.name);
  private secret?: Promise<string>;
  readonly attempts: LoginAttempts;
  private readonly checkedTokens = new Map<string, RememberedToken>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly confirmation: ConfirmationPolicy,
  ) {
    this.attempts = new LoginAttempts(dataSource);
  }

  /**
   * Loads the signing secret once, before any request: signing must never query the database from
   * inside a transaction (on embedded Postgres that second connection would wait forever).
   */
  async onApplicationBootstrap(): Promise<void> {
    await this.signingSecret();
  }

  /**
   * Reads the Authorization header. No header → anonymous; a header that does not check out →
   * rejected (never a partial actor). Costs one query for the credential and one for the grants.
   */
  async resolve(authorization: string | undefined): Promise<{ actor: Actor | null; rejected: boolean }> {
    if (!authorization) return { actor: null, rejected: false };
    const token = bearerToken(authorization);
    if (!token) return { actor: null, rejected: true };
    const actor = token.startsWith(API_TOKEN_PREFIX)
      ? await this.actorFromApiToken(token)
      : await this.actorFromAccessToken(token);
    return actor ? { actor, rejected: false } : { actor: null, rejected: true };
  }

  /**
   * When credentials stop working by themselves: an access token at its `exp`, an API token at its
   * expiry. Null when they do not check out.
   */
  async expiryOf(authorization: string): Promise<Date | null> {
    const token = bearerToken(authorization);
    if (!token) return null;
    if (token.startsWith(API_TOKEN_PREFIX)) {
      const row = await apiTokenByHash(this.dataSource, sha256(token), moroccoDate());
      return row ? new Date(row.expires_at) : null;
    }
    const claims = verifyJwt(token, await this.signingSecret());
    return claims ? new Date(claims.exp * 1000) : null;
  }

  /**
   * Checks an email and password from a source address, outside any transaction (the password check
   * must not hold a database connection). The attempt is counted before the password is checked, so
   * too many at once or in a row are refused without checking it (see `login-throttle.ts`); it stays
   * counted until `signIn` commits.
   */
  async checkCredentials(ctx: RequestContext, emailInput: string, password: string): Promise<Account> {
    const source = ctx.clientAddress;
    const email = emailInput.trim().toLowerCase();
    if (!email) throw new DomainError('UNAUTHENTICATED', WRONG_CREDENTIALS);
    const waitMs = await this.attempts.reserve(email, source);
    if (waitMs > 0) {
      const seconds = Math.ceil(waitMs / 1000);
      throw new DomainError(
        'UNAUTHENTICATED',
        seconds < 120
          ? `Too many failed sign-ins; try again in ${seconds} second(s).`
          : `Too many failed sign-ins; try again in ${Math.ceil(seconds / 60)} minute(s).`,
        { retryAfterSeconds: seconds },
      );
    }
    const account = await findAccountByEmail(this.dataSource, email);
    const ok = await passwordMatches(account?.passwordHash ?? DUMMY_HASH, password);
    if (!account || !ok || account.disabledAt) throw new DomainError('UNAUTHENTICATED', WRONG_CREDENTIALS);
    return account;
  }

  /**
   * Signs in an account whose credentials checked out, in the sign-in's one transaction: its failed
   * attempts are forgotten and a session opens.
   */
  async signIn(ctx: RequestContext, account: Account): Promise<Tokens> {
    await this.attempts.succeeded(ctx, account.email, ctx.clientAddress);
    return this.openSession(ctx, account);
  }

  /**
   * Trades a refresh token for a new pair; the old refresh token stops working (rotation). A token
   * that was already traded is a copy in someone else's hands (the OAuth reuse rule): every session of
   * its family ends, the thief's and the owner's, and `reused` says so (the caller commits, then refuses).
   */
  async refresh(ctx: RequestContext, refreshToken: string): Promise<Tokens | { reused: Account }> {
    const session = await lockSessionByRefreshHash(ctx, sha256(refreshToken));
    const account = session && (await findAccountIfAny(ctx, session.accountId));
    if (!session || !account || account.disabledAt) {
      throw new DomainError('UNAUTHENTICATED', SESSION_ENDED);
    }
    if (session.revokedAt) {
      await endSessionFamily(ctx, session.familyId);
      return { reused: account };
    }
    await endRunningSession(ctx, session.id);
    return this.openSession(ctx, account, session.familyId);
  }

  /** Ends every session renewed from the same sign-in: their refresh and access tokens stop working at once. */
  async endFamily(manager: EntityManager, familyId: string): Promise<void> {
    await endSessionFamily(manager, familyId);
  }

  /** Ends a session: its refresh token and its access tokens stop working at once. */
  async logout(ctx: RequestContext, sessionId: string): Promise<void> {
    await endSession(ctx, sessionId);
  }

  /** Creates the account if its email is new; returns its id either way. Used at start-up and by seeding. */
  async ensureAccount(
    manager: EntityManager,
    email: string,
    password: string,
    personId: string | null = null,
  ): Promise<{ id: string; created: boolean }> {
    const normalized = email.trim().toLowerCase();
    const existing = await findAccountByEmail(manager, normalized);
    if (existing) return { id: existing.id, created: false };
    const id = await insertAccount(manager, {
      email: normalized,
      passwordHash: await hashPassword(password),
      personId,
      disabledAt: null,
    });
    return { id, created: true };
  }

  /**
   * The first national administrator, from ADMIN_EMAIL and ADMIN_PASSWORD: created with an ADMIN
   * binding on the whole registry when no account has that email yet; an existing one is left alone.
   */
  async ensureNationalAdmin(email: string, password: string): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const { id, created } = await this.ensureAccount(manager, email, password);
      if (created) {
        await insertNationalAdminBinding(manager, id, moroccoDate());
        this.logger.log(`Created the national administrator ${email.trim().toLowerCase()}`);
      }
      return created;
    });
  }

  /**
   * Today's grants of an account: explicit bindings plus the posts its person holds (a post attested
   * long ago and not confirmed since grants nothing, see ConfirmationPolicy). A binding given
   * on the strength of a mandate lapses with it; grants from posts stay inside the units of the
   * administrator who linked the account (and contact data inside theirs) until a higher one confirms.
   */
  grantsOf(db: Db, accountId: string, today: string): Promise<Grant[]> {
    return grantsOfAccount(db, accountId, today, this.confirmation);
  }

  /**
   * The actor of an enabled account named by its email, with today's grants, for work started from a
   * shell by someone who may act as that account (the import command); null when there is none.
   */
  async actorOfAccount(email: string): Promise<Actor | null> {
    const account = await findAccountByEmail(this.dataSource, email.trim().toLowerCase());
    if (!account || account.disabledAt || account.deletedAt) return null;
    return {
      accountId: account.id,
      sessionId: null,
      tokenId: null,
      personId: account.personId,
      readOnly: false,
      grants: await this.grantsOf(this.dataSource, account.id, moroccoDate()),
    };
  }

  /** A new API token's secret (returned once) and the hash that is stored. */
  newApiTokenSecret(): { token: string; hash: string } {
    const token = `${API_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
    return { token, hash: sha256(token) };
  }

  /** A new session: of a new family when signing in, of the renewed session's family when refreshing. */
  async openSession(ctx: RequestContext, account: Account, familyId: string = randomUUID()): Promise<Tokens> {
    const refreshToken = randomBytes(32).toString('base64url');
    const sessionId = await insertSession(ctx, {
      accountId: account.id,
      familyId,
      refreshHash: sha256(refreshToken),
      expiresAt: new Date(Date.now() + REFRESH_TOKEN_DAYS * 86_400_000),
      revokedAt: null,
    });
    const now = Math.floor(Date.now() / 1000);
    const accessToken = signJwt(
      { sub: account.id, sid: sessionId, iat: now, exp: now + ACCESS_TOKEN_SECONDS },
      await this.signingSecret(),
    );
    return { accessToken, refreshToken, expiresAt: new Date((now + ACCESS_TOKEN_SECONDS) * 1000), account };
  }

  private async actorFromAccessToken(token: string): Promise<Actor | null> {
    const claims = verifyJwt(token, await this.signingSecret());
    if (!claims) return null;
    const row = await accountOfRunningSession(this.dataSource, claims.sub, claims.sid);
    if (!row) return null;
    return {
      accountId: row.id,
      sessionId: claims.sid,
      tokenId: null,
      personId: row.person_id,
      readOnly: false,
      grants: await this.grantsOf(this.dataSource, row.id, moroccoDate()),
    };
  }

  /** An API token's actor, from memory when it was checked less than API_TOKEN_MEMORY_MS ago. */
  private async actorFromApiToken(token: string): Promise<Actor | null> {
    const hash = sha256(token);
    const today = moroccoDate();
    const now = Date.now();
    const remembered = this.checkedTokens.get(hash);
    if (
      remembered &&
      afterCommit.remembering &&
      remembered.generation === credentialsGeneration &&
      remembered.today === today &&
      remembered.until > now
    ) {
      return remembered.actor;
    }
    const generation = credentialsGeneration;
    const checked = await this.checkApiToken(hash, today);
    if (!checked) {
      this.checkedTokens.delete(hash);
      return null;
    }
    if (!afterCommit.remembering) return checked.actor;
    if (this.checkedTokens.size >= API_TOKEN_MEMORY_MAX) this.checkedTokens.clear();
    this.checkedTokens.set(hash, {
      actor: checked.actor,
      generation,
      today,
      until: Math.min(now + API_TOKEN_MEMORY_MS, checked.expiresAt.getTime()),
    });
    return checked.actor;
  }

  /** An API token acts on its unit's subtree: VIEWER when read-only, EDITOR otherwise. A dissolved unit grants nothing. */
  private async checkApiToken(
    hash: string,
    today: string,
  ): Promise<{ actor: Actor; expiresAt: Date } | null> {
    const row = await apiTokenByHash(this.dataSource, hash, today);
    if (!row) return null;
    // Last use is kept to the minute: writing it on every request would make every read a write, and
    // a dashboard's parallel requests would queue on the token's row lock.
    if (row.stale) await recordApiTokenUse(this.dataSource, row.id);
    const grants: Grant[] = row.path
      ? [
          {
            unitId: row.org_unit_id,
            path: row.path,
            level: row.read_only ? 'VIEWER' : 'EDITOR',
            seesContacts: false,
            source: 'TOKEN',
            mandateId: null,
          },
        ]
      : [];
    // Shared by the requests of the next few seconds: frozen, so that none can change another's grants.
    const actor: Actor = Object.freeze({
      accountId: null,
      sessionId: null,
      tokenId: row.id,
      personId: null,
      readOnly: row.read_only,
      grants: Object.freeze(grants.map((grant) => Object.freeze(grant))) as Grant[],
    });
    return { actor, expiresAt: row.expires_at };
  }

  /** JWT_SECRET when set (≥ 32 characters), else a random secret kept in the database across restarts. */
  private signingSecret(): Promise<string> {
    this.secret ??= (async () => {
      const fromEnv = process.env.JWT_SECRET;
      if (fromEnv) {
        if (fromEnv.length < 32) throw new Error('JWT_SECRET must be at least 32 characters long.');
        return fromEnv;
      }
      const value = await storedSigningSecret(this.dataSource, randomBytes(48).toString('base64url'));
      this.logger.debug('Using the signing secret stored in the database');
      return value;
    })();
    return this.secret;
  }
}
