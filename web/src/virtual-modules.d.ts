/**
 * Morocco's clock changes (see vite.config.mts): `minutesWest[i]` is UTC minus Morocco's time, in
 * minutes, before the instant `changes[i]` (ms) and after the one before it; the last holds after
 * the last change.
 */
declare module 'virtual:casablanca-zone' {
  const zone: { changes: number[]; minutesWest: number[] };
  export default zone;
}
