import { DocumentNode, Kind } from 'graphql';
import type { MercuriusContext } from 'mercurius';
import type { Actor } from '../common/actor';
import type { RequestContext } from '../common/context';
import { ReadReplicas } from './replicas';

/** Whom a write is remembered for: the account, or the API token when there is no account. */
export function callerOf(actor: Actor | null): string | null {
  return actor ? (actor.accountId ?? actor.tokenId) : null;
}

/**
 * Mercurius hooks that send a GraphQL request to a read replica when it may read slightly old data:
 * a document of queries only, by a caller who has not written through this instance in the last
 * REPLICA_READ_AFTER_WRITE_SECONDS. A document with a mutation stays on the primary from its first
 * read to its last (its payload is read after the commit), and notes the caller's write both when it
 * starts and when it is answered, so the window counts from the write's end.
 */
export function readRouting(replicas: ReadReplicas) {
  const writing = new WeakSet<object>();
  return {
    preExecution: (
      _schema: unknown,
      document: DocumentNode,
      mercuriusContext: MercuriusContext,
    ): Promise<void> => {
      const context = mercuriusContext as unknown as RequestContext;
      const caller = callerOf(context.actor);
      const onlyQueries = document.definitions.every(
        (definition) => definition.kind !== Kind.OPERATION_DEFINITION || definition.operation === 'query',
      );
      if (!onlyQueries) {
        writing.add(context);
        replicas.wrote(caller);
      } else if (!context.databaseUnavailable) {
        const manager = replicas.managerFor(caller);
        // The context object is the one resolvers receive; it is still the request's own.
        if (manager) Object.assign(context, { manager, readsFromReplica: true });
      }
      return Promise.resolve();
    },
    onResolution: (_execution: unknown, context: MercuriusContext): Promise<void> => {
      if (writing.has(context)) replicas.wrote(callerOf((context as unknown as RequestContext).actor));
      return Promise.resolve();
    },
  };
}
