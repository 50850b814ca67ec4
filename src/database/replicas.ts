import { Logger } from '@nestjs/common';
import type { Pool } from 'pg';
import { DataSource, DataSourceOptions, EntityManager } from 'typeorm';
import { standbyPosition } from './replicas.queries';

/** How often each replica is asked where it is (and so how soon one that stops is no longer used). */
export const REPLICA_CHECK_MS = 1_000;

export interface ReplicaSettings {
  urls: string[];
  /** A replica further behind than this is skipped: reads go to another one, or to the primary. */
  maxLagSeconds: number;
  /** A caller who wrote through this instance this recently reads from the primary. */
  readAfterWriteSeconds: number;
}

export type ReplicaState = 'up' | 'lagging' | 'down';

export interface ReplicaReport {
  /** 'ok': every replica is used; 'degraded': some (or all) are skipped, their reads go elsewhere. */
  status: 'ok' | 'degraded';
  replicas: { replica: string; state: ReplicaState; lagSeconds: number | null }[];
}

interface Replica {
  /** Host, port and database: never the password. */
  name: string;
  options: DataSourceOptions;
  dataSource?: DataSource;
  state: ReplicaState;
  lagSeconds: number | null;
  /** WAL positions the replica had received, and when: what its replay is measured against. */
  received: { at: number; lsn: bigint }[];
}

/**
 * The read replicas (DATABASE_REPLICA_URLS) and which one, if any, a read may use. Each is asked
 * every REPLICA_CHECK_MS whether it answers and how far behind the primary it is; a request that may
 * read slightly old data gets a replica that answered and is within `maxLagSeconds` (round-robin),
 * else the primary, so a replica that is down or behind costs the primary's load, never an error.
 *
 * Lag is measured from the WAL the replica has received but not replayed: how long ago it had
 * first received WAL it still has not replayed. `pg_last_xact_replay_timestamp()` alone would
 * count the quiet time before a primary's first write after a pause as lag (it is reported too).
 * WAL the replica has not even received (a broken stream) does not show here; a stream that stops
 * shows on the primary's `pg_stat_replication`.
 *
 * Read-your-writes is kept per instance: the last write of each caller through this process. A
 * caller whose next read reaches another instance within `readAfterWriteSeconds` may not see their
 * write there, unless the balancer keeps a caller on one instance (README, "Read replicas").
 */
export class ReadReplicas {
  private readonly logger = new Logger('ReadReplicas');
  private readonly replicas: Replica[];
  private next = 0;
  private timer?: NodeJS.Timeout;
  private checking?: Promise<void>;
  private readonly lastWrite = new Map<string, number>();

  constructor(
    private readonly settings: ReplicaSettings,
    optionsFor: (url: string) => DataSourceOptions,
  ) {
    this.replicas = settings.urls.map((url) => ({
      name: describe(url),
      options: optionsFor(url),
      state: 'down',
      lagSeconds: null,
      received: [],
    }));
  }

  get configured(): boolean {
    return this.replicas.length > 0;
  }

