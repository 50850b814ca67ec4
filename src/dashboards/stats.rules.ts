import { addDays } from '../common/dates';
import { BadInputError } from '../common/errors';

/** The longest window a roll-up reads: three years (about 160 weeks of activity). */
export const MAX_WINDOW_DAYS = 1096;
/** At most this many buckets in `activity` (weeks of the longest window). */
export const MAX_BUCKETS = 160;
/** The longest silence `silentUnits` looks back over: ten years. */
export const MAX_SILENT_DAYS = 3660;

export interface StatsWindow {
  from: string;
  to: string;
  asOf: string;
}

const dayNumber = (date: string): number => Date.parse(`${date}T00:00:00Z`) / 86_400_000;

/** The day a year before `date`'s next day: the first day of the twelve months that end on `date`. */
export function twelveMonthsEndingOn(date: string): string {
  const [year, month, day] = date.split('-').map(Number);
  return addDays(new Date(Date.UTC(year - 1, month - 1, day)).toISOString().slice(0, 10), 1);
}

/**
 * The window of a roll-up: `asOf` as given (else the date the unit was read for, else today), `to`
 * default asOf, `from` default the twelve months ending on `to`. Refuses from after to and windows
 * longer than MAX_WINDOW_DAYS.
 */
export function statsWindow(given: { from?: string | null; to?: string | null }, asOf: string): StatsWindow {
  const to = given.to ?? asOf;
  const from = given.from ?? twelveMonthsEndingOn(to);
  if (from > to) throw new BadInputError('from must be on or before to.', 'from');
  if (dayNumber(to) - dayNumber(from) + 1 > MAX_WINDOW_DAYS) {
    throw new BadInputError(`A window spans at most ${MAX_WINDOW_DAYS} days.`, 'to');
  }
  return { from, to, asOf };
}

/** Checks the look-back of `silentUnits`. */
export function checkSilentDays(days: number): void {
  if (!Number.isInteger(days) || days < 0 || days > MAX_SILENT_DAYS) {
    throw new BadInputError(`days must be between 0 and ${MAX_SILENT_DAYS}.`, 'days');
  }
}
