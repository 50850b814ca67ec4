import moment from 'moment-timezone';

/**
 * Morocco's clock, from the time-zone data of the pinned `moment-timezone`, never from the runtime's.
 * Morocco changes its rules at short notice (UTC+1 with UTC+0 around Ramadan since 2018, UTC+0 for
 * good from September 2026), and Node's ICU, PostgreSQL's zone files and a browser each carry their
 * own copy of the rules, some of them years old: asked about the same instant, they gave different
 * days. Tanzim asks this one copy, so the day of a meeting, the default `asOf` and the offsets it
 * answers do not depend on the machine it runs on; updating the package updates the rules.
 */
const ZONE = moment.tz.zone('Africa/Casablanca')!;

const MINUTE = 60_000;

/** Minutes east of UTC in Morocco at an instant (ms). */
function offsetAt(instant: number): number {
  return -ZONE.utcOffset(instant);
}

/** The calendar date (YYYY-MM-DD) in Morocco at `instant`. */
export function moroccoDate(instant = new Date()): string {
  return new Date(instant.getTime() + offsetAt(instant.getTime()) * MINUTE).toISOString().slice(0, 10);
}

/** An instant as Morocco's wall time with its offset: 2020-11-02T15:00:00+01:00. */
export function moroccoDateTime(instant: Date): string {
  const offset = offsetAt(instant.getTime());
  const wall = new Date(instant.getTime() + offset * MINUTE).toISOString().slice(0, 19);
  const hours = String(Math.floor(Math.abs(offset) / 60)).padStart(2, '0');
  const minutes = String(Math.abs(offset) % 60).padStart(2, '0');
  return `${wall}${offset < 0 ? '-' : '+'}${hours}:${minutes}`;
}

/** The wall time (HH:MM) in Morocco at `instant`. */
export function moroccoTimeOfDay(instant: Date): string {
  return moroccoDateTime(instant).slice(11, 16);
}

/**
 * The instant of a wall time (HH:MM or HH:MM:SS) on a day in Morocco. Of an hour the clock showed
 * twice, the first; an hour it skipped is read at the offset after the move.
 */
export function moroccoInstant(day: string, time: string): Date {
  const wall = Date.parse(`${day}T${time.length === 5 ? `${time}:00` : time}Z`);
  return new Date(wall + ZONE.parse(wall) * MINUTE);
}
