import mercurius, { PersistedQueryProvider } from 'mercurius';

/** Documents remembered by hash, least recently used dropped first. */
export const PERSISTED_QUERIES_KEPT = 1000;
/**
 * A longer document runs but is not remembered: with the count, this bounds the store's memory
 * (a body may be 1 MB; the documents clients persist are a few kilobytes).
 */
export const PERSISTED_QUERY_MAX_LENGTH = 32 * 1024;

/**
 * Automatic persisted queries as Apollo Client's persisted-query link speaks them: a request with
 * only `extensions.persistedQuery { version: 1, sha256Hash }` runs the document sent earlier with that
 * hash, or fails with `PersistedQueryNotFound` (the client then sends the document with its hash, which
 * must match). Mercurius's provider does the protocol; the store is its in-process LRU, so each
 * instance learns a document on its first miss (one extra round trip per instance, nothing shared).
 */
export function automaticPersistedQueries(): PersistedQueryProvider {
  const provider = mercurius.persistedQueryDefaults.automatic(PERSISTED_QUERIES_KEPT);
  const save = provider.saveQuery!;
  return {
    ...provider,
    saveQuery: async (hash, query) => {
      if (query.length <= PERSISTED_QUERY_MAX_LENGTH) await save(hash, query);
    },
  };
}
