import { ArgumentsHost, Catch, HttpException, Logger } from '@nestjs/common';
import { GqlExceptionFilter } from '@nestjs/graphql';
import { ExecutionResult, GraphQLError, GraphQLFormattedError } from 'graphql';
import { DomainError, domainErrorFromDatabase, isDocumentError } from './errors';
import { Language, negotiateLanguage, translateMessage } from './messages';

const logger = new Logger('GraphQL');

/**
 * Hands resolver errors to GraphQL untouched (Nest would otherwise log every refused input as a
 * server error); `formatGraphqlErrors` decides what the client sees and what is logged.
 */
@Catch()
export class PassErrorsToGraphqlFilter implements GqlExceptionFilter {
  catch(exception: unknown, _host: ArgumentsHost): unknown {
    return exception;
  }
}

/** class-validator messages from Nest's ValidationPipe, as one readable sentence. */
function validationMessage(exception: HttpException): string {
  const body = exception.getResponse();
  if (typeof body === 'object' && body !== null && 'message' in body) {
    const message = (body as { message: unknown }).message;
    if (Array.isArray(message)) return message.join('; ');
    if (typeof message === 'string') return message;
  }
  return exception.message;
}

/**
 * The one place where errors become responses. Domain errors keep their code and message; database
 * errors the caller caused get their domain meaning; document and variable errors are BAD_USER_INPUT;
 * everything else is INTERNAL_SERVER_ERROR with the request id, and its detail goes to the log only.
 */
export function toFormattedError(
  error: GraphQLError,
  requestId: string,
  language: Language = 'en',
): GraphQLFormattedError {
  const persisted = persistedQueryError(error);
  if (persisted) return persisted;
  const formatted = formattedInEnglish(error, requestId);
  const code = String(formatted.extensions?.code ?? 'INTERNAL_SERVER_ERROR');
  const { message, known } = translateMessage(formatted.message, code, language);
  if (known) return { ...formatted, message };
  return { ...formatted, message, extensions: { ...formatted.extensions, detail: formatted.message } };
}

/**
 * The automatic persisted query protocol's answers, worded and coded as Apollo's clients read them
 * (the message is a protocol token, never translated): Mercurius throws them with its own codes.
 */
const PERSISTED_QUERY_CODES: Record<string, string> = {
  MER_ERR_GQL_PERSISTED_QUERY_NOT_FOUND: 'PERSISTED_QUERY_NOT_FOUND',
  MER_ERR_GQL_PERSISTED_QUERY_NOT_SUPPORTED: 'PERSISTED_QUERY_NOT_SUPPORTED',
};

function persistedQueryError(error: GraphQLError): GraphQLFormattedError | undefined {
  const mercuriusCode = (error.originalError as { code?: unknown } | undefined)?.code;
  const code = typeof mercuriusCode === 'string' ? PERSISTED_QUERY_CODES[mercuriusCode] : undefined;
  // Mercurius also says "Unknown query" this way when a request has no document at all.
  if (!code || !/^PersistedQueryNot(Found|Supported)$/.test(error.message)) return undefined;
  return { message: error.message, extensions: { code } };
}

function formattedInEnglish(error: GraphQLError, requestId: string): GraphQLFormattedError {
  const base = { locations: error.locations, path: error.path };
  const original = error.originalError;
  const domain = original instanceof DomainError ? original : domainErrorFromDatabase(original);
  if (domain) {
    return { ...base, message: domain.message, extensions: { code: domain.code, ...domain.details } };
  }
  if (original instanceof HttpException && original.getStatus() === 400) {
    return { ...base, message: validationMessage(original), extensions: { code: 'BAD_USER_INPUT' } };
  }
  const httpStatus = (original as { statusCode?: unknown } | undefined)?.statusCode;
  if (typeof httpStatus === 'number' && httpStatus >= 400 && httpStatus < 500) {
    // Fastify's own refusals (a body that is not JSON, too large, …) are the caller's doing.
    return { ...base, message: error.message, extensions: { code: 'BAD_USER_INPUT' } };
  }
  if (isDocumentError(error)) {
    return { ...base, message: documentErrorMessage(error), extensions: { code: 'BAD_USER_INPUT' } };
  }
  logger.error({
    requestId,
    message: error.message,
    path: error.path,
    stack: original?.stack ?? error.stack,
  });
  return {
    ...base,
    message: `Internal server error (request ${requestId}).`,
    extensions: { code: 'INTERNAL_SERVER_ERROR', requestId },
  };
}

