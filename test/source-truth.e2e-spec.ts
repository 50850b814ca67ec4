import { moroccoDate } from '../src/common/morocco-time';
import { expectError, startTestApp, TestApp } from './support/test-app';
import {
  appoint,
  createAccount,
  createPerson,
  createPost,
  createUnit,
  personWithMandate,
  recordMeeting,
} from './support/fixtures';

const DEMO_PASSWORD = 'tanzim-demo-2020';
const REPORT_DATE = '2020-11-02';

/** The registry says no more than its sources: unknown attendance, seats of unknown holder, stale mandates. */
describe('what the sources say and no more (e2e)', () => {
  let t: TestApp;
  let today: string;
  const unitId = async (code: string): Promise<string> =>
    (await t.ok(`{ orgUnit(code: "${code}") { id } }`)).orgUnit.id;
  /** A fresh provincial unit under the demo region, with one local unit below it. */
  const freshProvince = async () => {
    const province = await createUnit(t, { level: 'PROVINCIAL', parentId: await unitId('PAM-MA-01') });
    const local = await createUnit(t, { level: 'LOCAL', parentId: province });
    return { province, local };
  };

  beforeAll(async () => {
    t = await startTestApp();
    today = moroccoDate();
  });
  afterAll(() => t.close());

  describe('attendance', () => {
    it('leaves the regional secretary-general’s attendance of the seed meeting unknown, out of the rate', async () => {
      const { meetings } = await t.ok(`{
        meetings(filter: { from: "${REPORT_DATE}", to: "${REPORT_DATE}" }) { edges { node {
          participants { role attendance person { fullNameLatin } }
          attendance { participants attended unknown }
        } } } }`);
      const meeting = meetings.edges[0].node;
      const coordinator = meeting.participants.find((p: any) => p.role === 'COORDINATOR');
      expect(coordinator).toEqual({
        role: 'COORDINATOR',
        attendance: null,
        person: { fullNameLatin: 'Abdellatif Ghalbzouri' },
      });
      expect(meeting.participants.filter((p: any) => p.attendance === 'ATTENDED')).toHaveLength(4);
      expect(meeting.attendance).toEqual({ participants: 5, attended: 4, unknown: 1 });
      const { orgUnit } = await t.ok(`{ orgUnit(code: "PAM-MA-01") {
        stats(from: "2020-01-01", to: "2020-12-31", asOf: "2020-12-31") { attendance { attended unknown rate } } } }`);
      expect(orgUnit.stats.attendance).toEqual({ attended: 4, unknown: 1, rate: 1 });
    });

    it('sets an attendance back to unknown, and the rate counts only what is known', async () => {
      const { province } = await freshProvince();
      const [a, b] = [await createPerson(t), await createPerson(t)];
      const meetingId = await recordMeeting(t, province, {
        participants: [
          { personId: a, role: 'ATTENDEE', attendance: 'ATTENDED' },
          { personId: b, role: 'ATTENDEE', attendance: 'ABSENT' },
        ],
      });
      await t.ok(`mutation($input: SetAttendanceInput!) { setAttendance(input: $input) { id } }`, {
        input: { meetingId, entries: [{ personId: b, attendance: null }] },
      });
      const { orgUnit } = await t.ok(
        `query($id: ID!) { orgUnit(id: $id) { stats(from: "2021-01-01", to: "2021-12-31", asOf: "2021-12-31") {
          attendance { attended absent unknown rate } } } }`,
        { id: province },
      );
      expect(orgUnit.stats.attendance).toEqual({ attended: 1, absent: 0, unknown: 1, rate: 1 });
    });
  });

  describe('seats', () => {
    it('reads Tanger-Médina’s seat as of unknown holder, not vacant, and the series still 3 of 4', async () => {
      const { orgUnit } = await t.ok(`{ orgUnit(code: "PAM-MA-TNG-MEDINA", asOf: "${REPORT_DATE}") {
        vacancies { vacantSeats knownVacantSeats holderUnknownSeats state } } }`);
      expect(orgUnit.vacancies).toEqual([
        { vacantSeats: 1, knownVacantSeats: 0, holderUnknownSeats: 1, state: 'HOLDER_UNKNOWN' },
      ]);
      const stats = await t.ok(`{ orgUnit(code: "PAM-MA-TNG") { stats(asOf: "${REPORT_DATE}") {
        vacancies { vacantSeats knownVacantSeats holderUnknownSeats byLevel { level knownVacantSeats holderUnknownSeats } } } } }`);
      expect(stats.orgUnit.stats.vacancies).toEqual({
        vacantSeats: 1,
        knownVacantSeats: 0,
        holderUnknownSeats: 1,
        byLevel: [
          { level: 'PROVINCIAL', knownVacantSeats: 0, holderUnknownSeats: 0 },
          { level: 'LOCAL', knownVacantSeats: 0, holderUnknownSeats: 1 },
        ],
      });
      const { meetingSeriesList } = await t.ok(`{ meetingSeriesList(filter: { search: "Tanger-Assilah" }) {
        edges { node { coverage { targets reached missing { edges { node { code } } } } } } } }`);
      const coverage = meetingSeriesList.edges[0].node.coverage;
      expect([coverage.targets, coverage.reached]).toEqual([4, 3]);
      expect(coverage.missing.edges.map((e: any) => e.node.code)).toEqual(['PAM-MA-TNG-MEDINA']);
    });

    it('records a seat known to be vacant, counts it apart, and ends the vacancy with an appointment', async () => {
      const { province, local } = await freshProvince();
      const vacant = await createPost(t, local);
      await createPost(t, province);
      const declared = await t.ok(
        `mutation($input: DeclareVacancyInput!) { declareVacancy(input: $input) { id } }`,
        {
          input: {
            positionId: vacant,
            vacantFrom: '2021-03-01',
            source: 'Lettre de démission du 28 février 2021',
          },
        },
      );
      expect(declared.declareVacancy.id).toBe(vacant);
      const read = async (asOf: string) =>
        (
          await t.ok(
            `query($id: ID!, $asOf: Date!) { orgUnit(id: $id) {
              children { vacancies(asOf: $asOf) { state knownVacantSeats holderUnknownSeats } }
              stats(asOf: $asOf) { vacancies { vacantSeats knownVacantSeats holderUnknownSeats } } } }`,
            { id: province, asOf },
          )
        ).orgUnit;
      // Before the source's day, nothing is known; from it, the seat is known vacant.
      expect((await read('2021-02-15')).children[0].vacancies).toEqual([
        { state: 'HOLDER_UNKNOWN', knownVacantSeats: 0, holderUnknownSeats: 1 },
      ]);
      const after = await read('2021-06-01');
      expect(after.children[0].vacancies).toEqual([
        { state: 'KNOWN_VACANT', knownVacantSeats: 1, holderUnknownSeats: 0 },
      ]);
      expect(after.stats.vacancies).toEqual({ vacantSeats: 2, knownVacantSeats: 1, holderUnknownSeats: 1 });

      // Appointing someone ends the vacancy the day before; the seat is held from then on.
      await appoint(t, vacant, await createPerson(t), { startsOn: '2021-09-01' });
      expect((await read('2021-08-31')).children[0].vacancies[0].state).toBe('KNOWN_VACANT');
      expect((await read('2021-09-01')).children[0].vacancies).toEqual([]);
      const [row] = await t.sql<{ until: string }>(
        `SELECT to_char(vacant_until, 'YYYY-MM-DD') AS until FROM seat_vacancy WHERE position_id = $1`,
        [vacant],
      );
      expect(row.until).toBe('2021-08-31');

      // A seat held on those days is not vacant, and an appointment cannot start inside a recorded vacancy's first day.
      const held = await t.gql(
        `mutation($input: DeclareVacancyInput!) { declareVacancy(input: $input) { id } }`,
        {
          input: { positionId: vacant, vacantFrom: '2022-01-01', source: 'Rumeur' },
        },
      );
      expectError(held, 'CONFLICT');
      const fresh = await createPost(t, (await freshProvince()).local);
      await t.ok(`mutation($input: DeclareVacancyInput!) { declareVacancy(input: $input) { id } }`, {
        input: { positionId: fresh, vacantFrom: '2021-03-01', source: 'Procès-verbal' },
      });
      const inside = await t.gql(`mutation($input: AppointInput!) { appoint(input: $input) { id } }`, {
        input: { positionId: fresh, personId: await createPerson(t), startsOn: '2021-03-01' },
      });
      expectError(inside, 'CONFLICT');
    });
  });

  describe('mandates attested on a day', () => {
    it('keeps the demo usable: its mandates are confirmed on the day the demo was loaded, and say so', async () => {
      const { orgUnit } = await t.ok(`{ orgUnit(code: "PAM-MA-TNG") {
        officials { attestedOn lastConfirmedOn confirmation } } }`);
      expect(orgUnit.officials).toEqual([
        { attestedOn: REPORT_DATE, lastConfirmedOn: today, confirmation: 'CONFIRMED' },
      ]);
      const limouri = await t.login('limouri@tanzim.demo', DEMO_PASSWORD);
      const { me } = await t.as(limouri).ok(`{ me { grants { level source unit { code } } } }`);
      expect(me.grants).toEqual([{ level: 'ADMIN', source: 'MANDATE', unit: { code: 'PAM-MA-TNG' } }]);
    });

    it('gives no access from a 2020 attestation today, and gives it back once an administrator confirms it', async () => {
      const { province } = await freshProvince();
      const secretary = await personWithMandate(t, province, {
        mandate: { startsOn: null, attestedOn: REPORT_DATE },
      });
      const account = await createAccount(t, {
        password: 'secretary-password',
        personId: secretary.personId,
      });
      const token = await t.login(account.email, 'secretary-password');
      const mandate = `query($id: ID!) { mandates(filter: { person: $id }) { edges { node {
        id lastConfirmedOn confirmation then: confirmation(asOf: "2021-06-01") version } } } }`;
      const before = (await t.ok(mandate, { id: secretary.personId })).mandates.edges[0].node;
      expect(before).toMatchObject({
        lastConfirmedOn: REPORT_DATE,
        confirmation: 'UNCONFIRMED',
        then: 'CONFIRMED',
      });

      // Today the 2020 attestation grants nothing: its secretary may read nothing at all.
      expect((await t.as(token).ok(`{ me { grants { level } } }`)).me.grants).toEqual([]);
      expectError(
        await t.as(token).gql(`query($id: ID!) { orgUnit(id: $id) { code } }`, { id: province }),
        'FORBIDDEN',
      );
      // Not in the future, and not by the holder.
      const confirm = `mutation($input: ConfirmMandateInput!) { confirmMandate(input: $input) { lastConfirmedOn confirmation version } }`;
      expectError(
        await t.gql(confirm, { input: { id: before.id, confirmedOn: '2199-01-01', source: 'Avenir' } }),
        'BAD_USER_INPUT',
      );
      const { confirmMandate } = await t.ok(confirm, {
        input: {
          id: before.id,
          source: 'Vérifié auprès du secrétariat régional',
          expectedVersion: before.version,
        },
      });
      expect(confirmMandate).toEqual({
        lastConfirmedOn: today,
        confirmation: 'CONFIRMED',
        version: before.version + 1,
      });

      // The same token now carries the post's ADMIN grant: grants are computed on every request.
      expect((await t.as(token).ok(`{ me { grants { level source } } }`)).me.grants).toEqual([
        { level: 'ADMIN', source: 'MANDATE' },
      ]);
      expect(
        (await t.as(token).ok(`query($id: ID!) { orgUnit(id: $id) { id } }`, { id: province })).orgUnit.id,
      ).toBe(province);
      expectError(
        await t.as(token).gql(confirm, { input: { id: before.id, source: 'Moi-même' } }),
        'FORBIDDEN',
      );
      const [event] = await t.sql<{ after: any }>(
        `SELECT after FROM audit_event WHERE action = 'confirmMandate' AND entity_id = $1`,
        [before.id],
      );
      expect(event.after.confirmations).toMatchObject([{ source: 'Vérifié auprès du secrétariat régional' }]);
    });
  });
});

