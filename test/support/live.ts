import { Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { createAccount, createUnit, personWithMandate } from './fixtures';
import { GqlClient, TestApp } from './test-app';

/** What a live client saw: its events, and how its socket closed. */
export interface LiveClient {
  client: Client;
  /** Settles with the close code and reason when the socket closes. */
  closed: Promise<{ code: number; reason: string }>;
  /** Settles when the server acknowledged connection_init. */
  connected: Promise<void>;
  dispose(): Promise<void>;
}

export interface LiveSubscription<T> {
  events: T[];
  errors: unknown[];
  /** Waits until `count` events arrived (or fails after `timeoutMs`). */
  waitFor(count: number, timeoutMs?: number): Promise<T[]>;
  /** Settles when the server ended the subscription (complete, error or closed socket). */
  ended: Promise<void>;
  stop(): void;
}

/**
 * A graphql-ws client (graphql-transport-ws) on the app's /graphql, sending `token` in connection_init
 * as a browser would (no header on a WebSocket). It never retries: a refusal is final.
 */
export function liveClient(
  httpUrl: string,
  token: string | null,
  payload?: Record<string, unknown>,
): LiveClient {
  let closedResolve!: (value: { code: number; reason: string }) => void;
  const closed = new Promise<{ code: number; reason: string }>((resolve) => (closedResolve = resolve));
  let connectedResolve!: () => void;
  const connected = new Promise<void>((resolve) => (connectedResolve = resolve));
  const client = createClient({
    url: httpUrl.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    lazy: false,
    retryAttempts: 0,
    connectionParams: payload ?? (token ? { authorization: `Bearer ${token}` } : {}),
    onNonLazyError: () => undefined,
    on: {
      connected: () => connectedResolve(),
      closed: (event) => {
        const { code, reason } = event as { code: number; reason: string | Buffer };
        closedResolve({ code, reason: String(reason) });
      },
    },
  });
  return {
    client,
    closed,
    connected,
    async dispose() {
      await client.dispose();
    },
  };
}

/** Subscribes and collects what arrives. */
export function subscribe<T = Record<string, any>>(
  live: LiveClient,
  query: string,
  variables: Record<string, unknown> = {},
): LiveSubscription<T> {
  const events: T[] = [];
  const errors: unknown[] = [];
  const waiters: (() => void)[] = [];
  let endedResolve!: () => void;
  const ended = new Promise<void>((resolve) => (endedResolve = resolve));
  const stop = live.client.subscribe<T>(
    { query, variables },
    {
      next: (value) => {
        if (value.errors) errors.push(...value.errors);
        if (value.data) events.push(value.data as T);
        waiters.splice(0).forEach((wake) => wake());
      },
      error: (error) => {
        // A refused subscription answers a list of GraphQL errors; a closed socket, its close event.
        errors.push(...(Array.isArray(error) ? error : [error]));
        endedResolve();
        waiters.splice(0).forEach((wake) => wake());
      },
      complete: () => {
        endedResolve();
        waiters.splice(0).forEach((wake) => wake());
      },
    },
  );
  return {
    events,
    errors,
    ended,
    stop,
    async waitFor(count: number, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (events.length < count) {
        if (Date.now() > deadline) {
          throw new Error(
            `Expected ${count} events, got ${events.length}: ${JSON.stringify({ events, errors })}`,
          );
        }
        await Promise.race([new Promise<void>((resolve) => waiters.push(resolve)), settle(50)]);
      }
      return events;
    },
  };
}

export const settle = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Waits until `condition` holds (checked every 20 ms), or fails after `timeoutMs`. */
export async function until(
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 5000,
  what = 'condition',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await settle(20);
  }
}

/** Two regions under a new national unit, a province in the first, and a signed-in secretary of the first. */
export async function twoRegions(
  t: GqlClient & { login(email: string, password: string): Promise<string> },
): Promise<{ regionA: string; provinceA: string; regionB: string; secretaryA: string }> {
  const national = await createUnit(t, { level: 'NATIONAL' });
  const regionA = await createUnit(t, { level: 'REGIONAL', parentId: national });
  const provinceA = await createUnit(t, { level: 'PROVINCIAL', parentId: regionA });
  const regionB = await createUnit(t, { level: 'REGIONAL', parentId: national });
  const official = await personWithMandate(t, regionA);
  const account = await createAccount(t, { password: 'secretary-password-a', personId: official.personId });
  return { regionA, provinceA, regionB, secretaryA: await t.login(account.email, 'secretary-password-a') };
}

/**
 * Waits until the feed can answer every event written so far. Every database of a PostgreSQL server
 * shares transaction ids: the feed waits for the server's oldest running transaction, whoever's it is.
 */
export async function feedSettled(t: Pick<TestApp, 'sql'>): Promise<void> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    const [{ settled }] = await t.sql<{ settled: boolean }>(
      `SELECT coalesce(pg_snapshot_xmin(pg_current_snapshot()) > max(tx_id), true) AS settled FROM audit_event`,
    );
    if (settled || Date.now() > deadline) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
