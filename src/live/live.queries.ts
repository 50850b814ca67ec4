import { scopeSqlRaw } from '../access/scope';
import { DataSource } from 'typeorm';
import { Actor } from '../common/actor';
import { createRequestContext, RequestContext } from '../common/context';
import { BadInputError } from '../common/errors';
import { kindOf, PUBLISHED_ENTITIES, unitIdOfPath } from './change-kind';
import { RegistryChangeModel } from './registry-change.model';

/** A position in the feed: the writing transaction and the event id (see the audit-event-transaction migration). */
interface FeedPosition {
  tx: string;
  id: string;
}

const START: FeedPosition = { tx: '0', id: '0' };
const CURSOR = /^f:(\d{1,20}):(\d{1,19})$/;

export function encodeFeedCursor(position: FeedPosition): string {
  return Buffer.from(`f:${position.tx}:${position.id}`).toString('base64url');
}

/** Reads a cursor this server made; anything else is refused, never guessed at. */
export function decodeFeedCursor(cursor: string | null | undefined): FeedPosition {
  if (cursor == null) return START;
  const match = CURSOR.exec(Buffer.from(cursor, 'base64url').toString());
  if (!match || encodeFeedCursor({ tx: match[1], id: match[2] }) !== cursor) {
    throw new BadInputError('since is not a cursor from the changes feed.', 'since');
  }
  return { tx: match[1], id: match[2] };
}

interface FeedRow {
  id: string;
  tx: string;
  action: string;
  entity_type: string;
  entity_id: string | null;
  unit_path: string | null;
  at: Date;
}

/**
 * One page of the committed changes after `since`, in the caller's scope (and under `underPath`), in
 * the order (writing transaction, id). Only transactions older than every one still running are
 * answered: whatever commits later sorts after the returned cursor, so resuming never skips it.
 */
export async function changesAfter(
  ctx: RequestContext,
  since: FeedPosition,
  underPath: string | null,
  first: number,
): Promise<{ changes: RegistryChangeModel[]; cursor: string; hasMore: boolean }> {
  // A change reaches the caller through the unit it is filed under, or through another unit it
  // concerns (a unit that took part in a meeting), which it then names (see LiveService.shownAs).
  const [scope, scopeParams] = scopeSqlRaw(ctx, 'e.unit_path', 6);
  const [relatedScope] = scopeSqlRaw(ctx, 'rp', 6);
  const filed = `(${scope} AND ($4::ltree IS NULL OR e.unit_path <@ $4::ltree))`;
  const related = `FROM unnest(e.related_unit_paths) rp WHERE ${relatedScope} AND ($4::ltree IS NULL OR rp <@ $4::ltree)`;
  const rows = (await ctx.manager.query(
    `SELECT CAST(e.id AS text) AS id, CAST(e.tx_id AS text) AS tx, e.action, e.entity_type, e.entity_id,
            CAST(CASE WHEN ${filed} THEN e.unit_path ELSE (SELECT rp ${related} LIMIT 1) END AS text) AS unit_path,
            e.at
       FROM audit_event e
      WHERE (e.tx_id, e.id) > (CAST($1 AS xid8), CAST($2 AS bigint))
        AND e.tx_id < pg_snapshot_xmin(pg_current_snapshot())
        AND e.entity_type = ANY($3) AND e.action NOT LIKE '%:replay'
        AND (${filed} OR EXISTS (SELECT 1 ${related}))
      ORDER BY e.tx_id, e.id
      LIMIT $5`,
    [since.tx, since.id, PUBLISHED_ENTITIES, underPath, first + 1, ...scopeParams],
  )) as FeedRow[];
  const page = rows.slice(0, first);
  const last = page.at(-1);
  return {
    changes: page.flatMap((row) => {
      const kind = kindOf(row.entity_type, row.action);
      if (!kind) return [];
      return [
        {
          id: row.id,
          kind,
          action: row.action,
          entityId: row.entity_id,
          unitId: unitIdOfPath(row.unit_path),
          at: new Date(row.at),
        },
      ];
    }),
    cursor: encodeFeedCursor(last ? { tx: last.tx, id: last.id } : since),
    hasMore: rows.length > first,
  };
}

/** The database's name: live topics are per database, so instances on one Redis share only theirs. */
export async function databaseName(dataSource: DataSource): Promise<string> {
  const [{ database }] = (await dataSource.query(`SELECT current_database() AS database`)) as {
    database: string;
  }[];
  return database;
}

/** A context for reads made outside any request (re-checking a subscriber), as `actor`. */
export function liveContext(dataSource: DataSource, actor: Actor | null): RequestContext {
  return createRequestContext(dataSource.manager, 'live', actor);
}
