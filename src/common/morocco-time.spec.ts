import { moroccoDate, moroccoDateTime, moroccoInstant, moroccoTimeOfDay } from './morocco-time';

// Morocco: UTC+1, UTC+0 around Ramadan (2024-03-10 to 2024-04-14), UTC+0 for good from 2026-09-20.
// Runtimes with older zone data (Node 20's ICU, PostgreSQL's files) still put it at UTC+1 after that.
describe('Morocco’s clock', () => {
  it('gives the calendar day in Morocco, not in UTC', () => {
    expect(moroccoDate(new Date('2025-11-28T22:59:59Z'))).toBe('2025-11-28');
    expect(moroccoDate(new Date('2025-11-28T23:00:00Z'))).toBe('2025-11-29');
    expect(moroccoDate(new Date('2024-03-20T23:30:00Z'))).toBe('2024-03-20');
  });

  it('knows Morocco is on UTC+0 from the autumn of 2026, whatever the runtime’s own zone data says', () => {
    expect(moroccoDate(new Date('2026-09-19T23:30:00Z'))).toBe('2026-09-20');
    expect(moroccoDate(new Date('2026-12-05T23:30:00Z'))).toBe('2026-12-05');
    expect(moroccoDateTime(new Date('2026-12-05T23:30:00Z'))).toBe('2026-12-05T23:30:00+00:00');
  });

  it('answers an instant as Morocco’s wall time with the offset of that day', () => {
    expect(moroccoDateTime(new Date('2020-11-02T14:00:00Z'))).toBe('2020-11-02T15:00:00+01:00');
    expect(moroccoDateTime(new Date('2024-03-20T14:00:00Z'))).toBe('2024-03-20T14:00:00+00:00');
    expect(moroccoDateTime(new Date('2020-12-31T23:05:09Z'))).toBe('2021-01-01T00:05:09+01:00');
    expect(moroccoTimeOfDay(new Date('2020-11-02T14:05:00Z'))).toBe('15:05');
  });

  it('turns a wall time on a Moroccan day into its instant, at that day’s offset', () => {
    expect(moroccoInstant('2020-11-02', '15:00').toISOString()).toBe('2020-11-02T14:00:00.000Z');
    expect(moroccoInstant('2020-11-02', '00:30:00').toISOString()).toBe('2020-11-01T23:30:00.000Z');
    expect(moroccoInstant('2024-03-20', '15:00').toISOString()).toBe('2024-03-20T15:00:00.000Z');
    expect(moroccoInstant('2026-10-01', '23:30').toISOString()).toBe('2026-10-01T23:30:00.000Z');
  });

  it('reads an hour shown twice as its first showing', () => {
    // 2026-09-20: the clock went back from 02:00 (UTC+1) to 01:00 (UTC+0).
    expect(moroccoInstant('2026-09-20', '01:30').toISOString()).toBe('2026-09-20T00:30:00.000Z');
  });
});
