import { createHash } from 'node:crypto';
import { RequestContext } from './context';
import { BadInputError, DomainError } from './errors';

/** Results handed back for a repeated request; the audit trail marks their events as replays. */
const replays = new WeakSet<object>();
export const isReplay = (result: object): boolean => replays.has(result);

/** JSON with sorted keys, so the same payload always hashes the same. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => a.localeCompare(b));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * Runs `work` once per (caller, action, key). The key is claimed in the caller's transaction: a
 * concurrent copy waits on it, then finds the first result. The same key with another payload is
 * refused. Without a key, `work` simply runs.
 *
 * When the caller chooses the result's id before the work (`resultId`), the key is claimed with it:
 * the claim and the work commit or roll back together, so no second write records it afterwards.
 */
export async function idempotent<T extends { id: string }>(
  ctx: RequestContext,
  action: string,
  input: { idempotencyKey?: string | null },
  work: () => Promise<T>,
  load: (id: string) => Promise<T>,
  resultId?: string,
): Promise<T> {
  const { idempotencyKey: key, ...payload } = input;
  if (!key) return work();
  const actor = ctx.actor?.accountId ?? ctx.actor?.tokenId ?? 'anonymous';
  const hash = createHash('sha256').update(stableJson(payload)).digest('hex');
  const claimed = (await ctx.manager.query(
    `INSERT INTO idempotency_key (actor, action, key, payload_hash, result_id) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT DO NOTHING RETURNING key`,
    [actor, action, key, hash, resultId ?? null],
  )) as unknown[];
  if (claimed.length === 0) {
    const [earlier] = (await ctx.manager.query(
      `SELECT payload_hash, result_id FROM idempotency_key WHERE actor = $1 AND action = $2 AND key = $3`,
      [actor, action, key],
    )) as { payload_hash: string; result_id: string | null }[];
    if (earlier.payload_hash !== hash || !earlier.result_id) {
      throw new BadInputError(
        'This idempotency key was already used for a different request.',
        'idempotencyKey',
      );
    }
    // A replay is a read: what the caller can no longer see is NOT_FOUND, without naming it.
    const result = await load(earlier.result_id).catch((error: unknown) => {
      if (error instanceof DomainError && error.code === 'NOT_FOUND') {
        throw new DomainError(
          'NOT_FOUND',
          'What this idempotency key recorded is no longer within your access.',
          {
            field: 'idempotencyKey',
          },
        );
      }
      throw error;
    });
    replays.add(result);
    return result;
  }
  const result = await work();
  if (resultId === result.id) return result;
  await ctx.manager.query(
    `UPDATE idempotency_key SET result_id = $4 WHERE actor = $1 AND action = $2 AND key = $3`,
    [actor, action, key, result.id],
  );
  return result;
}
