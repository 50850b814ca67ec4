import { randomUUID } from 'node:crypto';
import { Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { Client } from 'pg';
import { EntityManager } from 'typeorm';
import { afterCommit } from '../common/after-commit';

/**
 * How the instances of one deployment tell each other what a committed change makes stale (the units
 * and API-token checks each remembers, common/after-commit.ts): the write pipeline sends a NOTIFY on
 * this channel inside its transaction, which PostgreSQL delivers to every listener when, and only if,
 * the transaction commits; each instance listens on a connection of its own and forgets what the
 * payload names. NOTIFY is per database, so deployments on other databases do not hear each other.
 */
export const INVALIDATION_CHANNEL = 'tanzim_invalidate';

/** This process, in its notifications: it has already forgotten its own changes when they commit. */
const INSTANCE = randomUUID();

/** Sends, in the transaction of `manager`, that a change to `entityType` commits with it. */
export async function announce(tx: { manager: EntityManager }, entityType: string): Promise<void> {
  await tx.manager.query('SELECT pg_notify($1, $2)', [INVALIDATION_CHANNEL, `${INSTANCE} ${entityType}`]);
}

/** First wait before connecting again, doubled after each failure up to the last. */
const RETRY_MS = [250, 500, 1000, 2000];

/**
 * The listening side: one connection per instance that LISTENs, never taken from the pool (a pooled
 * connection is lent to transactions, and a pooler in transaction mode such as PgBouncer does not
 * carry LISTEN at all: `url` must reach PostgreSQL directly). While it is not listening (before the
 * first connection, after a loss until it is back) this instance remembers nothing: every request
 * reads the database. Once listening again, what was remembered before is forgotten.
 */
export class InvalidationListener implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Invalidation');
  private client?: Client;
  private stopped = false;
  private failures = 0;
  private retry?: NodeJS.Timeout;
  private lastComplaint = 0;

  constructor(private readonly url: string) {}

  /** Starts listening; settles once the first attempt is over (a failure is retried in the background). */
  async onModuleInit(): Promise<void> {
    afterCommit.share({ announce: true, hearing: false });
    await this.connect();
  }

  /** Whether this instance hears the others' changes now (for the readiness check). */
  get listening(): boolean {
    return afterCommit.remembering;
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
    afterCommit.share({ announce: false, hearing: true });
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new Client({
      connectionString: this.url,
      application_name: 'tanzim-listener',
      // A connection that died without a word (a cut network) is found out by TCP.
      keepAlive: true,
    });
    client.on('notification', ({ channel, payload }) => {
      if (channel !== INVALIDATION_CHANNEL || !payload) return;
      const [from, entityType] = payload.split(' ');
      if (from !== INSTANCE && entityType) afterCommit.heardOf(entityType);
    });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client, new Error('the connection ended')));
    this.client = client;
    try {
      await client.connect();
      await client.query(`LISTEN ${INVALIDATION_CHANNEL}`);
    } catch (error) {
      this.lost(client, error as Error);
      return;
    }
    if (this.client !== client) {
      // Stopped while connecting.
      void client.end().catch(() => undefined);
      return;
    }
    this.failures = 0;
    afterCommit.share({ announce: true, hearing: true });
  }

  private lost(client: Client, error: Error): void {
    if (this.client !== client) return;
    this.client = undefined;
    afterCommit.share({ announce: true, hearing: false });
    client.removeAllListeners('end');
    client.on('error', () => undefined);
    void client.end().catch(() => undefined);
    if (this.stopped) return;
    if (Date.now() - this.lastComplaint > 10_000) {
      this.lastComplaint = Date.now();
      this.logger.warn(
        `Not hearing other instances' changes (${error.message}); remembering nothing until listening again`,
      );
    }
    const wait = RETRY_MS[Math.min(this.failures++, RETRY_MS.length - 1)];
    this.retry = setTimeout(() => void this.connect(), wait);
    this.retry.unref();
  }
}
