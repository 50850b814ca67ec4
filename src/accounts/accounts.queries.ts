import { ConfirmationPolicy } from '../common/confirmation';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { Permission } from '../access/access';
import { hasEverywhere, scopeSql } from '../access/scope';
import { Grant } from '../common/actor';
import { RequestContext } from '../common/context';
import { Page, pageOf } from '../common/pagination';
import { insertAndRead, updateAndRead } from '../database/writes';
import { AccessBinding, Account, ApiToken, Session } from './account.entity';

/**
 * Sign-in and credential checks run outside any request's transaction, on the data source itself;
 * the rest in the request's manager. Functions used by both take either.
 */
export type Db = DataSource | EntityManager | RequestContext;
const managerOf = (db: Db): EntityManager => ('manager' in db ? db.manager : db);

// Accounts

export const findAccount = (ctx: RequestContext, id: string): Promise<Account> =>
  ctx.manager.findOneByOrFail(Account, { id });

export const findAccountIfAny = (ctx: RequestContext, id: string): Promise<Account | null> =>
  ctx.manager.findOneBy(Account, { id });

export const findAccountByEmail = (db: Db, email: string): Promise<Account | null> =>
  managerOf(db).findOneBy(Account, { email });

export const personHasAccount = (ctx: RequestContext, personId: string): Promise<boolean> =>
  ctx.manager.existsBy(Account, { personId });

export const emailTaken = (ctx: RequestContext, email: string): Promise<boolean> =>
  ctx.manager.existsBy(Account, { email });

/** Inserts an account and answers its id. */
export async function insertAccount(db: Db, fields: Partial<Account>): Promise<string> {
  const { identifiers } = await managerOf(db).insert(Account, fields);
  return identifiers[0].id as string;
}

/** Changes an account (`updateAccount` also reads it back). */
export async function changeAccount(
  ctx: RequestContext,
  id: string,
  fields: Partial<Account>,
): Promise<void> {
  await ctx.manager.update(Account, { id }, fields);
}

export const updateAccount = (ctx: RequestContext, id: string, fields: Partial<Account>) =>
  updateAndRead(ctx, Account, id, fields);

/**
 * The paths of the units a person belongs to or holds a post in, today or later: their home unit and
 * the unit of every mandate that has not ended.
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

/** The unit paths of an account's explicit access running today or later (null: the whole registry). */
export async function bindingPathsOf(ctx: RequestContext, accountId: string): Promise<(string | null)[]> {
  const rows = (await ctx.manager.query(
    `SELECT u.path::text AS path FROM access_binding b LEFT JOIN org_unit u ON u.id = b.org_unit_id
      WHERE b.account_id = $1 AND b.revoked_at IS NULL AND (b.valid_until IS NULL OR b.valid_until >= $2)`,
    [accountId, ctx.today],
  )) as { path: string | null }[];
  return rows.map((row) => row.path);
}

/** A unit's path, or null when there is no such unit. */
export async function unitPath(ctx: RequestContext, unitId: string): Promise<string | null> {
  const [row] = (await ctx.manager.query(`SELECT path::text AS path FROM org_unit WHERE id = $1`, [
    unitId,
  ])) as { path: string }[];
  return row?.path ?? null;
}

// Explicit access

export const findBindingIfAny = (ctx: RequestContext, id: string): Promise<AccessBinding | null> =>
  ctx.manager.findOneBy(AccessBinding, { id });

export const insertBinding = (ctx: RequestContext, fields: Partial<AccessBinding>) =>
  insertAndRead(ctx, AccessBinding, fields);

export const updateBinding = (ctx: RequestContext, id: string, fields: Partial<AccessBinding>) =>
  updateAndRead(ctx, AccessBinding, id, fields);

/** The whole-registry administrator's binding, at start-up. */
export async function insertNationalAdminBinding(manager: EntityManager, accountId: string, day: string) {
  await manager.query(
    `INSERT INTO access_binding (account_id, org_unit_id, level, sees_contacts, valid_from) VALUES ($1, NULL, 'ADMIN', true, $2)`,
    [accountId, day],
  );
}

export async function revokeBindingsOf(ctx: RequestContext, accountId: string): Promise<void> {
  await ctx.manager.query(
    `UPDATE access_binding SET revoked_at = now() WHERE account_id = $1 AND revoked_at IS NULL`,
    [accountId],
  );
}

/** The path of the unit above the unit of a mandate's post (null for a national post). */
export async function parentPathOfMandateUnit(
  ctx: RequestContext,
  mandateId: string,
): Promise<string | null> {
  const [above] = (await ctx.manager.query(
    `SELECT pu.path::text AS path FROM mandate m JOIN position po ON po.id = m.position_id
       JOIN org_unit u ON u.id = po.org_unit_id LEFT JOIN org_unit pu ON pu.id = u.parent_id
      WHERE m.id = $1`,
    [mandateId],
  )) as { path: string | null }[];
  return above?.path ?? null;
}

