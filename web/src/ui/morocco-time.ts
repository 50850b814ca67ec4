import casablanca from 'virtual:casablanca-zone';

/**
 * Morocco's clock, from the rules the server uses too (built in from its time-zone package), not from
 * the browser's own copy: a phone's may be years old, and Morocco changes its clock at short notice
 * (UTC+0 for good from September 2026). A meeting typed as 23:30 is then sent, and shown, as 23:30
 * in Morocco on any phone.
 */
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** Minutes east of UTC in Morocco at an instant (ms). */
function offsetAt(instant: number): number {
  const { changes, minutesWest } = casablanca;
  let low = 0;
  let high = changes.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (instant < changes[middle]) high = middle;
    else low = middle + 1;
  }
  return -minutesWest[low];
}

/** Today in Morocco, as a calendar day (YYYY-MM-DD). */
export function moroccoToday(): string {
  const now = Date.now();
  return new Date(now + offsetAt(now) * MINUTE).toISOString().slice(0, 10);
}

/**
 * A wall-clock time (HH:MM) on a day in Morocco, as an instant (ISO), as the server reads it: of an
 * hour the clock showed twice, the first; an hour it skipped, at the offset after the move.
 */
export function moroccoInstant(day: string, time: string): string {
  const wall = Date.parse(`${day}T${time}:00Z`);
  const before = offsetAt(wall - DAY);
  const after = offsetAt(wall + DAY);
  const offset = [before, after].find((candidate) => offsetAt(wall - candidate * MINUTE) === candidate);
  return new Date(wall - (offset ?? after) * MINUTE).toISOString();
}

/**
 * An instant as the server answers it (Morocco's wall time with its offset, 2020-11-02T15:00:00+01:00)
 * as a date whose UTC fields are Morocco's wall time: formatted in UTC, it shows Morocco's time
 * whatever the browser's zone data.
 */
export function moroccoWallClock(instant: string): Date {
  const ms = Date.parse(instant);
  return new Date(ms + offsetAt(ms) * MINUTE);
}
