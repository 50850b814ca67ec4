import type { ApiProblem } from '../../api/errors';
import type { unitMessages } from './messages';

type Key = keyof (typeof unitMessages)['ar'];

/**
 * The words a mandate form shows for an API error, in the page's language. The API answers in
 * English; its code and `extensions.field` say what went wrong, and where one field can fail for
 * several reasons the English sentence tells them apart. Anything not recognised falls back to a
 * sentence per code (never a blank), so a new server message still reads sensibly.
 */
export function mandateProblemKey(problem: ApiProblem): Key {
  const { code, field } = problem;
  // Told apart by the English sentence: the server's own, or kept beside its general translation.
  const message = problem.detail ?? problem.message;
  if (code === 'BAD_USER_INPUT') {
    if (field === 'endsOn') return 'errEndBeforeStart';
    if (field === 'attestedOn') return 'errAttestedBeforeStart';
    if (field === 'startsOn') {
      if (/did not exist/i.test(message)) return 'errUnitNotExisting';
      if (/replacing/i.test(message)) return 'errReplaceNeedsStart';
      if (/successor must start/i.test(message)) return 'errSuccessorTooEarly';
      return 'errStartOrAttested';
    }
    return 'errInvalid';
  }
  if (code === 'CONFLICT') {
    if (/changed by someone else/i.test(message)) return 'errStale';
    if (/already ended/i.test(message)) return 'errAlreadyEnded';
    if (/already holds/i.test(message)) return 'errAlreadyHolds';
    if (/full|as many holders|autant de titulaires|مشغول بعدد مقاعده/i.test(message)) return 'errPostFull';
    return 'errConflict';
  }
  if (code === 'NOT_FOUND') return 'errNotFound';
  if (code === 'FORBIDDEN') return 'errForbidden';
  if (code === 'SERVICE_UNAVAILABLE') return 'errUnavailable';
  if (code === 'NETWORK') return 'errNetwork';
  return 'errUnexpected';
}

const GENERAL: ReadonlySet<Key> = new Set(['errInvalid', 'errConflict', 'errUnexpected']);

/**
 * The text to show: the form's own words where it recognised the problem, else the API's message,
 * which the server writes in the page's language (Accept-Language), else a sentence per code.
 */
export function mandateProblemText(problem: ApiProblem, t: (key: Key) => string): string {
  const key = mandateProblemKey(problem);
  return GENERAL.has(key) && problem.message ? problem.message : t(key);
}
