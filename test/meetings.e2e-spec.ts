import { forgetRememberedUnits } from '../src/org-units/unit-memory';
import { createPerson, recordMeeting } from './support/fixtures';
import { recordStatements, statementsOf } from './support/statements';
import { expectError, startTestApp, TestApp } from './support/test-app';

const SEED_MEETING = '5eed0000-0000-4000-8000-000000000401';
const SEED_SERIES = '5eed0000-0000-4000-8000-000000000501';
const RECORD = `mutation($input: RecordMeetingInput!) {
  recordMeeting(input: $input) { id status date timeKnown startsAt version participants { id person { fullNameLatin } guestName role attendance } }
}`;

/** The app on the demo, with the demo's unit ids by code. */
async function startDemoApp(): Promise<{ t: TestApp; ids: Record<string, string> }> {
  const t = await startTestApp();
  const ids: Record<string, string> = {};
  for (const code of ['PAM-MA-TNG', 'PAM-MA-01', 'PAM-MA-TNG-MEDINA', 'PAM-MA-TNG-SOUANI', 'PAM']) {
    ids[code] = (await t.ok(`{ orgUnit(code: "${code}") { id } }`)).orgUnit.id;
  }
  return { t, ids };
}

/**
 * The seed meeting and series as the demo has them. Nothing here writes: the counts asserted are the
 * demo's, so these run on an app of their own, which the tests that record meetings never touch.
 */
describe('meetings of the demo, read only (e2e)', () => {
  let t: TestApp;
  let ids: Record<string, string> = {};
  beforeAll(async () => {
    ({ t, ids } = await startDemoApp());
  });
  afterAll(() => t.close());

  it('answers who attended the seed meeting, representing what, and what was decided', async () => {
    const { meeting } = await t.ok(
      `query($id: ID!) { meeting(id: $id) {
         kind status date timeKnown startsAt partOfDay title(lang: FR) titleAr
         convener { code } units { role unit { code } }
         participants { role attendance person { fullNameLatin } representedUnit { code } mandate { position { titleFr } } }
         agenda { position titleAr titleFr }
         outcomes { kind text(lang: AR) status ownerUnit { code } }
         sources { title author }
         series { titleFr }
         attendance { participants attended excused absent unknown }
       } }`,
      { id: SEED_MEETING },
    );
    expect(meeting).toMatchObject({
      kind: 'OUTREACH',
      status: 'HELD',
      date: '2020-11-02',
      timeKnown: false,
      startsAt: null,
      partOfDay: 'AFTERNOON',
      convener: { code: 'PAM-MA-TNG' },
      sources: [{ author: 'مراد بنعلي (Mourad Benali)' }],
    });
    expect(meeting.units.slice(0, 2)).toEqual([
      { role: 'CONVENING', unit: { code: 'PAM-MA-TNG' } },
      { role: 'COORDINATING', unit: { code: 'PAM-MA-01' } },
    ]);
    expect(meeting.units.slice(2)).toEqual(
      expect.arrayContaining(
        ['PAM-MA-TNG-SOUANI', 'PAM-MA-TNG-BNIMAKADA', 'PAM-MA-TNG-MGHOGHA'].map((code) => ({
          role: 'ATTENDING',
          unit: { code },
        })),
      ),
    );
    expect(meeting.units).toHaveLength(5);
    const who = meeting.participants.map((p: any) => [
      p.person.fullNameLatin,
      p.role,
      p.representedUnit.code,
      p.attendance,
    ]);
    expect(who).toEqual([
      ['Mounir Limouri', 'CONVENER', 'PAM-MA-TNG', 'ATTENDED'],
      // Held "in coordination with" him: whether he was there, the report does not say.
      ['Abdellatif Ghalbzouri', 'COORDINATOR', 'PAM-MA-01', null],
      ['Redouane Alaoui Belghiti', 'ATTENDEE', 'PAM-MA-TNG-SOUANI', 'ATTENDED'],
      ['Omar Laaziri', 'ATTENDEE', 'PAM-MA-TNG-BNIMAKADA', 'ATTENDED'],
      ['Abdelhamid Bouchaib', 'ATTENDEE', 'PAM-MA-TNG-MGHOGHA', 'ATTENDED'],
    ]);
    expect(meeting.attendance).toEqual({ participants: 5, attended: 4, excused: 0, absent: 0, unknown: 1 });
    expect(meeting.agenda.map((a: any) => a.position)).toEqual([1, 2]);
    expect(meeting.outcomes).toHaveLength(2);
    expect(meeting.outcomes[1]).toMatchObject({
      kind: 'COMMITMENT',
      status: 'OPEN',
      ownerUnit: { code: 'PAM-MA-TNG' },
    });
  });

  it('answers every field of a participant, asked alone, as a person’s participations read it from whole rows', async () => {
    // What each object field of Participation is asked for.
    const below: Record<string, string> = {
      person: '{ id fullNameLatin fullNameAr }',
      representedUnit: '{ code }',
      mandate: '{ id position { titleFr } }',
      meeting: '{ id }',
    };
    const { __type } = await t.ok(
      `{ __type(name: "Participation") { fields { name type { kind ofType { kind } } } } }`,
    );
    const fields = __type.fields as {
      name: string;
      type: { kind: string; ofType: { kind: string } | null };
    }[];
    const { meeting } = await t.ok(
      `query($id: ID!) { meeting(id: $id) { participants { id person { id } representedUnit { id } mandate { id } } } }`,
      { id: SEED_MEETING },
    );
    const people = meeting.participants.filter((p: any) => p.person);
    // The demo's participants hold every detail a field answers from, so a column left unread shows.
    expect(people.some((p: any) => p.representedUnit && p.mandate)).toBe(true);
    for (const field of fields) {
      const leaf = [field.type.kind, field.type.ofType?.kind].some((k) => k === 'SCALAR' || k === 'ENUM');
      // A new object field needs its selection here.
      expect({ field: field.name, selectable: leaf || field.name in below }).toEqual({
        field: field.name,
        selectable: true,
      });
      const selection = `id ${field.name} ${below[field.name] ?? ''}`;
      const asked = await t.ok(`query($id: ID!) { meeting(id: $id) { participants { ${selection} } } }`, {
        id: SEED_MEETING,
      });
      for (const { id, person } of people) {
        const { person: reference } = await t.ok(
          `query($id: ID!) { person(id: $id) { participations(first: 50) { edges { node { ${selection} } } } } }`,
          { id: person.id },
        );
        const whole = reference.participations.edges.find((edge: any) => edge.node.id === id).node;
        expect({
          field: field.name,
          answer: asked.meeting.participants.find((p: any) => p.id === id),
        }).toEqual({
          field: field.name,
          answer: whole,
        });
      }
    }
  });

  it('reads the series coverage as 3 of 4, with Tanger-Médina missing, rolled up per province', async () => {
    const { meetingSeries } = await t.ok(
      `query($id: ID!) { meetingSeries(id: $id) { organizingUnit { code } targetLevel
         coverage { targets reached ratio missing { totalCount edges { node { code } } } byUnit(level: PROVINCIAL) { unit { code } targets reached ratio } } } }`,
      { id: SEED_SERIES },
    );
    expect(meetingSeries.coverage).toEqual({
      targets: 4,
      reached: 3,
      ratio: 0.75,
      missing: { totalCount: 1, edges: [{ node: { code: 'PAM-MA-TNG-MEDINA' } }] },
      byUnit: [{ unit: { code: 'PAM-MA-TNG' }, targets: 4, reached: 3, ratio: 0.75 }],
    });
  });

  it('finds meetings by unit, subtree, dates, kind, participant, series and Arabic-aware search', async () => {
    const find = async (filter: Record<string, unknown>) =>
      (await t.ok(`query($f: MeetingFilterInput) { meetings(filter: $f) { totalCount } }`, { f: filter }))
        .meetings.totalCount;
    expect(await find({ unit: ids['PAM-MA-TNG-SOUANI'] })).toBe(1);
    expect(await find({ unit: ids['PAM'] })).toBe(0);
    expect(await find({ unit: ids['PAM'], includeDescendants: true })).toBe(1);
    expect(await find({ from: '2020-11-02', to: '2020-11-02' })).toBe(1);
    expect(await find({ from: '2020-11-03' })).toBe(0);
    expect(await find({ kind: 'BUREAU' })).toBe(0);
    expect(await find({ participant: '5eed0000-0000-4000-8000-000000000204' })).toBe(1);
    expect(await find({ series: SEED_SERIES })).toBe(1);
    expect(await find({ search: 'الاستحقاقات المقبله' })).toBe(1);
    expect(await find({ search: 'echeances electorales' })).toBe(1);
    const { person } = await t.ok(
      `{ person(id: "5eed0000-0000-4000-8000-000000000202") { participations { totalCount edges { node { role meeting { kind } person { fullNameLatin } } } } } }`,
    );
    expect(person.participations.edges).toEqual([
      {
        node: {
          role: 'CONVENER',
          meeting: { kind: 'OUTREACH' },
          person: { fullNameLatin: 'Mounir Limouri' },
        },
      },
    ]);
    const { orgUnit } = await t.ok(
      `{ orgUnit(code: "PAM-MA-01") { meetings { totalCount } all: meetings(includeDescendants: true, kind: OUTREACH) { totalCount } } }`,
    );
    expect(orgUnit).toEqual({ meetings: { totalCount: 1 }, all: { totalCount: 1 } });
  });
});

