import { createAccount, createPerson, createUnit, grantAccess, recordMeeting } from './support/fixtures';
import { planAsSent, recordStatements } from './support/statements';
import { startTestApp, TestApp } from './support/test-app';

/**
 * A scoped caller sees a meeting convened inside their scope, that a unit of it took part in, or that a
 * participant represented a unit of it at; the set of those units, kept on the meeting, follows every
 * write that changes it. The check is made on the meeting's own row: a scoped meeting list reads no
 * meeting unit or participation to decide what is visible.
 */
describe('meetings seen by a scoped caller (e2e)', () => {
  let t: TestApp;
  let secretary: ReturnType<TestApp['as']>;
  let province: string;
  let local: string;
  let otherProvince: string;

  beforeAll(async () => {
    t = await startTestApp();
    const national = (await t.ok(`{ orgUnit(code: "PAM") { id } }`)).orgUnit.id;
    const region = await createUnit(t, { level: 'REGIONAL', parentId: national });
    province = await createUnit(t, { level: 'PROVINCIAL', parentId: region });
    local = await createUnit(t, { level: 'LOCAL', parentId: province });
    otherProvince = await createUnit(t, { level: 'PROVINCIAL', parentId: region });
    const account = await createAccount(t, { password: 'meeting-visibility-password' });
    await grantAccess(t, account.id, local);
    secretary = t.as(await t.login(account.email, 'meeting-visibility-password'));
    // A meeting his own unit convened: a set wrongly taking in other meetings' conveners shows him everything.
    await recordMeeting(t, local);
  });
  afterAll(() => t.close());

  /** The meetings whose kept set differs from the one worked out from their rows now. */
  const wrongSets = () =>
    t.sql(`
      SELECT m.id FROM meeting m
       WHERE m.visible_unit_ids IS DISTINCT FROM (
         SELECT array_agg(DISTINCT unit ORDER BY unit) FROM (
           SELECT m.convening_unit_id AS unit
           UNION ALL SELECT mu.org_unit_id FROM meeting_unit mu WHERE mu.meeting_id = m.id
           UNION ALL SELECT pa.represented_unit_id FROM participation pa
                      WHERE pa.meeting_id = m.id AND pa.represented_unit_id IS NOT NULL) units)`);

  /** Whether the secretary finds the meeting in his list of meetings, and by its id (every set checked first). */
  const seen = async (meeting: string): Promise<boolean> => {
    expect(await wrongSets()).toEqual([]);
    const data = await secretary.ok(`{ meetings(first: 100) { totalCount edges { node { id } } } }`);
    const ids: string[] = data.meetings.edges.map((e: any) => e.node.id);
    expect(data.meetings.totalCount).toBe(ids.length);
    const byId = await secretary.gql(`query($id: ID!) { meeting(id: $id) { id } }`, { id: meeting });
    expect(!byId.errors && byId.data?.meeting?.id === meeting).toBe(ids.includes(meeting));
    return ids.includes(meeting);
  };

  it('shows the provincial meeting a local secretary represented his unit at, until that is removed', async () => {
    const person = await createPerson(t, { fullNameLatin: 'Karim Représentant', homeUnitId: local });
    const meeting = await recordMeeting(t, province);
    expect(await seen(meeting)).toBe(false);
    const added = await t.ok(
      `mutation($input: AddParticipantsInput!) { addParticipants(input: $input) { participants { id } } }`,
      {
        input: {
          meetingId: meeting,
          participants: [{ personId: person, role: 'ATTENDEE', representedUnitId: local }],
        },
      },
    );
    expect(await seen(meeting)).toBe(true);
    await t.ok(`mutation($input: RemoveParticipantInput!) { removeParticipant(input: $input) { id } }`, {
      input: { participationId: added.addParticipants.participants[0].id },
    });
    expect(await seen(meeting)).toBe(false);
  });

  it('shows a meeting his unit took part in, and one convened by it until it is moved away', async () => {
    const attended = await recordMeeting(t, otherProvince, { units: [{ unitId: local, role: 'ATTENDING' }] });
    expect(await seen(attended)).toBe(true);
    // Its convener lies outside his scope: no way through it to that unit's other meetings.
    await recordMeeting(t, otherProvince);
    const { meeting } = await secretary.ok(
      `query($id: ID!) { meeting(id: $id) { convener { id meetings { totalCount } } units { unit { id } } } }`,
      { id: attended },
    );
    expect(meeting.convener).toBeNull();
    expect(meeting.units).toEqual([{ unit: { id: local } }]);
    const convened = await recordMeeting(t, local);
    expect(await seen(convened)).toBe(true);
    await t.ok(`mutation($input: UpdateMeetingInput!) { updateMeeting(input: $input) { id } }`, {
      input: { id: convened, expectedVersion: 1, convenerUnitId: otherProvince },
    });
    expect(await seen(convened)).toBe(false);
  });

  it('decides visibility on the meeting row alone', async () => {
    await recordMeeting(t, local);
    const { statements, result } = await recordStatements(t, () =>
      secretary.ok(`{ meetings(first: 1) { totalCount edges { node { id } } } }`),
    );
    expect(result.meetings.edges).toHaveLength(1);
    const reads = statements.filter(([sql]) => /FROM "meeting"/.test(sql));
    expect(reads.length).toBeGreaterThanOrEqual(1);
    for (const [sql, params] of reads) {
      expect(sql).toMatch(/visible_unit_ids &&/);
      const plan = (await t.sql<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`, params))
        .map((row) => row['QUERY PLAN'])
        .join('\n');
      expect(plan).toMatch(/\bmeeting\b/);
      expect(plan).not.toMatch(/\b(participation|meeting_unit)\b/);
    }
  });

  it("finds a unit's meetings from the unit's indexes, the visibility test only filtering them", async () => {
    await recordMeeting(t, local);
    const { statements, result } = await recordStatements(t, () =>
      secretary.ok(`query($id: ID!) { orgUnit(id: $id) { meetings(first: 5) { edges { node { id } } } } }`, {
        id: local,
      }),
    );
    expect(result.orgUnit.meetings.edges.length).toBeGreaterThan(0);
    const page = statements.filter(([sql]) => sql.includes('visible_unit_ids'));
    expect(page).toHaveLength(1);
    // The convener's index (and the meeting units') find the unit's meetings. On a large table the
    // planner also intersected them with the index of the visible units, which finds the whole
    // scope's (a region's tens of thousands, for its secretary): the test is written on an
    // expression that index does not serve, not on the bare column.
    expect(page[0][0]).not.toMatch(/\bm\.visible_unit_ids &&/);
    expect(page[0][0]).toContain(`array_cat(m.visible_unit_ids, CAST('{}' AS uuid[])) &&`);
    const plan = await planAsSent(t, [['SET LOCAL enable_seqscan = off', []]], page[0]);
    expect(plan).toMatch(/meeting_convener_idx/);
    expect(plan).not.toMatch(/meeting_visible_units_idx/);
  });

  it("filters a search's candidates by visibility, without the index of the visible units", async () => {
    await recordMeeting(t, local, { titleFr: 'Réunion du bureau local' });
    const { statements, result } = await recordStatements(t, () =>
      secretary.ok(`{ meetings(filter: { search: "bureau" }) { edges { node { id } } } }`),
    );
    expect(result.meetings.edges.length).toBeGreaterThan(0);
    const search = statements.filter(([sql]) => sql.includes('visible_unit_ids'));
    expect(search).toHaveLength(1);
    expect(search[0][0]).not.toMatch(/\bm\.visible_unit_ids &&/);
    expect(search[0][0]).toContain(`array_cat(m.visible_unit_ids, CAST('{}' AS uuid[])) &&`);
  });
  it("counts, for a caller holding one of two roots, only the other root's participants who represented his units", async () => {
    const national = (await t.ok(`{ orgUnit(code: "PAM") { id } }`)).orgUnit.id;
    // A second root: the national caller's scope no longer holds every unit of the registry.
    const otherRoot = await createUnit(t, { level: 'NATIONAL' });
    const account = await createAccount(t, { password: 'meeting-visibility-national' });
    await grantAccess(t, account.id, national);
    const nationalCaller = t.as(await t.login(account.email, 'meeting-visibility-national'));
    const meeting = await recordMeeting(t, otherRoot, { units: [{ unitId: local, role: 'ATTENDING' }] });
    const ours = await createPerson(t, { fullNameLatin: 'Nadia Locale', homeUnitId: local });
    const theirs = await createPerson(t, { fullNameLatin: 'Omar Ailleurs', homeUnitId: otherRoot });
    await t.ok(
      `mutation($input: AddParticipantsInput!) { addParticipants(input: $input) { participants { id } } }`,
      {
        input: {
          meetingId: meeting,
          participants: [
            { personId: ours, role: 'ATTENDEE', representedUnitId: local, attendance: 'ATTENDED' },
            { personId: theirs, role: 'ATTENDEE', representedUnitId: otherRoot, attendance: 'ATTENDED' },
          ],
        },
      },
    );
    const read = `query($id: ID!, $local: ID!) {
      meeting(id: $id) { attendance { participants attended } participants { person { fullNameLatin } } }
      orgUnit(id: $local) { meetings(first: 100) { edges { node { id attendance { participants attended } } } } } }`;
    const seenByAll = await t.ok(read, { id: meeting, local });
    expect(seenByAll.meeting.attendance).toEqual({ participants: 2, attended: 2 });
    const seen = await nationalCaller.ok(read, { id: meeting, local });
    expect(seen.meeting.attendance).toEqual({ participants: 1, attended: 1 });
    expect(seen.meeting.participants).toEqual([{ person: { fullNameLatin: 'Nadia Locale' } }]);
    const fromUnit = seen.orgUnit.meetings.edges.find((edge: any) => edge.node.id === meeting);
    expect(fromUnit.node.attendance).toEqual({ participants: 1, attended: 1 });
  });
});
