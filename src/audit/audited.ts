import { afterCommit, CommittedChange } from '../common/after-commit';
import { isReplay } from '../common/idempotency';
import { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { isUuid } from '../common/batch';
import { inTransaction, RequestContext } from '../common/context';
import { announce } from '../database/invalidation';

/** For each audited entity, the SQL giving the unit path an event is filed under (scope of auditEvents). */
const UNIT_PATH_SQL: Record<string, string> = {
  OrgUnit: `SELECT path FROM org_unit WHERE id = $1`,
  Person: `SELECT u.path FROM person p JOIN org_unit u ON u.id = p.home_unit_id WHERE p.id = $1`,
  Position: `SELECT u.path FROM position p JOIN org_unit u ON u.id = p.org_unit_id WHERE p.id = $1`,
  Mandate: `SELECT u.path FROM mandate m JOIN position p ON p.id = m.position_id JOIN org_unit u ON u.id = p.org_unit_id WHERE m.id = $1`,
  Meeting: `SELECT u.path FROM meeting m JOIN org_unit u ON u.id = m.convening_unit_id WHERE m.id = $1`,
  Outcome: `SELECT u.path FROM outcome o JOIN meeting m ON m.id = o.meeting_id JOIN org_unit u ON u.id = m.convening_unit_id WHERE o.id = $1`,
  MeetingSeries: `SELECT u.path FROM meeting_series s JOIN org_unit u ON u.id = s.organizing_unit_id WHERE s.id = $1`,
  AccessBinding: `SELECT u.path FROM access_binding b JOIN org_unit u ON u.id = b.org_unit_id WHERE b.id = $1`,
  ApiToken: `SELECT u.path FROM api_token t JOIN org_unit u ON u.id = t.org_unit_id WHERE t.id = $1`,
  ImportBatch: `SELECT u.path FROM import_batch b JOIN org_unit u ON u.id = b.unit_id WHERE b.id = $1`,
  Account: `SELECT u.path FROM account a JOIN person p ON p.id = a.person_id JOIN org_unit u ON u.id = p.home_unit_id WHERE a.id = $1`,
};

/** The units that took part in the meeting `$1` (invited, attending, coordinating, represented). */
const MEETING_UNITS = `SELECT mu.org_unit_id AS unit_id FROM meeting_unit mu WHERE mu.meeting_id = $1
                       UNION SELECT pa.represented_unit_id FROM participation pa
                        WHERE pa.meeting_id = $1 AND pa.represented_unit_id IS NOT NULL`;

/**
 * For entities read beyond the unit they are filed under, the SQL giving the other units concerned:
 * a meeting (and its outcomes) is read by whoever sees a unit that took part (access/visibility
 * `visibleMeeting`), so those readers hear of its changes too.
 */
const RELATED_UNITS_SQL: Record<string, string> = {
  Meeting: MEETING_UNITS,
  Outcome: MEETING_UNITS.replaceAll('$1', () => '(SELECT o.meeting_id FROM outcome o WHERE o.id = $1)'),
};

/** The paths of the other units a change to this row concerns, as the row is now. */
async function relatedPathsOf(tx: RequestContext, entityType: string, id: string): Promise<string[]> {
  const unitsSql = RELATED_UNITS_SQL[entityType];
  if (!unitsSql) return [];
  const rows = (await tx.manager.query(
    `SELECT CAST(u.path AS text) AS path FROM org_unit u WHERE u.id IN (${unitsSql})`,
    [id],
  )) as { path: string }[];
  return rows.map((row) => row.path);
}

const SECRET_KEYS = /hash|password|secret|searchText|searchKey/i;

/** A row as the audit trail keeps it: every column but secrets and derived search text and key. */
export function auditSnapshot(row: ObjectLiteral | null | undefined): Record<string, unknown> | null {
  if (!row) return null;
  return Object.fromEntries(Object.entries(row).filter(([key]) => !SECRET_KEYS.test(key)));
}

/** The path of the unit an event about this row is filed under, as the row is now. */
async function unitPathOf(tx: RequestContext, entityType: string, id: string): Promise<string | null> {
  const pathSql = UNIT_PATH_SQL[entityType];
  if (!pathSql) return null;
  const [row] = (await tx.manager.query(`SELECT CAST(path AS text) AS path FROM (${pathSql}) AS filed`, [
    id,
  ])) as { path: string }[];
  return row?.path ?? null;
}

/** A snapshot the audit insert builds itself: the SQL of the row's JSON for the id `$1` (see `SnapshotSql`). */
class SnapshotInStatement {
  constructor(readonly sql: string) {}
}
type Snapshot = ObjectLiteral | null | undefined | SnapshotInStatement;

/**
 * Appends the one audit event of a mutation, in its transaction; answers what it wrote. The unit it
 * is filed under, the other units the row concerns as it is now (see RELATED_UNITS_SQL) and a
 * snapshot given as SQL are all read by the insert itself: one round trip for the event.
 */
async function writeAuditEvent(
  tx: RequestContext,
  event: {
    action: string;
    entityType: string;
    entityId: string | null;
    before?: Snapshot;
    after?: Snapshot;
    /** Where to file the event when the row itself no longer says (it left its unit). */
    filedUnder?: string | null;
    /** Other units the change concerns, besides those the row names now (see RELATED_UNITS_SQL). */
    relatedPaths: string[];
    /** The columns of the entity a snapshot leaves out (secrets, derived search text). */
    secrets: string[];
  },
): Promise<CommittedChange> {
  const byId = (sql: string) => (event.entityId ? `(${sql.replaceAll('$1', () => '$6')})` : 'NULL');
  const pathSql = UNIT_PATH_SQL[event.entityType];
  const path = pathSql ? byId(pathSql) : 'NULL';
  const unitsSql = RELATED_UNITS_SQL[event.entityType];
  const relatedNow =
    unitsSql && event.entityId
      ? `ARRAY(SELECT CAST(u.path AS text) FROM org_unit u WHERE u.id IN ${byId(unitsSql)})`
      : `CAST(ARRAY[] AS text[])`;
  // A snapshot read by the caller is a parameter; one given as SQL is built here (its parameter null).
  const snapshot = (given: Snapshot, param: string) =>
    given instanceof SnapshotInStatement
      ? `COALESCE(CAST(${param} AS jsonb), CAST(${byId(given.sql)} AS jsonb)${event.secrets.map((key) => ` - '${key}'`).join('')})`
      : param;
  const [written] = (await tx.manager.query(
    `INSERT INTO audit_event (request_id, actor_account_id, actor_token_id, action, entity_type, entity_id, unit_path, before, after, related_unit_paths)
     VALUES ($1, $2, $3, $4, $5, $6, COALESCE(${path}, CAST($9 AS ltree)), ${snapshot(event.before, '$7')}, ${snapshot(event.after, '$8')},
             CAST(NULLIF(ARRAY(SELECT p FROM unnest(CAST($10 AS text[]) || ${relatedNow}) WITH ORDINALITY AS r(p, o)
                                GROUP BY p ORDER BY min(o)), '{}') AS ltree[]))
     RETURNING CAST(id AS text) AS id, at, CAST(unit_path AS text) AS "unitPath",
               CAST(related_unit_paths AS text[]) AS "relatedPaths"`,
    [
      tx.requestId,
      tx.actor?.accountId ?? null,
      tx.actor?.tokenId ?? null,
      event.action,
      event.entityType,
      event.entityId,
      event.before instanceof SnapshotInStatement ? null : auditSnapshot(event.before),
      event.after instanceof SnapshotInStatement ? null : auditSnapshot(event.after),
      event.filedUnder ?? null,
      event.relatedPaths,
    ],
  )) as { id: string; at: Date; unitPath: string | null; relatedPaths: string[] | null }[];
  return {
    eventId: written.id,
    action: event.action,
    entityType: event.entityType,
    entityId: event.entityId,
    unitPath: written.unitPath,
    relatedPaths: written.relatedPaths ?? [],
    at: new Date(written.at),
  };
}

/** How a mutation names the row it changes: its id, or a lookup made in the transaction. */
export type AuditTarget = string | ((tx: RequestContext) => Promise<string | undefined>) | undefined;

export interface AuditOptions<T> {
  /**
   * The id of the row the event is about, when the work's result is not that row (a session's
   * tokens, nothing at all); its snapshot is then read back. Default: the result's own id.
   */
  subject?: (result: T) => string;
  /** The action recorded, when the result decides it (a refresh that met a replayed token). */
  actionOf?: (result: T) => string;
  /** File the event under the target's unit as it was before the work (a deletion unlinks it). */
  fileWhereItWas?: boolean;
  /**
   * The paths of the units the work changed rows in, when they are many and the event is filed under
   * their common unit (an import): kept with the event as related paths, so live updates and the
   * changes feed reach each of their subtrees.
   */
  unitPaths?: (result: T) => string[];
}

/** Reads a row as the audit trail keeps it, in the mutation's transaction; null when it does not exist. */
export type SnapshotReader = (tx: RequestContext, id: string) => Promise<ObjectLiteral | null>;

/**
 * The row as the audit trail keeps it, as SQL: an expression giving its JSON (keys as `asProperties`
 * names them) for the id `$1`, null when it does not exist. The insert of the audit event then builds
 * the snapshot of the row as the work left it, without a read of its own.
 */
export interface SnapshotSql {
  sql(manager: EntityManager): string;
}

/** How the audit trail snapshots each entity whose mutations change child rows with it. */
const snapshotReaders = new Map<EntityTarget<ObjectLiteral>, SnapshotReader | SnapshotSql>();

/**
 * Declares how the audit trail keeps a row of `entity`: the row with the child rows a mutation of it
 * may add, change or remove (a meeting's participants, agenda, outcomes …), so that whatever changed
 * is traceable from the one event. Every mutation of that entity then snapshots it so, whichever
 * resolver writes it; an entity declaring nothing is kept as its row alone. A feature declares it
 * once, next to its service.
 *
 * @example auditSnapshotOf(Meeting, { sql: meetingSnapshotSql });
 */
export function auditSnapshotOf(
  entity: EntityTarget<ObjectLiteral>,
  read: SnapshotReader | SnapshotSql,
): void {
  snapshotReaders.set(entity, read);
}

/**
 * The one write pipeline: runs a mutation in one transaction with exactly one audit event (the row
 * as it was, when the mutation targets an existing row; the work; the row as it is, each as its
 * feature declares with `auditSnapshotOf`), then tells the after-commit hooks. A failure writes
 * neither. Every mutation goes through it (test/write-pipeline.e2e-spec.ts holds that).
 *
 * @example audited(ctx, 'updateOrgUnit', OrgUnit, input.id, (tx) => this.units.update(tx, input))
 */
export async function audited<T>(
  ctx: RequestContext,
  action: string,
  entity: EntityTarget<ObjectLiteral> & { name: string },
  target: AuditTarget,
  work: (tx: RequestContext) => Promise<T>,
  options: AuditOptions<T> = {},
): Promise<T> {
  const snapshot = snapshotReaders.get(entity);
  const read = async (tx: RequestContext, id: string): Promise<ObjectLiteral | null> => {
    if (!snapshot) return tx.manager.findOneBy(entity, { id });
    if (typeof snapshot === 'function') return snapshot(tx, id);
    const [row] = (await tx.manager.query(`SELECT ${snapshot.sql(tx.manager)} AS snapshot`, [id])) as {
      snapshot: ObjectLiteral | null;
    }[];
    return row.snapshot;
  };
  const secrets = (tx: RequestContext) =>
    tx.manager.connection
      .getMetadata(entity)
      .columns.map((column) => column.propertyName)
      .filter((key) => SECRET_KEYS.test(key));
  let change: CommittedChange | undefined;
  const result = await inTransaction(ctx, async (tx) => {
    const targetId = typeof target === 'function' ? await target(tx) : target;
    const known = targetId && isUuid(targetId) ? targetId : null;
    const before = known ? await read(tx, known) : null;
    const filedUnder = known && options.fileWhereItWas ? await unitPathOf(tx, entity.name, known) : null;
    // Units that took part before the change hear of it too (a participant removed, a unit uninvited).
    const relatedBefore = known ? await relatedPathsOf(tx, entity.name, known) : [];
    const after = await work(tx);
    const id = options.subject ? options.subject(after) : (after as { id: string }).id;
    const replayed = typeof after === 'object' && after !== null && isReplay(after);
    // A snapshot declared as SQL is taken by the insert of the event, as the work left the row.
    const afterSnapshot =
      snapshot && typeof snapshot !== 'function'
        ? new SnapshotInStatement(snapshot.sql(tx.manager))
        : snapshot || options.subject
          ? await read(tx, id)
          : (after as ObjectLiteral);
    change = await writeAuditEvent(tx, {
      action: replayed ? `${action}:replay` : (options.actionOf?.(after) ?? action),
      entityType: entity.name,
      entityId: id,
      before: replayed ? afterSnapshot : before,
      after: afterSnapshot,
      filedUnder,
      relatedPaths: [...relatedBefore, ...(options.unitPaths?.(after) ?? [])],
      secrets: secrets(tx),
    });
    // Other instances forget what this change makes stale once it commits (NOTIFY waits for the commit).
    if (afterCommit.announcing && afterCommit.forgets(entity.name)) await announce(tx, entity.name);
    return after;
  });
  // After the commit: a read made from then on sees the change.
  if (change) afterCommit.committed(change);
  return result;
}
