import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { isCalendarDate } from './dates';
import { moroccoDateTime } from './morocco-time';

const refuse = (value: unknown): never => {
  throw new GraphQLError(
    `Expected a calendar date as YYYY-MM-DD (a real day), got ${JSON.stringify(value)}.`,
    {
      extensions: { code: 'BAD_USER_INPUT' },
    },
  );
};

/** A calendar day, as 'YYYY-MM-DD'. '2021-02-30' is refused. */
export const CalendarDate = new GraphQLScalarType<string, string>({
  name: 'Date',
  description: 'A calendar day, YYYY-MM-DD (no time, no time zone).',
  serialize: (value) => {
    if (typeof value === 'string' && isCalendarDate(value)) return value;
    throw new GraphQLError('Internal date value is not a calendar date.');
  },
  parseValue: (value) => (typeof value === 'string' && isCalendarDate(value) ? value : refuse(value)),
  parseLiteral: (ast) =>
    ast.kind === Kind.STRING && isCalendarDate(ast.value)
      ? ast.value
      : refuse(ast.kind === Kind.STRING ? ast.value : ast.kind),
});

const OFFSET_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

const refuseDateTime = (value: unknown): never => {
  throw new GraphQLError(
    `Expected a date and time with an offset, e.g. 2020-11-02T15:00:00+01:00, got ${JSON.stringify(value)}.`,
    { extensions: { code: 'BAD_USER_INPUT' } },
  );
};

function parseDateTime(value: unknown): Date {
  if (typeof value !== 'string' || !OFFSET_DATE_TIME.test(value) || !isCalendarDate(value.slice(0, 10))) {
    return refuseDateTime(value);
  }
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? refuseDateTime(value) : date;
}

/** An instant, with its offset (input: any offset; output: Africa/Casablanca). */
export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  description: 'A date and time with offset (ISO 8601); answered in Africa/Casablanca time.',
  serialize: (value) => {
    if (value instanceof Date) return moroccoDateTime(value);
    throw new GraphQLError('Internal date-time value is not a Date.');
  },
  parseValue: parseDateTime,
  parseLiteral: (ast) => (ast.kind === Kind.STRING ? parseDateTime(ast.value) : refuseDateTime(ast.kind)),
});

/** Arbitrary JSON (audit snapshots); output only. */
export const JSONScalar = new GraphQLScalarType<unknown, unknown>({
  name: 'JSON',
  description: 'A JSON value (read-only: audit snapshots).',
  serialize: (value) => value,
  parseValue: () => {
    throw new GraphQLError('JSON is not accepted as input.', { extensions: { code: 'BAD_USER_INPUT' } });
  },
  parseLiteral: () => {
    throw new GraphQLError('JSON is not accepted as input.', { extensions: { code: 'BAD_USER_INPUT' } });
  },
});
