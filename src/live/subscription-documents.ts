import { DocumentNode, GraphQLError, GraphQLSchema, print, specifiedRules, validate } from 'graphql';
import { GraphqlLimits, tooManyTokens, validationRules } from '../common/graphql-limits';

/**
 * Mercurius runs a subscription's document without validating it (HTTP documents are validated): this
 * hook, run before each subscription starts, holds it to the same rules and limits (tokens, depth,
 * aliases, directives, cost), so no document can have each event resolved thousands of times. A
 * refusal is BAD_USER_INPUT, like over HTTP.
 */
export function checkSubscriptionDocuments(limits: GraphqlLimits) {
  const rules = [...specifiedRules, ...validationRules(limits)];
  return (schema: GraphQLSchema, document: DocumentNode): Promise<void> => {
    const refusal = tooManyTokens(print(document), limits.maxTokens)
      ? `A document may hold at most ${limits.maxTokens} tokens.`
      : validate(schema, document, rules)[0]?.message;
    return refusal
      ? Promise.reject(new GraphQLError(refusal, { extensions: { code: 'BAD_USER_INPUT' } }))
      : Promise.resolve();
  };
}
