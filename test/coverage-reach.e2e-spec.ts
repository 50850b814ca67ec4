import { createPerson, recordMeeting } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

/**
 * A series' reached units are kept by the database as its meetings change (meeting_series_reach):
 * every way a meeting starts or stops reaching a unit shows in `coverage` at once, and the kept rows
 * stay what the rule computes from the meetings, their units and their participations.
 */
describe('coverage follows every change of a series’ meetings (e2e)', () => {
  let t: TestApp;
  const ids: Record<string, string> = {};
  const TARGETS = ['PAM-MA-TNG', 'PAM-MA-TNG-MEDINA', 'PAM-MA-TNG-SOUANI'];

  beforeAll(async () => {
    t = await startTestApp();
    for (const code of ['PAM-MA-01', ...TARGETS]) {
      ids[code] = (await t.ok(`{ orgUnit(code: "${code}") { id } }`)).orgUnit.id;
    }
  });
  afterAll(() => t.close());

  // After every change, the kept rows are those the rule gives from scratch.
  afterEach(async () => {
    const rule = `
      SELECT m.series_id, m.convening_unit_id AS org_unit_id, m.id AS meeting_id FROM meeting m
       WHERE m.series_id IS NOT NULL AND m.status = 'HELD'
      UNION
      SELECT m.series_id, mu.org_unit_id, m.id FROM meeting m JOIN meeting_unit mu ON mu.meeting_id = m.id
       WHERE m.series_id IS NOT NULL AND m.status = 'HELD' AND mu.role IN ('INVITED', 'ATTENDING')
      UNION
      SELECT m.series_id, p.represented_unit_id, m.id FROM meeting m JOIN participation p ON p.meeting_id = m.id
       WHERE m.series_id IS NOT NULL AND m.status = 'HELD' AND p.represented_unit_id IS NOT NULL
         AND p.attendance IS DISTINCT FROM 'ABSENT' AND p.attendance IS DISTINCT FROM 'EXCUSED'`;
    const kept = 'SELECT series_id, org_unit_id, meeting_id FROM meeting_series_reach';
    expect(await t.sql(`(${kept}) EXCEPT (${rule})`)).toEqual([]);
    expect(await t.sql(`(${rule}) EXCEPT (${kept})`)).toEqual([]);
  });

  /** A series of the region whose targets are Tangier–Asilah's province and two of its locals. */
  async function newSeries(): Promise<string> {
    const { createMeetingSeries } = await t.ok(
      `mutation($input: CreateMeetingSeriesInput!) { createMeetingSeries(input: $input) { id } }`,
      {
        input: {
          titleFr: 'Tournée',
          organizingUnitId: ids['PAM-MA-01'],
          targets: { unitIds: TARGETS.map((code) => ids[code]) },
        },
      },
    );
    return createMeetingSeries.id as string;
  }

  /** The codes of the series' targets reached, in code order. */
  async function reached(seriesId: string): Promise<string[]> {
    const { meetingSeries } = await t.ok(
      `query($id: ID!) { meetingSeries(id: $id) { coverage { targets reached
         missing(first: 100) { edges { node { code } } } } } }`,
      { id: seriesId },
    );
    const { coverage } = meetingSeries;
    const missing = new Set(coverage.missing.edges.map((e: { node: { code: string } }) => e.node.code));
    const codes = TARGETS.filter((code) => !missing.has(code));
    expect(coverage.targets).toBe(TARGETS.length);
    expect(coverage.reached).toBe(codes.length);
    return codes;
  }

  async function updateMeeting(id: string, fields: Record<string, unknown>): Promise<void> {
    const { meeting } = await t.ok(`query($id: ID!) { meeting(id: $id) { version } }`, { id });
    await t.ok(`mutation($input: UpdateMeetingInput!) { updateMeeting(input: $input) { id } }`, {
      input: { id, expectedVersion: meeting.version, ...fields },
    });
  }

  it('pages through the targets missing, in tree order, each page after the last one’s cursor', async () => {
    const series = await newSeries();
    await recordMeeting(t, ids['PAM-MA-TNG-MEDINA'], { seriesId: series });
    const page = async (after: string | null) =>
      (
        await t.ok(
          `query($id: ID!, $after: String) { meetingSeries(id: $id) { coverage {
             missing(first: 1, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { code } } } } } }`,
          { id: series, after },
        )
      ).meetingSeries.coverage.missing;
    const codes: string[] = [];
    let after: string | null = null;
    for (let pages = 0; pages < TARGETS.length; pages++) {
      const missing = await page(after);
      expect(missing.totalCount).toBe(2);
      codes.push(...missing.edges.map((e: { node: { code: string } }) => e.node.code));
      if (!missing.pageInfo.hasNextPage) break;
      after = missing.pageInfo.endCursor;
    }
    // The province comes before its locals (tree order); Medina convened the meeting.
    expect(codes).toEqual(['PAM-MA-TNG', 'PAM-MA-TNG-SOUANI']);
  });

  it('counts a held meeting’s convener: not while planned, again once held, not once planned again', async () => {
    const series = await newSeries();
    const meeting = await recordMeeting(t, ids['PAM-MA-TNG-MEDINA'], { seriesId: series, status: 'PLANNED' });
    expect(await reached(series)).toEqual([]);
    await updateMeeting(meeting, { status: 'HELD' });
    expect(await reached(series)).toEqual(['PAM-MA-TNG-MEDINA']);
    await updateMeeting(meeting, { status: 'PLANNED' });
    expect(await reached(series)).toEqual([]);
  });

  it('moves the reach with the convener, and with the meeting to another series or out of any', async () => {
    const [first, second] = [await newSeries(), await newSeries()];
    const meeting = await recordMeeting(t, ids['PAM-MA-TNG-MEDINA'], { seriesId: first });
    expect(await reached(first)).toEqual(['PAM-MA-TNG-MEDINA']);
    await updateMeeting(meeting, { convenerUnitId: ids['PAM-MA-TNG-SOUANI'] });
    expect(await reached(first)).toEqual(['PAM-MA-TNG-SOUANI']);
    await updateMeeting(meeting, { seriesId: second });
    expect(await reached(first)).toEqual([]);
    expect(await reached(second)).toEqual(['PAM-MA-TNG-SOUANI']);
    // No mutation takes a meeting out of every series: the database may.
    await t.sql(`UPDATE meeting SET series_id = NULL WHERE id = $1`, [meeting]);
    expect(await reached(second)).toEqual([]);
  });

  it('counts units invited or attending, not coordinating, and follows a unit’s role and removal', async () => {
    const series = await newSeries();
    const meeting = await recordMeeting(t, ids['PAM-MA-01'], {
      seriesId: series,
      units: [
        { unitId: ids['PAM-MA-TNG-MEDINA'], role: 'INVITED' },
        { unitId: ids['PAM-MA-TNG-SOUANI'], role: 'COORDINATING' },
        { unitId: ids['PAM-MA-TNG'], role: 'ATTENDING' },
      ],
    });
    expect(await reached(series)).toEqual(['PAM-MA-TNG', 'PAM-MA-TNG-MEDINA']);
    // No mutation changes or removes a meeting's units: the database may.
    await t.sql(`UPDATE meeting_unit SET role = 'ATTENDING' WHERE meeting_id = $1 AND org_unit_id = $2`, [
      meeting,
      ids['PAM-MA-TNG-SOUANI'],
    ]);
    expect(await reached(series)).toEqual(TARGETS);
    await t.sql(`UPDATE meeting_unit SET role = 'COORDINATING' WHERE meeting_id = $1 AND org_unit_id = $2`, [
      meeting,
      ids['PAM-MA-TNG'],
    ]);
    expect(await reached(series)).toEqual(['PAM-MA-TNG-MEDINA', 'PAM-MA-TNG-SOUANI']);
    await t.sql(`DELETE FROM meeting_unit WHERE meeting_id = $1 AND org_unit_id = $2`, [
      meeting,
      ids['PAM-MA-TNG-MEDINA'],
    ]);
    expect(await reached(series)).toEqual(['PAM-MA-TNG-SOUANI']);
  });

  it('counts a represented unit while one of its representatives is not absent or excused', async () => {
    const series = await newSeries();
    const [first, second, third] = [await createPerson(t), await createPerson(t), await createPerson(t)];
    const souani = ids['PAM-MA-TNG-SOUANI'];
    const meeting = await recordMeeting(t, ids['PAM-MA-01'], {
      seriesId: series,
      participants: [
        { personId: first, role: 'ATTENDEE', representedUnitId: souani, attendance: 'ATTENDED' },
        { personId: second, role: 'ATTENDEE', representedUnitId: souani },
      ],
    });
    expect(await reached(series)).toEqual(['PAM-MA-TNG-SOUANI']);
    const setAttendance = (personId: string, attendance: string) =>
      t.ok(`mutation($input: SetAttendanceInput!) { setAttendance(input: $input) { id } }`, {
        input: { meetingId: meeting, entries: [{ personId, attendance }] },
      });
    await setAttendance(first, 'ABSENT');
    // The second, whose attendance is unknown, still represents it.
    expect(await reached(series)).toEqual(['PAM-MA-TNG-SOUANI']);
    await setAttendance(second, 'EXCUSED');
    expect(await reached(series)).toEqual([]);
    await setAttendance(first, 'ATTENDED');
    expect(await reached(series)).toEqual(['PAM-MA-TNG-SOUANI']);

    const { meeting: read } = await t.ok(
      `query($id: ID!) { meeting(id: $id) { participants { id person { id } } } }`,
      { id: meeting },
    );
    const participation = read.participants.find(
      (p: { person: { id: string } | null }) => p.person?.id === first,
    ).id;
    await t.ok(`mutation($input: RemoveParticipantInput!) { removeParticipant(input: $input) { id } }`, {
      input: { participationId: participation },
    });
    expect(await reached(series)).toEqual([]);
    await t.ok(`mutation($input: AddParticipantsInput!) { addParticipants(input: $input) { id } }`, {
      input: {
        meetingId: meeting,
        participants: [{ personId: third, role: 'SPEAKER', representedUnitId: ids['PAM-MA-TNG'] }],
      },
    });
    expect(await reached(series)).toEqual(['PAM-MA-TNG']);
    // Moved to another unit by the database: the old one is no longer reached through it.
    await t.sql(
      `UPDATE participation SET represented_unit_id = $2 WHERE meeting_id = $1 AND person_id = $3`,
      [meeting, ids['PAM-MA-TNG-MEDINA'], third],
    );
    expect(await reached(series)).toEqual(['PAM-MA-TNG-MEDINA']);
  });

  it('forgets a deleted meeting', async () => {
    const series = await newSeries();
    const meeting = await recordMeeting(t, ids['PAM-MA-TNG-MEDINA'], {
      seriesId: series,
      units: [{ unitId: ids['PAM-MA-TNG-SOUANI'], role: 'INVITED' }],
      participants: [
        { personId: await createPerson(t), role: 'ATTENDEE', representedUnitId: ids['PAM-MA-TNG'] },
      ],
    });
    await recordMeeting(t, ids['PAM-MA-TNG-MEDINA'], { seriesId: series });
    expect(await reached(series)).toEqual(TARGETS);
    // No mutation deletes a meeting: the database may. Medina is still reached by the other one.
    await t.sql(`DELETE FROM meeting WHERE id = $1`, [meeting]);
    expect(await reached(series)).toEqual(['PAM-MA-TNG-MEDINA']);
  });
});
