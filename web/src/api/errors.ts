import type { CombinedError } from 'urql';

/** One error of the API, as a page shows it: its code, its message and the input field it concerns. */
export interface ApiProblem {
  code: string;
  message: string;
  /** The input field named by the API (`extensions.field`), e.g. `date` or `participants`. */
  field?: string;
  retryAfterSeconds?: number;
  /** The English original of a message the server had no translation for. */
  detail?: string;
}

/**
 * The problems of a failed request. The API writes its messages in the page's language (it reads
 * Accept-Language); a lost connection becomes NETWORK, which pages word themselves.
 */
export function problemsOf(error: CombinedError | undefined | null): ApiProblem[] {
  if (!error) return [];
  if (error.networkError && error.graphQLErrors.length === 0) {
    return [{ code: 'NETWORK', message: error.networkError.message }];
  }
  return error.graphQLErrors.map((e) => {
    const extensions = e.extensions ?? {};
    return {
      code: typeof extensions.code === 'string' ? extensions.code : 'INTERNAL_SERVER_ERROR',
      message: e.message,
      field: typeof extensions.field === 'string' ? extensions.field : undefined,
      retryAfterSeconds:
        typeof extensions.retryAfterSeconds === 'number' ? extensions.retryAfterSeconds : undefined,
      detail: typeof extensions.detail === 'string' ? extensions.detail : undefined,
    };
  });
}

/**
 * Splits problems into those shown next to a field (by the field's name, its first path segment:
 * `participants.2.personId` belongs to `participants`) and the rest, shown above the form.
 */
export function byField(problems: ApiProblem[], fields: readonly string[]) {
  const known = new Set(fields);
  const atField: Record<string, string> = {};
  const general: ApiProblem[] = [];
  for (const problem of problems) {
    const name = problem.field?.split('.')[0];
    if (name && known.has(name) && !atField[name]) atField[name] = problem.message;
    else general.push(problem);
  }
  return { atField, general };
}
