import { expectError, startTestApp, TestApp } from './support/test-app';

/**
 * One rule for every update input: a field left out keeps its value, `null` clears a field that may
 * be empty, and `null` on a field that cannot be empty is refused with nothing written.
 */
const SEED = (n: number) => `5eed0000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const MEETING = SEED(401);
const PROVINCE = SEED(3);

describe('updates: absent keeps, null clears (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const version = async (table: string, id: string) =>
    Number((await t.sql(`SELECT version FROM ${table} WHERE id = $1`, [id]))[0].version);

  it('clears a meeting’s optional fields with null and keeps those left out', async () => {
    const before = (
      await t.ok(`query($id: ID!) { meeting(id: $id) { titleAr titleFr summaryAr summaryFr place } }`, {
        id: MEETING,
      })
    ).meeting;
    expect(before.summaryAr).toBeTruthy();
    const updated = await t.ok(
      `mutation($id: ID!, $v: Int!) { updateMeeting(input: { id: $id, expectedVersion: $v, summaryAr: null, place: null }) { titleAr titleFr summaryAr summaryFr place } }`,
      { id: MEETING, v: await version('meeting', MEETING) },
    );
    expect(updated.updateMeeting).toEqual({ ...before, summaryAr: null, place: null });
  });

  it('refuses null on a field that cannot be empty, writing nothing', async () => {
    const cases: [string, string, string, string][] = [
      ['meeting', MEETING, 'updateMeeting', 'kind'],
      ['meeting', MEETING, 'updateMeeting', 'date'],
      ['meeting', MEETING, 'updateMeeting', 'convenerUnitId'],
      ['org_unit', PROVINCE, 'updateOrgUnit', 'nameFr'],
      ['org_unit', PROVINCE, 'updateOrgUnit', 'code'],
      ['position', SEED(103), 'updatePosition', 'titleFr'],
      ['position', SEED(103), 'updatePosition', 'seats'],
    ];
    for (const [table, id, mutation, field] of cases) {
      const current = await version(table, id);
      const result = await t.gql(
        `mutation($id: ID!, $v: Int!) { ${mutation}(input: { id: $id, expectedVersion: $v, ${field}: null }) { id } }`,
        { id, v: current },
      );
      expect({ field, message: expectError(result, 'BAD_USER_INPUT') }).toEqual({
        field,
        message: `${field} cannot be cleared.`,
      });
      expect(await version(table, id)).toBe(current);
    }
  });

  it('clears a series’ dates with null', async () => {
    const series = SEED(501);
    const updated = await t.ok(
      `mutation($id: ID!) { updateMeetingSeries(input: { id: $id, endsOn: null }) { endsOn startsOn } }`,
      { id: series },
    );
    expect(updated.updateMeetingSeries.endsOn).toBeNull();
  });
});
