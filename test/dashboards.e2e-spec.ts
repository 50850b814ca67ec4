import { forgetRememberedUnits } from '../src/org-units/unit-memory';
import {
  appoint,
  createAccount,
  createPerson,
  createPost,
  createUnit,
  personWithMandate,
  recordMeeting,
} from './support/fixtures';
import { statementsOf } from './support/statements';
import { expectError, GqlClient, startTestApp, TestApp } from './support/test-app';

/**
 * The roll-ups of `OrgUnit.stats`, each against numbers worked out by hand on a small tree of its own:
 *
 *   R (regional) ─ P1 (provincial) ─ L1, L2 (local)
 *                └ P2 (provincial) ─ L3 (local)
 *
 * Window [2024-01-01, 2024-06-30], asOf 2024-06-30. Meetings: m1 by L1 on 2024-01-01 (HELD, OUTREACH,
 * series S, four participants: attended and invited, absent, excused, a guest with no attendance);
 * m2 by P1 on 2024-06-30 (HELD, BUREAU, L2 attending, one attended); m3 by L3 (PLANNED, COUNCIL);
 * m6 by R on 2024-03-10 (HELD, OUTREACH, P1 attending, no participant); m4 by L1 on 2023-12-31 and
 * m5 by L2 on 2024-07-01 just outside the window. Outcomes: o1 on m1 due 2024-03-01 (open), o2 on m2
 * due 2024-12-31 (open), o3 on m6 DONE on 2024-07-15, o4 on m1 DROPPED on 2024-05-01.
 * Posts: P1 secretary-general (a woman), L1 secretary-general (a man) and bureau (3 seats, 1 held),
 * L2 secretary-general (vacant), L3 secretary-general (a woman); all since 2020-01-01.
 */