describe('a registry that lets unconfirmed mandates grant (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { UNCONFIRMED_MANDATES_GRANT: 'true', MANDATE_CONFIRMATION_MONTHS: '3' } });
  });
  afterAll(() => t.close());

  it('keeps access from an old attestation, and still reads it as unconfirmed', async () => {
    const region = (await t.ok(`{ orgUnit(code: "PAM-MA-01") { id } }`)).orgUnit.id;
    const province = await createUnit(t, { level: 'PROVINCIAL', parentId: region });
    const secretary = await personWithMandate(t, province, {
      mandate: { startsOn: null, attestedOn: '2020-11-02' },
    });
    const account = await createAccount(t, { password: 'secretary-password', personId: secretary.personId });
    const token = await t.login(account.email, 'secretary-password');
    expect((await t.as(token).ok(`{ me { grants { level } } }`)).me.grants).toEqual([{ level: 'ADMIN' }]);
    const { mandates } = await t.ok(
      `query($id: ID!) { mandates(filter: { person: $id }) { edges { node {
        confirmation early: confirmation(asOf: "2021-02-02") late: confirmation(asOf: "2021-02-03") } } } }`,
      { id: secretary.personId },
    );
    // Three months after 2020-11-02: confirmed through 2021-02-02.
    expect(mandates.edges[0].node).toEqual({
      confirmation: 'UNCONFIRMED',
      early: 'CONFIRMED',
      late: 'UNCONFIRMED',
    });
  });
});

