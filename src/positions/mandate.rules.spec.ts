import { freeSeat, replacedTermEnd, termCovers, termOf, termsOverlap } from './mandate.rules';

describe('terms', () => {
  it('start at the attested day when the start is unknown', () => {
    expect(termOf({ startsOn: null, attestedOn: '2020-11-02', endsOn: null })).toEqual({
      from: '2020-11-02',
      to: null,
    });
    expect(termOf({ startsOn: '2012-05-01', attestedOn: '2020-11-02', endsOn: null }).from).toBe(
      '2012-05-01',
    );
  });

  it.each([
    [{ from: '2020-01-01', to: '2020-12-31' }, { from: '2020-12-31', to: null }, true],
    [{ from: '2020-01-01', to: '2020-12-31' }, { from: '2021-01-01', to: null }, false],
    [{ from: '2020-01-01', to: null }, { from: '2030-01-01', to: '2030-01-02' }, true],
    [{ from: '2021-01-01', to: null }, { from: '2020-01-01', to: '2020-12-31' }, false],
    [{ from: '2020-06-01', to: '2020-06-30' }, { from: '2020-01-01', to: '2020-12-31' }, true],
  ])('overlap of %j and %j is %s', (a, b, expected) => {
    expect(termsOverlap(a, b)).toBe(expected);
    expect(termsOverlap(b, a)).toBe(expected);
  });

  it('covers its first and last day', () => {
    const term = { from: '2020-01-01', to: '2020-12-31' };
    expect(termCovers(term, '2020-01-01')).toBe(true);
    expect(termCovers(term, '2020-12-31')).toBe(true);
    expect(termCovers(term, '2021-01-01')).toBe(false);
    expect(termCovers({ from: '2020-11-02', to: null }, '2026-01-01')).toBe(true);
  });
});

describe('seats', () => {
  it('takes the lowest free seat, or none when full', () => {
    expect(freeSeat(1, [])).toBe(1);
    expect(freeSeat(1, [1])).toBeNull();
    expect(freeSeat(3, [1, 3])).toBe(2);
  });

  it('ends a replaced term the day before the successor starts', () => {
    expect(replacedTermEnd('2021-03-01')).toBe('2021-02-28');
  });
});
