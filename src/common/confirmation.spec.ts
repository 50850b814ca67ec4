import { ConfirmationPolicy, confirmationOn } from './confirmation';
import { periodEndingOn, periodOn, spans } from './periods';

describe('confirmationOn', () => {
  const policy = new ConfirmationPolicy(12, false);
  const attested = { startsOn: null, lastConfirmedOn: '2020-11-02' };

  it('keeps a mandate of unknown start confirmed for the period after its last confirmation', () => {
    expect(confirmationOn(attested, '2021-11-02', policy)).toBe('CONFIRMED');
    expect(confirmationOn(attested, '2021-11-03', policy)).toBe('UNCONFIRMED');
    expect(confirmationOn(attested, '2026-12-02', policy)).toBe('UNCONFIRMED');
  });

  it('never lapses a mandate whose start is known', () => {
    expect(
      confirmationOn({ startsOn: '2020-01-01', lastConfirmedOn: '2020-01-01' }, '2030-01-01', policy),
    ).toBe('CONFIRMED');
  });
});

describe('periods', () => {
  const periods = [
    { validFrom: null, validUntil: '2022-01-01', name: 'first' },
    { validFrom: '2022-01-01', validUntil: '2023-06-01', name: 'second' },
  ];

  it('finds the earlier state holding a day, and none once the current one began', () => {
    expect(periodOn(periods, '2023-06-01', '2021-12-31')?.name).toBe('first');
    expect(periodOn(periods, '2023-06-01', '2022-01-01')?.name).toBe('second');
    expect(periodOn(periods, '2023-06-01', '2023-06-01')).toBeUndefined();
    expect(periodOn(periods, null, '2021-01-01')).toBeUndefined();
  });

  it('dates a change after the last one and not in the future; a same-day change keeps no period', () => {
    expect(periodEndingOn('2022-01-01', '2023-06-01', '2026-01-01', 'movedOn')).toEqual({
      validFrom: '2022-01-01',
      validUntil: '2023-06-01',
    });
    expect(periodEndingOn('2022-01-01', '2022-01-01', '2026-01-01', 'movedOn')).toBeNull();
    expect(() => periodEndingOn('2022-01-01', '2021-12-31', '2026-01-01', 'movedOn')).toThrow(/2022-01-01/);
    expect(() => periodEndingOn(null, '2027-01-01', '2026-01-01', 'movedOn')).toThrow(/future/);
  });

  it('lists successive states as spans of days, merging neighbours that are the same', () => {
    const same = (a: { name: string }, b: { name: string }) => a.name === b.name;
    expect(spans(periods, { name: 'second' }, '2023-06-01', same)).toEqual([
      { state: periods[0], from: null, until: '2021-12-31' },
      { state: periods[1], from: '2022-01-01', until: null },
    ]);
  });
});
