import { checkSilentDays, statsWindow, twelveMonthsEndingOn } from './stats.rules';

describe('stats window', () => {
  it('defaults to the twelve months ending on asOf', () => {
    expect(statsWindow({}, '2024-12-31')).toEqual({
      from: '2024-01-01',
      to: '2024-12-31',
      asOf: '2024-12-31',
    });
    expect(twelveMonthsEndingOn('2021-03-15')).toBe('2020-03-16');
  });

  it('ends the default window on to when only to is given', () => {
    expect(statsWindow({ to: '2023-06-30' }, '2024-01-01')).toEqual({
      from: '2022-07-01',
      to: '2023-06-30',
      asOf: '2024-01-01',
    });
  });

  it('accepts a one-day window and refuses from after to', () => {
    expect(statsWindow({ from: '2024-02-02', to: '2024-02-02' }, '2024-03-01').from).toBe('2024-02-02');
    expect(() => statsWindow({ from: '2024-02-03', to: '2024-02-02' }, '2024-03-01')).toThrow(
      'from must be on or before to',
    );
  });

  it('takes windows of up to 1,096 days', () => {
    // 2021, 2022 and 2023 have 365 days each: one day more is the longest window.
    expect(statsWindow({ from: '2021-01-01', to: '2024-01-01' }, '2024-01-01').to).toBe('2024-01-01');
    expect(() => statsWindow({ from: '2021-01-01', to: '2024-01-02' }, '2024-01-02')).toThrow('at most');
  });

  it('refuses negative or huge look-backs', () => {
    expect(() => checkSilentDays(0)).not.toThrow();
    expect(() => checkSilentDays(-1)).toThrow('days');
    expect(() => checkSilentDays(100_000)).toThrow('days');
  });
});
