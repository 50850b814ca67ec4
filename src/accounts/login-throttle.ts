/**
 * The rules that slow password guessing. Failures are counted three ways: per email and source (one
 * client guessing one account), per email (many clients guessing one account) and per source (one
 * client trying many accounts). Each count allows a short run of attempts, then one attempt per
 * interval that doubles with each failure, up to a cap: never an open-ended lock.
 *
 * A stranger must not be able to keep a victim out: the per-email count only holds back sources that
 * have themselves failed on that email, so the owner signing in from a clean source is let through,
 * and whoever has failed waits at most the cap (an administrator can also clear an email's counts).
 *
 * An attempt is counted as a failure before its password is checked (`decide` runs under a row lock),
 * so requests sent at once cannot check more passwords than the run allows; a success then clears it.
 */
export interface Step {
  /** Attempts allowed in a row before waiting. */
  run: number;
  /** The first wait; each further failure doubles it. */
  baseMs: number;
  capMs: number;
}

export interface ThrottleRules {
  perPair: Step;
  perEmail: Step;
  perSource: Step;
  /** A count with no failure for this long starts again from zero. */
  forgetMs: number;
}

export const DEFAULT_THROTTLE: ThrottleRules = {
  perPair: { run: 5, baseMs: 30_000, capMs: 15 * 60_000 },
  perEmail: { run: 20, baseMs: 30_000, capMs: 15 * 60_000 },
  // A source is often many people (an office, a mobile operator's gateway).
  perSource: { run: 50, baseMs: 30_000, capMs: 15 * 60_000 },
  forgetMs: 24 * 3_600_000,
};

/** One count, with instants in milliseconds since the epoch (0 = never). */
export interface Counter {
  failures: number;
  /** No attempt is let through before this instant. */
  nextAt: number;
  /** The last failure counted. */
  lastAt: number;
}

export const NO_FAILURES: Counter = { failures: 0, nextAt: 0, lastAt: 0 };

export interface Counters {
  pair: Counter;
  email: Counter;
  source: Counter;
}

export type Decision = { admitted: true; next: Counters } | { admitted: false; waitMs: number };

/** How long to wait after the `failures`-th failure in a row. */
export function waitAfter(failures: number, step: Step): number {
  if (failures < step.run) return 0;
  return Math.min(step.capMs, step.baseMs * 2 ** (failures - step.run));
}

/** Whether an attempt may check its password now; if so, the counts with it reserved as a failure. */
export function decide(now: number, counters: Counters, rules: ThrottleRules = DEFAULT_THROTTLE): Decision {
  const live = (counter: Counter) => (now - counter.lastAt > rules.forgetMs ? NO_FAILURES : counter);
  const pair = live(counters.pair);
  const email = live(counters.email);
  const source = live(counters.source);
  const waitMs = Math.max(
    0,
    pair.nextAt - now,
    source.nextAt - now,
    pair.failures > 0 ? email.nextAt - now : 0,
  );
  if (waitMs > 0) return { admitted: false, waitMs };
  const reserve = (counter: Counter, step: Step): Counter => {
    const wait = waitAfter(counter.failures + 1, step);
    return { failures: counter.failures + 1, lastAt: now, nextAt: wait > 0 ? now + wait : 0 };
  };
  return {
    admitted: true,
    next: {
      pair: reserve(pair, rules.perPair),
      email: reserve(email, rules.perEmail),
      source: reserve(source, rules.perSource),
    },
  };
}