/** History that is history: a move or a renaming leaves the past as it was. */
describe('units and people remember (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('answers the old parent, ancestors and name asOf a day before the move and the renaming', async () => {
    const root = await createUnit(t, { level: 'NATIONAL', nameFr: 'Racine' });
    const north = await createUnit(t, { level: 'REGIONAL', parentId: root, nameFr: 'Nord' });
    const south = await createUnit(t, { level: 'REGIONAL', parentId: root, nameFr: 'Sud' });
    const province = await createUnit(t, {
      level: 'PROVINCIAL',
      parentId: north,
      nameAr: 'الأمانة القديمة',
      nameFr: 'Ancienne',
    });
    const local = await createUnit(t, { level: 'LOCAL', parentId: province, nameFr: 'Locale' });
    await t.ok(`mutation($input: MoveOrgUnitInput!) { moveOrgUnit(input: $input) { id } }`, {
      input: { id: province, parentId: south, movedOn: '2022-01-01' },
    });
    await t.ok(`mutation($input: UpdateOrgUnitInput!) { updateOrgUnit(input: $input) { id } }`, {
      input: { id: province, nameAr: 'الأمانة الجديدة', nameFr: 'Nouvelle', renamedOn: '2023-06-01' },
    });
    const read = async (id: string, asOf: string) =>
      (
        await t.ok(
          `query($id: ID!, $asOf: Date!) { orgUnit(id: $id, asOf: $asOf) {
            nameFr name(lang: AR) parent { nameFr } ancestors { nameFr } } }`,
          { id, asOf },
        )
      ).orgUnit;
    expect(await read(province, '2021-12-31')).toEqual({
      nameFr: 'Ancienne',
      name: 'الأمانة القديمة',
      parent: { nameFr: 'Nord' },
      ancestors: [{ nameFr: 'Racine' }, { nameFr: 'Nord' }],
    });
    expect(await read(province, '2022-01-01')).toMatchObject({
      nameFr: 'Ancienne',
      parent: { nameFr: 'Sud' },
    });
    expect(await read(province, '2023-06-01')).toMatchObject({ nameFr: 'Nouvelle', name: 'الأمانة الجديدة' });
    // A unit below follows: its old path runs through the old region, with the old name of its parent.
    expect((await read(local, '2021-12-31')).ancestors).toEqual([
      { nameFr: 'Racine' },
      { nameFr: 'Nord' },
      { nameFr: 'Ancienne' },
    ]);
    expect((await read(local, '2024-01-01')).ancestors).toEqual([
      { nameFr: 'Racine' },
      { nameFr: 'Sud' },
      { nameFr: 'Nouvelle' },
    ]);
    const { orgUnit } = await t.ok(
      `query($id: ID!) { orgUnit(id: $id) { nameFr nameHistory { nameFr from until } } }`,
      {
        id: province,
      },
    );
    expect(orgUnit).toEqual({
      nameFr: 'Nouvelle',
      nameHistory: [
        { nameFr: 'Ancienne', from: null, until: '2023-05-31' },
        { nameFr: 'Nouvelle', from: '2023-06-01', until: null },
      ],
    });
    // A change is dated after the last one.
    expectError(
      await t.gql(`mutation($input: MoveOrgUnitInput!) { moveOrgUnit(input: $input) { id } }`, {
        input: { id: province, parentId: north, movedOn: '2023-01-01' },
      }),
      'BAD_USER_INPUT',
    );
  });

  it('keeps a person’s earlier names with their days', async () => {
    const person = await createPerson(t, { fullNameAr: 'محمد الأول', fullNameLatin: 'Mohamed Premier' });
    await t.ok(`mutation($input: UpdatePersonInput!) { updatePerson(input: $input) { id } }`, {
      input: { id: person, fullNameLatin: 'Mohammed Premier', renamedOn: '2021-03-15' },
    });
    const { person: read } = await t.ok(
      `query($id: ID!) { person(id: $id) { fullNameLatin nameHistory { fullNameAr fullNameLatin from until } } }`,
      { id: person },
    );
    expect(read).toEqual({
      fullNameLatin: 'Mohammed Premier',
      nameHistory: [
        { fullNameAr: 'محمد الأول', fullNameLatin: 'Mohamed Premier', from: null, until: '2021-03-14' },
        { fullNameAr: 'محمد الأول', fullNameLatin: 'Mohammed Premier', from: '2021-03-15', until: null },
      ],
    });
  });
});
