import { addDays } from '../common/dates';

/** A term as closed calendar dates; `to` null = open-ended. */
export interface Term {
  from: string;
  to: string | null;
}

/** The term a mandate occupies: from its start, or from the day it is attested when the start is unknown. */
export function termOf(mandate: {
  startsOn: string | null;
  attestedOn: string | null;
  endsOn: string | null;
}): Term {
  const from = mandate.startsOn ?? mandate.attestedOn;
  if (!from) throw new Error('A mandate needs a start date or an attested date.');
  return { from, to: mandate.endsOn };
}

export function termsOverlap(a: Term, b: Term): boolean {
  return (a.to === null || b.from <= a.to) && (b.to === null || a.from <= b.to);
}

export function termCovers(term: Term, date: string): boolean {
  return term.from <= date && (term.to === null || date <= term.to);
}

/** The lowest seat (1…seats) that none of `taken` occupies, or null when the post is full. */
export function freeSeat(seats: number, taken: readonly number[]): number | null {
  for (let seat = 1; seat <= seats; seat++) if (!taken.includes(seat)) return seat;
  return null;
}

/** When a holder is replaced from `startsOn`, their term ends the day before. */
export const replacedTermEnd = (startsOn: string): string => addDays(startsOn, -1);
