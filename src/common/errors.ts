import { GraphQLError } from 'graphql';

/** The codes a client may see in `extensions.code`. Anything else is INTERNAL_SERVER_ERROR. */
export type ErrorCode =
  | 'BAD_USER_INPUT'
  | 'NOT_FOUND'
  | 'FORBIDDEN'
  | 'UNAUTHENTICATED'
  | 'CONFLICT'
  /**
   * The database is unreachable or dropped the connection, or the request ran past its deadline:
   * nothing was written; retry (`retryable: true`).
   */
  | 'SERVICE_UNAVAILABLE';

/**
 * A rule the caller broke, in words a party administrator understands. Services throw these; the
 * GraphQL error formatter turns them into `{ message, extensions: { code, ...details } }`.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export class NotFoundError extends DomainError {
  constructor(what: string, key: string) {
    super('NOT_FOUND', `${what} ${key} was not found.`, { entity: what });
  }
}

export class BadInputError extends DomainError {
  constructor(message: string, field?: string) {
    super('BAD_USER_INPUT', message, field ? { field } : {});
  }
}

export class ConflictError extends DomainError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('CONFLICT', message, details);
  }
}

/**
 * Constraints that only the database can enforce under concurrency (exclusion constraints, unique
 * keys), with the message a person should read when one of them refuses a write. Their names never
 * reach the client. Keyed by constraint name as created in the migrations.
 */
const CONSTRAINT_ERRORS: Record<string, () => DomainError> = {
  mandate_one_holder_per_seat: () =>
    new ConflictError('This post already has as many holders as it has seats for these dates.'),
  mandate_no_double_term: () => new ConflictError('This person already holds this post for these dates.'),
  mandate_seat_within_seats: () =>
    new ConflictError('This post already has as many holders as it has seats for these dates.'),
  org_unit_code_key: () => new ConflictError('Another unit already uses this code.', { field: 'code' }),
  person_membership_number_key: () =>
    new ConflictError('Another person already has this membership number.', { field: 'membershipNumber' }),
  position_unit_role_key: () => new ConflictError('This unit already has a post with this role.'),
  org_unit_level_fits_depth: () =>
    new BadInputError(
      'A unit must sit exactly one level below its parent, and only national units can be roots.',
    ),
  mandate_ends_after_start: () => new BadInputError('A term cannot end before it starts.', 'endsOn'),
  seat_vacancy_not_held: () =>
    new ConflictError(
      'This seat is recorded as vacant on some of these dates, or held on some of them: correct that record first.',
    ),
  seat_vacancy_no_overlap: () => new ConflictError('This seat is already recorded as vacant on these dates.'),
  mandate_confirmation_within_term: () =>
    new BadInputError(
      'A confirmation lies within the term as recorded (to move its start, correct attestedOn).',
      'confirmedOn',
    ),
  meeting_participants_max: () =>
    new BadInputError('A meeting cannot have this many participants.', 'participants'),
  meeting_outcomes_max: () => new BadInputError('A meeting cannot have this many outcomes.', 'outcomes'),
  meeting_agenda_max: () => new BadInputError('A meeting cannot have this many agenda items.', 'agenda'),
  meeting_sources_max: () => new BadInputError('A meeting cannot have this many sources.', 'sources'),
  meeting_units_max: () => new BadInputError('A meeting cannot have this many units.', 'units'),
};

const unavailable = () =>
  new DomainError('SERVICE_UNAVAILABLE', 'The database is unavailable; nothing was written. Please retry.', {
    retryable: true,
  });

/**
 * A statement stopped at the request's deadline (or because its client went away): nothing was
 * written; a retry may succeed once the database is less busy, or with a narrower search.
 */
export const timedOut = () =>
  new DomainError(
    'SERVICE_UNAVAILABLE',
    'The request took too long and was stopped; nothing was written. Please retry.',
    { retryable: true },
  );

/** Postgres error classes worth a coded answer even without a known constraint name. */
const SQLSTATE_ERRORS: Record<string, () => DomainError> = {
  '23505': () => new ConflictError('This would duplicate an existing record.'),
  '23P01': () => new ConflictError('This conflicts with an existing record for the same dates.'),
  '40001': () => new ConflictError('Another change was made at the same time; please retry.'),
  '40P01': () => new ConflictError('Another change was made at the same time; please retry.'),
  '22007': () => new BadInputError('This is not a valid date.'),
  '22008': () => new BadInputError('This date is out of range.'),
  '22021': () => new BadInputError('The text contains characters that cannot be stored (such as NUL).'),
  '22P05': () => new BadInputError('The text contains characters that cannot be stored.'),
  '54000': () => new BadInputError('A value is too large to be stored.'),
  // query_canceled: statement_timeout, or the cancel sent when the client went away.
  '57014': () => timedOut(),
  // The connection to the database was lost mid-request (terminated backend, restart): rolled back.
  '57P01': () => unavailable(),
  '57P02': () => unavailable(),
  '57P03': () => unavailable(),
  '08000': () => unavailable(),
  '08003': () => unavailable(),
  '08006': () => unavailable(),
  ECONNREFUSED: () => unavailable(),
  ECONNRESET: () => unavailable(),
};

interface PgErrorShape {
  code?: unknown;
  constraint?: unknown;
  driverError?: { code?: unknown; constraint?: unknown };
}

/** Translates a database error into a domain error when it is the caller's fault, else `undefined`. */
export function domainErrorFromDatabase(error: unknown): DomainError | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const pg = error as PgErrorShape;
  const constraint = pg.driverError?.constraint ?? pg.constraint;
  const code = pg.driverError?.code ?? pg.code;
  if (typeof constraint === 'string' && CONSTRAINT_ERRORS[constraint]) return CONSTRAINT_ERRORS[constraint]();
  if (typeof code === 'string' && SQLSTATE_ERRORS[code]) return SQLSTATE_ERRORS[code]();
  const message = (error as { message?: unknown }).message;
  if (
    typeof message === 'string' &&
    /Connection terminated|terminating connection|connection error|already released/i.test(message)
  ) {
    return unavailable();
  }
  return undefined;
}

/** A GraphQL-level error (bad document, bad variable) already carries a safe message. */
export function isDocumentError(error: GraphQLError): boolean {
  return !error.path && (!error.originalError || error.originalError instanceof GraphQLError);
}