describe('meetings (e2e)', () => {
  let t: TestApp;
  let ids: Record<string, string> = {};
  beforeAll(async () => {
    ({ t, ids } = await startDemoApp());
  });
  afterAll(() => t.close());

  const counts = async () =>
    (
      await t.sql(`SELECT (SELECT count(*) FROM meeting)::int AS meetings, (SELECT count(*) FROM participation)::int AS participants,
                          (SELECT count(*) FROM agenda_item)::int AS agenda, (SELECT count(*) FROM outcome)::int AS outcomes,
                          (SELECT count(*) FROM meeting_unit)::int AS units`)
    )[0];
  const newPerson = (name: string) => createPerson(t, { fullNameLatin: name });

  it('records a meeting with everything in one call, and a second reaches Tanger-Médina', async () => {
    const guest = 'Journaliste invité';
    const secretary = await newPerson('Samira Medina');
    const result = await t.gql(RECORD, {
      input: {
        kind: 'OUTREACH',
        titleFr: 'Rencontre avec le secrétariat local de Tanger-Médina',
        date: '2020-12-05',
        startsAt: '2020-12-05T16:00:00+01:00',
        endsAt: '2020-12-05T18:30:00+01:00',
        convenerUnitId: ids['PAM-MA-TNG'],
        seriesId: SEED_SERIES,
        units: [{ unitId: ids['PAM-MA-TNG-MEDINA'], role: 'INVITED' }],
        participants: [
          {
            personId: '5eed0000-0000-4000-8000-000000000202',
            mandateId: '5eed0000-0000-4000-8000-000000000302',
            role: 'CONVENER',
            attendance: 'ATTENDED',
          },
          {
            personId: secretary,
            role: 'ATTENDEE',
            representedUnitId: ids['PAM-MA-TNG-MEDINA'],
            invited: true,
          },
          { guestName: guest, role: 'GUEST' },
        ],
        agenda: [{ titleFr: 'Renouvellement du secrétariat local' }],
        outcomes: [
          {
            kind: 'DECISION',
            textFr: 'Tenir une assemblée locale',
            ownerUnitId: ids['PAM-MA-TNG-MEDINA'],
            dueOn: '2021-01-31',
          },
        ],
        sources: [{ url: 'https://example.org/report', author: 'Secrétariat provincial' }],
      },
    });
    expect(result.errors).toBeUndefined();
    expect(result.data!.recordMeeting).toMatchObject({
      status: 'HELD',
      timeKnown: true,
      startsAt: '2020-12-05T16:00:00+01:00',
      version: 1,
    });
    expect(
      result.data!.recordMeeting.participants.map((p: any) => p.guestName ?? p.person.fullNameLatin),
    ).toEqual(['Mounir Limouri', 'Samira Medina', guest]);
    const { meetingSeries } = await t.ok(
      `query($id: ID!) { meetingSeries(id: $id) { coverage { targets reached missing { totalCount } } } }`,
      { id: SEED_SERIES },
    );
    expect(meetingSeries.coverage).toEqual({ targets: 4, reached: 4, missing: { totalCount: 0 } });
  });

  it('puts a late start on its day by Morocco’s clock of that day, whatever the runtime’s or the database’s zone data', async () => {
    // 23:30 UTC: the next day in 2020 (UTC+1), the same day from the autumn of 2026 (UTC+0 for good),
    // which Node 20's zone data and PostgreSQL 15's on Debian do not know yet.
    const record = (date: string, startsAt: string) =>
      t.gql(RECORD, {
        input: {
          kind: 'BUREAU',
          titleFr: 'Bureau tardif',
          date,
          startsAt,
          convenerUnitId: ids['PAM-MA-TNG'],
        },
      });
    const late = await record('2026-10-01', '2026-10-01T23:30:00Z');
    expect(late.errors).toBeUndefined();
    expect(late.data!.recordMeeting).toMatchObject({
      date: '2026-10-01',
      startsAt: '2026-10-01T23:30:00+00:00',
    });
    const [stored] = await t.sql<{ heldOn: string; startsAt: string }>(
      `SELECT held_on::text AS "heldOn", to_char(starts_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') AS "startsAt"
         FROM meeting WHERE id = $1`,
      [late.data!.recordMeeting.id],
    );
    expect(stored).toEqual({ heldOn: '2026-10-01', startsAt: '2026-10-01 23:30' });
    expectError(await record('2026-10-02', '2026-10-01T23:30:00Z'), 'BAD_USER_INPUT');

    const before = await record('2020-10-02', '2020-10-01T23:30:00Z');
    expect(before.data!.recordMeeting).toMatchObject({
      date: '2020-10-02',
      startsAt: '2020-10-02T00:30:00+01:00',
    });
    expectError(await record('2020-10-01', '2020-10-01T23:30:00Z'), 'BAD_USER_INPUT');
  });

  describe('rules: a coded error and nothing written', () => {
    const base = () => ({
      kind: 'BUREAU',
      titleFr: 'Réunion du bureau',
      date: '2021-03-01',
      convenerUnitId: ids['PAM-MA-TNG'],
    });

    it.each([
      [
        'an end before the start',
        { startsAt: '2021-03-01T18:00:00+00:00', endsAt: '2021-03-01T17:00:00+00:00' },
        'BAD_USER_INPUT',
        /end after it starts/,
      ],
      [
        'a start on another day',
        { startsAt: '2021-03-02T10:00:00+01:00' },
        'BAD_USER_INPUT',
        /not on the meeting's date/,
      ],
      [
        'a future meeting marked HELD',
        { date: '2099-01-01', status: 'HELD' },
        'BAD_USER_INPUT',
        /cannot be HELD yet/,
      ],
      [
        'attendance on a planned meeting',
        {
          date: '2099-01-01',
          participants: [
            { personId: '5eed0000-0000-4000-8000-000000000202', role: 'ATTENDEE', attendance: 'ATTENDED' },
          ],
        },
        'BAD_USER_INPUT',
        /held meetings/,
      ],
      [
        'a person twice',
        {
          participants: [
            { personId: '5eed0000-0000-4000-8000-000000000202', role: 'ATTENDEE' },
            { personId: '5eed0000-0000-4000-8000-000000000202', role: 'SPEAKER' },
          ],
        },
        'CONFLICT',
        /already at this meeting/,
      ],
      [
        'someone else’s mandate',
        {
          participants: [
            {
              personId: '5eed0000-0000-4000-8000-000000000202',
              mandateId: '5eed0000-0000-4000-8000-000000000301',
              role: 'ATTENDEE',
            },
          ],
        },
        'BAD_USER_INPUT',
        /belongs to someone else/,
      ],
      [
        'a mandate not running that day',
        {
          date: '2019-01-01',
          participants: [
            {
              personId: '5eed0000-0000-4000-8000-000000000202',
              mandateId: '5eed0000-0000-4000-8000-000000000302',
              role: 'ATTENDEE',
            },
          ],
        },
        'BAD_USER_INPUT',
        /not running on 2019-01-01/,
      ],
      [
        'an outcome due before the meeting',
        { outcomes: [{ kind: 'DECISION', textFr: 'X', dueOn: '2021-02-28' }] },
        'BAD_USER_INPUT',
        /before its meeting/,
      ],
      [
        'an unknown participant',
        { participants: [{ personId: '5eed0000-0000-4000-8000-00000000ffff', role: 'ATTENDEE' }] },
        'NOT_FOUND',
        /Person/,
      ],
      [
        'an unknown convener',
        { convenerUnitId: '5eed0000-0000-4000-8000-00000000ffff' },
        'NOT_FOUND',
        /Convening unit .* not found/,
      ],
      ['an unknown series', { seriesId: '5eed0000-0000-4000-8000-00000000ffff' }, 'NOT_FOUND', /series/],
      ['an impossible date', { date: '2021-02-30' }, 'BAD_USER_INPUT', /real day/],
      ['an unknown kind', { kind: 'PARTY' }, 'BAD_USER_INPUT', /PARTY/],
    ])('refuses %s', async (_case, override, code, message) => {
      const before = await counts();
      const input = { ...base(), agenda: [{ titleFr: 'Point 1' }], ...override };
      expect(expectError(await t.gql(RECORD, { input }), code)).toMatch(message);
      expect(await counts()).toEqual(before);
    });

    it('updates with an expected version, refuses a stale one, and never un-cancels', async () => {
      const { recordMeeting } = await t.ok(RECORD, { input: { ...base(), date: '2099-05-01' } });
      const update = (input: Record<string, unknown>) =>
        t.gql(
          `mutation($input: UpdateMeetingInput!) { updateMeeting(input: $input) { status titleFr version } }`,
          { input },
        );
      const ok = await update({ id: recordMeeting.id, expectedVersion: 1, titleFr: 'Bureau élargi' });
      expect(ok.data!.updateMeeting).toEqual({ status: 'PLANNED', titleFr: 'Bureau élargi', version: 2 });
      expectError(await update({ id: recordMeeting.id, expectedVersion: 1, titleFr: 'Stale' }), 'CONFLICT');
      expectError(
        await update({ id: recordMeeting.id, expectedVersion: 2, status: 'HELD' }),
        'BAD_USER_INPUT',
      );
      const cancel = await t.gql(
        `mutation($id: ID!) { cancelMeeting(input: { id: $id }) { status version } }`,
        { id: recordMeeting.id },
      );
      expect(cancel.data!.cancelMeeting).toEqual({ status: 'CANCELLED', version: 3 });
      expect(
        expectError(
          await update({ id: recordMeeting.id, expectedVersion: 3, status: 'PLANNED' }),
          'BAD_USER_INPUT',
        ),
      ).toMatch(/cannot be reopened/);
      expectError(
        await t.gql(`mutation($id: ID!) { cancelMeeting(input: { id: $id }) { status } }`, {
          id: recordMeeting.id,
        }),
        'CONFLICT',
      );
      const [row] = await t.sql(`SELECT status, title_fr FROM meeting WHERE id = $1`, [recordMeeting.id]);
      expect(row).toEqual({ status: 'CANCELLED', title_fr: 'Bureau élargi' });
    });

    it('lets exactly one of two racing updates with the same version win', async () => {
      const { recordMeeting } = await t.ok(RECORD, { input: base() });
      const results = await Promise.all(
        ['Première', 'Seconde'].map((titleFr) =>
          t.gql(`mutation($input: UpdateMeetingInput!) { updateMeeting(input: $input) { version } }`, {
            input: { id: recordMeeting.id, expectedVersion: recordMeeting.version, titleFr },
          }),
        ),
      );
      expect(results.filter((r) => !r.errors)).toHaveLength(1);
      expectError(
        results.find((r) => r.errors)!,
        'CONFLICT',
      );
    });

    it('manages participants, attendance and outcomes', async () => {
      const person = await newPerson('Participant Test');
      const { recordMeeting } = await t.ok(RECORD, {
        input: { ...base(), participants: [{ personId: person, role: 'ATTENDEE' }] },
      });
      const planned = await t.ok(RECORD, {
        input: { ...base(), date: '2099-06-01', participants: [{ personId: person, role: 'ATTENDEE' }] },
      });
      const attendance = (meetingId: string, entries: unknown[]) =>
        t.gql(
          `mutation($input: SetAttendanceInput!) { setAttendance(input: $input) { participants { attendance } } }`,
          {
            input: { meetingId, entries },
          },
        );
      expect(
        (await attendance(recordMeeting.id, [{ personId: person, attendance: 'EXCUSED' }])).data!
          .setAttendance.participants,
      ).toEqual([{ attendance: 'EXCUSED' }]);
      const counted = async (id: string) =>
        (
          await t.ok(`query($id: ID!) { meeting(id: $id) { attendance { participants excused unknown } } }`, {
            id,
          })
        ).meeting.attendance;
      expect(await counted(recordMeeting.id)).toEqual({ participants: 1, excused: 1, unknown: 0 });
      expect(await counted(planned.recordMeeting.id)).toEqual({ participants: 1, excused: 0, unknown: 1 });
      expectError(
        await attendance(planned.recordMeeting.id, [{ personId: person, attendance: 'ATTENDED' }]),
        'BAD_USER_INPUT',
      );
      expectError(
        await attendance(recordMeeting.id, [
          { personId: '5eed0000-0000-4000-8000-000000000203', attendance: 'ATTENDED' },
        ]),
        'NOT_FOUND',
      );

      const add = await t.gql(
        `mutation($input: AddParticipantsInput!) { addParticipants(input: $input) { participants { id role } } }`,
        {
          input: { meetingId: recordMeeting.id, participants: [{ guestName: 'Invité', role: 'GUEST' }] },
        },
      );
      const participants = add.data!.addParticipants.participants;
      expect(participants).toHaveLength(2);
      expectError(
        await t.gql(`mutation($input: AddParticipantsInput!) { addParticipants(input: $input) { id } }`, {
          input: { meetingId: recordMeeting.id, participants: [{ personId: person, role: 'SPEAKER' }] },
        }),
        'CONFLICT',
      );
      const removed = await t.ok(
        `mutation($id: ID!) { removeParticipant(input: { participationId: $id }) { participants { role } } }`,
        {
          id: participants[1].id,
        },
      );
      expect(removed.removeParticipant.participants).toEqual([{ role: 'ATTENDEE' }]);

      const outcome = await t.gql(
        `mutation($input: AddOutcomeInput!) { addOutcome(input: $input) { id status dueOn meeting { id } } }`,
        {
          input: {
            meetingId: recordMeeting.id,
            kind: 'COMMITMENT',
            textFr: 'Envoyer le rapport',
            ownerPersonId: person,
            dueOn: '2021-03-15',
          },
        },
      );
      expect(outcome.data!.addOutcome).toMatchObject({ status: 'OPEN', dueOn: '2021-03-15' });
      expectError(
        await t.gql(`mutation($input: AddOutcomeInput!) { addOutcome(input: $input) { id } }`, {
          input: { meetingId: recordMeeting.id, kind: 'COMMITMENT', textFr: 'Trop tôt', dueOn: '2021-02-01' },
        }),
        'BAD_USER_INPUT',
      );
      const overdue = await t.ok(
        `query($owner: ID) { outcomes(filter: { overdue: true, owner: $owner }) { totalCount } }`,
        { owner: person },
      );
      expect(overdue.outcomes.totalCount).toBe(1);
      const done = await t.ok(
        `mutation($id: ID!) { setOutcomeStatus(input: { id: $id, status: DONE, closedOn: "2021-03-10" }) { status closedOn } }`,
        {
          id: outcome.data!.addOutcome.id,
        },
      );
      expect(done.setOutcomeStatus).toEqual({ status: 'DONE', closedOn: '2021-03-10' });
      const under = await t.ok(
        `query($u: ID) { outcomes(filter: { under: $u, status: OPEN }) { totalCount } }`,
        { u: ids['PAM-MA-TNG'] },
      );
      expect(under.outcomes.totalCount).toBeGreaterThanOrEqual(2);
    });

    it('creates and updates a series whose targets must lie under the organising unit', async () => {
      const create = (input: Record<string, unknown>) =>
        t.gql(
          `mutation($input: CreateMeetingSeriesInput!) { createMeetingSeries(input: $input) { id version coverage { targets reached } } }`,
          { input },
        );
      expect(
        expectError(
          await create({
            titleFr: 'Tournée',
            organizingUnitId: ids['PAM-MA-TNG'],
            targets: { unitIds: [ids['PAM-MA-01']] },
          }),
          'BAD_USER_INPUT',
        ),
      ).toMatch(/not under the organising unit/);
      const created = await create({
        titleFr: 'Tournée régionale',
        organizingUnitId: ids['PAM-MA-01'],
        startsOn: '2021-01-01',
        targets: { unitIds: [ids['PAM-MA-TNG-MEDINA'], ids['PAM-MA-TNG-SOUANI']] },
      });
      expect(created.data!.createMeetingSeries).toMatchObject({
        version: 1,
        coverage: { targets: 2, reached: 0 },
      });
      const updated = await t.gql(
        `mutation($input: UpdateMeetingSeriesInput!) { updateMeetingSeries(input: $input) { version coverage { targets } } }`,
        {
          input: {
            id: created.data!.createMeetingSeries.id,
            expectedVersion: 1,
            targets: { level: 'LOCAL', under: ids['PAM-MA-01'] },
          },
        },
      );
      expect(updated.data!.updateMeetingSeries).toEqual({ version: 2, coverage: { targets: 4 } });
      const list = await t.ok(`query($u: ID) { meetingSeriesList(filter: { unit: $u }) { totalCount } }`, {
        u: ids['PAM-MA-01'],
      });
      expect(list.meetingSeriesList.totalCount).toBe(2);
      expectError(
        await t.gql(`{ meetingSeries(id: "5eed0000-0000-4000-8000-00000000ffff") { id } }`),
        'NOT_FOUND',
      );
      expectError(await t.gql(`{ meeting(id: "nope") { id } }`), 'NOT_FOUND');
    });
  });

  it('answers an agenda item’s title in the asked language, or the other one when it has only one', async () => {
    const id = await recordMeeting(t, ids['PAM-MA-TNG'], {
      agenda: [{ titleAr: 'التنظيم', titleFr: 'Organisation' }, { titleFr: 'Divers' }],
    });
    const { meeting } = await t.ok(
      `query($id: ID!) { meeting(id: $id) { agenda { position ar: title(lang: AR) fr: title(lang: FR) title } } }`,
      { id },
    );
    expect(meeting.agenda).toEqual([
      { position: 1, ar: 'التنظيم', fr: 'Organisation', title: 'التنظيم' },
      { position: 2, ar: 'Divers', fr: 'Divers', title: 'Divers' },
    ]);
  });

  it("reads a participant's whole person when more than the names is asked, beside a names-only list", async () => {
    const PERSON =
      'id fullNameAr fullNameLatin gender membershipNumber version homeUnit { code } contact { phone email address }';
    const { createPerson: created } = await t.ok(
      `mutation($input: CreatePersonInput!) { createPerson(input: $input) { ${PERSON} } }`,
      {
        input: {
          fullNameAr: 'سناء الإدريسي',
          fullNameLatin: 'Sanaa Idrissi',
          gender: 'FEMALE',
          membershipNumber: 'TNG/2021/0042',
          homeUnitId: ids['PAM-MA-TNG-MEDINA'],
          contact: { phone: '+212 600 000 042', email: 'sanaa@example.ma', address: 'Tanger, Medina' },
        },
      },
    );
    const { recordMeeting } = await t.ok(RECORD, {
      input: {
        kind: 'BUREAU',
        titleFr: 'Bureau local',
        date: '2021-03-02',
        convenerUnitId: ids['PAM-MA-TNG-MEDINA'],
        participants: [{ personId: created.id, role: 'CONVENER' }],
      },
    });
    const { meeting } = await t.ok(
      `query($id: ID!) { meeting(id: $id) {
         names: participants { person { id fullNameAr fullNameLatin name(lang: AR) } }
         whole: participants { person { ${PERSON} } }
       } }`,
      { id: recordMeeting.id },
    );
    expect(meeting.names).toEqual([
      {
        person: {
          id: created.id,
          fullNameAr: 'سناء الإدريسي',
          fullNameLatin: 'Sanaa Idrissi',
          name: 'سناء الإدريسي',
        },
      },
    ]);
    expect(meeting.whole).toEqual([{ person: created }]);
    expect(created).toMatchObject({ gender: 'FEMALE', homeUnit: { code: 'PAM-MA-TNG-MEDINA' } });
    expect(created.contact.email).toBe('sanaa@example.ma');
  });
});

