/**
 * Slows, then refuses, repeated failed logins per email: the first few failures cost nothing, the
 * next ones are answered after a growing delay, and past the limit the email is refused for a while.
 * Every attempt counts, including many aliases of `login` in one request.
 */
export interface ThrottleRules {
  freeFailures: number;
  delayStepMs: number;
  maxDelayMs: number;
  lockAfter: number;
  lockMs: number;
}

export const DEFAULT_THROTTLE: ThrottleRules = {
  freeFailures: 3,
  delayStepMs: 250,
  maxDelayMs: 2000,
  lockAfter: 8,
  lockMs: 15 * 60_000,
};

interface Entry {
  failures: number;
  lockedUntil: number;
}

export class LoginThrottle {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly rules: ThrottleRules = DEFAULT_THROTTLE,
    private readonly now: () => number = Date.now,
  ) {}

  /** Milliseconds the email is still locked for (0 = may try). */
  lockedFor(email: string): number {
    const entry = this.entries.get(email);
    return entry ? Math.max(0, entry.lockedUntil - this.now()) : 0;
  }

  /** Records a failure; returns how long to wait before answering it. */
  fail(email: string): number {
    const entry = this.entries.get(email) ?? { failures: 0, lockedUntil: 0 };
    entry.failures++;
    if (entry.failures >= this.rules.lockAfter) entry.lockedUntil = this.now() + this.rules.lockMs;
    this.entries.set(email, entry);
    if (this.entries.size > 100_000) this.entries.delete(this.entries.keys().next().value!);
    const extra = entry.failures - this.rules.freeFailures;
    return extra > 0 ? Math.min(this.rules.maxDelayMs, extra * this.rules.delayStepMs) : 0;
  }

  succeed(email: string): void {
    this.entries.delete(email);
  }
}
