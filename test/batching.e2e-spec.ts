import { GraphQLSchemaHost } from '@nestjs/graphql';
import {
  getNamedType,
  GraphQLField,
  GraphQLObjectType,
  GraphQLOutputType,
  isListType,
  isNonNullType,
  isObjectType,
} from 'graphql';
import { forgetRememberedUnits } from '../src/org-units/unit-memory';
import { createPost, createUnit, personWithMandate, recordMeeting } from './support/fixtures';
import { statementsOf } from './support/statements';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Built from the schema, so a list field is covered the day it is added: every field that returns a
 * list or a connection, on a type reached as an element of a list from a root query, is asked for
 * under 1, 2 and 5 parents, and must cost the same SQL statements each time (no query per parent).
 */

/** Where each root list starts: the parents this test creates (under the unit BAT). */
const ROOT_ARGS: Record<string, (ids: Ids) => string> = {
  orgUnits: (ids) => `filter: { under: "${ids.bat}", level: LOCAL }`,
  people: (ids) => `filter: { unit: "${ids.bat}" }`,
  meetings: (ids) => `filter: { unit: "${ids.bat}", includeDescendants: true }`,
  meetingSeriesList: (ids) => `filter: { unit: "${ids.bat}" }`,
  mandates: (ids) => `filter: { under: "${ids.bat}" }`,
  outcomes: (ids) => `filter: { under: "${ids.bat}" }`,
  territories: (ids) => `filter: { under: "${ids.regionTerritory}" }`,
};
/** Values for the arguments a list field requires. */
const REQUIRED_ARGS: Record<string, string> = { byUnit: 'level: LOCAL', silentUnits: 'days: 30' };

interface Ids {
  bat: string;
  regionTerritory: string;
}

/** A connection's element type (through `edges { node }`), or null when `type` is not a connection. */
function connectionNode(type: GraphQLOutputType): GraphQLObjectType | null {
  const named = getNamedType(type);
  if (!isObjectType(named) || !named.name.endsWith('Connection')) return null;
  const edges = named.getFields().edges;
  const edge = edges && getNamedType(edges.type);
  const node = isObjectType(edge) ? edge.getFields().node : undefined;
  const element = node && getNamedType(node.type);
  return isObjectType(element) ? element : null;
}

const isList = (type: GraphQLOutputType) =>
  isListType(isNonNullType(type) ? type.ofType : type) || connectionNode(type) !== null;

/** A field's selection with nothing below it but the type name (or a connection's count). */
function leaf(field: GraphQLField<unknown, unknown>): string {
  const args = field.args
    .filter((arg) => isNonNullType(arg.type) && arg.defaultValue === undefined)
    .map((arg) => {
      const value = REQUIRED_ARGS[field.name];
      if (!value) throw new Error(`No value for ${field.name}(${arg.name}): add it to REQUIRED_ARGS.`);
      return value;
    });
  const call = args.length ? `${field.name}(${args.join(', ')})` : field.name;
  if (connectionNode(field.type)) return `${call} { totalCount edges { node { __typename } } }`;
  return isObjectType(getNamedType(field.type)) ? `${call} { __typename }` : call;
}

/** `inner` under a field (with the arguments it requires): through `edges { node }` for a connection. */
function wrap(field: GraphQLField<unknown, unknown>, inner: string): string {
  const call = leaf(field).split(' {')[0];
  return connectionNode(field.type) ? `${call} { edges { node { ${inner} } } }` : `${call} { ${inner} }`;
}

interface Case {
  name: string;
  document: (n: number) => string;
}

function listCases(t: TestApp, ids: Ids): Case[] {
  const schema = t.app.get(GraphQLSchemaHost).schema;
  const rootFields = schema.getQueryType()!.getFields();
  // Types reached under a list, each by its shortest path (the outermost root list first).
  const queue: { type: GraphQLObjectType; wrapIn: (inner: string, n: number) => string; path: string }[] = [];
  const seen = new Set<string>();
  for (const [name, args] of Object.entries(ROOT_ARGS)) {
    const type = connectionNode(rootFields[name].type)!;
    queue.push({
      type,
      path: name,
      wrapIn: (inner, n) => `{ ${name}(first: ${n}, ${args(ids)}) { edges { node { ${inner} } } } }`,
    });
  }
  const cases: Case[] = [];
  const tested = new Set<string>();
  while (queue.length) {
    const { type, wrapIn, path } = queue.shift()!;
    if (seen.has(type.name)) continue;
    seen.add(type.name);
    for (const field of Object.values(type.getFields())) {
      if (field.name.startsWith('__')) continue;
      const key = `${type.name}.${field.name}`;
      if (isList(field.type) && !tested.has(key)) {
        tested.add(key);
        cases.push({ name: `${key} (${path})`, document: (n) => wrapIn(leaf(field), n) });
      }
      const next = connectionNode(field.type) ?? getNamedType(field.type);
      if (isObjectType(next) && !seen.has(next.name) && !next.name.endsWith('Connection')) {
        queue.push({
          type: next,
          path: `${path}.${field.name}`,
          wrapIn: (inner, n) => wrapIn(wrap(field, inner), n),
        });
      }
    }
  }
  return cases;
}