describe('meetings of many units at once (e2e)', () => {
  let t: TestApp;
  /** Tangier–Asilah's id and its local units' ids by code. */
  let provinceId: string;
  const locals: Record<string, string> = {};
  beforeAll(async () => {
    t = await startTestApp();
    const { orgUnit } = await t.ok(`{ orgUnit(code: "PAM-MA-TNG") { id children { id code } } }`);
    provinceId = orgUnit.id;
    for (const child of orgUnit.children as { id: string; code: string }[]) locals[child.code] = child.id;
  });
  afterAll(() => t.close());

  it('pages each unit as the meetings list does, in a number of statements that does not grow with the units', async () => {
    const [souani, medina, other] = ['PAM-MA-TNG-SOUANI', 'PAM-MA-TNG-MEDINA', 'PAM-MA-TNG-BNIMAKADA'].map(
      (code) => locals[code],
    );
    const record = (convenerUnitId: string, date: string, units: string[] = []) =>
      t.ok(RECORD, {
        input: {
          kind: 'BUREAU',
          titleFr: `Réunion ${date}`,
          date,
          convenerUnitId,
          units: units.map((unitId) => ({ unitId, role: 'INVITED' })),
        },
      });
    for (const day of ['2021-03-01', '2021-03-02', '2021-03-03', '2021-04-01']) await record(souani, day);
    await record(medina, '2021-03-02');
    // Convened by the province, with Souani taking part: Souani's list has it too, once.
    await record(provinceId, '2021-03-05', [souani, other]);

    const args = `from: "2021-01-01", to: "2021-03-31", first: 2`;
    const nested = `query($after: String) { orgUnit(code: "PAM-MA-TNG") { children { id code
      meetings(${args}, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { date } } } } } }`;
    const flat = `query($unit: ID!, $after: String) {
      meetings(filter: { unit: $unit, from: "2021-01-01", to: "2021-03-31" }, first: 2, after: $after) {
        totalCount pageInfo { hasNextPage endCursor } edges { node { date } } } }`;
    // A cursor carries its meeting's place in the order, which both lists share: one of Souani's
    // pages reads every unit's list from that place.
    const cursor = (await t.ok(flat, { unit: souani, after: null })).meetings.pageInfo.endCursor;
    for (const after of [null, cursor]) {
      const { orgUnit } = await t.ok(nested, { after });
      for (const child of orgUnit.children) {
        const { meetings } = await t.ok(flat, { unit: child.id, after });
        expect({ code: child.code, ...child.meetings }).toEqual({ code: child.code, ...meetings });
      }
    }
    const first = (await t.ok(nested, { after: null })).orgUnit.children;
    const page = (id: string) => first.find((c: { id: string }) => c.id === id).meetings;
    expect(page(souani).totalCount).toBe(4);
    expect(page(souani).edges.map((e: { node: { date: string } }) => e.node.date)).toEqual([
      '2021-03-05',
      '2021-03-03',
    ]);
    expect(page(medina).totalCount).toBe(1);
    expect(page(other).totalCount).toBe(1);
    const { meeting } = await t.ok(
      `query($id: ID!) { meeting(id: $id) { attendance { participants unknown } } }`,
      {
        id: (await record(medina, '2021-03-09')).recordMeeting.id,
      },
    );
    expect(meeting.attendance).toEqual({ participants: 0, unknown: 0 });

    // One unit or all of them: the same statements.
    const statements = async (query: string) => {
      forgetRememberedUnits(); // each count starts with no unit remembered from an earlier request
      return (await statementsOf(t, query)).statements;
    };
    const one = await statements(
      `{ orgUnit(code: "PAM-MA-TNG-SOUANI") { meetings(${args}) { totalCount edges { node { date } } } } }`,
    );
    const all = await statements(
      `{ orgUnit(code: "PAM-MA-TNG") { children { meetings(${args}) { totalCount edges { node { date } } } } } }`,
    );
    expect(all).toBe(one); // the children come with the unit asked by code
    // The page's meetings come in the statement that pages them: one more than the unit alone.
    expect(one).toBe((await statements(`{ orgUnit(code: "PAM-MA-TNG-SOUANI") { id } }`)) + 1);
    // Their attendance too: counted in that statement.
    const withAttendance = await statements(
      `{ orgUnit(code: "PAM-MA-TNG") { children { meetings(${args}) { edges { node { date attendance { participants } } } } } } }`,
    );
    expect(withAttendance).toBe(one);
  });

  it('finds a meeting in the window of its new day, for the units that took part as for its convener', async () => {
    const [medina, mghogha] = [locals['PAM-MA-TNG-MEDINA'], locals['PAM-MA-TNG-MGHOGHA']];
    const person = await createPerson(t, { fullNameAr: 'سعاد الريفي', fullNameLatin: 'Souad Rifi' });
    const { recordMeeting: recorded } = await t.ok(RECORD, {
      input: {
        kind: 'OUTREACH',
        titleFr: 'Rencontre de mai',
        date: '2022-05-10',
        convenerUnitId: medina,
        units: [{ unitId: mghogha, role: 'ATTENDING' }],
        participants: [{ personId: person, role: 'ATTENDEE', attendance: 'ATTENDED' }],
      },
    });
    // Each unit's page of a window, nested under the province and from the meetings list (which
    // reads the meetings' own days): the two must agree.
    const window = async (from: string, to: string) => {
      const { orgUnit } = await t.ok(
        `query($from: Date!, $to: Date!) { orgUnit(code: "PAM-MA-TNG") { children { id code
           meetings(from: $from, to: $to) { totalCount edges { node { id attendance { participants attended } } } } } } }`,
        { from, to },
      );
      const pages: Record<string, string[]> = {};
      for (const child of orgUnit.children) {
        const { meetings } = await t.ok(
          `query($unit: ID!, $from: Date!, $to: Date!) {
             meetings(filter: { unit: $unit, from: $from, to: $to }) { totalCount edges { node { id attendance { participants attended } } } } }`,
          { unit: child.id, from, to },
        );
        expect({ code: child.code, ...child.meetings }).toEqual({ code: child.code, ...meetings });
        pages[child.code] = meetings.edges.map((e: { node: { id: string } }) => e.node.id);
      }
      return pages;
    };
    const holding = (pages: Record<string, string[]>) =>
      Object.keys(pages).filter((code) => pages[code].includes(recorded.id));
    expect(holding(await window('2022-05-01', '2022-05-31'))).toEqual([
      'PAM-MA-TNG-MEDINA',
      'PAM-MA-TNG-MGHOGHA',
    ]);

    const { meeting } = await t.ok(`query($id: ID!) { meeting(id: $id) { version } }`, { id: recorded.id });
    await t.ok(`mutation($input: UpdateMeetingInput!) { updateMeeting(input: $input) { id } }`, {
      input: { id: recorded.id, expectedVersion: meeting.version, date: '2022-07-04' },
    });
    expect(holding(await window('2022-05-01', '2022-05-31'))).toEqual([]);
    expect(holding(await window('2022-07-01', '2022-07-31'))).toEqual([
      'PAM-MA-TNG-MEDINA',
      'PAM-MA-TNG-MGHOGHA',
    ]);
    const stale =
      await t.sql(`SELECT mu.meeting_id FROM meeting_unit mu JOIN meeting m ON m.id = mu.meeting_id
                                WHERE mu.held_on <> m.held_on`);
    expect(stale).toEqual([]);
  });

  it('orders a day’s meetings by their start for the units that took part, and follows a new start', async () => {
    const [medina, mghogha] = [locals['PAM-MA-TNG-MEDINA'], locals['PAM-MA-TNG-MGHOGHA']];
    const record = async (titleFr: string, startsAt: string) =>
      (
        await t.ok(RECORD, {
          input: {
            kind: 'BUREAU',
            titleFr,
            date: '2022-09-15',
            startsAt,
            convenerUnitId: medina,
            units: [{ unitId: mghogha, role: 'ATTENDING' }],
          },
        })
      ).recordMeeting.id as string;
    const morning = await record('Bureau du matin', '2022-09-15T09:00:00Z');
    const evening = await record('Bureau du soir', '2022-09-15T18:00:00Z');
    // Each unit's page of that day, read nested (ranked from the indexes) and from the meetings list.
    const day = async () => {
      const { orgUnit } = await t.ok(
        `{ orgUnit(code: "PAM-MA-TNG") { children { id code
             meetings(from: "2022-09-15", to: "2022-09-15") { edges { node { id } } } } } }`,
      );
      const pages: Record<string, string[]> = {};
      for (const child of orgUnit.children) {
        const nested = child.meetings.edges.map((e: { node: { id: string } }) => e.node.id);
        const { meetings } = await t.ok(
          `query($unit: ID!) { meetings(filter: { unit: $unit, from: "2022-09-15", to: "2022-09-15" }) {
             edges { node { id } } } }`,
          { unit: child.id },
        );
        expect({ code: child.code, ids: nested }).toEqual({
          code: child.code,
          ids: meetings.edges.map((e: { node: { id: string } }) => e.node.id),
        });
        if (nested.length) pages[child.code] = nested;
      }
      return pages;
    };
    expect(await day()).toEqual({
      'PAM-MA-TNG-MEDINA': [evening, morning],
      'PAM-MA-TNG-MGHOGHA': [evening, morning],
    });

    const { meeting } = await t.ok(`query($id: ID!) { meeting(id: $id) { version } }`, { id: morning });
    await t.ok(`mutation($input: UpdateMeetingInput!) { updateMeeting(input: $input) { id } }`, {
      input: { id: morning, expectedVersion: meeting.version, startsAt: '2022-09-15T20:30:00Z' },
    });
    expect(await day()).toEqual({
      'PAM-MA-TNG-MEDINA': [morning, evening],
      'PAM-MA-TNG-MGHOGHA': [morning, evening],
    });
    const stale =
      await t.sql(`SELECT mu.meeting_id FROM meeting_unit mu JOIN meeting m ON m.id = mu.meeting_id
                    WHERE mu.starts_at IS DISTINCT FROM m.starts_at`);
    expect(stale).toEqual([]);
  });

  it('filters a unit’s page by kind and status, for its convener and for the units that took part', async () => {
    const [medina, mghogha] = [locals['PAM-MA-TNG-MEDINA'], locals['PAM-MA-TNG-MGHOGHA']];
    const record = async (kind: string, status: string) =>
      (
        await t.ok(RECORD, {
          input: {
            kind,
            status,
            titleFr: `${kind} ${status}`,
            date: '2022-10-20',
            convenerUnitId: medina,
            units: [{ unitId: mghogha, role: 'ATTENDING' }],
          },
        })
      ).recordMeeting.id as string;
    const bureauHeld = await record('BUREAU', 'HELD');
    const bureauPlanned = await record('BUREAU', 'PLANNED');
    const outreachHeld = await record('OUTREACH', 'HELD');
    const page = async (unit: string, args: string) =>
      (
        await t.ok(
          `query($unit: ID!) { node: orgUnit(id: $unit) {
             meetings(from: "2022-10-20", to: "2022-10-20", ${args}) { totalCount edges { node { id } } } } }`,
          { unit },
        )
      ).node.meetings;
    for (const unit of [medina, mghogha]) {
      const ids = async (args: string) => {
        const { totalCount, edges } = await page(unit, args);
        const found = edges.map((e: { node: { id: string } }) => e.node.id).sort();
        expect(totalCount).toBe(found.length);
        return found;
      };
      expect(await ids('kind: BUREAU')).toEqual([bureauHeld, bureauPlanned].sort());
      expect(await ids('status: HELD')).toEqual([bureauHeld, outreachHeld].sort());
      expect(await ids('kind: BUREAU, status: HELD')).toEqual([bureauHeld]);
    }
  });

  it('counts a meeting once for the units that convened or took part in it, as its convener changes', async () => {
    const [medina, mghogha] = [locals['PAM-MA-TNG-MEDINA'], locals['PAM-MA-TNG-MGHOGHA']];
    const count = async (unit: string, includeDescendants: boolean) =>
      (
        await t.ok(
          `query($unit: ID!, $all: Boolean) {
             meetings(filter: { unit: $unit, includeDescendants: $all }, first: 0) { totalCount } }`,
          { unit, all: includeDescendants },
        )
      ).meetings.totalCount as number;
    const counts = async () => ({
      province: await count(provinceId, true),
      medina: await count(medina, false),
      mghogha: await count(mghogha, false),
    });
    const before = await counts();
    // Convened by the province, both locals taking part: once for each, once for the province.
    const { recordMeeting: recorded } = await t.ok(RECORD, {
      input: {
        kind: 'OUTREACH',
        titleFr: 'Rencontre provinciale',
        date: '2022-11-08',
        convenerUnitId: provinceId,
        units: [
          { unitId: medina, role: 'ATTENDING' },
          { unitId: mghogha, role: 'ATTENDING' },
        ],
      },
    });
    const plusOne = { province: before.province + 1, medina: before.medina + 1, mghogha: before.mghogha + 1 };
    expect(await counts()).toEqual(plusOne);
    // Convened by one of the locals that took part: still once for each.
    for (const convener of [medina, mghogha, provinceId]) {
      const { meeting } = await t.ok(`query($id: ID!) { meeting(id: $id) { version } }`, { id: recorded.id });
      await t.ok(`mutation($input: UpdateMeetingInput!) { updateMeeting(input: $input) { id } }`, {
        input: { id: recorded.id, expectedVersion: meeting.version, convenerUnitId: convener },
      });
      expect({ convener, ...(await counts()) }).toEqual({ convener, ...plusOne });
    }
    const stale =
      await t.sql(`SELECT mu.meeting_id FROM meeting_unit mu JOIN meeting m ON m.id = mu.meeting_id
                    WHERE mu.convening_unit_id <> m.convening_unit_id`);
    expect(stale).toEqual([]);
  });
});

