import { createUnit, recordMeeting } from './support/fixtures';
import { recordStatements, statementsOf } from './support/statements';
import { startTestApp, TestApp } from './support/test-app';

const SEED_SERIES = '5eed0000-0000-4000-8000-000000000501';

/**
 * A series' coverage (targets, reached, byUnit, missing) is worked out from its targets and the
 * reached set, found once per series per request, and for a whole list of series at once.
 */
describe('coverage, once per series and batched across series (e2e)', () => {
  let t: TestApp;
  const series: string[] = [SEED_SERIES];
  beforeAll(async () => {
    t = await startTestApp();
    const ids: Record<string, string> = {};
    for (const code of ['PAM-MA-01', 'PAM-MA-TNG', 'PAM-MA-TNG-MEDINA', 'PAM-MA-TNG-SOUANI']) {
      ids[code] = (await t.ok(`{ orgUnit(code: "${code}") { id } }`)).orgUnit.id;
    }
    for (let i = 0; i < 4; i++) {
      const { createMeetingSeries } = await t.ok(
        `mutation($input: CreateMeetingSeriesInput!) { createMeetingSeries(input: $input) { id } }`,
        {
          input: {
            titleFr: `Tournée ${i}`,
            organizingUnitId: ids['PAM-MA-01'],
            targets: { unitIds: [ids['PAM-MA-TNG-MEDINA'], ids['PAM-MA-TNG-SOUANI']] },
          },
        },
      );
      series.push(createMeetingSeries.id);
    }
    // Half of them reached Medina.
    for (const id of series.slice(1, 3)) {
      await recordMeeting(t, ids['PAM-MA-TNG-MEDINA'], { seriesId: id });
    }
  });
  afterAll(() => t.close());

  const ALL = `targets reached byUnit(level: PROVINCIAL) { unit { code } targets reached }
               missing { totalCount edges { node { code } } }`;

  /** The statements of `coverage { <fields> }` of the first `n` series, once the caches they warm are warm. */
  async function statements(n: number, fields: string) {
    const query = `{ meetingSeriesList(first: ${n}) { edges { node { coverage { ${fields} } } } } }`;
    await t.ok(query);
    const counted = await statementsOf(t, query);
    expect(counted.data.meetingSeriesList.edges).toHaveLength(n);
    return counted;
  }

  it('costs the same statements for 1, 2 and 5 series', async () => {
    const one = await statements(1, ALL);
    const two = await statements(2, ALL);
    const five = await statements(5, ALL);
    expect(two.statements).toBe(one.statements);
    expect(five.statements).toBe(one.statements);
  });

  // byUnit and missing's nodes read their units (a statement of their own); the figures share the rest.
  it('costs the same statements for every figure of coverage as for one of them', async () => {
    const all = await statements(5, ALL);
    const byUnit = await statements(5, 'byUnit(level: PROVINCIAL) { unit { code } targets reached }');
    expect(all.statements).toBe(byUnit.statements);
    const counts = await statements(5, 'targets');
    const figures = await statements(5, 'targets reached missing { totalCount }');
    expect(figures.statements).toBe(counts.statements);
  });

  it('gives the same figures as before: counts, roll-up per province, missing in tree order', async () => {
    const data = await t.ok(
      `{ ${series
        .slice(1, 4)
        .map((id, i) => `s${i}: meetingSeries(id: "${id}") { coverage { ${ALL} } }`)
        .join(' ')} }`,
    );
    const medinaReached = {
      targets: 2,
      reached: 1,
      byUnit: [{ unit: { code: 'PAM-MA-TNG' }, targets: 2, reached: 1 }],
      missing: { totalCount: 1, edges: [{ node: { code: 'PAM-MA-TNG-SOUANI' } }] },
    };
    expect(data.s0.coverage).toEqual(medinaReached);
    expect(data.s1.coverage).toEqual(medinaReached);
    expect(data.s2.coverage).toEqual({
      targets: 2,
      reached: 0,
      byUnit: [{ unit: { code: 'PAM-MA-TNG' }, targets: 2, reached: 0 }],
      // Tree order (by path), as before.
      missing: {
        totalCount: 2,
        edges: [{ node: { code: 'PAM-MA-TNG-SOUANI' } }, { node: { code: 'PAM-MA-TNG-MEDINA' } }],
      },
    });
  });
  it('rolls the targets up to every level, its own included, as the tree and the reached units say', async () => {
    const national = (await t.ok(`{ orgUnit(code: "PAM") { id } }`)).orgUnit.id;
    const region = await createUnit(t, { level: 'REGIONAL', parentId: national });
    const [p1, p2] = [
      await createUnit(t, { level: 'PROVINCIAL', parentId: region }),
      await createUnit(t, { level: 'PROVINCIAL', parentId: region }),
    ];
    const locals = [
      await createUnit(t, { level: 'LOCAL', parentId: p1 }),
      await createUnit(t, { level: 'LOCAL', parentId: p1 }),
      await createUnit(t, { level: 'LOCAL', parentId: p2 }),
    ];
    // Targets of two levels, one province among them; a local and the province reached.
    const { createMeetingSeries } = await t.ok(
      `mutation($input: CreateMeetingSeriesInput!) { createMeetingSeries(input: $input) { id } }`,
      {
        input: { titleFr: 'Tournée mixte', organizingUnitId: region, targets: { unitIds: [p2, ...locals] } },
      },
    );
    const id = createMeetingSeries.id as string;
    await recordMeeting(t, locals[0], { seriesId: id });
    await recordMeeting(t, p2, { seriesId: id });
    /** The roll-up to a level worked out from the tree and the reached units, in tree order. */
    const expected = (level: string) =>
      t.sql(
        `SELECT a.id AS code, count(*)::int AS targets, count(r.id)::int AS reached
           FROM meeting_series_target st JOIN org_unit u ON u.id = st.org_unit_id
           JOIN org_unit a ON a.path @> u.path AND a.level = $2
           LEFT JOIN (SELECT DISTINCT org_unit_id AS id FROM meeting_series_reach WHERE series_id = $1) r ON r.id = u.id
          WHERE st.series_id = $1 GROUP BY a.id, a.path ORDER BY a.path`,
        [id, level],
      );
    const levels = ['NATIONAL', 'REGIONAL', 'PROVINCIAL', 'LOCAL'];
    const { statements, result: together } = await recordStatements(t, () =>
      t.ok(
        `query($id: ID!) { meetingSeries(id: $id) { coverage { targets reached
          missing { totalCount edges { node { id } } }
          ${levels.map((level) => `${level}: byUnit(level: ${level}) { unit { id } targets reached }`).join(' ')} } } }`,
        { id },
      ),
    );
    // Every figure, each roll-up included, from one read of the targets.
    expect(statements.filter(([sql]) => sql.includes('meeting_series_reach'))).toHaveLength(1);
    // Tree order: by path.
    const missing = await t.sql(`SELECT u.id FROM org_unit u WHERE u.id = ANY($1) ORDER BY u.path`, [
      [locals[1], locals[2]],
    ]);
    expect(together.meetingSeries.coverage).toMatchObject({
      targets: 4,
      reached: 2,
      missing: { totalCount: 2, edges: missing.map((row: any) => ({ node: { id: row.id } })) },
    });
    for (const level of levels) {
      const rows = (await expected(level)).map((row: any) => ({
        unit: { id: row.code },
        targets: row.targets,
        reached: row.reached,
      }));
      expect(rows.length).toBeGreaterThan(0);
      expect(together.meetingSeries.coverage[level]).toEqual(rows);
      // Asked alone, through a variable: the same.
      const alone = await t.ok(
        `query($id: ID!, $level: OrgUnitLevel!) { meetingSeries(id: $id) { coverage {
          byUnit(level: $level) { unit { id } targets reached } } } }`,
        { id, level },
      );
      expect(alone.meetingSeries.coverage.byUnit).toEqual(rows);
    }
  });
});
