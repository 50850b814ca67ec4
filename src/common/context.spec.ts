import { moroccoDate } from './context';

describe('moroccoDate', () => {
  // A day on which every Node's time-zone data agrees Morocco was at UTC+1: Node 24's (tzdata 2026e)
  // has Morocco back at UTC+0 from the autumn of 2026, Node 20's (2025c) does not know that yet.
  it('gives the calendar day in Morocco (UTC+1 that day), not in UTC', () => {
    expect(moroccoDate(new Date('2025-11-28T22:59:59Z'))).toBe('2025-11-28');
    expect(moroccoDate(new Date('2025-11-28T23:00:00Z'))).toBe('2025-11-29');
  });

  it('answers instants of other minutes afresh, earlier ones included', () => {
    expect(moroccoDate(new Date('2026-11-29T10:00:30Z'))).toBe('2026-11-29');
    expect(moroccoDate(new Date('2026-11-29T10:00:59Z'))).toBe('2026-11-29');
    expect(moroccoDate(new Date('2020-11-02T10:00:00Z'))).toBe('2020-11-02');
    expect(moroccoDate(new Date('2026-11-29T10:00:00Z'))).toBe('2026-11-29');
  });
});
