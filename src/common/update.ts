import { BadInputError } from './errors';

/**
 * One rule for every update input. A field the client leaves out keeps its value; `null` clears a
 * field that may be empty; a value sets it.
 */
export const keepOr = <T>(value: T | undefined, current: T): T => (value === undefined ? current : value);

/** The same rule for a field that cannot be empty: `null` is refused (BAD_USER_INPUT), never ignored. */
export function keepOrRequire<T>(value: T | null | undefined, current: T, field: string): T {
  if (value === null) throw new BadInputError(`${field} cannot be cleared.`, field);
  return value === undefined ? current : value;
}
