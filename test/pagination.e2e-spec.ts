import { createPerson, createUnit, recordMeeting } from './support/fixtures';
import { recordStatements } from './support/statements';
import { expectError, startTestApp, TestApp } from './support/test-app';

/**
 * Cursors carry their row's place in the list's order (keyset pagination): walking a list page by
 * page gives every row once in the list's order, a row added before the cursor does not move the
 * page that follows it, a page deep in the list is read without OFFSET, and a cursor this list did
 * not make is refused as bad input.
 */

interface Page {
  edges: { cursor: string; node: { id: string } }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string | null };
  totalCount: number;
}

const NOT_A_CURSOR = 'after is not a cursor from this list.';

describe('keyset cursors (e2e)', () => {
  let t: TestApp;
  let unitId: string;

  beforeAll(async () => {
    t = await startTestApp();
    const { orgUnit } = await t.ok(`{ orgUnit(code: "PAM-MA-TNG") { id } }`);
    // A unit of its own, so its meetings are exactly the ones made here.
    unitId = await createUnit(t, { level: 'LOCAL', parentId: orgUnit.id });
    // Days shared by several meetings, some with an hour and some without: every key of the order
    // (day, hour with the unknown ones last, id) decides somewhere.
    const meetings: [string, string | null][] = [
      ['2021-03-01', null],
      ['2021-03-01', '2021-03-01T10:00:00+01:00'],
      ['2021-03-01', '2021-03-01T18:30:00+01:00'],
      ['2021-03-01', null],
      ['2021-02-01', '2021-02-01T09:00:00+01:00'],
      ['2021-02-01', '2021-02-01T09:00:00+01:00'],
      ['2021-01-15', null],
      ['2020-12-31', '2020-12-31T23:00:00+01:00'],
      ['2021-04-01', null],
      ['2021-03-01', '2021-03-01T10:00:00.250+01:00'],
    ];
    for (const [date, startsAt] of meetings) {
      await recordMeeting(t, unitId, { date, ...(startsAt ? { startsAt } : {}) });
    }
    // People without a Latin name sort after those with one: a null key in the middle of the list.
    for (const fullNameAr of ['زينب', 'أحمد', 'زينب']) {
      await createPerson(t, { fullNameAr, fullNameLatin: null });
    }
  });
  afterAll(() => t.close());

  /** The ids of the unit's meetings in the list's order, read straight from the database. */
  const expectedMeetings = async (): Promise<string[]> =>
    (
      await t.sql<{ id: string }>(
        `SELECT id::text FROM meeting WHERE convening_unit_id = $1 ORDER BY held_on DESC, starts_at DESC NULLS LAST, id`,
        [unitId],
      )
    ).map((row) => row.id);

  const LISTS: Record<string, { field: (args: string) => string; path: string[] }> = {
    meetings: {
      field: (args) => `meetings(filter: { unit: "${unitId}" }${args})`,
      path: ['meetings'],
    },
    'a unit’s meetings': {
      field: (args) => `orgUnit(id: "${unitId}") { meetings${args ? `(${args.slice(2)})` : ''}`,
      path: ['orgUnit', 'meetings'],
    },
    people: { field: (args) => `people${args ? `(${args.slice(2)})` : ''}`, path: ['people'] },
    'people found by a search': {
      field: (args) => `people(filter: { search: "a" }${args})`,
      path: ['people'],
    },
    territories: { field: (args) => `territories${args ? `(${args.slice(2)})` : ''}`, path: ['territories'] },
    'a unit’s descendants': {
      field: (args) => `orgUnit(code: "PAM") { descendants${args ? `(${args.slice(2)})` : ''}`,
      path: ['orgUnit', 'descendants'],
    },
    'audit events': {
      field: (args) => `auditEvents${args ? `(${args.slice(2)})` : ''}`,
      path: ['auditEvents'],
    },
  };

  const query = (name: string, first: number, after: string | null) => {
    const { field, path } = LISTS[name];
    const args = `, first: ${first}${after ? `, after: "${after}"` : ''}`;
    const closing = '}'.repeat(path.length - 1);
    return `{ ${field(args)} { edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage endCursor } totalCount } ${closing} }`;
  };

  const pageOf = async (name: string, first: number, after: string | null): Promise<Page> => {
    let data: any = await t.ok(query(name, first, after));
    for (const key of LISTS[name].path) data = data[key];
    return data as Page;
  };

  /** Every row of a list, a page at a time. */
  async function walk(name: string, first: number): Promise<string[]> {
    const ids: string[] = [];
    let after: string | null = null;
    for (let pages = 0; ; pages++) {
      const page = await pageOf(name, first, after);
      expect(page.pageInfo.hasPreviousPage).toBe(after != null);
      ids.push(...page.edges.map((edge) => edge.node.id));
      if (!page.pageInfo.hasNextPage) return ids;
      expect(page.pageInfo.endCursor).toBe(page.edges.at(-1)!.cursor);
      after = page.pageInfo.endCursor;
      expect(pages).toBeLessThan(200);
    }
  }

  it('walks the meetings page by page: every one once, in the order of the list', async () => {
    const expected = await expectedMeetings();
    for (const first of [1, 3, 4]) {
      expect(await walk('meetings', first)).toEqual(expected);
      expect(await walk('a unit’s meetings', first)).toEqual(expected);
    }
  });

  it.each(Object.keys(LISTS))('walks %s page by page as one page gives it', async (name) => {
    const whole = await pageOf(name, 100, null);
    const ids = whole.edges.map((edge) => edge.node.id);
    expect(ids.length).toBe(Math.min(whole.totalCount, 100));
    expect(ids.length).toBeGreaterThan(3);
    const walked = await walk(name, 3);
    expect(walked.slice(0, ids.length)).toEqual(ids);
    expect(walked.length).toBe(whole.totalCount);
  });

  it('keeps the next page when a row is added before the cursor, and counts it', async () => {
    for (const [name, newest] of [
      ['meetings', '2022-01-01'],
      ['a unit’s meetings', '2022-02-01'],
    ]) {
      const first = await pageOf(name, 3, null);
      const second = await pageOf(name, 3, first.pageInfo.endCursor);
      // Newer than every meeting of the unit: it sorts first, before the cursor.
      await recordMeeting(t, unitId, { date: newest });
      const again = await pageOf(name, 3, first.pageInfo.endCursor);
      expect(again.edges).toEqual(second.edges);
      expect(again.totalCount).toBe(second.totalCount + 1);
      expect((await pageOf(name, 1, null)).edges[0].node.id).not.toBe(first.edges[0].node.id);
    }
  });

  it('reads a later page with a condition on the sort key, never OFFSET', async () => {
    const first = await pageOf('meetings', 2, null);
    const { statements } = await recordStatements(t, () => pageOf('meetings', 2, first.pageInfo.endCursor));
    const page = statements.filter(([sql]) => /FROM "meeting"/.test(sql) && !/COUNT\(/i.test(sql));
    expect(page).toHaveLength(1);
    expect(page[0][0]).not.toMatch(/\bOFFSET\b/i);
    expect(page[0][0]).toMatch(/"m"\."held_on" <= CAST\(\$\d+ AS date\)/);
  });

  describe('refuses a cursor this list did not make, as bad input', () => {
    const forged = (content: unknown[]) => Buffer.from(`k1${JSON.stringify(content)}`).toString('base64url');
    const cursors: Record<string, () => Promise<string>> = {
      'a cursor of another list': async () => (await pageOf('people', 1, null)).pageInfo.endCursor!,
      'an offset cursor of earlier versions': async () => Buffer.from('o:2').toString('base64url'),
      'a forged key': async () => forged(['meetings', '2021-03-01', null, "'; DROP TABLE meeting; --"]),
      'a day that does not exist': async () =>
        forged(['meetings', '2021-02-30', null, '3f2504e0-4f89-11d3-9a0c-0305e82c3301']),
      'not base64url at all': async () => 'not a cursor!',
    };

    it.each(Object.keys(cursors))('%s', async (name) => {
      const before = await t.sql(`SELECT count(*)::int AS n FROM meeting`);
      const after = await cursors[name]();
      for (const list of ['meetings', 'a unit’s meetings']) {
        const result = await t.gql(query(list, 2, after));
        expect(expectError(result, 'BAD_USER_INPUT')).toBe(NOT_A_CURSOR);
        expect(result.data?.[LISTS[list].path[0]] ?? null).toBeNull();
      }
      expect(await t.sql(`SELECT count(*)::int AS n FROM meeting`)).toEqual(before);
    });
  });
});