/** Access bindings the caller administers, newest first. */
export function listBindings(ctx: RequestContext, page: Page): Promise<[AccessBinding[], number | null]> {
  const [where, params] = scopeSql(ctx, 'u.path', Permission.Administer);
  const qb = ctx.manager
    .createQueryBuilder(AccessBinding, 'b')
    .leftJoin('org_unit', 'u', 'u.id = b.org_unit_id');
  qb.where(
    hasEverywhere(ctx, Permission.Administer) ? 'TRUE' : `b.org_unit_id IS NOT NULL AND ${where}`,
    params,
  );
  return pageOf(qb, page, {
    list: 'accessBindings',
    keys: [
      { sql: 'b.created_at', type: 'timestamptz', desc: true },
      { sql: 'b.id', type: 'uuid' },
    ],
  });
}

/** Today's explicit bindings and posts of an account, as grants (see `AuthService.grantsOf`). */
export async function grantsOfAccount(
  db: Db,
  accountId: string,
  today: string,
  policy: ConfirmationPolicy,
): Promise<Grant[]> {
  // A mandate of unknown start grants nothing once unconfirmed (common/confirmation.ts), unless the
  // policy says otherwise ($3 is then null).
  const confirmed = (m: string) =>
    `(${m}.starts_on IS NOT NULL OR $3::int IS NULL OR (${m}.last_confirmed_on + make_interval(months => $3::int))::date >= $2)`;
  const rows: {
    unit_id: string | null;
    path: string | null;
    level: Grant['level'];
    sees_contacts: boolean;
    source: Grant['source'];
    mandate_id: string | null;
  }[] = await managerOf(db).query(
    `SELECT b.org_unit_id AS unit_id, u.path::text AS path, b.level, b.sees_contacts, 'BINDING' AS source,
            b.ends_with_mandate_id AS mandate_id
         FROM access_binding b LEFT JOIN org_unit u ON u.id = b.org_unit_id
        WHERE b.account_id = $1 AND b.revoked_at IS NULL AND b.valid_from <= $2
          AND (b.valid_until IS NULL OR b.valid_until >= $2)
          AND (b.org_unit_id IS NULL OR u.dissolved_on IS NULL OR u.dissolved_on > $2)
          AND (b.ends_with_mandate_id IS NULL OR EXISTS (
                SELECT 1 FROM mandate bm WHERE bm.id = b.ends_with_mandate_id
                   AND bm.term @> CAST($2 AS date) AND bm.status <> 'SUSPENDED' AND ${confirmed('bm')}))
       UNION ALL
       SELECT p.org_unit_id, u.path::text, r.access_level,
              r.sees_contacts AND (a.mandate_contacts_within IS NULL OR u.path <@ ANY(ARRAY(
                SELECT cu.path FROM org_unit cu WHERE cu.id = ANY(a.mandate_contacts_within)))),
              'MANDATE', m.id
         FROM account a JOIN mandate m ON m.person_id = a.person_id
         JOIN position p ON p.id = m.position_id JOIN role r ON r.code = p.role_code
         JOIN org_unit u ON u.id = p.org_unit_id
        WHERE a.id = $1 AND m.term @> CAST($2 AS date) AND m.status <> 'SUSPENDED' AND r.access_level IS NOT NULL
          AND ${confirmed('m')}
          AND (u.dissolved_on IS NULL OR u.dissolved_on > $2)
          AND (a.mandate_grants_within IS NULL OR u.path <@ ANY(ARRAY(
                SELECT gu.path FROM org_unit gu WHERE gu.id = ANY(a.mandate_grants_within))))`,
    [accountId, today, policy.unconfirmedGrants ? null : policy.months],
  );
  return rows.map((row) => ({
    unitId: row.unit_id,
    path: row.path,
    level: row.level,
    seesContacts: row.sees_contacts,
    source: row.source,
    mandateId: row.mandate_id,
  }));
}

// Sessions

/** Inserts a session and answers its id. */
export async function insertSession(ctx: RequestContext, fields: Partial<Session>): Promise<string> {
  const { identifiers } = await ctx.manager.insert(Session, fields);
  return identifiers[0].id as string;
}

/** The unexpired session of a refresh token, locked until commit. */
export async function lockSessionByRefreshHash(ctx: RequestContext, hash: string): Promise<Session | null> {
  return ctx.manager
    .createQueryBuilder(Session, 's')
    .setLock('pessimistic_write')
    .where('s.refresh_hash = :hash AND s.expires_at > now()', { hash })
    .getOne();
}

