import { Logger } from '@nestjs/common';
import { FastifyReply, FastifyRequest } from 'fastify';
import { EntityManager } from 'typeorm';
import { AuthService } from '../accounts/auth.service';
import { createRequestContext, RequestContext } from '../common/context';
import { DomainError, domainErrorFromDatabase, ErrorCode } from '../common/errors';

const logger = new Logger('DataOut');

/** The HTTP status of each coded refusal; anything else is a 500 with the request id only. */
const STATUS: Record<ErrorCode, number> = {
  BAD_USER_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  SERVICE_UNAVAILABLE: 503,
};

/**
 * A refusal of the data-out doors, in the shape of a GraphQL error (`errors[].extensions.code`), so a
 * client reads one shape whichever door it used. Never SQL or a stack.
 */
export async function sendError(
  reply: FastifyReply,
  requestId: string,
  error: unknown,
): Promise<FastifyReply> {
  const domain = error instanceof DomainError ? error : domainErrorFromDatabase(error);
  if (domain) {
    return reply
      .code(STATUS[domain.code])
      .type('application/json; charset=utf-8')
      .send({ errors: [{ message: domain.message, extensions: { code: domain.code, ...domain.details } }] });
  }
  logger.error({ requestId, message: (error as Error)?.message, stack: (error as Error)?.stack });
  return reply
    .code(500)
    .type('application/json; charset=utf-8')
    .send({
      errors: [
        {
          message: `Something went wrong on our side (request ${requestId}).`,
          extensions: { code: 'INTERNAL_SERVER_ERROR', requestId },
        },
      ],
    });
}

export const unauthenticated = () =>
  new DomainError('UNAUTHENTICATED', 'Sign in, or send a valid token, to read this.');

/**
 * The request's context from its credentials: the Authorization header, or (`tokenInQuery`) a
 * `?token=` API token for clients that cannot send headers. No caller → UNAUTHENTICATED.
 */
export async function contextOf(
  auth: AuthService,
  manager: EntityManager,
  request: FastifyRequest,
  { tokenInQuery = false, readOnlyToken = false } = {},
): Promise<RequestContext> {
  const queryToken = tokenInQuery ? (request.query as { token?: unknown }).token : undefined;
  const authorization =
    request.headers.authorization ?? (typeof queryToken === 'string' ? `Bearer ${queryToken}` : undefined);
  if (!authorization) throw unauthenticated();
  const { actor } = await auth.resolve(authorization);
  if (!actor) throw unauthenticated();
  // A secret in a URL ends up in logs and histories: only a read-only API token may travel there.
  if (readOnlyToken && !request.headers.authorization && !(actor.tokenId && actor.readOnly)) {
    throw new DomainError('UNAUTHENTICATED', 'A token in the address must be a read-only API token.');
  }
  return createRequestContext(manager, String(request.id), actor, false, request.ip);
}

/** One query parameter as a string (the last one when repeated), or undefined. */
export function queryParam(request: FastifyRequest, name: string): string | undefined {
  const value = (request.query as Record<string, unknown>)[name];
  const last = Array.isArray(value) ? value.at(-1) : value;
  return typeof last === 'string' && last !== '' ? last : undefined;
}
