import { Counters, decide, NO_FAILURES, ThrottleRules, waitAfter } from './login-throttle';

describe('login throttle rules', () => {
  const rules: ThrottleRules = {
    perPair: { run: 3, baseMs: 1_000, capMs: 10_000 },
    perEmail: { run: 5, baseMs: 1_000, capMs: 10_000 },
    perSource: { run: 8, baseMs: 1_000, capMs: 10_000 },
    forgetMs: 60_000,
  };
  const fresh: Counters = { pair: NO_FAILURES, email: NO_FAILURES, source: NO_FAILURES };

  /** Attempts at `now` until one is refused; returns how many were let through and the wait. */
  function burst(counters: Counters, now: number): { admitted: number; counters: Counters; waitMs: number } {
    let admitted = 0;
    for (;;) {
      const decision = decide(now, counters, rules);
      if (!decision.admitted) return { admitted, counters, waitMs: decision.waitMs };
      counters = decision.next;
      admitted++;
    }
  }

  it('allows a run, then waits that double up to a cap', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((n) => waitAfter(n, rules.perPair))).toEqual([
      0, 0, 1_000, 2_000, 4_000, 8_000, 10_000, 10_000,
    ]);
    expect(waitAfter(10_000, rules.perPair)).toBe(10_000);
  });

  it('lets a burst check only the run, however many attempts are sent at once', () => {
    const { admitted, counters, waitMs } = burst(fresh, 0);
    expect(admitted).toBe(3);
    expect(waitMs).toBe(1_000);
    // Once the wait is over, one more attempt; its failure doubles the wait.
    const later = burst(counters, 1_000);
    expect(later.admitted).toBe(1);
    expect(later.waitMs).toBe(2_000);
  });

  it('holds back a failed source while an email is under attack, never a clean one, and never past the cap', () => {
    // Many sources, each guessing a little, push the email's count past its run.
    let email = NO_FAILURES;
    for (let source = 0; source < 3; source++) {
      const result = burst({ ...fresh, email }, 0);
      email = result.counters.email;
    }
    expect(email.nextAt).toBeGreaterThan(0);
    const failedSource: Counters = {
      pair: { failures: 1, nextAt: 0, lastAt: 0 },
      email,
      source: NO_FAILURES,
    };
    // 3 + 2 + 1 failures: the second source was stopped by the email's count, the third after one try.
    expect(email.failures).toBe(6);
    expect(decide(0, failedSource, rules)).toEqual({ admitted: false, waitMs: 2_000 });
    expect(waitAfter(60, rules.perEmail)).toBe(rules.perEmail.capMs);
    // The owner, from a source that has not failed on this email, still gets to try.
    expect(decide(0, { ...fresh, email }, rules).admitted).toBe(true);
  });

  it('holds back a source that tries many emails, whatever the email', () => {
    let source = NO_FAILURES;
    for (let i = 0; i < 8; i++) {
      const decision = decide(0, { ...fresh, source }, rules);
      if (!decision.admitted) throw new Error('refused too early');
      source = decision.next.source;
    }
    expect(decide(0, { ...fresh, source }, rules)).toEqual({ admitted: false, waitMs: 1_000 });
  });

  it('forgets failures after a quiet period', () => {
    const { counters } = burst(fresh, 0);
    expect(decide(30_000, counters, rules).admitted).toBe(true);
    const forgotten = decide(61_000, counters, rules);
    expect(forgotten.admitted && forgotten.next.pair.failures).toBe(1);
  });
});
