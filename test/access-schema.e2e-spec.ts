import { GraphQLSchemaHost } from '@nestjs/graphql';
import {
  getNamedType,
  GraphQLEnumType,
  GraphQLField,
  GraphQLInputObjectType,
  GraphQLInputType,
  GraphQLNamedType,
  GraphQLObjectType,
  GraphQLScalarType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
} from 'graphql';
import { expectError, GqlResponse, startTestApp, TestApp } from './support/test-app';
import { createAccount, createUnit, personWithMandate, recordMeeting } from './support/fixtures';

/**
 * Built from the schema itself, so a new operation is covered the day it is added: every Query and
 * Mutation is called (1) anonymously, (2) with a read-only API token, and (3) by the secretary of
 * another region pointing at Tangier–Asilah's rows. Anonymous is refused, the read-only token cannot
 * change anything, and the other region neither sees nor changes a thing of Tangier–Asilah.
 */
const PUBLIC = new Set(['login', 'refreshSession']);
/** Cursor arguments: a cursor comes only from an earlier page, so they are left out (the first page is asked). */
const CURSORS = ['after', 'since'];
const SEED = (n: number) => `5eed0000-0000-4000-8000-${String(n).padStart(12, '0')}`;

describe('access, from the schema (e2e)', () => {
  let t: TestApp;
  let queries: GraphQLField<unknown, unknown>[];
  let mutations: GraphQLField<unknown, unknown>[];
  const target: Record<string, string> = {};
  let readOnlyToken: string;

  beforeAll(async () => {
    t = await startTestApp();
    const schema = t.app.get(GraphQLSchemaHost).schema;
    queries = Object.values(schema.getQueryType()!.getFields());
    mutations = Object.values(schema.getMutationType()!.getFields());

    // Rows of Tangier–Asilah (region MA-01) that the other region aims at.
    const one = async (sql: string) => (await t.sql(sql))[0].id as string;
    Object.assign(target, {
      unit: SEED(3),
      person: SEED(202),
      position: SEED(103),
      mandate: SEED(302),
      meeting: SEED(401),
      series: SEED(501),
      participation: SEED(411),
      outcome: SEED(431),
      event: SEED(701),
      account: await one(`SELECT id FROM account WHERE email = 'limouri@tanzim.demo'`),
      territory: (await t.ok(`{ territory(code: "MA-TNG") { id } }`)).territory.id,
    });
    target.binding = (
      await t.ok(
        `mutation($a: ID!, $u: ID) { grantAccess(input: { accountId: $a, unitId: $u, level: VIEWER }) { id } }`,
        {
          a: target.account,
          u: target.unit,
        },
      )
    ).grantAccess.id;
    const token = await t.ok(
      `mutation($u: ID!) { createApiToken(input: { name: "Dashboard", unitId: $u, readOnly: true, expiresOn: "${new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10)}" }) { token apiToken { id } } }`,
      {
        u: target.unit,
      },
    );
    readOnlyToken = token.createApiToken.token;
    target.apiToken = token.createApiToken.apiToken.id;
  });
  afterAll(() => t.close());

  /**
   * Another region (Rabat's) with its own secretary-general, signed in: a new one for each test that
   * needs one, since tests end its mandate or move its units.
   */
  const anotherRegion = async () => {
    const pam = (await t.ok(`{ orgUnit(code: "PAM") { id } }`)).orgUnit.id;
    const rsk = (await t.ok(`{ territory(code: "MA-04") { id } }`)).territory.id;
    const id = await createUnit(t, {
      level: 'REGIONAL',
      parentId: pam,
      territoryId: rsk,
      nameAr: 'الأمانة الجهوية للرباط',
      nameFr: 'Secrétariat régional de Rabat',
    });
    const code = (await t.ok(`query($id: ID!) { orgUnit(id: $id) { code } }`, { id })).orgUnit.code as string;
    const secretary = await personWithMandate(t, id, { person: { fullNameLatin: 'Rabat Secretary' } });
    const account = await createAccount(t, { password: 'rabat-password-1', personId: secretary.personId });
    return { id, code, secretary, token: await t.login(account.email, 'rabat-password-1') };
  };

  /** The row an `id`-like argument points at, by argument (and for `id`, by operation). */
  const ID_BY_OPERATION: Record<string, string> = {
    orgUnit: 'unit',
    updateOrgUnit: 'unit',
    moveOrgUnit: 'unit',
    dissolveOrgUnit: 'unit',
    territory: 'territory',
    person: 'person',
    updatePerson: 'person',
    setPersonAliases: 'person',
    position: 'position',
    updatePosition: 'position',
    endMandate: 'mandate',
    updateMandate: 'mandate',
    confirmMandate: 'mandate',
    meeting: 'meeting',
    updateMeeting: 'meeting',
    cancelMeeting: 'meeting',
    meetingSeries: 'series',
    updateMeetingSeries: 'series',
    setOutcomeStatus: 'outcome',
    revokeAccess: 'binding',
    confirmAccess: 'binding',
    confirmAccount: 'account',
    revokeApiToken: 'apiToken',
    disableAccount: 'account',
    enableAccount: 'account',
    deleteAccount: 'account',
    unlockAccount: 'account',
    contextEvent: 'event',
  };
  const ID_BY_ARGUMENT: Record<string, string> = {
    unitId: 'unit',
    parentId: 'unit',
    under: 'unit',
    unit: 'unit',
    convenerUnitId: 'unit',
    organizingUnitId: 'unit',
    homeUnitId: 'unit',
    representedUnitId: 'unit',
    ownerUnitId: 'unit',
    territoryId: 'territory',
    territory: 'territory',
    underTerritory: 'territory',
    eventId: 'event',
    speakers: 'person',
    personId: 'person',
    person: 'person',
    participant: 'person',
    ownerPersonId: 'person',
    owner: 'person',
    positionId: 'position',
    mandateId: 'mandate',
    replacedMandateId: 'mandate',
    meetingId: 'meeting',
    seriesId: 'series',
    series: 'series',
    participationId: 'participation',
    accountId: 'account',
    actor: 'account',
  };
  const TEXT: Record<string, string> = {
    code: 'PAM-MA-TNG',
    roleCode: 'TREASURER',
    email: 'someone@example.org',
    password: 'a-long-enough-password',
    refreshToken: 'not-a-refresh-token',
    name: 'Name',
    search: 'tanger',
    entity: 'OrgUnit',
    role: 'SECRETARY_GENERAL',
  };

  /** The code a lookup by code gets, where it is not a unit's. */
  const CODE_BY_OPERATION: Record<string, string> = { territory: 'MA-TNG' };

  function idFor(operation: string, argument: string): string {
    const key = argument === 'id' ? ID_BY_OPERATION[operation] : ID_BY_ARGUMENT[argument];
    if (!key) throw new Error(`No target for ${operation}(${argument}): add it to the maps above.`);
    return target[key];
  }

  function valueFor(type: GraphQLInputType, operation: string, argument: string): unknown {
    if (isNonNullType(type)) return valueFor(type.ofType, operation, argument);
    if (isListType(type)) return [valueFor(type.ofType as GraphQLInputType, operation, argument)];
    if (isInputObjectType(type)) return objectFor(type, operation);
    const named = type as GraphQLNamedType;
    if (named instanceof GraphQLEnumType) return named.getValues()[0].value;
    switch ((named as GraphQLScalarType).name) {
      case 'ID':
        return idFor(operation, argument);
      case 'Date':
        return argument === 'endsOn' || argument === 'expiresOn' ? '2030-01-01' : '2021-06-01';
      case 'DateTime':
        return '2021-06-01T10:00:00+01:00';
      case 'Int':
        return argument === 'first' ? 5 : 1;
      case 'Boolean':
        return argument === 'readOnly';
      default:
        if (/Ar$/.test(argument)) return 'اسم';
        if (argument === 'code' && CODE_BY_OPERATION[operation]) return CODE_BY_OPERATION[operation];
        return TEXT[argument] ?? 'Nom';
    }
  }

  function objectFor(type: GraphQLInputObjectType, operation: string): Record<string, unknown> {
    return Object.fromEntries(
      Object.values(type.getFields())
        .filter(
          (field) =>
            isNonNullType(field.type) || field.name in ID_BY_ARGUMENT || /Ar$|Fr$|Latin$/.test(field.name),
        )
        .filter(
          (field) =>
            isNonNullType(field.type) ||
            ![...CURSORS, 'expectedVersion', 'idempotencyKey', 'asOf'].includes(field.name),
        )
        .map((field) => [field.name, valueFor(field.type, operation, field.name)]),
    );
  }

  /** Just enough to see which rows come back: their ids. */
  function selectionFor(type: GraphQLNamedType): string {
    if (!isObjectType(type)) return '';
    return type.getFields().id ? '{ __typename id }' : '{ __typename }';
  }

  /**
   * The arguments of one call: all of them (`withArgs`), or only the required ones. A lookup that takes
   * an id or a code (never both) is called by id in the first case and by code in the second.
   */
  function documentFor(kind: 'query' | 'mutation', field: GraphQLField<unknown, unknown>, withArgs: boolean) {
    const names = field.args.map((a) => a.name);
    const lookup = names.includes('id') && names.includes('code');
    const args = withArgs
      ? field.args.filter(
          (a) => !CURSORS.includes(a.name) && a.name !== 'lang' && !(lookup && a.name === 'code'),
        )
      : field.args.filter((a) => isNonNullType(a.type) || (lookup && a.name === 'code'));
    const variables = Object.fromEntries(args.map((a) => [a.name, valueFor(a.type, field.name, a.name)]));
    const declared = args.map((a) => `$${a.name}: ${a.type.toString()}`).join(', ');
    const passed = args.map((a) => `${a.name}: $${a.name}`).join(', ');
    const named = getNamedType(field.type);
    const edgeNode =
      isObjectType(named) && named.getFields().edges
        ? getNamedType(
            (getNamedType(named.getFields().edges.type) as GraphQLObjectType).getFields().node.type,
          )
        : null;
    const selection = edgeNode
      ? `{ totalCount edges { node ${isObjectType(edgeNode) && edgeNode.getFields().id ? '{ id }' : '{ __typename }'} } }`
      : selectionFor(named);
    const query = `${kind}${declared ? `(${declared})` : ''} { ${field.name}${passed ? `(${passed})` : ''} ${selection} }`;
    return { query, variables };
  }

  const call = (
    token: string | null,
    kind: 'query' | 'mutation',
    field: GraphQLField<unknown, unknown>,
    withArgs = true,
  ): Promise<GqlResponse> => {
    const { query, variables } = documentFor(kind, field, withArgs);
    return t.as(token).gql(query, variables);
  };

  it('covers a schema with operations to test', () => {
    expect(queries.length).toBeGreaterThan(15);
    expect(mutations.length).toBeGreaterThan(25);
  });

  it('refuses every operation to anonymous callers', async () => {
    for (const [kind, fields] of [
      ['query', queries],
      ['mutation', mutations],
    ] as const) {
      for (const field of fields) {
        const result = await call(null, kind, field);
        expect({ operation: field.name, codes: result.errors?.map((e) => e.extensions.code) }).toEqual({
          operation: field.name,
          codes: ['UNAUTHENTICATED'],
        });
      }
    }
  });

  it('lets a read-only token change nothing', async () => {
    for (const field of mutations) {
      const result = await call(readOnlyToken, 'mutation', field);
      const expected = PUBLIC.has(field.name) ? 'UNAUTHENTICATED' : 'FORBIDDEN';
      expect({ operation: field.name, codes: result.errors?.map((e) => e.extensions.code) }).toEqual({
        operation: field.name,
        codes: [expected],
      });
    }
  });

  it('shows the secretary of another region nothing of Tangier–Asilah, and lets them change none of it', async () => {
    const { token: otherRegion, secretary, code: otherCode } = await anotherRegion();
    const regionOne = new Set(
      (
        await t.sql(`SELECT id::text FROM org_unit WHERE path <@ (SELECT path FROM org_unit WHERE code = 'PAM-MA-01')
          UNION SELECT id::text FROM person WHERE home_unit_id IN (SELECT id FROM org_unit WHERE path <@ (SELECT path FROM org_unit WHERE code = 'PAM-MA-01'))
          UNION SELECT id::text FROM position UNION SELECT m.id::text FROM mandate m JOIN position p ON p.id = m.position_id
            WHERE p.org_unit_id IN (SELECT id FROM org_unit WHERE path <@ (SELECT path FROM org_unit WHERE code = 'PAM-MA-01'))
          UNION SELECT id::text FROM meeting UNION SELECT id::text FROM meeting_series UNION SELECT id::text FROM outcome`)
      ).map((row) => row.id as string),
    );
    // The other region's own post and mandate are not Tangier–Asilah's.
    regionOne.delete(secretary.positionId);
    regionOne.delete(secretary.mandateId);
    const snapshot = () =>
      t.sql(`SELECT (SELECT md5(string_agg(t::text, '' ORDER BY t::text)) FROM org_unit t) AS units,
                    (SELECT md5(string_agg(t::text, '' ORDER BY t::text)) FROM person t) AS people,
                    (SELECT md5(string_agg(t::text, '' ORDER BY t::text)) FROM position t) AS positions,
                    (SELECT md5(string_agg(t::text, '' ORDER BY t::text)) FROM mandate t) AS mandates,
                    (SELECT md5(string_agg(t::text, '' ORDER BY t::text)) FROM meeting t) AS meetings,
                    (SELECT md5(string_agg(t::text, '' ORDER BY t::text)) FROM participation t) AS participations,
                    (SELECT md5(string_agg(t::text, '' ORDER BY t::text)) FROM outcome t) AS outcomes,
                    (SELECT md5(string_agg(t::text, '' ORDER BY t::text)) FROM meeting_series t) AS series,
                    (SELECT md5(string_agg((t.id, t.revoked_at)::text, '' ORDER BY t.id)) FROM access_binding t) AS bindings,
                    (SELECT md5(string_agg((t.id, t.revoked_at)::text, '' ORDER BY t.id)) FROM api_token t) AS tokens,
                    (SELECT count(*) FROM account) AS accounts`);
    const before = await snapshot();
    const leaks: string[] = [];
    const seen = (operation: string, result: GqlResponse) => {
      const text = JSON.stringify(result.data ?? null);
      for (const id of regionOne) if (text.includes(id)) leaks.push(`${operation} → ${id}`);
    };
    // Every refusal must be a scope refusal: an answer to malformed arguments (BAD_USER_INPUT) would
    // pass without the scope ever being checked.
    const wrong: string[] = [];
    for (const field of queries) {
      for (const withArgs of [true, false]) {
        const result = await call(otherRegion, 'query', field, withArgs);
        seen(field.name, result);
        for (const error of result.errors ?? []) {
          if (!/^(NOT_FOUND|FORBIDDEN)$/.test(error.extensions.code)) {
            wrong.push(
              `query ${field.name}${withArgs ? '' : ' (required arguments only)'} → ${error.extensions.code}: ${error.message}`,
            );
          }
        }
      }
    }
    for (const field of mutations.filter((m) => m.name !== 'logout')) {
      const result = await call(otherRegion, 'mutation', field);
      seen(field.name, result);
      const code = result.errors?.[0]?.extensions.code;
      const expected = PUBLIC.has(field.name) ? /^UNAUTHENTICATED$/ : /^(NOT_FOUND|FORBIDDEN|CONFLICT)$/;
      if (!result.errors) {
        wrong.push(`mutation ${field.name} → succeeded`);
      } else if (!expected.test(code!)) {
        wrong.push(`mutation ${field.name} → ${code}: ${result.errors[0].message}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(leaks).toEqual([]);
    expect(await snapshot()).toEqual(before);
    // And the other region's secretary does see their own region.
    const own = await t.as(otherRegion).ok(`{ orgUnits { edges { node { code } } } }`);
    expect(own.orgUnits.edges).toEqual([{ node: { code: otherCode } }]);
  });

  /**
   * Every edge of the schema, reached from the given roots: one document per field of each object
   * type (by the first path that reaches it), its required arguments generated, the ids of its result
   * selected. Used to check that rows which moved out of a caller's scope come back through no edge.
   */
  async function walkEveryEdge(
    token: string,
    roots: string[],
    check: (path: string, result: GqlResponse) => void,
  ): Promise<number> {
    const schema = t.app.get(GraphQLSchemaHost).schema;
    const literal = (type: GraphQLInputType): string | null => {
      if (isNonNullType(type)) return literal(type.ofType);
      if (isListType(type)) return `[${literal(type.ofType as GraphQLInputType)}]`;
      if (type instanceof GraphQLEnumType) return type.getValues()[0].name;
      switch ((type as GraphQLScalarType).name) {
        case 'Int':
          return '5';
        case 'Date':
          return '"2021-06-01"';
        default:
          return null;
      }
    };
    /** The field's required arguments (and `first`), or null when one cannot be made up. */
    const argumentsOf = (field: GraphQLField<unknown, unknown>): string | null => {
      const parts: string[] = [];
      for (const arg of field.args) {
        if (!isNonNullType(arg.type) && arg.name !== 'first') continue;
        const value = literal(arg.type);
        if (value === null) return null;
        parts.push(`${arg.name}: ${value}`);
      }
      return parts.length ? `(${parts.join(', ')})` : '';
    };
    const leaf = (type: GraphQLObjectType) => (type.getFields().id ? '{ __typename id }' : '{ __typename }');
    const seen = new Set<string>();
    const queue = roots.map((root) => {
      const field = schema.getQueryType()!.getFields()[root.replace(/\(.*$/, '')];
      return { type: getNamedType(field.type) as GraphQLObjectType, path: [root] };
    });
    let documents = 0;
    const unwalked = new Set<string>();
    while (queue.length) {
      const { type, path } = queue.shift()!;
      for (const field of Object.values(type.getFields())) {
        const named = getNamedType(field.type);
        if (!isObjectType(named) || seen.has(`${type.name}.${field.name}`) || path.length > 6) continue;
        const args = argumentsOf(field);
        if (args === null) {
          unwalked.add(`${type.name}.${field.name}`);
          continue;
        }
        seen.add(`${type.name}.${field.name}`);
        const steps = [...path, `${field.name}${args}`];
        const selection = steps.reduceRight(
          (inner, step, i) =>
            i === steps.length - 1 ? `${step} ${leaf(named)}` : `${step} { __typename ${inner} }`,
          '',
        );
        check(steps.join(' › '), await t.as(token).gql(`{ ${selection} }`));
        documents++;
        queue.push({ type: named, path: steps });
      }
    }
    // A field whose required arguments cannot be made up is not walked: none may be left so silently.
    expect([...unwalked]).toEqual([]);
    return documents;
  }

  it('shows nothing that moved out of the other region, through any edge of the schema', async () => {
    const as = (token: string | null, query: string, variables: Record<string, unknown>) =>
      token ? t.as(token).ok(query, variables) : t.ok(query, variables);
    const { id: region, token: otherRegion } = await anotherRegion();
    const province = await createUnit(t, { level: 'PROVINCIAL', parentId: region });
    const local = await createUnit(t, { level: 'LOCAL', parentId: province });
    const {
      personId: person,
      positionId: post,
      mandateId: mandate,
    } = await personWithMandate(t, local, { person: { fullNameLatin: 'Agdal Secretary' } });
    // The other region's secretary organises a series and a meeting that reach the new units …
    const series = (
      await as(
        otherRegion,
        `mutation($u: ID!, $targets: [ID!]) { createMeetingSeries(input: { organizingUnitId: $u, titleFr: "Tournée", targets: { unitIds: $targets } }) { id } }`,
        { u: region, targets: [province, local] },
      )
    ).createMeetingSeries.id;
    await recordMeeting(t.as(otherRegion), region, {
      seriesId: series,
      units: [{ unitId: local, role: 'INVITED' }],
      participants: [{ personId: person, role: 'ATTENDEE', representedUnitId: local }],
      outcomes: [{ kind: 'DECISION', textFr: 'Suivre', ownerUnitId: local }],
    });
    // … then the province moves to Tangier–Asilah's region, out of that secretary's scope.
    await as(null, `mutation($id: ID!, $p: ID!) { moveOrgUnit(input: { id: $id, parentId: $p }) { id } }`, {
      id: province,
      p: SEED(2),
    });
    const moved = [province, local, post, mandate];
    const problems: string[] = [];
    const documents = await walkEveryEdge(
      otherRegion,
      [
        `meetingSeries(id: "${series}")`,
        `orgUnit(id: "${region}")`,
        `meetings(first: 5)`,
        `meetingSeriesList(first: 5)`,
        `outcomes(first: 5)`,
        `people(first: 5)`,
      ],
      (path, result) => {
        const text = JSON.stringify(result);
        for (const id of moved) if (text.includes(id)) problems.push(`${path} → ${id}`);
        for (const error of result.errors ?? []) {
          problems.push(`${path} → ${error.extensions.code}: ${error.message}`);
        }
      },
    );
    expect(documents).toBeGreaterThan(40);
    expect(problems).toEqual([]);
  });

  it("refuses every operation to another region's secretary once they hold no post (no grants)", async () => {
    const { token: otherRegion, secretary } = await anotherRegion();
    const grants = async () => (await t.as(otherRegion).ok(`{ me { grants { level } } }`)).me.grants;
    expect(await grants()).toEqual([{ level: 'ADMIN' }]);
    await t.ok(`mutation($id: ID!) { endMandate(input: { id: $id, endsOn: "2020-12-31" }) { id } }`, {
      id: secretary.mandateId,
    });
    expect(await grants()).toEqual([]);
    for (const field of queries.filter((q) => q.name !== 'me')) {
      expectError(await call(otherRegion, 'query', field), 'FORBIDDEN');
    }
  });
});
