import { addDays } from './dates';
import { BadInputError } from './errors';

/** An earlier state of a record, for the days [validFrom, validUntil) (validFrom null: since the beginning). */
export interface Period {
  validFrom: string | null;
  validUntil: string;
}

/**
 * The earlier state holding on `day`, when the record's current state began after it (`currentSince`);
 * undefined when the current state already held that day.
 */
export function periodOn<P extends Period>(
  periods: readonly P[],
  currentSince: string | null,
  day: string,
): P | undefined {
  if (currentSince === null || day >= currentSince) return undefined;
  return periods.find((p) => (p.validFrom === null || p.validFrom <= day) && day < p.validUntil);
}

/**
 * The period to keep when a record's state changes on `day`: the state replaced, for the days from
 * its own start to the day before. None when it began that same day (a correction of that day's
 * change). A change is dated after the last one, and not in the future.
 */
export function periodEndingOn(
  currentSince: string | null,
  day: string,
  today: string,
  field: string,
): Period | null {
  if (day > today) throw new BadInputError(`${field} is in the future.`, field);
  if (currentSince !== null && day < currentSince) {
    throw new BadInputError(
      `The last change was on ${currentSince}; a later one cannot be dated before it.`,
      field,
    );
  }
  return currentSince === day ? null : { validFrom: currentSince, validUntil: day };
}

/** A record's successive states as spans of days: its earlier periods, then its current state. */
export function spans<P extends Period, S>(
  periods: readonly P[],
  current: S,
  currentSince: string | null,
  same: (a: P | S, b: P | S) => boolean,
): { state: P | S; from: string | null; until: string | null }[] {
  const all: { state: P | S; from: string | null; until: string | null }[] = [];
  for (const p of periods) all.push({ state: p, from: p.validFrom, until: addDays(p.validUntil, -1) });
  all.push({ state: current, from: currentSince, until: null });
  // Consecutive spans with the same names (a move kept the names) read as one.
  return all.reduce<typeof all>((merged, span) => {
    const last = merged.at(-1);
    if (last && same(last.state, span.state)) last.until = span.until;
    else merged.push({ ...span });
    return merged;
  }, []);
}
