import { Extensions } from '@nestjs/graphql';
import {
  ASTVisitor,
  FieldNode,
  getNamedType,
  getNullableType,
  GraphQLError,
  GraphQLField,
  GraphQLNamedType,
  GraphQLSchema,
  isCompositeType,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  Lexer,
  NoSchemaIntrospectionCustomRule,
  OperationDefinitionNode,
  SelectionSetNode,
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
  /** The largest answer sent, in bytes of JSON; a larger one is replaced by a coded error. */
  maxResponseBytes: number;
  introspection: boolean;
}

export const DEFAULT_LIMITS: GraphqlLimits = {
  maxDepth: 10,
  maxAliases: 15,
  maxDirectives: 20,
  maxTokens: 3000,
  maxCost: 50_000,
  maxResponseBytes: 8 * 1024 * 1024,
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
/**
 * Walks an operation's fields with fragments expanded where they are spread, so that a limit cannot be
 * dodged by moving fields into a fragment. `visit` returns the state for the field's own selections,
 * or `null` to stop the whole walk (a limit was reached). A walk of more than `MAX_VISITS` fields is
 * itself refused: fragments spreading fragments twice over would otherwise multiply without end.
 */
const MAX_VISITS = 50_000;
function walkOperation<S>(
  context: ValidationContext,
  operation: OperationDefinitionNode,
  initial: S,
  visit: (field: FieldNode, definition: GraphQLField<unknown, unknown> | undefined, state: S) => S | null,
): void {
  const schema = context.getSchema();
  let visits = 0;
  let stopped = false;
  const walk = (
    set: SelectionSetNode,
    parent: GraphQLNamedType | undefined | null,
    state: S,
    open: string[],
  ) => {
    for (const selection of set.selections) {
      if (stopped) return;
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value.startsWith('__')) continue;
        if (++visits > MAX_VISITS) {
          stopped = true;
          context.reportError(refuse('This document is too complex.'));
          return;
        }
        const definition =
          parent && (isObjectType(parent) || isInterfaceType(parent))
            ? parent.getFields()[selection.name.value]
            : undefined;
        const next = visit(selection, definition, state);
        if (next === null) {
          stopped = true;
          return;
        }
        if (selection.selectionSet) {
          walk(selection.selectionSet, definition && getNamedType(definition.type), next, open);
        }
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        walk(selection.selectionSet, type, state, open);
      } else {
        const name = selection.name.value;
        const fragment = context.getFragment(name);
        // A fragment inside itself is refused by the standard rules; here it is just not followed.
        if (!fragment || open.includes(name)) continue;
        walk(fragment.selectionSet, schema.getType(fragment.typeCondition.name.value), state, [
          ...open,
          name,
        ]);
      }
    }
  };
  walk(operation.selectionSet, schema.getRootType(operation.operation), initial, []);
}

export const maxDepthRule =
  (max: number): ValidationRule =>
  (context: ValidationContext): ASTVisitor => ({
    OperationDefinition(operation) {
      walkOperation(context, operation, 0, (field, _definition, depth) => {
        if (!field.selectionSet) return depth;
        if (depth + 1 > max) {
          context.reportError(refuse(`A document may nest selections at most ${max} levels deep.`));
          return null;
        }
        return depth + 1;
      });
      return false;
    },
  });

/**
 * The most items a plain list field (one without `first`) can return, declared on the field with
 * `@ListBound(n)` and read by the cost estimate. Where the data model enforces the bound (participants
 * of a meeting, posts of a unit) it is that cap; where nothing caps the data (a unit's children) it is
 * a declared bound the field's description states, and the response size limit stands behind it.
 */
export const ListBound = (maxItems: number) => Extensions({ maxItems });

/**
 * Bounds declared for lists that nothing in the data caps: a list past its bound is still answered
 * whole, within the response size limit. Each field's description states its bound.
 */
export const DECLARED_BOUNDS = {
  /** Sub-units of one unit, sub-territories of one territory. */
  children: 30,
  /** Holders of one unit's posts, or of one post, on one day. */
  holders: 20,
  /** One person's mandates, one caller's grants. */
  mandates: 20,
  /** Units of one level in a series' coverage. */
  coverageUnits: 100,
  /** The role catalogue, which only a migration changes (a test holds it under this). */
  roles: 10,
  /** One unit's or one person's successive names. */
  history: 10,
} as const;

/** What a plain list costs when it declares no bound: as much as the largest page. */
const UNDECLARED_LIST_BOUND = 100;

const isPlainList = (field: GraphQLField<unknown, unknown>): boolean =>
  isListType(getNullableType(field.type)) &&
  isCompositeType(getNamedType(field.type)) &&
  field.name !== 'edges' &&
  !field.args.some((arg) => arg.name === 'first');

const declaredBound = (field: GraphQLField<unknown, unknown>): number | undefined => {
  const bound = field.extensions?.maxItems;
  return typeof bound === 'number' ? bound : undefined;
};

/** Plain lists of objects without a declared bound, as `Type.field` (a test keeps this empty). */
export function listsWithoutBound(schema: GraphQLSchema): string[] {
  return Object.values(schema.getTypeMap())
    .filter((type) => !type.name.startsWith('__') && (isObjectType(type) || isInterfaceType(type)))
    .flatMap((type) =>
      Object.values((type as { getFields(): Record<string, GraphQLField<unknown, unknown>> }).getFields())
        .filter((field) => isPlainList(field) && declaredBound(field) === undefined)
        .map((field) => `${type.name}.${field.name}`),
    );
}

/**
 * An upper bound on the rows a document can ask for: every field that returns objects costs the rows
 * it can return (1, or a plain list's declared bound, see `ListBound`) times the sizes of the lists it
 * sits in (a connection's page size: `first`, 20 when absent, 100 when a variable; a plain list's
 * bound). Scalars ride on their row and cost nothing: asking for a unit's code and names costs what
 * asking for its code does.
 */
export const maxCostRule =
  (max: number): ValidationRule =>
  (context: ValidationContext): ASTVisitor => {
    const pageSize = (node: FieldNode): number | null => {
      const first = node.arguments?.find((arg) => arg.name.value === 'first');
      if (!first) return null;
      if (first.value.kind === Kind.INT) return Math.max(1, Number(first.value.value));
      return 100;
    };
    /** How many times a field's selections may repeat: its page size, or a plain list's bound. */
    const childMultiplier = (node: FieldNode, definition: GraphQLField<unknown, unknown> | undefined) => {
      const first = pageSize(node);
      if (first !== null) return first;
      if (!definition) return 1;
      if (/Connection!?$/.test(definition.type.toString())) return 20;
      if (!isPlainList(definition)) return 1;
      return declaredBound(definition) ?? UNDECLARED_LIST_BOUND;
    };
    let cost = 0;
    return {
      OperationDefinition(operation) {
        walkOperation(context, operation, 1, (field, definition, multiplier) => {
          if (definition && isCompositeType(getNamedType(definition.type))) {
            cost += multiplier * (isPlainList(definition) ? childMultiplier(field, definition) : 1);
          }
          if (cost > max) {
            context.reportError(
              refuse(`This document could cost ${cost}+ rows; the limit is ${max}. Ask for smaller pages.`),
            );
            return null;
          }
          return multiplier * childMultiplier(field, definition);
        });
        return false;
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
