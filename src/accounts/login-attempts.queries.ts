import { DataSource, EntityManager } from 'typeorm';
import { RequestContext } from '../common/context';
import { Counter, Counters, decide, DEFAULT_THROTTLE, NO_FAILURES, ThrottleRules } from './login-throttle';

type Row = { email: string; source: string; failures: number; next_at: string; last_at: string };

/**
 * The sign-in counts of `login-throttle.ts`, kept in the `login_attempt` table. Rows are locked in
 * one order (by email, then source; the source's own row has email '') so that concurrent attempts
 * queue instead of deadlocking.
 */
export class LoginAttempts {
  private lastPrune = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly rules: ThrottleRules = DEFAULT_THROTTLE,
  ) {}

  /**
   * Counts an attempt as a failure before its password is checked, in one transaction with the
   * decision: 0 when it may go ahead, else how many milliseconds to wait (nothing counted).
   */
  async reserve(email: string, source: string): Promise<number> {
    await this.pruneNowAndThen();
    return this.dataSource.transaction(async (manager) => {
      await manager.query(
        `INSERT INTO login_attempt (email, source) VALUES ('', $2), ($1, ''), ($1, $2) ON CONFLICT DO NOTHING`,
        [email, source],
      );
      // A row pruned meanwhile is simply absent: it held nothing the rules still remember.
      const rows = (await manager.query(
        `SELECT email, source, failures,
                floor(extract(epoch FROM coalesce(next_at, 'epoch')) * 1000) AS next_at,
                floor(extract(epoch FROM coalesce(last_at, 'epoch')) * 1000) AS last_at
           FROM login_attempt WHERE (email, source) IN (('', $2), ($1, ''), ($1, $2))
          ORDER BY email, source FOR UPDATE`,
        [email, source],
      )) as Row[];
      // The time once the rows are ours: the transaction's start may precede an attempt it waited for.
      const [{ now }] = (await manager.query(
        `SELECT floor(extract(epoch FROM clock_timestamp()) * 1000) AS now`,
      )) as { now: string }[];
      const counter = (rowEmail: string, rowSource: string): Counter => {
        const row = rows.find((r) => r.email === rowEmail && r.source === rowSource);
        return row
          ? { failures: row.failures, nextAt: Number(row.next_at), lastAt: Number(row.last_at) }
          : NO_FAILURES;
      };
      const decision = decide(
        Number(now),
        { pair: counter(email, source), email: counter(email, ''), source: counter('', source) },
        this.rules,
      );
      if (!decision.admitted) return decision.waitMs;
      await this.write(manager, email, source, decision.next);
      return 0;
    });
  }

  /**
   * A right password: this source's and this email's failures are cleared; the source gives back one.
   * In the sign-in's own transaction, so that they are cleared when, and only when, it commits.
   */
  async succeeded(ctx: RequestContext, email: string, source: string): Promise<void> {
    const { manager } = ctx;
    await manager.query(
      `UPDATE login_attempt SET failures = greatest(failures - 1, 0) WHERE email = '' AND source = $1`,
      [source],
    );
    await manager.query(`DELETE FROM login_attempt WHERE email = $1 AND source IN ('', $2)`, [email, source]);
  }

  private async write(manager: EntityManager, email: string, source: string, next: Counters): Promise<void> {
    const rows: [string, string, Counter][] = [
      ['', source, next.source],
      [email, '', next.email],
      [email, source, next.pair],
    ];
    await manager.query(
      `INSERT INTO login_attempt (email, source, failures, next_at, last_at)
       SELECT email, source, failures, to_timestamp(next_at / 1000.0), to_timestamp(last_at / 1000.0)
         FROM unnest($1::text[], $2::text[], $3::int[], $4::float8[], $5::float8[])
           AS t(email, source, failures, next_at, last_at)
       ON CONFLICT (email, source) DO UPDATE
          SET failures = excluded.failures, next_at = excluded.next_at, last_at = excluded.last_at`,
      [
        rows.map((r) => r[0]),
        rows.map((r) => r[1]),
        rows.map((r) => r[2].failures),
        rows.map((r) => r[2].nextAt),
        rows.map((r) => r[2].lastAt),
      ],
    );
  }

  /** Counts left alone longer than the rules remember them are dropped, now and then (not on every sign-in). */
  private async pruneNowAndThen(): Promise<void> {
    if (Date.now() - this.lastPrune < 3_600_000) return;
    this.lastPrune = Date.now();
    await this.dataSource.query(
      `DELETE FROM login_attempt WHERE (email, source) IN (
         SELECT email, source FROM login_attempt
          WHERE last_at IS NULL OR last_at < now() - make_interval(secs => $1) FOR UPDATE SKIP LOCKED)`,
      [this.rules.forgetMs / 1000],
    );
  }
}

/** An administrator lets an email sign in again from everywhere (sources' own counts stay). */
export async function clearLoginAttempts(ctx: RequestContext, email: string): Promise<void> {
  await ctx.manager.query(`DELETE FROM login_attempt WHERE email = $1`, [email]);
}
