import { GraphQLResolveInfo, Kind, SelectionSetNode } from 'graphql';

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