describe('a unit’s meetings read with only the columns their fields need (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  // What each object field of Meeting is asked for; arguments for the fields that take them.
  const BELOW: Record<string, string> = {
    agenda: '{ position titleFr }',
    attendance: '{ participants attended unknown }',
    context: '{ relation }',
    convener: '{ code }',
    interventions: '{ kind }',
    outcomes: '{ kind status }',
    participants: '{ role attendance person { fullNameLatin } }',
    series: '{ id }',
    sources: '{ title author }',
    territory: '{ code }',
    units: '{ role unit { code } }',
    summary: '(lang: FR)',
    title: '(lang: FR)',
  };

  it('answers every field of a unit’s meetings, asked alone, as the meetings list reads it from whole rows', async () => {
    const { orgUnit } = await t.ok(`{ orgUnit(code: "PAM-MA-TNG") { id } }`);
    // Beside the demo's meeting (its hour unknown, a part of the day), one with every detail.
    await t.ok(RECORD, {
      input: {
        kind: 'BUREAU',
        status: 'HELD',
        titleAr: 'اجتماع المكتب',
        titleFr: 'Réunion du bureau',
        summaryFr: 'Préparation des élections',
        date: '2020-11-20',
        startsAt: '2020-11-20T18:00:00+01:00',
        endsAt: '2020-11-20T20:00:00+01:00',
        place: 'Siège provincial',
        agendaPartial: true,
        convenerUnitId: orgUnit.id,
      },
    });
    const { __type } = await t.ok(
      `{ __type(name: "Meeting") { fields { name type { kind ofType { kind } } } } }`,
    );
    const fields = __type.fields as {
      name: string;
      type: { kind: string; ofType: { kind: string } | null };
    }[];
    expect(fields.length).toBeGreaterThan(20);
    for (const field of fields) {
      const leaf = [field.type.kind, field.type.ofType?.kind].some((k) => k === 'SCALAR' || k === 'ENUM');
      const below = BELOW[field.name] ?? '';
      // A new object field needs its selection here; a field with arguments needs them.
      expect({ field: field.name, selectable: leaf || below.startsWith('{') }).toEqual({
        field: field.name,
        selectable: true,
      });
      const selection = `id ${field.name} ${below}`;
      const { orgUnit: unit } = await t.ok(
        `{ orgUnit(code: "PAM-MA-TNG") { meetings(first: 5) { edges { node { ${selection} } } } } }`,
      );
      // The flat list reads whole rows through TypeORM: the reference.
      const { meetings } = await t.ok(
        `query($unit: ID!) { meetings(filter: { unit: $unit }, first: 5) { edges { node { ${selection} } } } }`,
        { unit: orgUnit.id },
      );
      expect(unit.meetings.edges.length).toBeGreaterThanOrEqual(2);
      expect({ field: field.name, edges: unit.meetings.edges }).toEqual({
        field: field.name,
        edges: meetings.edges,
      });
    }
  });
});

