import { createPerson } from './support/fixtures';
import { twoRegions } from './support/live';
import { planAsSent, recordStatements } from './support/statements';
import { startTestApp, TestApp } from './support/test-app';

/**
 * A common name's search finds thousands of candidates in the trigram indexes, and each one is tested
 * again on its row (a trigram index only narrows the rows down). The similarity of the whole search
 * to the row's text is the dearest of those tests: it must come after the LIKEs, which decide most
 * candidates (PostgreSQL stops an OR at its first true test), and run once per row, in the index's
 * recheck, never again as a filter. Bench question Q9 (a national and a region's search of a name)
 * spent most of its time there.
 */
const SEARCH = `query($search: String!) {
  people(filter: { search: $search }, first: 20) { totalCount edges { node { fullNameLatin } } }
}`;

let t: TestApp;
let secretary: string;

beforeAll(async () => {
  t = await startTestApp();
  const { regionA, regionB, secretaryA } = await twoRegions(t);
  secretary = secretaryA;
  for (const [unit, name] of [
    [regionA, 'Karim El Amrani'],
    [regionA, 'Marouane Benkirane'],
    [regionB, 'Said Lamrani'],
  ] as const) {
    await createPerson(t, { homeUnitId: unit, fullNameLatin: name });
  }
});
afterAll(() => t.close());

/** The plan of the people search the app sent for this caller, explained with the settings it sent. */
async function planOfSearch(token: string | null, search: string) {
  const client = token ? t.as(token) : t;
  const { statements, result } = await recordStatements(t, () =>
    client.ok<{ people: { totalCount: number; edges: { node: { fullNameLatin: string } }[] } }>(SEARCH, {
      search,
    }),
  );
  const found = statements.filter(([query]) => /FROM "person"/.test(query) && query.includes('similarity('));
  expect(found).toHaveLength(1);
  return { plan: await planAsSent(t, statements, found[0]), people: result.people };
}

describe.each([
  ['a national caller', () => null],
  ["a region's secretary", () => secretary],
])('a search of people by %s', (_who, token) => {
  it('tests the similarity to the whole search once per candidate, after the LIKEs', async () => {
    const { plan, people } = await planOfSearch(token(), 'el amrani');
    expect(people.totalCount).toBeGreaterThan(0);
    // Written as the index answers it (`text %> search`): the recheck is then the only test.
    expect(plan).not.toMatch(/<%/);
    const tests = plan.split('\n').filter((line) => line.includes('%>') && !/Index Cond/.test(line));
    expect(tests.length).toBeGreaterThan(0);
    for (const line of tests) {
      expect(line.indexOf('%>')).toBeGreaterThan(line.lastIndexOf('~~'));
      expect(line.lastIndexOf('~~')).toBeGreaterThan(-1);
    }
  });
});

it('finds the same people as before, each caller in its scope', async () => {
  const national = await planOfSearch(null, 'el amrani');
  const scoped = await planOfSearch(secretary, 'el amrani');
  const found = (people: { edges: { node: { fullNameLatin: string } }[] }) =>
    people.edges.map((e) => e.node.fullNameLatin);
  expect(found(national.people)).toEqual(expect.arrayContaining(['Karim El Amrani', 'Said Lamrani']));
  // Marouane: his name's skeleton (mrn) holds the search's.
  expect(found(scoped.people)).toEqual(expect.arrayContaining(['Karim El Amrani', 'Marouane Benkirane']));
  expect(found(scoped.people)).not.toContain('Said Lamrani');
});
