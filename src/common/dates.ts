import type { RequestContext } from './context';

/** Calendar dates travel as 'YYYY-MM-DD' strings everywhere: no time zone can shift them. */

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The number of `length` ASCII digits at `at`, or -1 when one of them is not a digit. */
function digitsAt(value: string, at: number, length: number): number {
  let number = 0;
  for (let i = at; i < at + length; i++) {
    const digit = value.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    number = number * 10 + digit;
  }
  return number;
}

/**
 * True for a real calendar day in ISO form: '2021-02-28' yes, '2021-02-30' no. Read character by
 * character, without a match or a Date: every calendar date of every answer is checked here.
 */
export function isCalendarDate(value: string): boolean {
  if (typeof value !== 'string' || value.length !== 10) return false;
  if (value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45) return false;
  const year = digitsAt(value, 0, 4);
  const month = digitsAt(value, 5, 2);
  const day = digitsAt(value, 8, 2);
  if (year < 1900 || year > 2200 || month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]);
}

/** `date` plus `days` (may be negative). */
export function addDays(date: string, days: number): string {
  const [year, month, day] = date.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

/** The date a nested field reads for: its own argument, else the enclosing query's, else today. */
export const readDate = (ctx: RequestContext, parent: { asOf?: string }, asOf?: string | null): string =>
  asOf ?? parent.asOf ?? ctx.today;

/** `date` plus `months`, on the month's last day when the day does not exist (as PostgreSQL does). */
export function addMonths(date: string, months: number): string {
  const [year, month, day] = date.split('-').map(Number);
  const lastDay = new Date(Date.UTC(year, month - 1 + months + 1, 0)).getUTCDate();
  return new Date(Date.UTC(year, month - 1 + months, Math.min(day, lastDay))).toISOString().slice(0, 10);
}
