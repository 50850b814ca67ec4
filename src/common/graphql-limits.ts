import {
  ASTVisitor,
  FieldNode,
  getNamedType,
  GraphQLError,
  isCompositeType,
  Kind,
  Lexer,
  NoSchemaIntrospectionCustomRule,
  Source,
  TokenKind,
  ValidationContext,
  ValidationRule,
} from 'graphql';

/** Limits at the door, each configurable (see README) with these defaults. */
export interface GraphqlLimits {
  maxDepth: number;
  maxAliases: number;
  maxDirectives: number;
  maxTokens: number;
  maxCost: number;
  introspection: boolean;
}

export const DEFAULT_LIMITS: GraphqlLimits = {
  maxDepth: 10,
  maxAliases: 15,
  maxDirectives: 20,
  maxTokens: 3000,
  maxCost: 20_000,
  introspection: true,
};

const refuse = (message: string) => new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });

/**
 * Counts a document's tokens without building its AST, stopping at the limit: a huge document is
 * refused before the parser spends time on it.
 */
export function tooManyTokens(query: string, maxTokens: number): boolean {
  const lexer = new Lexer(new Source(query));
  let count = 0;
  try {
    while (lexer.advance().kind !== TokenKind.EOF) if (++count > maxTokens) return true;
  } catch {
    return false; // a lexing error is reported by the parser with its location
  }
  return false;
}

/** At most `max` aliased fields in one document (one alias per guess is how brute force hides). */
export const maxAliasesRule =
  (max: number): ValidationRule =>
  (context: ValidationContext): ASTVisitor => {
    let aliases = 0;
    return {
      Field(node) {
        if (node.alias && ++aliases === max + 1) {
          context.reportError(refuse(`A document may use at most ${max} aliases.`));
        }
      },
    };
  };

export const maxDirectivesRule =
  (max: number): ValidationRule =>
  (context: ValidationContext): ASTVisitor => {
    let directives = 0;
    return {
      Directive() {
        if (++directives === max + 1) {
          context.reportError(refuse(`A document may use at most ${max} directives.`));
        }
      },
    };
  };

/** Depth of selections, not counting introspection (`__schema`, `__type`) so tools still work. */
export const maxDepthRule =
  (max: number): ValidationRule =>
  (context: ValidationContext): ASTVisitor => {
    let depth = 0;
    let reported = false;
    return {
      Field: {
        enter(node) {
          if (node.name.value.startsWith('__')) return false;
          if (node.selectionSet && ++depth > max && !reported) {
            reported = true;
            context.reportError(refuse(`A document may nest selections at most ${max} levels deep.`));
          }
          return undefined;
        },
        leave(node) {
          if (node.selectionSet && !node.name.value.startsWith('__')) depth--;
        },
      },
    };
  };

/**
 * An upper bound on the rows a document can ask for: every field that returns objects costs 1 times
 * the page sizes of the lists it sits in (`first`, 20 when absent, 100 when a variable), and a plain
 * list field counts 10. Scalars ride on their row and cost nothing: asking for a unit's code and
 * names costs what asking for its code does.
 */
export const maxCostRule =
  (max: number): ValidationRule =>
  (context: ValidationContext): ASTVisitor => {
    const multipliers: number[] = [1];
    let cost = 0;
    let reported = false;
    const pageSize = (node: FieldNode): number | null => {
      const first = node.arguments?.find((arg) => arg.name.value === 'first');
      if (!first) return null;
      if (first.value.kind === Kind.INT) return Math.max(1, Number(first.value.value));
      return 100;
    };
    /** How many times a field's selections may repeat: its page size, or a guess for plain lists. */
    const childMultiplier = (node: FieldNode, type: string): number => {
      const first = pageSize(node);
      if (first !== null) return first;
      if (/Connection!?$/.test(type)) return 20;
      if (node.name.value === 'edges') return 1;
      return type.startsWith('[') ? 10 : 1;
    };
    return {
      Field: {
        enter(node) {
          if (node.name.value.startsWith('__')) return false;
          const multiplier = multipliers[multipliers.length - 1];
          const definition = context.getFieldDef();
          if (definition && isCompositeType(getNamedType(definition.type))) cost += multiplier;
          if (cost > max && !reported) {
            reported = true;
            context.reportError(
              refuse(`This document could cost ${cost}+ rows; the limit is ${max}. Ask for smaller pages.`),
            );
          }
          multipliers.push(multiplier * childMultiplier(node, definition?.type.toString() ?? ''));
          return undefined;
        },
        leave(node) {
          if (!node.name.value.startsWith('__')) multipliers.pop();
        },
      },
    };
  };

export function validationRules(limits: GraphqlLimits): ValidationRule[] {
  return [
    maxDepthRule(limits.maxDepth),
    maxAliasesRule(limits.maxAliases),
    maxDirectivesRule(limits.maxDirectives),
    maxCostRule(limits.maxCost),
    ...(limits.introspection ? [] : [NoSchemaIntrospectionCustomRule]),
  ];
}