describe('dashboards: OrgUnit.stats (e2e)', () => {
  let t: TestApp;
  let provincial: GqlClient;
  const u: Record<string, string> = {};
  const WINDOW = 'from: "2024-01-01", to: "2024-06-30", asOf: "2024-06-30"';

  beforeAll(async () => {
    t = await startTestApp();
    u.root = await createUnit(t, { level: 'NATIONAL', nameFr: 'Racine' });
    u.R = await createUnit(t, { level: 'REGIONAL', parentId: u.root, nameFr: 'R' });
    u.P1 = await createUnit(t, { level: 'PROVINCIAL', parentId: u.R, nameFr: 'P1' });
    u.P2 = await createUnit(t, { level: 'PROVINCIAL', parentId: u.R, nameFr: 'P2' });
    u.L1 = await createUnit(t, { level: 'LOCAL', parentId: u.P1, nameFr: 'L1' });
    u.L2 = await createUnit(t, { level: 'LOCAL', parentId: u.P1, nameFr: 'L2' });
    u.L3 = await createUnit(t, { level: 'LOCAL', parentId: u.P2, nameFr: 'L3' });

    const p1Head = await personWithMandate(t, u.P1, { person: { gender: 'FEMALE' } });
    await personWithMandate(t, u.L1, { person: { gender: 'MALE' } });
    await personWithMandate(t, u.L3, { person: { gender: 'FEMALE' } });
    const bureau = await createPost(t, u.L1, 'BUREAU_MEMBER', { seats: 3 });
    await appoint(t, bureau, await createPerson(t, { gender: 'MALE', homeUnitId: u.L1 }));
    await createPost(t, u.L2);

    const series = (
      await t.ok(
        `mutation($u: ID!) { createMeetingSeries(input: { organizingUnitId: $u, titleFr: "Tournée", targets: { level: LOCAL, under: $u } }) { id } }`,
        { u: u.R },
      )
    ).createMeetingSeries.id;
    const [a, b, c] = [
      await createPerson(t, { homeUnitId: u.L1 }),
      await createPerson(t, { homeUnitId: u.L1 }),
      await createPerson(t, { homeUnitId: u.L1 }),
    ];
    const withOutcomes = async (convener: string, input: Record<string, unknown>) =>
      (
        await t.ok(
          `mutation($input: RecordMeetingInput!) { recordMeeting(input: $input) { outcomes { id } } }`,
          {
            input: {
              kind: 'OUTREACH',
              status: 'HELD',
              titleFr: 'Rencontre',
              convenerUnitId: convener,
              ...input,
            },
          },
        )
      ).recordMeeting.outcomes.map((o: { id: string }) => o.id) as string[];
    const [, o4] = await withOutcomes(u.L1, {
      date: '2024-01-01',
      seriesId: series,
      participants: [
        { personId: a, role: 'ATTENDEE', attendance: 'ATTENDED', invited: true },
        { personId: b, role: 'ATTENDEE', attendance: 'ABSENT' },
        { personId: c, role: 'ATTENDEE', attendance: 'EXCUSED' },
        { guestName: 'Invité', role: 'GUEST' },
      ],
      outcomes: [
        { kind: 'COMMITMENT', textFr: 'o1', dueOn: '2024-03-01' },
        { kind: 'DECISION', textFr: 'o4' },
      ],
    });
    await withOutcomes(u.P1, {
      kind: 'BUREAU',
      date: '2024-06-30',
      units: [{ unitId: u.L2, role: 'ATTENDING' }],
      participants: [{ personId: a, role: 'ATTENDEE', attendance: 'ATTENDED' }],
      outcomes: [{ kind: 'COMMITMENT', textFr: 'o2', dueOn: '2024-12-31' }],
    });
    await recordMeeting(t, u.L3, { kind: 'COUNCIL', status: 'PLANNED', date: '2024-06-15' });
    const [o3] = await withOutcomes(u.R, {
      date: '2024-03-10',
      units: [{ unitId: u.P1, role: 'ATTENDING' }],
      outcomes: [{ kind: 'DECISION', textFr: 'o3' }],
    });
    await recordMeeting(t, u.L1, { date: '2023-12-31' });
    await recordMeeting(t, u.L2, { date: '2024-07-01' });
    const close = `mutation($input: SetOutcomeStatusInput!) { setOutcomeStatus(input: $input) { id } }`;
    await t.ok(close, { input: { id: o3, status: 'DONE', closedOn: '2024-07-15' } });
    await t.ok(close, { input: { id: o4, status: 'DROPPED', closedOn: '2024-05-01' } });

    // The provincial secretary-general of P1: ADMIN on P1's subtree, nothing else.
    const password = 'provincial-secretary-password';
    const account = await createAccount(t, { password, personId: p1Head.personId });
    provincial = t.as(await t.login(account.email, password));
  });
  afterAll(() => t.close());

  const stats = async (client: GqlClient, unit: string, args: string, selection: string) =>
    (
      await client.ok(`query($id: ID!) { orgUnit(id: $id) { stats(${args}) { ${selection} } } }`, {
        id: unit,
      })
    ).orgUnit.stats;

  it('counts the meetings of the window, both ends included, by status and kind', async () => {
    expect(
      await stats(
        t,
        u.R,
        WINDOW,
        'from to asOf meetings { total held planned cancelled byKind { kind count } }',
      ),
    ).toEqual({
      from: '2024-01-01',
      to: '2024-06-30',
      asOf: '2024-06-30',
      meetings: {
        total: 4,
        held: 3,
        planned: 1,
        cancelled: 0,
        byKind: [
          { kind: 'OUTREACH', count: 2 },
          { kind: 'BUREAU', count: 1 },
          { kind: 'COUNCIL', count: 1 },
        ],
      },
    });
    // Each end is included: one day less at either end loses m1 (2024-01-01) or m2 (2024-06-30).
    const total = async (args: string) => (await stats(t, u.R, args, 'meetings { total held }')).meetings;
    expect(await total('from: "2024-01-02", to: "2024-06-30"')).toEqual({ total: 3, held: 2 });
    expect(await total('from: "2024-01-01", to: "2024-06-29"')).toEqual({ total: 3, held: 2 });
    expect(await total('from: "2024-06-30", to: "2024-06-30"')).toEqual({ total: 1, held: 1 });
  });

  it('counts attendance at the held meetings, with the rate over known attendance', async () => {
    expect(
      (await stats(t, u.R, WINDOW, 'attendance { invited attended excused absent unknown rate }')).attendance,
    ).toEqual({
      invited: 1,
      attended: 2,
      excused: 1,
      absent: 1,
      unknown: 1,
      rate: 0.5,
    });
  });

  it('reads outcomes by their state on asOf', async () => {
    const selection = 'outcomes { open overdue done dropped }';
    expect((await stats(t, u.R, WINDOW, selection)).outcomes).toEqual({
      open: 3,
      overdue: 1,
      done: 0,
      dropped: 1,
    });
    const later = await stats(t, u.R, 'from: "2024-01-01", to: "2024-06-30", asOf: "2024-08-01"', selection);
    expect(later.outcomes).toEqual({ open: 2, overdue: 1, done: 1, dropped: 1 });
  });

  it('lists every bucket of the window in order, empty ones included', async () => {
    const months = await stats(t, u.R, WINDOW, 'activity { start meetingsHeld participants attendanceRate }');
    expect(months.activity).toEqual([
      { start: '2024-01-01', meetingsHeld: 1, participants: 4, attendanceRate: 1 / 3 },
      { start: '2024-02-01', meetingsHeld: 0, participants: 0, attendanceRate: null },
      { start: '2024-03-01', meetingsHeld: 1, participants: 0, attendanceRate: null },
      { start: '2024-04-01', meetingsHeld: 0, participants: 0, attendanceRate: null },
      { start: '2024-05-01', meetingsHeld: 0, participants: 0, attendanceRate: null },
      { start: '2024-06-01', meetingsHeld: 1, participants: 1, attendanceRate: 1 },
    ]);
    const quarters = await stats(
      t,
      u.R,
      WINDOW,
      'activity(bucket: QUARTER) { start meetingsHeld participants }',
    );
    expect(quarters.activity).toEqual([
      { start: '2024-01-01', meetingsHeld: 2, participants: 4 },
      { start: '2024-04-01', meetingsHeld: 1, participants: 1 },
    ]);
    const weeks = (await stats(t, u.R, WINDOW, 'activity(bucket: WEEK) { start meetingsHeld }')).activity as {
      start: string;
      meetingsHeld: number;
    }[];
    expect(weeks).toHaveLength(26);
    weeks.forEach((week, i) =>
      expect(week.start).toBe(new Date(Date.UTC(2024, 0, 1 + 7 * i)).toISOString().slice(0, 10)),
    );
    expect(weeks.filter((week) => week.meetingsHeld > 0).map((week) => week.start)).toEqual([
      '2024-01-01',
      '2024-03-04',
      '2024-06-24',
    ]);
    // A window starting mid-month: the first bucket starts on the 1st, and counts only the window's days.
    const partial = await stats(
      t,
      u.R,
      'from: "2024-01-02", to: "2024-03-10"',
      'activity { start meetingsHeld }',
    );
    expect(partial.activity).toEqual([
      { start: '2024-01-01', meetingsHeld: 0 },
      { start: '2024-02-01', meetingsHeld: 0 },
      { start: '2024-03-01', meetingsHeld: 1 },
    ]);
  });

  it('counts posts, seats and vacancies on asOf, per level', async () => {
    const selection = 'vacancies { posts seats vacantSeats byLevel { level vacantSeats } }';
    expect((await stats(t, u.R, WINDOW, selection)).vacancies).toEqual({
      posts: 5,
      seats: 7,
      vacantSeats: 3,
      byLevel: [
        { level: 'PROVINCIAL', vacantSeats: 0 },
        { level: 'LOCAL', vacantSeats: 3 },
      ],
    });
    const before = await stats(t, u.R, 'asOf: "2019-12-31"', 'vacancies { vacantSeats }');
    expect(before.vacancies).toEqual({ vacantSeats: 7 });
  });

  it('counts officials on asOf by role and gender', async () => {
    const selection = 'officials { total byRole { role count } byGender { gender count } }';
    expect((await stats(t, u.R, WINDOW, selection)).officials).toEqual({
      total: 4,
      byRole: [
        { role: 'SECRETARY_GENERAL', count: 3 },
        { role: 'BUREAU_MEMBER', count: 1 },
      ],
      byGender: [
        { gender: 'FEMALE', count: 2 },
        { gender: 'MALE', count: 2 },
      ],
    });
    expect(
      (await stats(t, u.R, 'asOf: "2019-12-31"', 'officials { total byRole { role } }')).officials,
    ).toEqual({
      total: 0,
      byRole: [],
    });
  });

  const ROW = `unit { nameFr } meetingsHeld lastHeldOn daysSilent attendanceRate vacantSeats officials
    womenOfficials openOutcomes overdueOutcomes seriesCoverage`;

  it('rolls each unit of a level up over its own subtree', async () => {
    const { byUnit } = await stats(
      t,
      u.R,
      WINDOW,
      `byUnit(level: PROVINCIAL, orderBy: { by: NAME, direction: ASC }) { totalCount edges { node { ${ROW} } } }`,
    );
    expect(byUnit.totalCount).toBe(2);
    expect(byUnit.edges.map((e: { node: unknown }) => e.node)).toEqual([
      {
        unit: { nameFr: 'P1' },
        meetingsHeld: 3,
        lastHeldOn: '2024-06-30',
        daysSilent: 0,
        attendanceRate: 0.5,
        vacantSeats: 3,
        officials: 3,
        womenOfficials: 1,
        openOutcomes: 3,
        overdueOutcomes: 1,
        seriesCoverage: 0.5,
      },
      {
        unit: { nameFr: 'P2' },
        meetingsHeld: 0,
        lastHeldOn: null,
        daysSilent: null,
        attendanceRate: null,
        vacantSeats: 0,
        officials: 1,
        womenOfficials: 1,
        openOutcomes: 0,
        overdueOutcomes: 0,
        seriesCoverage: 0,
      },
    ]);
  });

  it('sorts and pages the rows', async () => {
    const names = async (args: string) => {
      const { byUnit } = await stats(
        t,
        u.R,
        WINDOW,
        `byUnit(${args}) { totalCount pageInfo { hasNextPage endCursor } edges { node { unit { nameFr } } } }`,
      );
      return {
        names: byUnit.edges.map((e: { node: { unit: { nameFr: string } } }) => e.node.unit.nameFr),
        total: byUnit.totalCount,
        next: byUnit.pageInfo.hasNextPage ? (byUnit.pageInfo.endCursor as string) : null,
      };
    };
    expect((await names('level: PROVINCIAL, orderBy: { by: MEETINGS_HELD }')).names).toEqual(['P1', 'P2']);
    expect((await names('level: PROVINCIAL, orderBy: { by: MEETINGS_HELD, direction: ASC }')).names).toEqual([
      'P2',
      'P1',
    ]);
    // L2 met on asOf (attending m2), L1 last on 2024-01-01, L3 never: unknown comes last either way.
    expect((await names('level: LOCAL, orderBy: { by: DAYS_SILENT, direction: ASC }')).names).toEqual([
      'L2',
      'L1',
      'L3',
    ]);
    expect((await names('level: LOCAL, orderBy: { by: DAYS_SILENT }')).names).toEqual(['L1', 'L2', 'L3']);
    const first = await names('level: LOCAL, first: 2, orderBy: { by: NAME, direction: ASC }');
    expect(first).toMatchObject({ names: ['L1', 'L2'], total: 3 });
    const rest = await names(
      `level: LOCAL, first: 2, after: "${first.next}", orderBy: { by: NAME, direction: ASC }`,
    );
    expect(rest).toEqual({ names: ['L3'], total: 3, next: null });
  });

  it('finds the units whose subtree held no meeting in the last days up to asOf', async () => {
    const silent = async (args: string, asOf = '2024-06-30') => {
      const { silentUnits } = await stats(
        t,
        u.R,
        `asOf: "${asOf}"`,
        `silentUnits(${args}) { totalCount edges { node { nameFr } } }`,
      );
      return {
        total: silentUnits.totalCount,
        names: silentUnits.edges.map((e: { node: { nameFr: string } }) => e.node.nameFr).sort(),
      };
    };
    // Only m2 (2024-06-30: P1, with L2 attending) falls in the 90 days up to asOf.
    expect(await silent('days: 90')).toEqual({ total: 3, names: ['L1', 'L3', 'P2'] });
    expect(await silent('days: 90, level: LOCAL')).toEqual({ total: 2, names: ['L1', 'L3'] });
    expect(await silent('days: 0')).toEqual({ total: 6, names: ['L1', 'L2', 'L3', 'P1', 'P2', 'R'] });
    // The day before m2, nothing for 90 days except m6 (2024-03-10) by R with P1 attending.
    expect(await silent('days: 120, level: PROVINCIAL', '2024-06-29')).toEqual({ total: 1, names: ['P2'] });
  });

  it('counts only what the caller may see: a provincial secretary sees no meeting convened above them', async () => {
    const selection = `meetings { total held } attendance { attended } outcomes { open dropped }
      byUnit(level: PROVINCIAL) { totalCount edges { node { meetingsHeld openOutcomes } } }`;
    // For the national administrator P1 took part in m6 (convened by R); the secretary cannot see m6.
    expect(await stats(t, u.P1, WINDOW, selection)).toEqual({
      meetings: { total: 3, held: 3 },
      attendance: { attended: 2 },
      outcomes: { open: 3, dropped: 1 },
      byUnit: { totalCount: 1, edges: [{ node: { meetingsHeld: 3, openOutcomes: 3 } }] },
    });
    expect(await stats(provincial, u.P1, WINDOW, selection)).toEqual({
      meetings: { total: 2, held: 2 },
      attendance: { attended: 2 },
      outcomes: { open: 2, dropped: 1 },
      byUnit: { totalCount: 1, edges: [{ node: { meetingsHeld: 2, openOutcomes: 2 } }] },
    });
    const local = await stats(
      provincial,
      u.P1,
      WINDOW,
      'byUnit(level: LOCAL) { totalCount } silentUnits(days: 0) { totalCount }',
    );
    expect(local).toEqual({ byUnit: { totalCount: 2 }, silentUnits: { totalCount: 3 } });
  });

  it('leaves a meeting the caller cannot see out of activity, silence and last meetings too', async () => {
    const selection = `activity(bucket: QUARTER) { meetingsHeld }
      silentUnits(days: 120, level: PROVINCIAL) { totalCount }
      byUnit(level: PROVINCIAL) { edges { node { lastHeldOn } } }`;
    const asOf = 'from: "2024-01-01", to: "2024-06-29", asOf: "2024-06-29"';
    // m6 (2024-03-10, convened by R, P1 attending) is P1's latest meeting before m2 for the administrator.
    expect(await stats(t, u.P1, asOf, selection)).toEqual({
      activity: [{ meetingsHeld: 2 }, { meetingsHeld: 0 }],
      silentUnits: { totalCount: 0 },
      byUnit: { edges: [{ node: { lastHeldOn: '2024-03-10' } }] },
    });
    expect(await stats(provincial, u.P1, asOf, selection)).toEqual({
      activity: [{ meetingsHeld: 1 }, { meetingsHeld: 0 }],
      silentUnits: { totalCount: 1 },
      byUnit: { edges: [{ node: { lastHeldOn: '2024-01-01' } }] },
    });
  });

  it('answers NOT_FOUND for the stats of a unit out of scope, like an absent one', async () => {
    for (const id of [u.R, u.P2, '00000000-0000-4000-8000-000000000000']) {
      const result = await provincial.gql(
        `query($id: ID!) { orgUnit(id: $id) { stats { meetings { total } } } }`,
        { id },
      );
      expectError(result, 'NOT_FOUND');
      expect(result.errors![0].message).toBe(`Org unit ${id} was not found.`);
    }
  });

  it('refuses a window upside down or too long, and a negative look-back, with coded errors', async () => {
    const ask = (args: string, selection = 'meetings { total }') =>
      t.gql(`query($id: ID!) { orgUnit(id: $id) { stats${args ? `(${args})` : ''} { ${selection} } } }`, {
        id: u.R,
      });
    expect(expectError(await ask('from: "2024-02-01", to: "2024-01-31"'), 'BAD_USER_INPUT')).toMatch(/from/);
    expect(expectError(await ask('from: "2020-01-01", to: "2024-01-01"'), 'BAD_USER_INPUT')).toMatch(
      /1096 days/,
    );
    expect(expectError(await ask('', 'silentUnits(days: -1) { totalCount }'), 'BAD_USER_INPUT')).toMatch(
      /days/,
    );
    expectError(await ask('from: "2024-02-30"'), 'BAD_USER_INPUT');
  });

  it('costs the same statements for a subtree of 1 unit as for one of 50', async () => {
    // A region of its own: the other tests' fixture stays as they count it, whatever the order.
    const region = await createUnit(t, { level: 'REGIONAL', parentId: u.root, nameFr: 'Mesure' });
    const small = await createUnit(t, { level: 'PROVINCIAL', parentId: region, nameFr: 'Petite' });
    const large = await createUnit(t, { level: 'PROVINCIAL', parentId: region, nameFr: 'Grande' });
    for (let i = 0; i < 49; i++) {
      const local = await createUnit(t, { level: 'LOCAL', parentId: large });
      if (i % 10 === 0) {
        await personWithMandate(t, local);
        await recordMeeting(t, local, { date: '2024-02-01', participants: [] });
      }
    }
    const document = `query($id: ID!) { orgUnit(id: $id) { stats(${WINDOW}) {
      meetings { total byKind { kind } } attendance { rate } outcomes { open }
      activity(bucket: WEEK) { start } vacancies { vacantSeats byLevel { level } }
      officials { total byRole { role } byGender { gender } }
      byUnit(level: LOCAL, first: 100) { totalCount edges { node { meetingsHeld unit { code } } } }
      silentUnits(days: 90) { totalCount edges { node { code } } } } } }`;
    const count = async (id: string, query = document) => {
      forgetRememberedUnits();
      return statementsOf(t, query, { id });
    };
    await count(small);
    const one = await count(small);
    const fifty = await count(large);
    expect(fifty.data.orgUnit.stats.byUnit.totalCount).toBe(49);
    expect(fifty.data.orgUnit.stats.meetings.total).toBe(5);
    expect(one.statements).toBe(fifty.statements);
    // One statement per roll-up (summary, activity, vacancies, officials, rows, silent units) beyond the unit's.
    const unitAlone = await count(small, `query($id: ID!) { orgUnit(id: $id) { id } }`);
    expect(one.statements - unitAlone.statements).toBe(6);
  });
});
