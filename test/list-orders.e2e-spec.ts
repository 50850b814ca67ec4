import { planAsSent, recordStatements } from './support/statements';
import { startTestApp, TestApp } from './support/test-app';

/**
 * The people and outcomes lists are read in the order of an index, not sorted whole for each page.
 * The test data is small enough for the planner to prefer a sequential scan and a sort, so each
 * page's statement is explained with sequential scans off: the index then serves it only if it
 * exists and the list's ORDER BY is the index's.
 */
describe('people and outcomes are paged from an index in their order (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  /** The plan of the statement that read the list's page (the one with a LIMIT). */
  async function pagePlan(query: string): Promise<string> {
    const { statements } = await recordStatements(t, () => t.ok(query));
    const page = statements.filter(([sql]) => /\bLIMIT\b/.test(sql));
    expect(page).toHaveLength(1);
    return planAsSent(t, [['SET LOCAL enable_seqscan = off', []]], page[0]);
  }

  it('reads a page of people from the index on their names', async () => {
    const plan = await pagePlan(`{ people(first: 20) { edges { node { id } } } }`);
    expect(plan).toMatch(/person_name_order_idx/);
    expect(plan).not.toMatch(/(^|->\s+)Sort\s+\(cost/m);
  });

  it('reads a page of outcomes from the index on their due dates', async () => {
    const plan = await pagePlan(`{ outcomes(first: 20) { edges { node { id } } } }`);
    expect(plan).toMatch(/outcome_due_idx/);
    // Only the outcomes due on one day are sorted (by their meeting's date): the list is not.
    expect(plan).not.toMatch(/(^|->\s+)Sort\s+\(cost/m);
  });
});
