import { FieldNode, GraphQLResolveInfo, Kind, OperationDefinitionNode, parse } from 'graphql';
import { argumentValuesAsked, nestedDepth, selectedFields } from './lookahead';

/** The resolve info of the query's first root field, as far as `nestedDepth` reads it. */
function infoOf(document: string, variableValues: Record<string, unknown> = {}): GraphQLResolveInfo {
  const parsed = parse(document);
  const operation = parsed.definitions.find(
    (d) => d.kind === Kind.OPERATION_DEFINITION,
  ) as OperationDefinitionNode;
  const fragments = Object.fromEntries(
    parsed.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d]] : [])),
  );
  const root = operation.selectionSet.selections[0] as FieldNode;
  return { fieldNodes: [root], fragments, variableValues } as unknown as GraphQLResolveInfo;
}

describe('nestedDepth', () => {
  it('counts the field itself and every level nested inside it', () => {
    expect(nestedDepth(infoOf(`{ children { code } }`), 'children')).toBe(1);
    expect(nestedDepth(infoOf(`{ children { children { children { code } } } }`), 'children')).toBe(3);
  });

  it('takes the deepest branch, through aliases, fragments and inline fragments', () => {
    const document = `
      { children { code a: children { code } b: children { ...Deep } } }
      fragment Deep on Unit { ... on Unit { children { code } } }`;
    expect(nestedDepth(infoOf(document), 'children')).toBe(3);
  });

  it('ignores other fields', () => {
    expect(nestedDepth(infoOf(`{ children { parent { children { code } } } }`), 'children')).toBe(1);
  });
});

describe('selectedFields', () => {
  it('names the fields selected at the end of a path, through aliases and fragments', () => {
    const document = `
      { participants { role person { id n: name } ...More } }
      fragment More on Participation { ... on Participation { person { fullNameAr } } }`;
    expect([...selectedFields(infoOf(document), ['person'])].sort()).toEqual(['fullNameAr', 'id', 'name']);
    expect([...selectedFields(infoOf(document), [])].sort()).toEqual(['person', 'role']);
  });

  it('is empty where the path is not selected', () => {
    expect(selectedFields(infoOf(`{ participants { role } }`), ['person']).size).toBe(0);
  });
});

describe('argumentValuesAsked', () => {
  it('gives each value of the argument once, through aliases, variables and fragments', () => {
    const document = `
      query($level: Level) { coverage { a: byUnit(level: REGIONAL) { targets } b: byUnit(level: $level) { targets }
        c: byUnit(level: REGIONAL) { reached } byUnit { targets } ...More } }
      fragment More on Coverage { ... on Coverage { byUnit(level: LOCAL) { targets } } }`;
    expect(argumentValuesAsked(infoOf(document, { level: 'PROVINCIAL' }), 'byUnit', 'level')).toEqual([
      'REGIONAL',
      'PROVINCIAL',
      'LOCAL',
    ]);
  });

  it('is empty when the field is not asked', () => {
    expect(argumentValuesAsked(infoOf(`{ coverage { targets } }`), 'byUnit', 'level')).toEqual([]);
  });
});
