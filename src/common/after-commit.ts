/**
 * What a process remembers that a committed change makes stale (API-token checks, units read by
 * code) is forgotten through hooks, one list per entity type. The feature that keeps the memory
 * registers its hook where the memory is defined, so the hook exists whenever the memory can; the
 * write path only says which entity type it committed (audit/audited.ts) and knows none of them.
 */
const hooks = new Map<string, Set<() => void>>();

export const afterCommit = {
  /** Runs `forget` after every committed change to an entity of this type. */
  on(entityType: string, forget: () => void): void {
    const forType = hooks.get(entityType) ?? new Set();
    forType.add(forget);
    hooks.set(entityType, forType);
  },

  /** Called once a change to an entity of this type has committed. */
  committed(entityType: string): void {
    for (const forget of hooks.get(entityType) ?? []) forget();
  },
};
