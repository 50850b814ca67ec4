import { recordMeeting } from './support/fixtures';
import { statementsOf } from './support/statements';
import { startTestApp, TestApp } from './support/test-app';

/**
 * A list is counted only when the query asks for its `totalCount`: counting finds every item of the
 * list, which for a large one costs far more than its page. Without it the page costs one statement
 * less, and says just as truly whether more items follow (it reads one row past its end).
 */
const LISTS: Record<string, string> = {
  meetings: 'meetings',
  people: 'people',
  orgUnits: 'orgUnits',
  territories: 'territories',
  mandates: 'mandates',
  meetingsSearched: 'meetings(filter: { search: "Tanger" })',
  peopleSearched: 'people(filter: { search: "Ghalbzouri" })',
  orgUnitsSearched: 'orgUnits(filter: { search: "Tanger" })',
};

interface PeoplePage {
  edges: { cursor: string }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount?: number;
}

describe('totalCount only when selected (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    // The demo has one meeting: two more make pages of one and two items that are not the whole list.
    const { orgUnit } = await t.ok(`{ orgUnit(code: "PAM-MA-TNG") { id } }`);
    for (const date of ['2021-05-01', '2021-06-01']) await recordMeeting(t, orgUnit.id, { date });
  });
  afterAll(() => t.close());

  /** The statements of a document once the caches it warms are warm (the second run of it). */
  async function statements(query: string) {
    await t.ok(query);
    return statementsOf(t, query);
  }

  const page = (list: string, first: number, counted: boolean) => {
    const args = list.includes('(') ? list.replace('(', `(first: ${first}, `) : `${list}(first: ${first})`;
    return `{ ${args} { edges { cursor } pageInfo { hasNextPage hasPreviousPage endCursor }${counted ? ' totalCount' : ''} } }`;
  };

  it.each(Object.entries(LISTS).filter(([name]) => !name.endsWith('Searched')))(
    '%s without totalCount runs one statement fewer, with the same page',
    async (_name, list) => {
      // A page shorter than asked for holds the whole list: it is never counted, so pages of 1 and 2
      // of lists the demo has more of.
      for (const first of [1, 2]) {
        const counted = await statements(page(list, first, true));
        const uncounted = await statements(page(list, first, false));
        const [field] = Object.keys(counted.data);
        const { totalCount, ...rest } = counted.data[field];
        expect(totalCount).toBeGreaterThan(first);
        expect(uncounted.statements).toBe(counted.statements - 1);
        expect(uncounted.data[field]).toEqual(rest);
        expect(rest.pageInfo.hasNextPage).toBe(true);
      }
    },
  );

  it.each(Object.entries(LISTS).filter(([name]) => name.endsWith('Searched')))(
    '%s (one statement for page and count) gives the same page without totalCount',
    async (_name, list) => {
      for (const first of [1, 100]) {
        const counted = await statements(page(list, first, true));
        const uncounted = await statements(page(list, first, false));
        expect(uncounted.statements).toBe(counted.statements);
        const [field] = Object.keys(counted.data);
        const { totalCount, ...rest } = counted.data[field];
        expect(totalCount).toBeGreaterThan(0);
        expect(uncounted.data[field]).toEqual(rest);
      }
    },
  );

  it('follows a list to its end without totalCount, page by page, as with it', async () => {
    // Pages of a size that divides the list, so that the last one is full.
    const { people: all } = await t.ok(`{ people(first: 100) { totalCount } }`);
    const size = all.totalCount % 2 === 0 ? 2 : 1;
    const walk = async (counted: boolean) => {
      const cursors: string[][] = [];
      let after: string | null = null;
      for (;;) {
        const query = `query($after: String) { people(first: ${size}, after: $after) { edges { cursor } pageInfo { hasNextPage endCursor }${counted ? ' totalCount' : ''} } }`;
        const { people }: { people: PeoplePage } = await t.ok(query, { after });
        cursors.push(people.edges.map((edge) => edge.cursor));
        if (!people.pageInfo.hasNextPage) return { cursors, total: people.totalCount };
        after = people.pageInfo.endCursor;
      }
    };
    const counted = await walk(true);
    const uncounted = await walk(false);
    // Page by page: the last one full, none empty after it.
    expect(uncounted.cursors).toEqual(counted.cursors);
    expect(counted.cursors.flat()).toHaveLength(counted.total!);
    expect(counted.cursors.at(-1)).toHaveLength(size);
  });

  it("counts a subtree's meetings once each, convened or taken part in, with every filter", async () => {
    const code = async (c: string) => (await t.ok(`{ orgUnit(code: "${c}") { id } }`)).orgUnit.id as string;
    const [province, region, souani, medina] = await Promise.all(
      ['PAM-MA-TNG', 'PAM-MA-01', 'PAM-MA-TNG-SOUANI', 'PAM-MA-TNG-MEDINA'].map(code),
    );
    const walk = async (filter: Record<string, unknown>) => {
      const query = `query($f: MeetingFilterInput) { meetings(filter: $f, first: 100) { totalCount edges { node { id } } } }`;
      const { meetings } = await t.ok(query, { f: { unit: province, includeDescendants: true, ...filter } });
      // The page tests each meeting, the count unites two sets of ids: both must agree.
      expect(meetings.totalCount).toBe(meetings.edges.length);
      return meetings.totalCount as number;
    };
    const filters = [{}, { kind: 'BUREAU' }, { from: '2019-01-01', to: '2019-12-31' }, { status: 'PLANNED' }];
    const before = await Promise.all(filters.map(walk));
    // Convened inside and taken part in by two units inside: once. Convened outside, taken part in by
    // two units inside: once. Convened outside with no unit inside: not at all.
    const both = [
      { unitId: souani, role: 'ATTENDING' },
      { unitId: medina, role: 'INVITED' },
    ];
    await recordMeeting(t, province, { kind: 'BUREAU', date: '2019-03-01', units: both });
    await recordMeeting(t, region, { date: '2019-04-01', status: 'PLANNED', units: both });
    await recordMeeting(t, region, { kind: 'BUREAU', date: '2019-05-01' });
    const after = await Promise.all(filters.map(walk));
    expect(after.map((n, i) => n - before[i])).toEqual([2, 1, 2, 1]);
  });

  it('says in the schema that counting may be costly and is done only when asked', async () => {
    const { __type } = await t.ok(`{ __type(name: "MeetingConnection") { fields { name description } } }`);
    const field = __type.fields.find((f: { name: string }) => f.name === 'totalCount');
    expect(field.description).toMatch(/may cost far more .* counted only when this field is asked for/);
  });
});
