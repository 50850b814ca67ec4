import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { isCalendarDate } from './dates';

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
