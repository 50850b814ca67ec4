import { Logger } from '@nestjs/common';
import { Redis } from 'ioredis';
import mqemitter, { MQEmitter } from 'mqemitter';
import mqemitterRedis from 'mqemitter-redis';

/**
 * The topics live updates travel on (Mercurius's subscriptions use the same emitter), named for the
 * database: instances of one deployment share them, and deployments that share a Redis (whose
 * channels ignore its database numbers) do not hear each other.
 */
export function liveTopics(database: string) {
  const name = database.replace(/[^A-Za-z0-9_-]/g, '_');
  return {
    /** A committed change a subscriber may be told of. */
    registryChanged: `tanzim/${name}/registry-changed`,
    /** A committed change to credentials or grants: every instance checks its subscribers again. */
    accessChanged: `tanzim/${name}/access-changed`,
  };
}

export type LiveTopics = ReturnType<typeof liveTopics>;

/** How live updates reach the other instances: through Redis (up or down), or in this process. */
export type LiveUpdatesState = 'connected' | 'disconnected' | 'in process';

export interface LiveEmitter {
  emitter: MQEmitter;
  /** Whether events travel through Redis to other instances (false: in this process only). */
  crossesInstances: boolean;
  /** Whether events reach the other instances now (always true in process). */
  connected(): boolean;
  close(): Promise<void>;
}

/**
 * The message bus of live updates: Redis when `redisUrl` is set, so that a change committed on one
 * instance reaches the subscribers of all; in process otherwise. A Redis that is down never holds up
 * a mutation: publishing fails at once (no offline queue on the publishing connection) and is logged;
 * subscriptions resume when it is back (the subscribing connection resubscribes by itself).
 */
export function createLiveEmitter(redisUrl: string | undefined): LiveEmitter {
  if (!redisUrl) {
    const emitter = mqemitter();
    return {
      emitter,
      crossesInstances: false,
      connected: () => true,
      close: () => new Promise((resolve) => emitter.close(() => resolve())),
    };
  }
  const logger = new Logger('LiveUpdates');
  const pubConn = new Redis(redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
  const subConn = new Redis(redisUrl, { maxRetriesPerRequest: null });
  let lastComplaint = 0;
  const complain = (error: Error) => {
    // One line per 10 seconds at most while Redis is away, not one per retry.
    if (Date.now() - lastComplaint < 10_000) return;
    lastComplaint = Date.now();
    logger.warn(`Redis for live updates: ${error.message}`);
  };
  pubConn.on('error', complain);
  subConn.on('error', complain);
  const emitter = mqemitterRedis({ pubConn, subConn });
  // The emitter re-emits its connections' errors; unheard, an 'error' event would end the process.
  (emitter as unknown as { state: NodeJS.EventEmitter }).state.on('error', complain);
  return {
    emitter,
    crossesInstances: true,
    connected: () => pubConn.status === 'ready' && subConn.status === 'ready',
    close: () =>
      new Promise<void>((resolve) => {
        if (pubConn.status !== 'ready' || subConn.status !== 'ready') {
          pubConn.disconnect();
          subConn.disconnect();
          resolve();
          return;
        }
        emitter.close(() => resolve());
      }),
  };
}
