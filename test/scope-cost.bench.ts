import { countStatements } from './support/statements';
import { startTestApp } from './support/test-app';

/**
 * What scope checks cost on a subtree listing: the same requests as the national administrator (no
 * scope predicate: the grant covers everything) and as the regional secretary-general (one ltree
 * predicate per visible row set). Statements are counted by the app; time is the median of
 * interleaved sequential requests on this machine, reported as a ratio in the same run.
 * Run: npm run bench:scope (measured on the test app in process, hence here rather than in bench/)
 */
const ROUNDS = 7;
const REQUESTS = 60;
const QUERIES = {
  subtree: `{ orgUnits(first: 100) { totalCount edges { node { code officials { person { fullNameLatin } } vacancies { vacantSeats } } } } }`,
  meetings: `{ meetings(first: 50) { totalCount edges { node { title participants { person { fullNameLatin } representedUnit { code } mandate { position { unit { code } } } } } } } }`,
};

jest.setTimeout(600_000);

it('measures scope checks', async () => {
  const t = await startTestApp();
  const tokens = {
    admin: await t.login('admin@tanzim.demo', 'tanzim-demo-2020'),
    regional: await t.login('ghalbzouri@tanzim.demo', 'tanzim-demo-2020'),
  };
  const lines: string[] = [];
  for (const [name, query] of Object.entries(QUERIES)) {
    const times: Record<string, number[]> = { admin: [], regional: [] };
    const statements: Record<string, number> = {};
    for (let round = 0; round < ROUNDS; round++) {
      for (const who of ['admin', 'regional'] as const) {
        const client = t.as(tokens[who]);
        statements[who] = (await countStatements(t, () => client.ok(query))).statements;
        const started = process.hrtime.bigint();
        for (let i = 0; i < REQUESTS; i++) await client.ok(query);
        if (round > 0) times[who].push(Number(process.hrtime.bigint() - started) / 1e6 / REQUESTS);
      }
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const admin = median(times.admin);
    const regional = median(times.regional);
    lines.push(
      `${name}: statements admin ${statements.admin}, regional ${statements.regional}; ` +
        `median ms/request admin ${admin.toFixed(2)}, regional ${regional.toFixed(2)} (ratio ${(regional / admin).toFixed(2)})`,
    );
  }
  console.log(lines.join('\n'));
  await t.close();
});