describe('meetings: SQL statements per request (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    // A page of fifty meetings, each with up to its cap of participants and their people, mandates
    // and units, is costed past the default limit: raised here, where statements are what is counted.
    t = await startTestApp({ env: { GRAPHQL_MAX_COST: '1000000' } });
  });
  afterAll(() => t.close());

  it('records a meeting with 10 participants in the statements of one with a single participant', async () => {
    const convenerUnitId = (await t.ok(`{ orgUnit(code: "PAM-MA-TNG") { id } }`)).orgUnit.id;
    const people: string[] = [];
    for (let i = 0; i < 10; i++) people.push(await createPerson(t, { fullNameLatin: `P ${i}` }));
    const statementsFor = async (count: number) =>
      (
        await statementsOf(t, RECORD, {
          input: {
            kind: 'BUREAU',
            titleFr: `Bureau à ${count}`,
            date: '2021-02-01',
            convenerUnitId,
            participants: people.slice(0, count).map((personId) => ({ personId, role: 'ATTENDEE' })),
          },
        })
      ).statements;
    expect(await statementsFor(10)).toBe(await statementsFor(1));
  });

  it('records a meeting with 10 participants, its idempotency key and its audit event in 5 statements', async () => {
    const convenerUnitId = (await t.ok(`{ orgUnit(code: "PAM-MA-TNG") { id } }`)).orgUnit.id;
    const people: string[] = [];
    for (let i = 0; i < 10; i++) {
      people.push(await createPerson(t, { fullNameLatin: `Q ${i}`, homeUnitId: convenerUnitId }));
    }
    const input = {
      kind: 'BUREAU',
      status: 'HELD',
      titleFr: 'Bureau compté',
      date: '2021-03-01',
      convenerUnitId,
      participants: people.map((personId) => ({ personId, role: 'ATTENDEE', attendance: 'ATTENDED' })),
      idempotencyKey: 'counted-meeting',
    };
    const record = () =>
      t.ok<{ recordMeeting: { id: string } }>(
        `mutation($input: RecordMeetingInput!) { recordMeeting(input: $input) { id } }`,
        { input },
      );
    await record(); // once first, so that no cache differs between this and the counted request
    input.idempotencyKey = 'counted-meeting-2';
    input.titleFr = 'Bureau compté 2';
    const { statements, result } = await recordStatements(t, record);
    const text = ([query]: [unknown, unknown[]]) =>
      String(typeof query === 'string' ? query : (query as { text: string }).text).trim();
    const sent = statements.map(text);
    // Those of the write's transaction (the caller's session is read before it).
    const data = sent.slice(sent.indexOf('START TRANSACTION') + 1, sent.indexOf('COMMIT'));
    // The key claimed with the meeting's id, the convener with its path, the participants' people,
    // the meeting with its participants, the audit event with its snapshot: one round trip each.
    expect(data.map((query) => query.slice(0, 60))).toHaveLength(5);

    // What the fewer statements still write: the key with its meeting, the audit row with the snapshot.
    const id = result.recordMeeting.id;
    const [key] = await t.sql(`SELECT CAST(result_id AS text) AS id FROM idempotency_key WHERE key = $1`, [
      'counted-meeting-2',
    ]);
    expect(key.id).toBe(id);
    const [event] = await t.sql(
      `SELECT action, after, CAST(related_unit_paths AS text[]) AS related FROM audit_event WHERE entity_id = $1`,
      [id],
    );
    expect(event.action).toBe('recordMeeting');
    expect(event.after).toMatchObject({ id, titleFr: 'Bureau compté 2', status: 'HELD' });
    expect(event.after.searchText).toBeUndefined();
    expect(event.after.participants).toHaveLength(10);
    expect(event.after.participants[0]).toMatchObject({ meetingId: id, attendance: 'ATTENDED' });
    expect(event.related).toBeNull();
    // The same key again: the same meeting, its replay audited with the meeting as it is.
    expect((await record()).recordMeeting.id).toBe(id);
    const [replay] = await t.sql(
      `SELECT before, after FROM audit_event WHERE entity_id = $1 AND action = 'recordMeeting:replay'`,
      [id],
    );
    expect(replay.after.participants).toHaveLength(10);
    expect(replay.before).toEqual(replay.after);
  });

  it('lists 5 and 50 meetings with participants → person → mandate → unit in the same number of statements', async () => {
    const convenerUnitId = (await t.ok(`{ orgUnit(code: "PAM-MA-TNG") { id } }`)).orgUnit.id;
    const participants = [
      {
        personId: '5eed0000-0000-4000-8000-000000000202',
        mandateId: '5eed0000-0000-4000-8000-000000000302',
        role: 'CONVENER',
      },
      {
        personId: '5eed0000-0000-4000-8000-000000000203',
        mandateId: '5eed0000-0000-4000-8000-000000000303',
        role: 'ATTENDEE',
      },
      {
        personId: '5eed0000-0000-4000-8000-000000000204',
        mandateId: '5eed0000-0000-4000-8000-000000000304',
        role: 'ATTENDEE',
      },
    ];
    for (let day = 1; day <= 55; day++) {
      await t.ok(RECORD, {
        input: {
          kind: 'BUREAU',
          titleFr: `Bureau ${day}`,
          date: `2021-0${1 + Math.floor(day / 28)}-${String((day % 28) + 1).padStart(2, '0')}`,
          convenerUnitId,
          participants,
        },
      });
    }
    const statementsFor = async (first: number) => {
      const { statements, data } = await statementsOf(
        t,
        `query($first: Int) { meetings(first: $first) { totalCount edges { node { title participants {
           person { fullNameLatin } mandate { position { unit { code } } } representedUnit { code } } } } } }`,
        { first },
      );
      expect(data.meetings.edges).toHaveLength(first);
      return statements;
    };
    const five = await statementsFor(5);
    const fifty = await statementsFor(50);
    expect(fifty).toBe(five);
    // 2 to know who is calling (session, grants), 2 for the page and its count, 5 batched levels.
    expect(five).toBeLessThanOrEqual(9);
    console.log(`statements per request: 5 meetings → ${five}, 50 meetings → ${fifty}`);
  });
});
