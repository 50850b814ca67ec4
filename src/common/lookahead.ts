import { GraphQLResolveInfo, Kind, SelectionSetNode, valueFromASTUntyped } from 'graphql';

/**
 * How many levels of `field` the query nests, counting the field being resolved:
 * `children { children { code } }` is 2. Fragments and inline fragments are followed.
 */
export function nestedDepth(info: GraphQLResolveInfo, field: string): number {
  const below = (selectionSet: SelectionSetNode | undefined): number => {
    let deepest = 0;
    for (const selection of selectionSet?.selections ?? []) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value === field) deepest = Math.max(deepest, 1 + below(selection.selectionSet));
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        deepest = Math.max(deepest, below(selection.selectionSet));
      } else {
        deepest = Math.max(deepest, below(info.fragments[selection.name.value]?.selectionSet));
      }
    }
    return deepest;
  };
  return Math.max(...info.fieldNodes.map((node) => 1 + below(node.selectionSet)));
}

/**
 * The values the query gives argument `argument` of the fields named `field` directly under the
 * field being resolved (variables resolved; fragments and inline fragments followed), each once:
 * resolving `coverage { a: byUnit(level: REGIONAL) b: byUnit(level: $level) }`, `('byUnit', 'level')`
 * gives REGIONAL and the variable's value. A field that leaves the argument out gives nothing.
 */
export function argumentValuesAsked(info: GraphQLResolveInfo, field: string, argument: string): unknown[] {
  const found = new Set<unknown>();
  const visit = (selectionSet: SelectionSetNode | undefined): void => {
    for (const selection of selectionSet?.selections ?? []) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value !== field) continue;
        const node = selection.arguments?.find((arg) => arg.name.value === argument);
        if (node) found.add(valueFromASTUntyped(node.value, info.variableValues));
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        visit(selection.selectionSet);
      } else {
        visit(info.fragments[selection.name.value]?.selectionSet);
      }
    }
  };
  for (const node of info.fieldNodes) visit(node.selectionSet);
  return [...found];
}

const selectedBelow = new WeakMap<object, Map<string, ReadonlySet<string>>>();

/**
 * The names of the fields the query selects on what `path` leads to from the field being resolved:
 * resolving `participants { person { id name } }`, `['person']` gives {id, name}. Fragments and
 * inline fragments are followed; a path selected more than once gives the union. Worked out once per
 * query document (Mercurius keeps parsed documents between requests).
 */
export function selectedFields(info: GraphQLResolveInfo, path: readonly string[]): ReadonlySet<string> {
  let byPath = selectedBelow.get(info.fieldNodes[0]);
  if (!byPath) selectedBelow.set(info.fieldNodes[0], (byPath = new Map()));
  const key = path.join('.');
  let names = byPath.get(key);
  if (names) return names;
  const found = new Set<string>();
  const visit = (selectionSet: SelectionSetNode | undefined, rest: readonly string[]): void => {
    for (const selection of selectionSet?.selections ?? []) {
      if (selection.kind === Kind.FIELD) {
        if (rest.length === 0) found.add(selection.name.value);
        else if (selection.name.value === rest[0]) visit(selection.selectionSet, rest.slice(1));
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        visit(selection.selectionSet, rest);
      } else {
        visit(info.fragments[selection.name.value]?.selectionSet, rest);
      }
    }
  };
  for (const node of info.fieldNodes) visit(node.selectionSet, path);
  byPath.set(key, (names = found));
  return names;
}

const propertiesBelow = new WeakMap<object, Map<string, string[] | undefined>>();

/**
 * The entity properties the fields selected under `path` are answered from, by `fieldProperties`
 * (a field's name → the properties it reads; the primary key is always read): sorted, or undefined
 * (the whole row) when a selected field is not listed, so that a field added later reads too much
 * rather than too little. Worked out once per field of a query document, not on each of the rows
 * the field is resolved for.
 */
export function propertiesAsked(
  info: GraphQLResolveInfo,
  path: readonly string[],
  fieldProperties: Readonly<Record<string, readonly string[]>>,
): string[] | undefined {
  let byPath = propertiesBelow.get(info.fieldNodes[0]);
  if (!byPath) propertiesBelow.set(info.fieldNodes[0], (byPath = new Map()));
  const key = path.join('.');
  if (byPath.has(key)) return byPath.get(key);
  const properties = new Set<string>();
  let all = false;
  for (const field of selectedFields(info, path)) {
    const needs = fieldProperties[field];
    if (!needs) all = true;
    else for (const property of needs) properties.add(property);
  }
  const asked = all ? undefined : [...properties].sort();
  byPath.set(key, asked);
  return asked;
}
