import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { DIRECT_RESOLVER_METADATA } from '../src/common/validation';
import { recordMeeting } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

/**
 * The field-resolver convention (see `NoArgs` in common/context): a field resolver is a plain GraphQL
 * resolver `(parent, args, ctx, info)`, called directly, with no Nest parameter decorator; arguments
 * are declared with `@Args()` only on a resolver marked `@DirectResolver()`. Read from the metadata of
 * every resolver the running app has, so a new one is checked the day it is added.
 */
// @nestjs/graphql's metadata keys and its parameter type of `@Args()`, which it does not export.
const RESOLVER_TYPE_METADATA = 'graphql:resolver_type';
const RESOLVER_PROPERTY_METADATA = 'graphql:resolve_property';
const ARGS_PARAMETER = 3;

describe('field resolvers take no parameter decorators (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(() => t.close());

  /** Every `@ResolveField` method of the app's resolvers, as `Class.method`, with its class. */
  function fieldResolvers(): { name: string; type: object; method: string }[] {
    const found = new Map<string, { name: string; type: object; method: string }>();
    for (const module of t.app.get(ModulesContainer).values()) {
      for (const provider of module.providers.values()) {
        const type = provider.metatype as { prototype?: object; name?: string } | null;
        if (!type?.prototype || !Reflect.hasMetadata(RESOLVER_TYPE_METADATA, type)) continue;
        for (const method of Object.getOwnPropertyNames(type.prototype)) {
          const value = (type.prototype as Record<string, unknown>)[method];
          if (typeof value !== 'function' || !Reflect.getMetadata(RESOLVER_PROPERTY_METADATA, value)) {
            continue;
          }
          found.set(`${type.name}.${method}`, { name: `${type.name}.${method}`, type, method });
        }
      }
    }
    return [...found.values()];
  }

  it('finds the field resolvers, direct ones among them', () => {
    const resolvers = fieldResolvers();
    expect(resolvers.length).toBeGreaterThan(40);
    const direct = resolvers.filter((r) => Reflect.hasMetadata(DIRECT_RESOLVER_METADATA, r.type, r.method));
    expect(direct.map((r) => r.name)).toEqual(expect.arrayContaining(['UnitPostsResolver.officials']));
  });

  it('leaves Nest no parameter to extract on any field resolver', () => {
    const decorated = fieldResolvers()
      .filter((r) => Object.keys(Reflect.getMetadata(ROUTE_ARGS_METADATA, r.type, r.method) ?? {}).length)
      .map((r) => r.name);
    expect(decorated).toEqual([]);
  });

  it('takes only @Args, as the second parameter, on a direct resolver', () => {
    const wrong = fieldResolvers().flatMap((r) => {
      const taken = Reflect.getMetadata(DIRECT_RESOLVER_METADATA, r.type, r.method) as
        Record<string, { index: number }> | undefined;
      return Object.entries(taken ?? {})
        .filter(([key, { index }]) => Number(key.split(':')[0]) !== ARGS_PARAMETER || index !== 1)
        .map(([key]) => `${r.name} (${key})`);
    });
    expect(wrong).toEqual([]);
  });
});

/**
 * A direct resolver's arguments are checked once per field of a request and shared by every row it
 * resolves (see `DirectResolver`): each field of the document, and each request's variables, still
 * get their own.
 */
describe('field arguments checked once per field of a request (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(() => t.close());

  const LIST = `query($first: Int!) { orgUnit(code: "PAM-MA-TNG") { children { code
    one: meetings(first: 1) { edges { node { id } } }
    two: meetings(first: 2) { edges { node { id } } }
    asked: meetings(first: $first) { edges { node { id } } } } } }`;
  type Unit = Record<'one' | 'two' | 'asked', { edges: unknown[] }> & { code: string };

  it('answers each field with its own arguments, and each request with its own variables', async () => {
    // Three meetings of one local unit, so that every page size shows.
    const { orgUnit } = await t.ok(`{ orgUnit(code: "PAM-MA-TNG-SOUANI") { id } }`);
    for (let i = 0; i < 3; i++) await recordMeeting(t, orgUnit.id, { date: `2021-06-0${i + 1}` });
    for (const first of [3, 0, 2]) {
      const data = await t.ok(LIST, { first });
      const souani = data.orgUnit.children.find((u: Unit) => u.code === 'PAM-MA-TNG-SOUANI') as Unit;
      expect([souani.one.edges.length, souani.two.edges.length, souani.asked.edges.length]).toEqual([
        1,
        2,
        first,
      ]);
    }
  });

  it('refuses arguments that break a rule with a coded error, in this request and in the next', async () => {
    const children = (await t.ok(`{ orgUnit(code: "PAM-MA-TNG") { children { id } } }`)).orgUnit.children;
    for (let i = 0; i < 2; i++) {
      const result = await t.gql(LIST, { first: -1 });
      expect(result.status).toBeLessThan(500);
      // The field is not nullable: its error empties the whole list, once.
      expect(result.errors?.map((e) => [e.extensions.code, e.path?.at(-1), e.message])).toEqual([
        ['BAD_USER_INPUT', 'asked', 'first must not be less than 0'],
      ]);
    }
    expect((await t.ok(LIST, { first: 1 })).orgUnit.children).toHaveLength(children.length);
  });
});
