/**
 * Days as integers (days since 1970-01-01), so that terms and meetings are compared and drawn with
 * arithmetic; they become 'YYYY-MM-DD' only when written.
 */
const MS_PER_DAY = 86_400_000;

export function dayOf(isoDate: string): number {
  const [year, month, day] = isoDate.split('-').map(Number);
  return Date.UTC(year, month - 1, day) / MS_PER_DAY;
}

const isoCache = new Map<number, string>();

export function isoOf(day: number): string {
  let iso = isoCache.get(day);
  if (iso === undefined) {
    iso = new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
    isoCache.set(day, iso);
  }
  return iso;
}

export const yearOf = (day: number): number => new Date(day * MS_PER_DAY).getUTCFullYear();

const two = (n: number) => String(n).padStart(2, '0');

/**
 * A moment on a day, written with Morocco's usual offset (+01). Moments are drawn between 07:00 and
 * 22:59, so the calendar day in Africa/Casablanca is `day` even in the weeks it is on UTC+00.
 */
export function momentOn(day: number, minuteOfDay: number, millisecond = 0): string {
  const hour = Math.floor(minuteOfDay / 60);
  const minute = minuteOfDay % 60;
  const fraction = millisecond ? `.${String(millisecond).padStart(3, '0')}` : '';
  return `${isoOf(day)} ${two(hour)}:${two(minute)}:00${fraction}+01`;
}
