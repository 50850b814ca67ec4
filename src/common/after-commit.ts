/** A committed mutation, as its one audit event records it. */
export interface CommittedChange {
  /** The audit event's id (assigned at insert: two transactions may commit in the other order). */
  eventId: string;
  action: string;
  entityType: string;
  entityId: string | null;
  /** The ltree path of the unit the event is filed under (null when it belongs to no unit). */
  unitPath: string | null;
  /**
   * The paths of the other units the change concerns, whose readers read the row too (the units that
   * took part in a meeting, before or after the change; the units an import wrote in); empty for most
   * changes.
   */
  relatedPaths: string[];
  at: Date;
}

/**
 * What a process remembers that a committed change makes stale (API-token checks, units read by
 * code) is forgotten through hooks, one list per entity type; whoever must hear of every committed
 * change (live updates) listens to all of them. The feature that keeps the memory registers its hook
 * where the memory is defined, so the hook exists whenever the memory can; the write path only says
 * what it committed (audit/audited.ts) and knows none of them. Never called for a rolled-back change.
 */
const hooks = new Map<string, Set<() => void>>();
const listeners = new Set<(change: CommittedChange) => void>();

/**
 * Several instances of one deployment each keep these memories. A change committed through one must
 * be forgotten by all: the write pipeline then announces it in its transaction (a PostgreSQL NOTIFY,
 * delivered on commit) and each instance's listener forgets what it names (database/invalidation.ts).
 * A memory may be used only while that listener hears: otherwise a change elsewhere would go unheard.
 */
const shared = { announce: false, hearing: true };

function forgetAll(): void {
  for (const forType of hooks.values()) for (const forget of forType) forget();
}

export const afterCommit = {
  /** Runs `forget` after every committed change to an entity of this type. */
  on(entityType: string, forget: () => void): void {
    const forType = hooks.get(entityType) ?? new Set();
    forType.add(forget);
    hooks.set(entityType, forType);
  },

  /** Calls `listener` with every committed change; answers the function that stops it. */
  listen(listener: (change: CommittedChange) => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },

  /** Called once a change has committed. */
  committed(change: CommittedChange): void {
    for (const forget of hooks.get(change.entityType) ?? []) forget();
    for (const listener of listeners) listener(change);
  },

  /** Whether a change to this entity type makes something remembered stale (then other instances must hear of it). */
  forgets(entityType: string): boolean {
    return hooks.has(entityType);
  },

  /** A change another instance committed: forgets what it makes stale (its live update travels apart). */
  heardOf(entityType: string): void {
    for (const forget of hooks.get(entityType) ?? []) forget();
  },

  /** Whether the write pipeline announces its changes to other instances (on a PostgreSQL server). */
  get announcing(): boolean {
    return shared.announce;
  },

  /**
   * Whether memories may be used now: always with one instance; with several, only while this
   * instance hears the others' changes.
   */
  get remembering(): boolean {
    return shared.hearing;
  },

  /** Set by the listener: whether changes are announced, and whether this instance hears them now. */
  share(state: { announce: boolean; hearing: boolean }): void {
    // Whatever was remembered may predate a change that went unheard, or that was heard by nobody.
    if (state.hearing !== shared.hearing) forgetAll();
    shared.announce = state.announce;
    shared.hearing = state.hearing;
  },
};
