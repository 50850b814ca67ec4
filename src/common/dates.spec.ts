import { addDays, addMonths, isCalendarDate } from './dates';

describe('isCalendarDate', () => {
  it.each(['2020-11-02', '2024-02-29', '1999-12-31'])('accepts %s', (value) => {
    expect(isCalendarDate(value)).toBe(true);
  });
  it.each([
    '2021-02-30',
    '2023-02-29',
    '2020-13-01',
    '2020-00-10',
    '2020-1-2',
    '02/11/2020',
    '',
    '2020-11-02T10:00',
  ])('refuses %j', (value) => {
    expect(isCalendarDate(value)).toBe(false);
  });
});

describe('addDays', () => {
  it('crosses months, years and leap days', () => {
    expect(addDays('2020-11-02', -1)).toBe('2020-11-01');
    expect(addDays('2021-01-01', -1)).toBe('2020-12-31');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
  });
});

describe('addMonths', () => {
  it.each([
    ['2020-11-02', 12, '2021-11-02'],
    ['2020-01-31', 1, '2020-02-29'],
    ['2021-01-31', 1, '2021-02-28'],
    ['2020-12-15', 1, '2021-01-15'],
    ['2020-02-29', 12, '2021-02-28'],
  ])('%s + %i months = %s (PostgreSQL’s date + interval)', (date, months, expected) => {
    expect(addMonths(date, months)).toBe(expected);
  });
});