  async onModuleInit(): Promise<void> {
    if (!this.configured) return;
    await this.check();
    this.timer = setInterval(() => void this.check(), REPLICA_CHECK_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.checking;
    const open = this.replicas.flatMap((r) => (r.dataSource?.isInitialized ? [r.dataSource] : []));
    await Promise.all(open.map((dataSource) => dataSource.destroy().catch(() => undefined)));
  }

  /** Notes that this caller has just written (at the start of a mutation and once it is answered). */
  wrote(caller: string | null): void {
    if (!caller || !this.configured) return;
    this.lastWrite.set(caller, Date.now());
    // Old entries go once the map grows: they no longer keep anyone on the primary anyway.
    if (this.lastWrite.size > 10_000) this.forgetOldWrites();
  }

  /**
   * The manager a read by this caller may use: a usable replica's, or undefined (the primary's)
   * when there is none or the caller wrote too recently to be sure a replica has the write.
   */
  managerFor(caller: string | null): EntityManager | undefined {
    if (!this.configured) return undefined;
    if (caller) {
      const at = this.lastWrite.get(caller);
      if (at !== undefined && Date.now() - at < this.settings.readAfterWriteSeconds * 1000) return undefined;
    }
    for (let tried = 0; tried < this.replicas.length; tried++) {
      const replica = this.replicas[this.next++ % this.replicas.length];
      if (replica.state === 'up' && replica.dataSource?.isInitialized) return replica.dataSource.manager;
    }
    return undefined;
  }

  report(): ReplicaReport | undefined {
    if (!this.configured) return undefined;
    return {
      status: this.replicas.every((r) => r.state === 'up') ? 'ok' : 'degraded',
      replicas: this.replicas.map((r) => ({ replica: r.name, state: r.state, lagSeconds: r.lagSeconds })),
    };
  }

  private check(): Promise<void> {
    // One round at a time: a replica that hangs must not pile up checks.
    this.checking ??= Promise.all(this.replicas.map((r) => this.checkOne(r))).then(() => {
      this.checking = undefined;
    });
    return this.checking;
  }

  private async checkOne(replica: Replica): Promise<void> {
    const was = replica.state;
    try {
      if (!replica.dataSource?.isInitialized) {
        const dataSource = new DataSource(replica.options);
        await dataSource.initialize();
        // A replica that shuts down ends its sessions: its idle connections hear it at once, and it
        // is given up on then rather than at the next check (the check brings it back if it answers).
        (dataSource.driver as unknown as { master: Pool }).master.on('error', () => {
          if (replica.state !== 'down') this.logger.warn(`replica ${replica.name} dropped a connection`);
          replica.state = 'down';
        });
        replica.dataSource = dataSource;
      }
      const position = await standbyPosition(replica.dataSource);
      const now = Date.now();
      replica.lagSeconds = position.inRecovery
        ? lagSeconds(replica, position.receivedLsn, position.replayedLsn, now)
        : 0;
      replica.state = replica.lagSeconds > this.settings.maxLagSeconds ? 'lagging' : 'up';
    } catch (error) {
      replica.state = 'down';
      replica.lagSeconds = null;
      replica.received = [];
      if (was !== 'down') this.logger.warn(`replica ${replica.name} is down: ${(error as Error).message}`);
    }
    if (was !== replica.state && replica.state !== 'down') {
      this.logger.log(`replica ${replica.name} is ${replica.state}`);
    }
  }

  private forgetOldWrites(): void {
    const before = Date.now() - this.settings.readAfterWriteSeconds * 1000;
    for (const [caller, at] of this.lastWrite) if (at < before) this.lastWrite.delete(caller);
  }
}

/**
 * Seconds since the replica first had WAL it still has not replayed (0 when it has replayed all it
 * received), from the positions seen at each check.
 */
/** Positions kept per replica: a quarter of an hour of checks. */
const MAX_POSITIONS = 900;

function lagSeconds(replica: Replica, received: bigint | null, replayed: bigint | null, now: number): number {
  if (received === null || replayed === null) return 0;
  const last = replica.received.at(-1);
  if (!last || last.lsn !== received) replica.received.push({ at: now, lsn: received });
  // Positions already replayed say nothing more.
  while (replica.received.length > 1 && replica.received[0].lsn <= replayed) replica.received.shift();
  // A replica stuck for long keeps its oldest position (the lag) and forgets those that followed it.
  if (replica.received.length > MAX_POSITIONS) replica.received.splice(1, 1);
  const oldest = replica.received[0];
  if (oldest.lsn <= replayed) return 0;
  return Math.round((now - oldest.at) / 100) / 10;
}

function describe(url: string): string {
  const { hostname, port, pathname } = new URL(url);
  return `${hostname}:${port || 5432}${pathname}`;
}
