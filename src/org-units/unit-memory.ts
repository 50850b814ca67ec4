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

interface Remembered {
  /** The unit's chain, root first: every unit above it, then the unit itself. */
  chain: readonly PlacedUnit[];
  until: number;
}

const remembered = new Map<string, Remembered>();
/** Bumped after every committed change to a unit. */
let generation = 0;

/**
 * Whether the tree differed from today's on a past day (a unit then had another parent), by day:
 * every question asked `asOf` a past day needs it, and only a move changes it.
 */
const differedOn = new Map<string, { differed: boolean; until: number }>();

/** Forgets every remembered unit: called once a change to units has committed. */
export function forgetRememberedUnits(): void {
  generation++;
  remembered.clear();
  differedOn.clear();
}
afterCommit.on('OrgUnit', forgetRememberedUnits);

/** The chain of the unit with this code, when remembered and still fresh. */
export function recallChain(code: string, now = Date.now()): readonly PlacedUnit[] | undefined {
  if (!afterCommit.remembering) return undefined;
  const entry = remembered.get(code);
  if (!entry) return undefined;
  if (entry.until > now) return entry.chain;
  remembered.delete(code);
  return undefined;
}

/**
 * Reads a unit's chain through `read` and remembers it, unless a change to units committed while it
 * was being read (the answer may predate it).
 */
export async function readAndRemember(
  code: string,
  read: () => Promise<PlacedUnit[]>,
): Promise<readonly PlacedUnit[]> {
  const readAt = generation;
  const chain = await read();
  for (const placed of chain) Object.freeze(placed.unit);
  if (chain.length && readAt === generation && afterCommit.remembering) {
    if (remembered.size >= UNIT_MEMORY_MAX) remembered.clear();
    remembered.set(code, { chain, until: Date.now() + UNIT_MEMORY_MS });
  }
  return chain;
}

/** Whether the tree differed from today's on `day`, when remembered and still fresh. */
export function recallTreeDiffered(day: string, now = Date.now()): boolean | undefined {
  if (!afterCommit.remembering) return undefined;
  const entry = differedOn.get(day);
  if (!entry) return undefined;
  if (entry.until > now) return entry.differed;
  differedOn.delete(day);
  return undefined;
}

/**
 * Reads through `read` on which of `days` the tree differed and remembers the answer for each, unless
 * a change to units committed meanwhile.
 */
export async function readAndRememberTreeDiffered(
  days: readonly string[],
  read: () => Promise<string[]>,
): Promise<Set<string>> {
  const readAt = generation;
  const differed = new Set(await read());
  if (readAt === generation && afterCommit.remembering) {
    if (differedOn.size >= UNIT_MEMORY_MAX) differedOn.clear();
    const until = Date.now() + UNIT_MEMORY_MS;
    for (const day of days) differedOn.set(day, { differed: differed.has(day), until });
  }
  return differed;
}
