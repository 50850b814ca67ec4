import autocannon from 'autocannon';
import { Client } from 'pg';
import { dataOf, Key, post, Subject } from './processes';
import { Call } from './queries';
import { settings } from './settings';

/** What is measured: SQL statements per request (pg_stat_statements), then interleaved timed rounds. */
export interface Statements {
  /** Statements other than transaction control, per request. */
  data: number;
  /** BEGIN, COMMIT, ROLLBACK, SAVEPOINT, RELEASE per request. */
  transaction: number;
}
const TRANSACTION_CONTROL = /^\s*(BEGIN|START TRANSACTION|COMMIT|END|ROLLBACK|SAVEPOINT|RELEASE)\b/i;

/** Resets pg_stat_statements, sends the requests one by one, and sums the top-level statements they caused. */
export async function countStatements(
  db: Client,
  subject: Subject,
  next: () => Call,
  requests: number,
): Promise<Statements> {
  await db.query(`SELECT pg_stat_statements_reset()`);
  for (let i = 0; i < requests; i++) {
    const answer = await post(subject.server.base, next(), subject.headers);
    dataOf(subject, 'a counted request', answer);
  }
  const { rows } = await db.query<{ query: string; calls: string }>(
    `SELECT query, calls FROM pg_stat_statements
      WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
        AND query NOT LIKE '%pg_stat_statements%'`,
  );
  const sum = (filter: (query: string) => boolean) =>
    rows.filter((row) => filter(row.query)).reduce((total, row) => total + Number(row.calls), 0) / requests;
  return {
    data: sum((query) => !TRANSACTION_CONTROL.test(query)),
    transaction: sum((query) => TRANSACTION_CONTROL.test(query)),
  };
}

// ── timing ─────────────────────────────────────────────────────────────────────────────────────────
/** What a connection sends: `calls` in turn, or (writes) a `fresh` body for every request. */
export interface Workload {
  calls: Call[];
  fresh?: () => Call;
}
interface Round {
  rps: number;
  p50: number;
  p99: number;
  failures: number;
}
/**
 * One autocannon round. A round that got fewer than two answers per connection (a question slower
 * than the round) is run again until it gets them, so that slow questions are measured, not zeroed.
 */
export async function load(
  subject: Subject,
  connections: number,
  seconds: number,
  workload: Workload,
): Promise<Round> {
  const minimum = 2 * connections;
  const round = await cannon(subject, connections, { duration: seconds }, workload);
  return round.answers >= minimum ? round : cannon(subject, connections, { amount: minimum }, workload);
}

async function cannon(
  subject: Subject,
  connections: number,
  length: { duration: number } | { amount: number },
  { calls, fresh }: Workload,
): Promise<Round & { answers: number }> {
  let graphqlErrors = 0;
  const headers = { 'content-type': 'application/json', ...subject.headers };
  const result = await autocannon({
    url: subject.server.base,
    connections,
    ...length,
    timeout: 120,
    requests: calls.map((call) => ({
      method: 'POST' as const,
      path: call.path,
      headers,
      body: call.body,
      ...(fresh && {
        setupRequest: (request: autocannon.Request) => ({ ...request, body: fresh().body }),
      }),
      // Reads were checked by the gate, but a read that fails later (a timeout, an unavailable
      // database) still answers 200 with its errors: every answer is checked for them.
      onResponse: (_status: number, body: string) => {
        if (body.includes(fresh ? '"error' : '"errors":')) graphqlErrors++;
      },
    })),
  });
  return {
    answers: result['2xx'],
    rps: result['2xx'] / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    failures: result.non2xx + result.errors + result.timeouts + graphqlErrors,
  };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
export interface Timing {
  rps: number;
  p50: number;
  p99: number;
  /** The longest statement in the database during the timed rounds (pg_stat_statements max_exec_time), ms. */
  maxStatement?: number;
  /** Non-2xx answers, connection errors, timeouts and (writes) answers with errors, over all rounds. */
  failures: number;
}

/**
 * Waits until no query is running in the benchmark's database. autocannon ends a round without
 * waiting for the answers still in flight, and a slow implementation's last queries (PostGraphile's
 * Q4 takes over a second each) otherwise ran on into the next implementation's round: the one timed
 * right after PostGraphile, Tanzim on Node 24, showed p99 three times Node 20's on Q3 and Q4.
 */
async function quiet(db: Client): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const { rows } = await db.query<{ running: number }>(
      `SELECT count(*)::int AS running FROM pg_stat_activity
        WHERE datname = current_database() AND backend_type = 'client backend'
          AND state = 'active' AND pid <> pg_backend_pid()`,
    );
    if (rows[0].running === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The longest execution of any statement of the benchmark database since the last reset, in ms. */
async function longestStatement(db: Client): Promise<number> {
  const { rows } = await db.query<{ longest: number | null }>(
    `SELECT max(max_exec_time)::float8 AS longest FROM pg_stat_statements
      WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
        AND query NOT LIKE '%pg_stat%'`,
  );
  return rows[0].longest ?? 0;
}

/**
 * A warm-up of each implementation (discarded), then interleaved rounds a, b, c, c20, a, b, …; medians.
 * With `db`, each round starts once the previous one has nothing left running there (see `quiet`).
 */
export async function time(
  subjects: Subject[],
  connections: number,
  workload: (s: Subject) => Workload,
  db?: Client,
): Promise<Map<Key, Timing>> {
  const rounds = new Map<Key, Round[]>(subjects.map((s) => [s.key, []]));
  const longest = new Map<Key, number>();
  for (const subject of subjects) {
    if (db) await quiet(db);
    await cannon(subject, connections, { duration: settings.warmUp }, workload(subject));
  }
  for (let round = 0; round < settings.rounds; round++) {
    for (const subject of subjects) {
      if (db) {
        await quiet(db);
        await db.query(`SELECT pg_stat_statements_reset()`);
      }
      rounds.get(subject.key)!.push(await load(subject, connections, settings.duration, workload(subject)));
      if (db) {
        await quiet(db);
        longest.set(subject.key, Math.max(longest.get(subject.key) ?? 0, await longestStatement(db)));
      }
    }
  }
  return new Map(
    [...rounds].map(([key, list]) => [
      key,
      {
        rps: median(list.map((r) => r.rps)),
        p50: median(list.map((r) => r.p50)),
        p99: median(list.map((r) => r.p99)),
        failures: list.reduce((total, r) => total + r.failures, 0),
        maxStatement: longest.get(key),
      },
    ]),
  );
}
