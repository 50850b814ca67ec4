import { LoginThrottle } from './login-throttle';

describe('LoginThrottle', () => {
  const rules = { freeFailures: 2, delayStepMs: 100, maxDelayMs: 250, lockAfter: 5, lockMs: 60_000 };

  it('lets a few failures pass, then slows, then locks for a while', () => {
    let now = 0;
    const throttle = new LoginThrottle(rules, () => now);
    expect([1, 2, 3, 4].map(() => throttle.fail('a@x'))).toEqual([0, 0, 100, 200]);
    expect(throttle.lockedFor('a@x')).toBe(0);
    expect(throttle.fail('a@x')).toBe(250);
    expect(throttle.lockedFor('a@x')).toBe(60_000);
    now = 30_000;
    expect(throttle.lockedFor('a@x')).toBe(30_000);
    now = 60_001;
    expect(throttle.lockedFor('a@x')).toBe(0);
  });

  it('forgets an email’s failures once it logs in, and keeps emails apart', () => {
    const throttle = new LoginThrottle(rules, () => 0);
    for (let i = 0; i < 4; i++) throttle.fail('a@x');
    throttle.succeed('a@x');
    expect(throttle.fail('a@x')).toBe(0);
    expect(throttle.fail('b@x')).toBe(0);
  });
});
