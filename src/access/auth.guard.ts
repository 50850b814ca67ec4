import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import { GraphQLResolveInfo } from 'graphql';
import { RequestContext } from '../common/context';
import { DomainError } from '../common/errors';
import { LEVEL_FOR, Permission, scopeOf } from './access';
import { PERMISSION_KEY, PUBLIC } from './allow.decorator';

/**
 * Fails closed on every Query and Mutation: undeclared → refused; anonymous or rejected credentials →
 * UNAUTHENTICATED; no grant for the declared permission anywhere → FORBIDDEN. Which rows the caller
 * may touch is then the services' business (outside scope = NOT_FOUND). Field resolvers carry no
 * guard: they only ever see rows their parent was allowed to read, and guards there would break batching.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType<string>() !== 'graphql') return true;
    const gql = GqlExecutionContext.create(context);
    const info = gql.getInfo<GraphQLResolveInfo>();
    if (info.parentType.name !== 'Query' && info.parentType.name !== 'Mutation') return true;
    const declared = this.reflector.get<Permission | typeof PUBLIC | undefined>(
      PERMISSION_KEY,
      context.getHandler(),
    );
    if (declared === undefined) {
      throw new DomainError('FORBIDDEN', `${info.fieldName} declares no permission.`);
    }
    const ctx = gql.getContext<RequestContext>();
    if (ctx.databaseUnavailable) {
      throw new DomainError(
        'SERVICE_UNAVAILABLE',
        'The database is unavailable; nothing was done. Please retry.',
        {
          retryable: true,
        },
      );
    }
    if (declared === PUBLIC) return true;
    if (ctx.credentialsRejected) {
      throw new DomainError('UNAUTHENTICATED', 'The credentials sent are not valid.');
    }
    if (!ctx.actor) {
      throw new DomainError('UNAUTHENTICATED', 'Sign in first (Authorization: Bearer <token>).');
    }
    if (LEVEL_FOR[declared] === null) return true;
    const scope = scopeOf(ctx.actor, declared);
    if (!scope.all && scope.paths.length === 0) {
      throw new DomainError('FORBIDDEN', `You have no access that allows ${info.fieldName}.`);
    }
    return true;
  }
}
