import { afterCommit } from '../common/after-commit';
import { OrgUnit } from './org-unit.entity';

/**
 * How long one process remembers a unit it has read by code, with the units above it. A unit by code
 * with its ancestors (a breadcrumb) is the commonest question, and the tree changes rarely: its one
 * SQL statement was most of the question's cost (bench/README.md). Creating, changing, moving or dissolving a unit through this
 * process makes it forget them all at once (see `forgetRememberedUnits`); through another process of
 * the same deployment, as soon as its notification arrives (common/after-commit.ts), and within this
 * delay whatever happens to the notification.
 *
 * Who may see a unit is not remembered: it is decided on every request, from the paths kept here.
 */
export const UNIT_MEMORY_MS = 5_000;
const UNIT_MEMORY_MAX = 5_000;

/** A unit with its tree path, as remembered (frozen: requests share it). */
export interface PlacedUnit {
  readonly unit: Readonly<OrgUnit>;
  readonly path: string;
}

/** Bumped after every committed change to a unit. */
let generation = 0;

/**
 * Answers remembered by key until UNIT_MEMORY_MS runs out or a change to units commits; one is kept
 * only when no change committed while it was being read (it may predate the change).
 */
function memory<V>() {
  const entries = new Map<string, { value: V; until: number }>();
  return {
    recall(key: string, now = Date.now()): V | undefined {
      if (!afterCommit.remembering) return undefined;
      const entry = entries.get(key);
      if (!entry) return undefined;
      if (entry.until > now) return entry.value;
      entries.delete(key);
      return undefined;
    },
    /** Keeps `value`, read since `readAt` (the generation when the read began). */
    keep(key: string, value: V, readAt: number): void {
      if (readAt !== generation || !afterCommit.remembering) return;
      if (entries.size >= UNIT_MEMORY_MAX) entries.clear();
      entries.set(key, { value, until: Date.now() + UNIT_MEMORY_MS });
    },
    clear: () => entries.clear(),
  };
}

/** Each unit's chain by its code, root first: every unit above it, then the unit itself. */
const chains = memory<readonly PlacedUnit[]>();
/**
 * Whether the tree differed from today's on a past day (a unit then had another parent), by day:
 * every question asked `asOf` a past day needs it, and only a move changes it.
 */
const differedOn = memory<boolean>();

/** Forgets every remembered unit: called once a change to units has committed. */
export function forgetRememberedUnits(): void {
  generation++;
  chains.clear();
  differedOn.clear();
}
afterCommit.on('OrgUnit', forgetRememberedUnits);

/** The chain of the unit with this code, when remembered and still fresh. */
export const recallChain = (code: string, now = Date.now()) => chains.recall(code, now);

/** Reads a unit's chain through `read` and remembers it. */
export async function readAndRemember(
  code: string,
  read: () => Promise<PlacedUnit[]>,
): Promise<readonly PlacedUnit[]> {
  const readAt = generation;
  const chain = await read();
  for (const placed of chain) Object.freeze(placed.unit);
  if (chain.length) chains.keep(code, chain, readAt);
  return chain;
}

/** Whether the tree differed from today's on `day`, when remembered and still fresh. */
export const recallTreeDiffered = (day: string, now = Date.now()) => differedOn.recall(day, now);

/** Reads through `read` on which of `days` the tree differed, and remembers the answer for each. */
export async function readAndRememberTreeDiffered(
  days: readonly string[],
  read: () => Promise<string[]>,
): Promise<Set<string>> {
  const readAt = generation;
  const differed = new Set(await read());
  for (const day of days) differedOn.keep(day, differed.has(day), readAt);
  return differed;
}
