import { moroccoDate } from '../src/common/morocco-time';
import { LiveService } from '../src/live/live.service';
import { feedSettled, liveClient, LiveClient, settle, subscribe, until } from './support/live';
import { expectError, startTestApp, TEST_ADMIN, TestApp } from './support/test-app';
import { createAccount, createPost, createUnit, personWithMandate, recordMeeting } from './support/fixtures';

const codes = (connection: { edges: { node: { code: string } }[] }) =>
  connection.edges.map((edge) => edge.node.code).sort();

/** History read as history: the tree of a past day, the sources of a mandate, and who hears of what. */
describe('the past after a move, and its sources (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  describe('the tree of a day before a move', () => {
    /** Two regions; a province with a local unit moved from the first to the second on 2022-01-01. */
    let units: Record<'root' | 'north' | 'south' | 'province' | 'local', { id: string; code: string }>;
    beforeAll(async () => {
      const make = async (name: string, level: string, parentId?: string) => {
        const code = `HS-${name.toUpperCase()}-${Date.now() % 1e6}`;
        const id = await createUnit(t, { level: level as 'LOCAL', parentId, code, nameFr: name });
        return { id, code };
      };
      const root = await make('Racine', 'NATIONAL');
      const north = await make('Nord', 'REGIONAL', root.id);
      const south = await make('Sud', 'REGIONAL', root.id);
      const province = await make('Province', 'PROVINCIAL', north.id);
      const local = await make('Locale', 'LOCAL', province.id);
      units = { root, north, south, province, local };
      await t.ok(`mutation($input: MoveOrgUnitInput!) { moveOrgUnit(input: $input) { id } }`, {
        input: { id: province.id, parentId: south.id, movedOn: '2022-01-01' },
      });
    });

    const tree = async (client: Pick<TestApp, 'ok'>, regionId: string, asOf?: string) =>
      (
        await client.ok(
          `query($id: ID!, $asOf: Date) { orgUnit(id: $id, asOf: $asOf) {
            children { code }
            nested: children { children { code } }
            descendants { totalCount edges { node { code } } }
          } }`,
          { id: regionId, asOf },
        )
      ).orgUnit;

    it('answers children, descendants and orgUnits(under) of the old tree before the move, of today’s after', async () => {
      const { north, south, province, local } = units;
      const before = await tree(t, north.id, '2021-12-31');
      expect(before.children).toEqual([{ code: province.code }]);
      expect(before.nested).toEqual([{ children: [{ code: local.code }] }]);
      expect(codes(before.descendants)).toEqual([local.code, province.code].sort());
      expect(before.descendants.totalCount).toBe(2);
      const southBefore = await tree(t, south.id, '2021-12-31');
      expect(southBefore).toEqual({ children: [], nested: [], descendants: { totalCount: 0, edges: [] } });

      for (const asOf of ['2022-01-01', undefined]) {
        expect((await tree(t, north.id, asOf)).descendants.totalCount).toBe(0);
        const south = await tree(t, units.south.id, asOf);
        expect(south.children).toEqual([{ code: province.code }]);
        expect(codes(south.descendants)).toEqual([local.code, province.code].sort());
      }

      const under = async (id: string, asOf: string) =>
        codes(
          (
            await t.ok(
              `query($id: ID!, $asOf: Date!) { orgUnits(filter: { under: $id }, asOf: $asOf) { edges { node { code } } } }`,
              { id, asOf },
            )
          ).orgUnits,
        );
      expect(await under(north.id, '2021-12-31')).toEqual([north.code, local.code, province.code].sort());
      expect(await under(south.id, '2021-12-31')).toEqual([south.code]);
      expect(await under(north.id, '2022-01-01')).toEqual([north.code]);
      expect(await under(south.id, '2022-01-01')).toEqual([south.code, local.code, province.code].sort());

      const ancestors = async (asOf: string) =>
        (
          await t.ok(
            `query($id: ID!, $asOf: Date!) { orgUnit(id: $id, asOf: $asOf) { ancestors { code } } }`,
            {
              id: local.id,
              asOf,
            },
          )
        ).orgUnit.ancestors.map((a: { code: string }) => a.code);
      expect(await ancestors('2021-12-31')).toEqual([units.root.code, north.code, province.code]);
      expect(await ancestors('2022-01-01')).toEqual([units.root.code, south.code, province.code]);
    });

    it('reads a day’s tree by the parents of that day as soon as a move makes it differ from today’s', async () => {
      // Regions of its own: the other tests read the units above.
      const stamp = Date.now() % 1e6;
      const west = await createUnit(t, {
        level: 'REGIONAL',
        parentId: units.root.id,
        code: `HS-WEST-${stamp}`,
      });
      const east = await createUnit(t, {
        level: 'REGIONAL',
        parentId: units.root.id,
        code: `HS-EAST-${stamp}`,
      });
      const code = `HS-WEST-P-${stamp}`;
      const moved = await createUnit(t, { level: 'PROVINCIAL', parentId: west, code });
      // Asked twice before the move: the day's tree is today's (and may be remembered as such).
      for (let i = 0; i < 2; i++) expect((await tree(t, west, '2022-12-31')).children).toEqual([{ code }]);
      await t.ok(`mutation($input: MoveOrgUnitInput!) { moveOrgUnit(input: $input) { id } }`, {
        input: { id: moved, parentId: east, movedOn: '2023-01-01' },
      });
      expect((await tree(t, west, '2022-12-31')).children).toEqual([{ code }]);
      expect((await tree(t, east, '2022-12-31')).children).toEqual([]);
      expect((await tree(t, west, '2023-01-01')).children).toEqual([]);
      expect((await tree(t, east, '2023-01-01')).children).toEqual([{ code }]);
    });

    it('lets the old region’s secretary read the moved units on the days they were his, and not today', async () => {
      const { north, south, province, local } = units;
      const secretary = await personWithMandate(t, north.id, { mandate: { startsOn: '2020-01-01' } });
      const account = await createAccount(t, {
        password: 'north-secretary-pw',
        personId: secretary.personId,
      });
      const north$ = t.as(await t.login(account.email, 'north-secretary-pw'));

      const before = await tree(north$, north.id, '2021-12-31');
      expect(before.children).toEqual([{ code: province.code }]);
      expect(codes(before.descendants)).toEqual([local.code, province.code].sort());
      const listed = await north$.ok(`{ orgUnits(asOf: "2021-12-31") { edges { node { code } } } }`);
      expect(codes(listed.orgUnits)).toEqual([north.code, local.code, province.code].sort());
      const then = await north$.ok(
        `query($id: ID!) { orgUnit(id: $id, asOf: "2021-12-31") { code parent { code } ancestors { code } } }`,
        { id: province.id },
      );
      expect(then.orgUnit).toEqual({
        code: province.code,
        parent: { code: north.code },
        ancestors: [{ code: north.code }],
      });
      const byCode = await north$.ok(
        `query($code: String!) { orgUnit(code: $code, asOf: "2021-12-31") { id } }`,
        {
          code: local.code,
        },
      );
      expect(byCode.orgUnit.id).toBe(local.id);

      // Today they belong to the other region: out of his scope, as if they did not exist.
      expect((await tree(north$, north.id)).descendants.totalCount).toBe(0);
      expect(codes((await north$.ok(`{ orgUnits { edges { node { code } } } }`)).orgUnits)).toEqual([
        north.code,
      ]);
      expectError(
        await north$.gql(`query($id: ID!) { orgUnit(id: $id) { code } }`, { id: province.id }),
        'NOT_FOUND',
      );
      expectError(
        await north$.gql(`query($id: ID!) { orgUnit(id: $id, asOf: "2022-01-01") { code } }`, {
          id: province.id,
        }),
        'NOT_FOUND',
      );
      expectError(
        await north$.gql(`query($id: ID!) { orgUnit(id: $id, asOf: "2021-12-31") { code } }`, {
          id: south.id,
        }),
        'NOT_FOUND',
      );

      // The new region's secretary finds them under his region only from the move on.
      const other = await personWithMandate(t, south.id, { mandate: { startsOn: '2020-01-01' } });
      const otherAccount = await createAccount(t, {
        password: 'south-secretary-pw',
        personId: other.personId,
      });
      const south$ = t.as(await t.login(otherAccount.email, 'south-secretary-pw'));
      expect((await tree(south$, south.id, '2021-12-31')).descendants.totalCount).toBe(0);
      expect((await tree(south$, south.id, '2022-01-01')).descendants.totalCount).toBe(2);
    });
  });

  describe('sources over time', () => {
    let today: string;
    const freshProvince = async () => {
      const region = (await t.ok(`{ orgUnit(code: "PAM-MA-01") { id } }`)).orgUnit.id;
      return createUnit(t, { level: 'PROVINCIAL', parentId: region });
    };
    beforeAll(async () => {
      today = moroccoDate();
    });

    it('re-confirms a 2020 attestation by a held meeting the holder attended in the post, and the same token regains access', async () => {
      const province = await freshProvince();
      const secretary = await personWithMandate(t, province, {
        mandate: { startsOn: null, attestedOn: '2020-11-02' },
      });
      const account = await createAccount(t, {
        password: 'secretary-password',
        personId: secretary.personId,
      });
      const token = t.as(await t.login(account.email, 'secretary-password'));
      const grants = async () => (await token.ok(`{ me { grants { level source } } }`)).me.grants;
      const mandate = async () =>
        (
          await t.ok(
            `query($id: ID!) { mandates(filter: { person: $id }) { edges { node {
              lastConfirmedOn confirmation
              confirmations { totalCount edges { node { confirmedOn source recordedByAccountId meeting { id } } } }
            } } } }`,
            { id: secretary.personId },
          )
        ).mandates.edges[0].node;
      expect(await mandate()).toMatchObject({ lastConfirmedOn: '2020-11-02', confirmation: 'UNCONFIRMED' });
      expect(await grants()).toEqual([]);

      // Invited, attendance unknown: the meeting says nothing of the post yet.
      const meetingId = await recordMeeting(t, province, {
        date: today,
        titleFr: 'Réunion du bureau provincial',
        participants: [
          { personId: secretary.personId, mandateId: secretary.mandateId, role: 'ATTENDEE', invited: true },
        ],
      });
      expect(await mandate()).toMatchObject({
        confirmation: 'UNCONFIRMED',
        confirmations: { totalCount: 0 },
      });

      const attendance = (value: string | null) =>
        t.ok(`mutation($input: SetAttendanceInput!) { setAttendance(input: $input) { id } }`, {
          input: { meetingId, entries: [{ personId: secretary.personId, attendance: value }] },
        });
      await attendance('ATTENDED');
      const confirmed = await mandate();
      expect(confirmed).toMatchObject({ lastConfirmedOn: today, confirmation: 'CONFIRMED' });
      expect(confirmed.confirmations.totalCount).toBe(1);
      expect(confirmed.confirmations.edges[0].node).toMatchObject({
        confirmedOn: today,
        source: `Meeting of ${today}: Réunion du bureau provincial`,
        meeting: { id: meetingId },
      });
      expect(confirmed.confirmations.edges[0].node.recordedByAccountId).toEqual(expect.any(String));
      expect(await grants()).toEqual([{ level: 'ADMIN', source: 'MANDATE' }]);
      expect(
        (await token.ok(`query($id: ID!) { orgUnit(id: $id) { id } }`, { id: province })).orgUnit.id,
      ).toBe(province);

      // The source withdrawn, the confirmation goes with it, and so does the access.
      await attendance('ABSENT');
      expect(await mandate()).toMatchObject({
        lastConfirmedOn: '2020-11-02',
        confirmation: 'UNCONFIRMED',
        confirmations: { totalCount: 0 },
      });
      expect(await grants()).toEqual([]);
    });

    it('re-confirms when the meeting is recorded with the holder attending in the post', async () => {
      const province = await freshProvince();
      const holder = await personWithMandate(t, province, {
        mandate: { startsOn: null, attestedOn: '2020-11-02' },
      });
      const account = await createAccount(t, { password: 'holder-password', personId: holder.personId });
      const token = t.as(await t.login(account.email, 'holder-password'));
      expect((await token.ok(`{ me { grants { level } } }`)).me.grants).toEqual([]);
      // A participant who attended without naming the post confirms nothing.
      const other = await personWithMandate(t, province, {
        roleCode: 'DEPUTY_SECRETARY_GENERAL',
        mandate: { startsOn: null, attestedOn: '2020-11-02' },
      });
      await recordMeeting(t, province, {
        date: today,
        participants: [
          {
            personId: holder.personId,
            mandateId: holder.mandateId,
            role: 'CONVENER',
            attendance: 'ATTENDED',
          },
          { personId: other.personId, representedUnitId: province, role: 'ATTENDEE', attendance: 'ATTENDED' },
        ],
      });
      expect((await token.ok(`{ me { grants { level } } }`)).me.grants).toEqual([{ level: 'ADMIN' }]);
      const { mandates } = await t.ok(
        `query($id: ID!) { mandates(filter: { under: $id }) { edges { node { person { id } lastConfirmedOn } } } }`,
        { id: province },
      );
      const byPerson = Object.fromEntries(
        mandates.edges.map((e: any) => [e.node.person.id, e.node.lastConfirmedOn]),
      );
      expect(byPerson).toEqual({ [holder.personId]: today, [other.personId]: '2020-11-02' });
    });

    it('lists recorded vacancies per post and per unit, paged, with their source and who recorded them', async () => {
      const province = await freshProvince();
      const post = await createPost(t, province);
      const declare = (vacantFrom: string, vacantUntil: string | null, source: string) =>
        t.ok(`mutation($input: DeclareVacancyInput!) { declareVacancy(input: $input) { id } }`, {
          input: { positionId: post, vacantFrom, vacantUntil, source },
        });
      await declare('2021-03-01', '2021-05-31', 'Lettre de démission');
      await declare('2022-01-01', null, 'Procès-verbal du conseil');
      const { orgUnit } = await t.ok(
        `query($id: ID!) { orgUnit(id: $id) {
          vacancyDeclarations(first: 1) { totalCount pageInfo { hasNextPage endCursor }
            edges { node { seat vacantFrom vacantUntil source recordedByAccountId position { id } } } }
          positions { vacancyDeclarations { totalCount edges { node { vacantFrom source } } } }
        } }`,
        { id: province },
      );
      expect(orgUnit.vacancyDeclarations.totalCount).toBe(2);
      expect(orgUnit.vacancyDeclarations.pageInfo.hasNextPage).toBe(true);
      expect(orgUnit.vacancyDeclarations.edges[0].node).toMatchObject({
        seat: 1,
        vacantFrom: '2022-01-01',
        vacantUntil: null,
        source: 'Procès-verbal du conseil',
        position: { id: post },
      });
      expect(orgUnit.vacancyDeclarations.edges[0].node.recordedByAccountId).toEqual(expect.any(String));
      expect(orgUnit.positions[0].vacancyDeclarations).toEqual({
        totalCount: 2,
        edges: [
          { node: { vacantFrom: '2022-01-01', source: 'Procès-verbal du conseil' } },
          { node: { vacantFrom: '2021-03-01', source: 'Lettre de démission' } },
        ],
      });
      const next = await t.ok(
        `query($id: ID!, $after: String!) { orgUnit(id: $id) { vacancyDeclarations(first: 1, after: $after) {
          pageInfo { hasNextPage } edges { node { vacantFrom vacantUntil } } } } }`,
        { id: province, after: orgUnit.vacancyDeclarations.pageInfo.endCursor },
      );
      expect(next.orgUnit.vacancyDeclarations).toEqual({
        pageInfo: { hasNextPage: false },
        edges: [{ node: { vacantFrom: '2021-03-01', vacantUntil: '2021-05-31' } }],
      });
    });
  });

  describe('live updates of a meeting convened above a local secretary', () => {
    const clients: LiveClient[] = [];
    afterAll(async () => {
      await Promise.all(clients.splice(0).map((client) => client.dispose()));
    });

    it('tells him of the changes to the meetings his unit took part in, named by his unit, and of no other', async () => {
      const live = t.app.get(LiveService);
      const token = await t.login('belghiti@tanzim.demo', 'tanzim-demo-2020');
      const belghiti = t.as(token);
      const souani = (await belghiti.ok(`{ orgUnit(code: "PAM-MA-TNG-SOUANI") { id } }`)).orgUnit.id;
      const province = (await t.ok(`{ orgUnit(code: "PAM-MA-TNG") { id } }`)).orgUnit.id;
      const { meetings } = await belghiti.ok(
        `{ meetings { edges { node { id version convener { id } } } } }`,
      );
      expect(meetings.edges).toHaveLength(1);
      const seed = meetings.edges[0].node;
      expect(seed.convener).toBeNull();

      const client = liveClient(t.url, token);
      clients.push(client);
      const before = live.subscriptionCount;
      const subscription = subscribe<{
        registryChanged: { kind: string; action: string; entityId: string; unitId: string };
      }>(client, `subscription { registryChanged { kind action entityId unitId } }`);
      await until(() => live.subscriptionCount > before, 5000, 'the subscription');

      // A meeting of the province his unit had no part in: not his to hear of.
      const elsewhere = await recordMeeting(t, province, { date: '2021-03-01' });
      await t.ok(`mutation($input: UpdateMeetingInput!) { updateMeeting(input: $input) { id } }`, {
        input: { id: seed.id, summaryFr: 'Compte rendu complété.', expectedVersion: seed.version },
      });
      const [event, ...more] = await subscription.waitFor(1);
      expect(event.registryChanged).toEqual({
        kind: 'MEETING',
        action: 'updateMeeting',
        entityId: seed.id,
        unitId: souani,
      });
      expect(more).toEqual([]);

      // The feed answers the same.
      await feedSettled(t);
      const { changes } = await belghiti.ok(`{ changes(first: 100) { changes { action entityId unitId } } }`);
      const told = changes.changes.filter((c: { entityId: string }) =>
        [seed.id, elsewhere].includes(c.entityId),
      );
      expect(told).toEqual([{ action: 'updateMeeting', entityId: seed.id, unitId: souani }]);
    });

    it('stops telling a holder of his unit once the meeting that confirmed his mandate no longer does', async () => {
      const live = t.app.get(LiveService);
      const region = (await t.ok(`{ orgUnit(code: "PAM-MA-01") { id } }`)).orgUnit.id;
      const province = await createUnit(t, { level: 'PROVINCIAL', parentId: region });
      const holder = await personWithMandate(t, province, {
        mandate: { startsOn: null, attestedOn: '2020-11-02' },
      });
      const account = await createAccount(t, { password: 'live-holder-pw', personId: holder.personId });
      const today = moroccoDate();
      const confirming = await recordMeeting(t, province, {
        date: today,
        participants: [
          {
            personId: holder.personId,
            mandateId: holder.mandateId,
            role: 'ATTENDEE',
            attendance: 'ATTENDED',
          },
        ],
      });
      type Told = { registryChanged: { entityId: string } };
      const listen = async (token: string) => {
        const client = liveClient(t.url, token);
        clients.push(client);
        const count = live.subscriptionCount;
        const subscription = subscribe<Told>(
          client,
          `subscription { registryChanged(kinds: [MEETING]) { entityId } }`,
        );
        await until(() => live.subscriptionCount > count, 5000, 'the subscription');
        return subscription;
      };
      const mine = await listen(await t.login(account.email, 'live-holder-pw'));
      const control = await listen(await t.login(TEST_ADMIN.email, TEST_ADMIN.password));

      const first = await recordMeeting(t, province, { date: '2021-03-01' });
      expect((await mine.waitFor(1))[0].registryChanged.entityId).toBe(first);
      await t.ok(`mutation($input: SetAttendanceInput!) { setAttendance(input: $input) { id } }`, {
        input: { meetingId: confirming, entries: [{ personId: holder.personId, attendance: 'ABSENT' }] },
      });
      const second = await recordMeeting(t, province, { date: '2021-03-02' });
      await until(
        () => control.events.some((e) => e.registryChanged.entityId === second),
        5000,
        'the control subscriber',
      );
      await settle(200);
      expect(mine.events.map((e) => e.registryChanged.entityId)).toEqual([first]);
    });
  });
});
