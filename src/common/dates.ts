import type { RequestContext } from './context';

/** Calendar dates travel as 'YYYY-MM-DD' strings everywhere: no time zone can shift them. */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar day in ISO form: '2021-02-28' yes, '2021-02-30' no. */
export function isCalendarDate(value: string): boolean {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < 1900 || year > 2200) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
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
