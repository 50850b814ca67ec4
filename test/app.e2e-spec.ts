import { SeedService } from '../src/seed/seed.service';
import { committedSchema, servedSchema } from '../src/schema-file';
import { expectError, startTestApp, TestApp } from './support/test-app';

const COUNTS = `SELECT (SELECT count(*) FROM territory)::int AS territories, (SELECT count(*) FROM org_unit)::int AS units,
  (SELECT count(*) FROM position)::int AS positions, (SELECT count(*) FROM person)::int AS people,
  (SELECT count(*) FROM mandate)::int AS mandates`;

describe('the app (e2e)', () => {
  describe('with demo data', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp();
    });
    afterAll(() => t.close());

    it('serves exactly the committed schema.gql', () => {
      expect(servedSchema(t.app)).toBe(committedSchema());
    });

    it('seeds the reference territories and the Tangier–Asilah demo, and seeding again adds nothing', async () => {
      const [before] = await t.sql(COUNTS);
      expect(before).toEqual({ territories: 104, units: 7, positions: 6, people: 5, mandates: 5 });
      await t.app.get(SeedService).run('demo');
      const [after] = await t.sql(COUNTS);
      expect(after).toEqual(before);
    });

    it('keeps an edited demo row as the administrator left it', async () => {
      await t.ok(
        `mutation { updatePerson(input: { id: "5eed0000-0000-4000-8000-000000000202", fullNameLatin: "Mounir Limouri (ed.)" }) { id } }`,
      );
      await t.app.get(SeedService).run('demo');
      const { person } = await t.ok(
        `{ person(id: "5eed0000-0000-4000-8000-000000000202") { fullNameLatin } }`,
      );
      expect(person.fullNameLatin).toBe('Mounir Limouri (ed.)');
    });

    it('never answers with a 5xx, SQL, or a stack, even for broken documents', async () => {
      for (const body of [
        '{',
        '{"query": 42}',
        '{"query": "{ nope }"}',
        '{"query": "query { orgUnit(code: 1) { id } }"}',
      ]) {
        const response = await fetch(t.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
        });
        expect(response.status).toBeLessThan(500);
        const text = await response.text();
        expect(text).not.toMatch(/at .*\.(js|ts):\d+|SELECT|constraint|org_unit/);
        expect(JSON.parse(text).errors.length).toBeGreaterThan(0);
      }
      const notAString = await fetch(t.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"query": 42}',
      });
      expect(((await notAString.json()) as { errors: { extensions: { code: string } }[] }).errors).toEqual([
        expect.objectContaining({ extensions: { code: 'BAD_USER_INPUT' } }),
      ]);
      expectError(
        await t.gql(`query($d: Date) { mandates(filter: { activeOn: $d }) { totalCount } }`, { d: 20201102 }),
        'BAD_USER_INPUT',
      );
    });
  });

  describe('with SEED=none', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ seed: 'none' });
    });
    afterAll(() => t.close());

    it('starts a clean registry: migrated, with the role catalogue and nothing else', async () => {
      const [counts] = await t.sql(COUNTS);
      expect(counts).toEqual({ territories: 0, units: 0, positions: 0, people: 0, mandates: 0 });
      expect((await t.ok(`{ roles { code } }`)).roles.length).toBeGreaterThan(0);
    });
  });
});
