import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { FastifyRequest } from 'fastify';
import Negotiator from 'negotiator';

/** The GraphQL over HTTP media type (GraphQL Foundation); `application/json` stays the default. */
export const GRAPHQL_RESPONSE_JSON = 'application/graphql-response+json';

/**
 * Headers that mark a GET (or a POST of a CORS-safelisted type) as sent by a script, not by a form or
 * a link: a browser sends them cross-origin only after a preflight the CORS settings answer. Mercurius's
 * own two, Apollo Client's, and the WebSocket key (an upgrade is a GET without a content type; only the
 * browser's WebSocket API sets that header, no page script can).
 */
export const PREFLIGHT_HEADERS = [
  'x-mercurius-operation-name',
  'mercurius-require-preflight',
  'apollo-require-preflight',
  'x-apollo-operation-name',
  'sec-websocket-key',
];

/** Requests answered with a request error (before execution), whichever media type: for the metrics. */
export const requestErrors = new WeakSet<object>();

/**
 * The error formatter's view of a request error: noted, and whether it is a 4xx (GraphQL over HTTP's
 * media type) or, under application/json as before, a 200 with `data: null`.
 */
export function requestErrorIs4xx(request: { headers?: Negotiator.Headers } | undefined): boolean {
  if (!request) return false;
  requestErrors.add(request);
  return answersGraphqlResponseJson(request);
}

/** The name a request gives its operation: `operationName`, or the one its document declares. */
export function declaredOperationName(request: FastifyRequest): string | undefined {
  const params = (request.body ?? request.query) as { operationName?: unknown; query?: unknown } | undefined;
  if (typeof params?.operationName === 'string' && params.operationName) return params.operationName;
  if (typeof params?.query !== 'string') return undefined;
  return /^\s*(?:query|mutation|subscription)\s+([_A-Za-z]\w*)/.exec(params.query)?.[1];
}

/** Which media type the caller asked for: the new one only when its Accept header prefers it. */
export function answersGraphqlResponseJson(request: { headers?: Negotiator.Headers }): boolean {
  if (!request.headers?.accept) return false;
  // Listed first, application/json wins a tie (`*/*`): callers that did not ask see no change.
  return (
    new Negotiator({ headers: request.headers }).mediaType(['application/json', GRAPHQL_RESPONSE_JSON]) ===
    GRAPHQL_RESPONSE_JSON
  );
}

/**
 * GraphQL over HTTP on /graphql, on top of Mercurius (which speaks `application/json` only):
 * - `"extensions": null` in a request is the same as no extensions (Mercurius's body schema wants an
 *   object);
 * - a caller that prefers `application/graphql-response+json` gets it, with the spec's status codes:
 *   a request error (the document does not parse or validate, a variable does not coerce, a persisted
 *   query is unknown) is a 4xx without `data` (the error formatter gives the status, through
 *   `requestErrorIs4xx`); once execution started it is 200 with `data`. Under `application/json`
 *   nothing changes: a request error is 200 with `data: null`, as it always was here.
 */
export function speakGraphqlOverHttp(app: NestFastifyApplication, path = '/graphql'): void {
  const fastify = app.getHttpAdapter().getInstance();
  const isGraphql = (request: FastifyRequest) => request.url === path || request.url.startsWith(`${path}?`);
  fastify.addHook('preValidation', (request, _reply, done) => {
    const body = request.body as { extensions?: unknown } | undefined;
    if (isGraphql(request) && body && typeof body === 'object' && body.extensions === null) {
      delete body.extensions;
    }
    done();
  });
  fastify.addHook('onSend', async (request, reply, payload) => {
    if (!isGraphql(request) || !answersGraphqlResponseJson(request)) return payload;
    const type = String(reply.getHeader('content-type') ?? '');
    if (!type.startsWith('application/json') || typeof payload !== 'string') return payload;
    reply.header('content-type', `${GRAPHQL_RESPONSE_JSON}; charset=utf-8`);
    if (reply.statusCode < 400) return payload;
    const body = JSON.parse(payload) as { data?: unknown };
    if (body.data !== null) return payload;
    delete body.data;
    return JSON.stringify(body);
  });
}