/** Ends a session (none when it has ended already). */
export async function endSession(ctx: RequestContext, id: string): Promise<void> {
  await ctx.manager.update(Session, { id, revokedAt: IsNull() }, { revokedAt: new Date() });
}

/** Ends a session known to be running. */
export async function endRunningSession(ctx: RequestContext, id: string): Promise<void> {
  await ctx.manager.update(Session, { id }, { revokedAt: new Date() });
}

/** Ends every running session renewed from the same sign-in. */
export async function endSessionFamily(db: Db, familyId: string): Promise<void> {
  await managerOf(db).update(Session, { familyId, revokedAt: IsNull() }, { revokedAt: new Date() });
}

/** Ends every running session of an account. */
export async function endSessionsOf(ctx: RequestContext, accountId: string): Promise<void> {
  await ctx.manager
    .createQueryBuilder()
    .update(Session)
    .set({ revokedAt: () => 'now()' })
    .where('account_id = :accountId AND revoked_at IS NULL', { accountId })
    .execute();
}

/** The account of a running session, when the account is enabled. */
export async function accountOfRunningSession(
  db: Db,
  accountId: string,
  sessionId: string,
): Promise<{ id: string; person_id: string | null } | undefined> {
  const [row] = (await managerOf(db).query(
    `SELECT a.id, a.person_id FROM account a JOIN session s ON s.account_id = a.id
      WHERE a.id = $1 AND s.id = $2 AND s.revoked_at IS NULL AND a.disabled_at IS NULL`,
    [accountId, sessionId],
  )) as { id: string; person_id: string | null }[];
  return row;
}

// API tokens

export const findApiTokenIfAny = (ctx: RequestContext, id: string): Promise<ApiToken | null> =>
  ctx.manager.findOneBy(ApiToken, { id });

export const insertApiToken = (ctx: RequestContext, fields: Partial<ApiToken>) =>
  insertAndRead(ctx, ApiToken, fields);

export const updateApiToken = (ctx: RequestContext, id: string, fields: Partial<ApiToken>) =>
  updateAndRead(ctx, ApiToken, id, fields);

/** API tokens of units the caller administers, newest first. */
export function listApiTokens(ctx: RequestContext, page: Page): Promise<[ApiToken[], number | null]> {
  const [where, params] = scopeSql(ctx, 'u.path', Permission.Administer);
  return pageOf(
    ctx.manager
      .createQueryBuilder(ApiToken, 't')
      .innerJoin('org_unit', 'u', 'u.id = t.org_unit_id')
      .where(where, params),
    page,
    {
      list: 'apiTokens',
      keys: [
        { sql: 't.created_at', type: 'timestamptz', desc: true },
        { sql: 't.id', type: 'uuid' },
      ],
    },
  );
}

/** A running API token by the hash of its secret. */
export interface CheckedApiToken {
  id: string;
  org_unit_id: string;
  read_only: boolean;
  /** Its unit's path; null once the unit is dissolved (on `today`). */
  path: string | null;
  /** Its last use was recorded more than a minute ago. */
  stale: boolean;
  expires_at: Date;
}

export async function apiTokenByHash(
  db: Db,
  hash: string,
  today: string,
): Promise<CheckedApiToken | undefined> {
  const [row] = (await managerOf(db).query(
    `SELECT t.id, t.org_unit_id, t.read_only, t.expires_at,
            (t.last_used_at IS NULL OR t.last_used_at < now() - interval '1 minute') AS stale,
            (SELECT u.path::text FROM org_unit u WHERE u.id = t.org_unit_id
                AND (u.dissolved_on IS NULL OR u.dissolved_on > $2)) AS path
       FROM api_token t
      WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND t.expires_at > now()`,
    [hash, today],
  )) as CheckedApiToken[];
  return row;
}

export async function recordApiTokenUse(db: Db, id: string): Promise<void> {
  await managerOf(db).query(`UPDATE api_token SET last_used_at = now() WHERE id = $1`, [id]);
}

// The signing secret

/** Stores `candidate` as the signing secret unless one is stored, and answers the stored one. */
export async function storedSigningSecret(db: Db, candidate: string): Promise<string> {
  await managerOf(db).query(
    `INSERT INTO server_secret (name, value) VALUES ('jwt', $1) ON CONFLICT DO NOTHING`,
    [candidate],
  );
  const [{ value }] = (await managerOf(db).query(`SELECT value FROM server_secret WHERE name = 'jwt'`)) as {
    value: string;
  }[];
  return value;
}