describe('every list field batched, from the schema (e2e)', () => {
  let t: TestApp;
  const ids = {} as Ids;
  let cases: Case[];

  beforeAll(async () => {
    // Documents this deep are costed past the default limit: raised, as only statements are counted here.
    t = await startTestApp({ env: { GRAPHQL_MAX_COST: '10000000' } });
    ids.regionTerritory = (await t.ok(`{ territory(code: "MA-01") { id } }`)).territory.id;
    const region = (await t.ok(`{ orgUnit(code: "PAM-MA-01") { id } }`)).orgUnit.id;
    ids.bat = await createUnit(t, { code: 'PAM-MA-BAT', level: 'PROVINCIAL', parentId: region });
    const units: string[] = [];
    const people: string[] = [];
    for (let i = 1; i <= 5; i++) {
      const unit = await createUnit(t, { code: `PAM-MA-BAT-${i}`, level: 'LOCAL', parentId: ids.bat });
      units.push(unit);
      const { personId } = await personWithMandate(t, unit, {
        person: { fullNameLatin: `Batch Person ${i}` },
      });
      people.push(personId);
      await createPost(t, unit, 'TREASURER');
    }
    for (let i = 0; i < 5; i++) {
      const series = (
        await t.ok(
          `mutation($u: ID!) { createMeetingSeries(input: { organizingUnitId: $u, titleFr: "Tournée ${i + 1}", targets: { level: LOCAL, under: $u } }) { id } }`,
          { u: ids.bat },
        )
      ).createMeetingSeries.id;
      await recordMeeting(t, units[i], {
        titleFr: `Rencontre ${i + 1}`,
        date: `2024-03-0${i + 1}`,
        seriesId: series,
        participants: [{ personId: people[i], role: 'CONVENER', representedUnitId: units[i] }],
        agenda: [{ titleFr: 'Situation' }],
        outcomes: [{ kind: 'COMMITMENT', textFr: 'Suivre', ownerPersonId: people[i], dueOn: '2024-06-01' }],
        sources: [{ title: 'Compte rendu' }],
        units: [{ unitId: units[(i + 1) % 5], role: 'INVITED' }],
      });
    }
    cases = listCases(t, ids);
  });
  afterAll(() => t.close());

  const statements = async (document: string) => {
    forgetRememberedUnits();
    return (await statementsOf(t, document)).statements;
  };

  it('finds the list fields of every type reached under a list', () => {
    const names = cases.map((c) => c.name.split(' ')[0]);
    expect(names).toEqual(
      expect.arrayContaining([
        'OrgUnit.descendants',
        'OrgUnit.officials',
        'Person.participations',
        'Coverage.missing',
        'Coverage.byUnit',
        'Position.holders',
        'Meeting.participants',
      ]),
    );
  });

  it('costs the same statements for 1, 2 and 5 parents, for every list field', async () => {
    const costs: Record<string, number[]> = {};
    for (const c of cases) {
      await statements(c.document(5)); // once first, so that no cache differs between the counts
      costs[c.name] = [
        await statements(c.document(1)),
        await statements(c.document(2)),
        await statements(c.document(5)),
      ];
    }
    const uneven = Object.entries(costs).filter(([, [one, two, five]]) => one !== two || two !== five);
    expect(Object.fromEntries(uneven)).toEqual({});
  });

  it('asks the parents for real: five of each are there', async () => {
    for (const c of cases) {
      const data = await t.ok(c.document(5));
      const root = Object.values(data)[0] as { edges: unknown[] };
      expect([c.name, root.edges.length]).toEqual([c.name, 5]);
    }
  });
});