/**
 * A variable that a scalar refused is worded by graphql-js with the scalar's explanation ("… a real
 * day …"), but by graphql-jit, which compiles a document on its second call, as "…; Expected type
 * Date." with the explanation kept only as the original error: put back, the same answer every call.
 */
function documentErrorMessage(error: GraphQLError): string {
  const original = error.originalError;
  if (original instanceof GraphQLError && !error.message.includes(original.message)) {
    return error.message.replace(/ Expected type [^;]*\.$/, ` ${original.message}`);
  }
  return error.message;
}

/**
 * Mercurius `errorFormatter`: flattens its validation bundles and never answers with a 5xx. Without
 * introspection, "Did you mean …?" suggestions are cut too: they would reveal the schema.
 */
export const graphqlErrorFormatter =
  (options: {
    suggestions: boolean;
    /**
     * Whether this request's caller reads request errors by status (GraphQL over HTTP's
     * `application/graphql-response+json`): they are then 400, not 200 with `data: null`.
     */
    requestErrorsBy4xx?: (request: NonNullable<ErrorContext['reply']>['request']) => boolean;
  }) =>
  (
    execution: ExecutionResult & { errors: readonly GraphQLError[]; statusCode?: number },
    context: ErrorContext,
  ) => {
    const formatted = formatGraphqlErrors(execution, context);
    // Mercurius formats an execution's result with its `data` (null included); an error before
    // execution (parse, validation, variables, persisted query) comes without.
    const requestError = !('data' in execution);
    if (requestError && options.requestErrorsBy4xx?.(context?.reply?.request) && formatted.statusCode < 400) {
      formatted.statusCode = 400;
    }
    if (!options.suggestions) {
      for (const error of formatted.response.errors) {
        (error as { message: string }).message = error.message.replace(/\s*Did you mean .*\?$/, '');
      }
    }
    return formatted;
  };

/** What the formatter reads of Mercurius' context: the request id and the request's headers. */
interface ErrorContext {
  requestId?: string;
  reply?: { request?: { headers?: Record<string, string | string[] | undefined> } };
}

export function formatGraphqlErrors(
  execution: ExecutionResult & { errors: readonly GraphQLError[]; statusCode?: number },
  context: ErrorContext,
): { statusCode: number; response: { data: unknown; errors: GraphQLFormattedError[] } } {
  const requestId = context?.requestId ?? 'unknown';
  const language = negotiateLanguage(context?.reply?.request?.headers?.['accept-language']);
  const flat = execution.errors.flatMap((error) => {
    const bundled = (error.originalError as { errors?: unknown } | undefined)?.errors;
    return Array.isArray(bundled) ? (bundled as GraphQLError[]) : [error];
  });
  const errors = flat.map((error) =>
    error instanceof GraphQLError
      ? toFormattedError(error, requestId, language)
      : toFormattedError(new GraphQLError(String(error)), requestId, language),
  );
  // A refusal by the HTTP layer (413 body too large, 415, 400) keeps its status; nothing is ever 5xx.
  const httpStatus = flat
    .map((error) => (error.originalError as { statusCode?: unknown } | undefined)?.statusCode)
    .find((status): status is number => typeof status === 'number' && status >= 400 && status < 500);
  const statusCode = execution.data
    ? 200
    : (httpStatus ?? (execution.statusCode && execution.statusCode < 500 ? execution.statusCode : 200));
  return { statusCode, response: { data: execution.data ?? null, errors } };
}
