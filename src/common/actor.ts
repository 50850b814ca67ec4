/**
 * Who is asking, as every request carries it: the caller's identity and grants. What a grant allows
 * is decided in access/; the shape lives here so that the request context can name it.
 */
export const ACCESS_LEVELS = ['VIEWER', 'EDITOR', 'ADMIN'] as const;
export type AccessLevel = (typeof ACCESS_LEVELS)[number];

export interface Grant {
  /** The unit whose subtree the grant covers; null = the whole registry. */
  unitId: string | null;
  path: string | null;
  level: AccessLevel;
  seesContacts: boolean;
  source: 'MANDATE' | 'BINDING' | 'TOKEN';
  /**
   * The mandate this grant lasts only as long as: the post itself (MANDATE), or the post of the
   * administrator who granted a binding, until a higher administrator confirms it. Null otherwise.
   */
  mandateId: string | null;
}

export interface Actor {
  accountId: string | null;
  /** The signed-in session (null for an API token): logout ends it. */
  sessionId: string | null;
  tokenId: string | null;
  personId: string | null;
  /** A read-only API token: no write permission, whatever its grants say. */
  readOnly: boolean;
  grants: Grant[];
}
