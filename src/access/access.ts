import { ACCESS_LEVELS, AccessLevel, Actor } from '../common/actor';

/**
 * Who may do what, where. An actor's grants come from the posts they hold today (a role of the
 * catalogue carries an access level on the post's unit subtree), from explicit bindings, or from the
 * API token they present. Each GraphQL operation declares one Permission; a permission needs a level.
 */
export enum Permission {
  /** Read structure, people (names), posts, meetings within scope. */
  Read = 'Read',
  /** Create and edit people and meetings within scope. */
  Edit = 'Edit',
  /** Change the structure: units, posts, appointments. */
  ManageStructure = 'ManageStructure',
  /** Grant access, create API tokens, read the audit trail. */
  Administer = 'Administer',
  /** Only an authenticated caller's own data (me, logout). */
  Self = 'Self',
}

export const LEVEL_FOR: Record<Permission, AccessLevel | null> = {
  [Permission.Read]: 'VIEWER',
  [Permission.Edit]: 'EDITOR',
  [Permission.ManageStructure]: 'ADMIN',
  [Permission.Administer]: 'ADMIN',
  [Permission.Self]: null,
};

export const WRITES = new Set([Permission.Edit, Permission.ManageStructure, Permission.Administer]);

export const atLeast = (level: AccessLevel, needed: AccessLevel): boolean =>
  ACCESS_LEVELS.indexOf(level) >= ACCESS_LEVELS.indexOf(needed);

/** Where a permission holds: everywhere, or under these paths (possibly none). */
export type Scope = { all: true } | { all: false; paths: string[] };

export function scopeOf(actor: Actor | null, permission: Permission, contacts = false): Scope {
  const needed = LEVEL_FOR[permission];
  if (!actor || needed === null || (actor.readOnly && WRITES.has(permission))) {
    return { all: false, paths: [] };
  }
  const grants = actor.grants.filter((g) => atLeast(g.level, needed) && (!contacts || g.seesContacts));
  if (grants.some((g) => g.path === null)) return { all: true };
  return { all: false, paths: grants.map((g) => g.path!) };
}

/**
 * The units whose subtrees the permission covers, by id (ids survive a unit's move, paths do not);
 * null when it covers the whole registry. What an administrator can hand on is at most this.
 */
export function scopeUnitIds(actor: Actor | null, permission: Permission, contacts = false): string[] | null {
  const needed = LEVEL_FOR[permission];
  if (!actor || needed === null || (actor.readOnly && WRITES.has(permission))) return [];
  const grants = actor.grants.filter((g) => atLeast(g.level, needed) && (!contacts || g.seesContacts));
  if (grants.some((g) => g.unitId === null)) return null;
  return [...new Set(grants.map((g) => g.unitId!))];
}

/** Whether `path` lies in the scope (a path is under itself). */
export function inScope(scope: Scope, path: string): boolean {
  return scope.all || scope.paths.some((root) => path === root || path.startsWith(`${root}.`));
}
