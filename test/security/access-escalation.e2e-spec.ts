import { randomUUID } from 'node:crypto';
import * as fixtures from '../support/fixtures';
import { expectError, GqlResponse, startTestApp, TestApp, TEST_ADMIN } from '../support/test-app';

/**
 * Attacks on who may give access and who may read what, each performed against the real app and
 * expected to fail: taking over a higher secretary's access by linking an account to them, handing
 * on contact rights one does not have, granting oneself access that outlives one's mandate, reading
 * contact data through a shared meeting or an audit payload, coverage edges that reach out of scope,
 * audit events that lose removed rows, NOT_FOUND messages that name the owning unit, and replays of a
 * write the caller can no longer see.
 */
const DEMO_PASSWORD = 'tanzim-demo-2020';
const SEED = (n: number) => `5eed0000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const UNIT = {
  region: SEED(2),
  province: SEED(3),
  souani: SEED(4),
  medina: SEED(7),
};
const PERSON = { ghalbzouri: SEED(201), limouri: SEED(202), belghiti: SEED(203) };
const MEDINA_POST = SEED(107);

describe('security: access given and read (e2e)', () => {
  let t: TestApp;
  const tokens: Record<string, string> = {};
  /** An administrator of the province without contact rights (an explicit binding). */
  let provinceAdmin: string;

  beforeAll(async () => {
    t = await startTestApp();
    for (const who of ['ghalbzouri', 'limouri', 'belghiti']) {
      tokens[who] = await t.login(`${who}@tanzim.demo`, DEMO_PASSWORD);
    }
    const account = await t.ok(
      `mutation { createAccount(input: { email: "province-admin@test.local", password: "province-admin-pw" }) { id } }`,
    );
    await t.ok(
      `mutation($a: ID!, $u: ID) { grantAccess(input: { accountId: $a, unitId: $u, level: ADMIN }) { id } }`,
      { a: account.createAccount.id, u: UNIT.province },
    );
    provinceAdmin = await t.login('province-admin@test.local', 'province-admin-pw');
  });
  afterAll(() => t.close());

  /** The national test administrator's access token. */
  const adminToken = () => t.login(TEST_ADMIN.email, TEST_ADMIN.password);
  const createPerson = (name: string, homeUnitId: string, phone?: string): Promise<string> =>
    fixtures.createPerson(t, { fullNameLatin: name, homeUnitId, contact: phone ? { phone } : null });
  const createPost = (unitId: string, roleCode: string): Promise<string> =>
    fixtures.createPost(t, unitId, roleCode);
  const appoint = (positionId: string, personId: string, startsOn = '2021-01-01'): Promise<string> =>
    fixtures.appoint(t, positionId, personId, { startsOn });
  const createAccount = (token: string, email: string, personId: string) =>
    t
      .as(token)
      .gql(
        `mutation($e: String!, $p: ID) { createAccount(input: { email: $e, password: "a-long-password-1", personId: $p }) { id grantsLimited } }`,
        { e: email, p: personId },
      );
  const accountsWith = async (email: string) =>
    Number((await t.sql(`SELECT count(*) AS n FROM account WHERE email = $1`, [email]))[0].n);
  const grantsOf = async (token: string) =>
    (await t.as(token).ok(`{ me { grants { level source seesContacts everywhere unit { code } } } }`)).me
      .grants as { level: string; source: string; seesContacts: boolean; unit: { code: string } | null }[];

  describe('1. linking an account to a person', () => {
    it('refuses a provincial secretary an account for a regional official he saw at a meeting', async () => {
      const deputy = await createPerson('Regional Deputy', UNIT.region);
      await appoint(await createPost(UNIT.region, 'DEPUTY_SECRETARY_GENERAL'), deputy);
      await t.ok(
        `mutation($m: ID!, $p: ID!) { addParticipants(input: { meetingId: $m, participants: [{ personId: $p, role: COORDINATOR }] }) { id } }`,
        { m: SEED(401), p: deputy },
      );
      // The precondition of the attack: both regional officials are visible to him through the meeting.
      for (const id of [deputy, PERSON.ghalbzouri]) {
        expect(
          (await t.as(tokens.limouri).ok(`query($id: ID!) { person(id: $id) { id } }`, { id })).person.id,
        ).toBe(id);
      }
      expectError(await createAccount(tokens.limouri, 'takeover@test.local', deputy), 'FORBIDDEN');
      expectError(
        await createAccount(tokens.limouri, 'takeover2@test.local', PERSON.ghalbzouri),
        'FORBIDDEN',
      );
      expect(await accountsWith('takeover@test.local')).toBe(0);
      expect(await accountsWith('takeover2@test.local')).toBe(0);
    });

    it('refuses a local secretary an account for a member of his unit who holds a provincial post', async () => {
      const member = await createPerson('Souani Member With A Provincial Post', UNIT.souani);
      await appoint(await createPost(UNIT.province, 'DEPUTY_SECRETARY_GENERAL'), member);
      expect(
        (await t.as(tokens.belghiti).ok(`query($id: ID!) { person(id: $id) { id } }`, { id: member })).person,
      ).toEqual({ id: member });
      expectError(await createAccount(tokens.belghiti, 'climb@test.local', member), 'FORBIDDEN');
      expect(await accountsWith('climb@test.local')).toBe(0);
      // A post that ended long ago carries nothing: a member whose only provincial post ended is linkable.
      const former = await createPerson('Former Provincial Treasurer', UNIT.souani);
      const mandate = await appoint(await createPost(UNIT.province, 'TREASURER'), former, '2019-01-01');
      await t.ok(`mutation($id: ID!) { endMandate(input: { id: $id, endsOn: "2019-12-31" }) { id } }`, {
        id: mandate,
      });
      expect((await createAccount(tokens.belghiti, 'former@test.local', former)).errors).toBeUndefined();
    });

    it('keeps what a linked account gains from posts inside the linking administrator’s scope and rights', async () => {
      const holder = await createPerson('Medina Secretary', UNIT.medina, '+212 600 000 001');
      await appoint(MEDINA_POST, holder);
      const created = await createAccount(provinceAdmin, 'medina@test.local', holder);
      expect(created.errors).toBeUndefined();
      expect(created.data!.createAccount.grantsLimited).toBe(true);
      const token = await t.login('medina@test.local', 'a-long-password-1');
      // The post (local secretary-general) would include contact data; its linking administrator had none.
      expect(await grantsOf(token)).toEqual([
        {
          level: 'ADMIN',
          source: 'MANDATE',
          seesContacts: false,
          everywhere: false,
          unit: { code: 'PAM-MA-TNG-MEDINA' },
        },
      ]);
      const contact = `query($id: ID!) { person(id: $id) { contact { phone } } }`;
      expect((await t.as(token).ok(contact, { id: holder })).person.contact).toBeNull();
      // A post given later, above the linking administrator, grants nothing yet.
      await appoint(await createPost(UNIT.region, 'TREASURER'), holder);
      expect((await grantsOf(token)).map((g) => g.unit?.code)).toEqual(['PAM-MA-TNG-MEDINA']);
      // The province's administrator cannot lift the limit; a national administrator can.
      const account = (await t.sql(`SELECT id FROM account WHERE email = 'medina@test.local'`))[0].id;
      const confirm = `mutation($id: ID!) { confirmAccount(input: { id: $id }) { grantsLimited } }`;
      expectError(await t.as(provinceAdmin).gql(confirm, { id: account }), 'FORBIDDEN');
      expect((await t.ok(confirm, { id: account })).confirmAccount.grantsLimited).toBe(false);
      const after = await grantsOf(token);
      expect(after.find((g) => g.unit?.code === 'PAM-MA-01')).toMatchObject({ level: 'VIEWER' });
      expect(after.find((g) => g.unit?.code === 'PAM-MA-TNG-MEDINA')).toMatchObject({ seesContacts: true });
      expect((await t.as(token).ok(contact, { id: holder })).person.contact).toEqual({
        phone: '+212 600 000 001',
      });
      // The link and its confirmation are both in the audit trail.
      const events = await t.sql(
        `SELECT action, after->>'personId' AS person FROM audit_event WHERE entity_id = $1 AND action LIKE '%Account' ORDER BY id`,
        [account],
      );
      expect(events).toEqual([
        { action: 'createAccount', person: holder },
        { action: 'confirmAccount', person: holder },
      ]);
    });

    it('gives a person one account at most', async () => {
      const before = await t.sql(`SELECT count(*) AS n FROM account`);
      expectError(await createAccount(await adminToken(), 'second@test.local', PERSON.belghiti), 'CONFLICT');
      expect(await t.sql(`SELECT count(*) AS n FROM account`)).toEqual(before);
    });
  });

  describe('5. contact data', () => {
    it('does not show the regional secretary’s contact to a provincial secretary who shared a meeting with him', async () => {
      for (const id of [PERSON.ghalbzouri, PERSON.belghiti]) {
        const [{ version }] = await t.sql(`SELECT version FROM person WHERE id = $1`, [id]);
        await t.ok(
          `mutation($id: ID!, $v: Int) { updatePerson(input: { id: $id, expectedVersion: $v, contact: { phone: "+212 611 111 111", email: "private@example.org" } }) { id } }`,
          { id, v: version },
        );
      }
      const contact = `query($id: ID!) { person(id: $id) { id contact { phone } } }`;
      expect((await t.as(tokens.limouri).ok(contact, { id: PERSON.ghalbzouri })).person).toEqual({
        id: PERSON.ghalbzouri,
        contact: null,
      });
      // His own province's local secretary: his grant includes contact data there.
      expect((await t.as(tokens.limouri).ok(contact, { id: PERSON.belghiti })).person.contact).toEqual({
        phone: '+212 611 111 111',
      });
      // And a list of people shows no more than the record.
      const listed = await t
        .as(tokens.limouri)
        .ok(`{ people(first: 100) { edges { node { id contact { phone } } } } }`);
      const regional = listed.people.edges.find((e: any) => e.node.id === PERSON.ghalbzouri);
      expect(regional.node.contact).toBeNull();
    });

    it('filters audit snapshots by the reader’s contact rights', async () => {
      const member = await createPerson('Souani Member', UNIT.souani);
      await t.ok(
        `mutation($id: ID!) { updatePerson(input: { id: $id, contact: { phone: "+212 611 111 111", email: "private@example.org" } }) { id } }`,
        { id: member },
      );
      const events = `query($id: String) { auditEvents(filter: { entity: $id }) { edges { node { action before after } } } }`;
      const read = async (token: string) =>
        (await t.as(token).ok(events, { id: member })).auditEvents.edges.map((e: any) => e.node);
      const withoutRights = (await read(provinceAdmin)).find((e: any) => e.action === 'updatePerson');
      expect(withoutRights).toBeDefined();
      for (const snapshot of [withoutRights.before, withoutRights.after]) {
        expect(Object.keys(snapshot)).toEqual(expect.arrayContaining(['fullNameLatin']));
        expect(Object.keys(snapshot)).not.toEqual(expect.arrayContaining(['phone']));
        expect(JSON.stringify(snapshot)).not.toContain('611 111');
      }
      const withRights = (await read(tokens.limouri)).find((e: any) => e.action === 'updatePerson');
      expect(withRights.after.phone).toBe('+212 611 111 111');
    });
  });

  describe('10. the audit trail keeps child rows', () => {
    it('records a meeting’s participants, units, agenda and outcomes, and what a removal took away', async () => {
      const recorded = await t.ok(
        `mutation($u: ID!, $p: ID!, $o: ID!) { recordMeeting(input: { kind: BUREAU, status: HELD, date: "2021-03-01", titleFr: "Bureau provincial", convenerUnitId: $u,
            units: [{ unitId: $o, role: INVITED }],
            participants: [{ personId: $p, role: ATTENDEE, attendance: ATTENDED }, { guestName: "Invité de passage", role: GUEST }],
            agenda: [{ titleFr: "Situation organisationnelle", notes: "Point unique" }],
            outcomes: [{ kind: DECISION, textFr: "Tenir une assemblée" }] }) { id participants { id person { id } } } }`,
        { u: UNIT.province, p: PERSON.belghiti, o: UNIT.souani },
      );
      const meeting = recorded.recordMeeting;
      const [created] = await t.sql(
        `SELECT after FROM audit_event WHERE entity_id = $1 AND action = 'recordMeeting'`,
        [meeting.id],
      );
      expect(created.after.participants.map((p: any) => p.id).sort()).toEqual(
        meeting.participants.map((p: any) => p.id).sort(),
      );
      expect(created.after.units).toEqual([
        expect.objectContaining({ orgUnitId: UNIT.souani, role: 'INVITED' }),
      ]);
      expect(created.after.agenda).toEqual([
        expect.objectContaining({ titleFr: 'Situation organisationnelle' }),
      ]);
      expect(created.after.outcomes).toEqual([expect.objectContaining({ textFr: 'Tenir une assemblée' })]);

      const removed = meeting.participants.find((p: any) => p.person?.id === PERSON.belghiti).id;
      await t.ok(`mutation($id: ID!) { removeParticipant(input: { participationId: $id }) { id } }`, {
        id: removed,
      });
      const [event] = await t.sql(
        `SELECT entity_type, entity_id, before, after FROM audit_event WHERE action = 'removeParticipant' ORDER BY id DESC LIMIT 1`,
      );
      expect(event.entity_type).toBe('Meeting');
      expect(event.entity_id).toBe(meeting.id);
      expect(event.before.participants).toEqual(
        expect.arrayContaining([expect.objectContaining({ id: removed, personId: PERSON.belghiti })]),
      );
      expect(event.after.participants.map((p: any) => p.id)).not.toContain(removed);
    });
  });

  describe('11. absent and out of scope read the same', () => {
    /** The error a caller gets, with the id they asked for blanked out. */
    const notFound = async (token: string, query: string, id: string) => {
      const result: GqlResponse = await t.as(token).gql(query, { id });
      const message = expectError(result, 'NOT_FOUND');
      for (const unit of Object.values(UNIT)) expect(message).not.toContain(unit);
      return message.replace(id, '<id>');
    };

    it('answers ids outside the caller’s scope exactly as ids that do not exist', async () => {
      const token = await t.ok(
        `mutation($u: ID!) { createApiToken(input: { name: "Province dashboard", unitId: $u, readOnly: true, expiresOn: "${new Date(Date.now() + 86_400_000 * 30).toISOString().slice(0, 10)}" }) { apiToken { id } } }`,
        { u: UNIT.province },
      );
      const binding = (
        await t.sql(`SELECT id FROM access_binding WHERE org_unit_id = $1 LIMIT 1`, [UNIT.province])
      )[0].id as string;
      const limouriAccount = (await t.sql(`SELECT id FROM account WHERE email = 'limouri@tanzim.demo'`))[0]
        .id as string;
      const cases: [string, string][] = [
        [
          `mutation($id: ID!) { revokeApiToken(input: { id: $id }) { id } }`,
          token.createApiToken.apiToken.id,
        ],
        [`mutation($id: ID!) { revokeAccess(input: { id: $id }) { id } }`, binding],
        [`mutation($id: ID!) { updateMeetingSeries(input: { id: $id, titleFr: "X" }) { id } }`, SEED(501)],
        [`mutation($id: ID!) { updatePosition(input: { id: $id, seats: 2 }) { id } }`, SEED(103)],
        [`mutation($id: ID!) { setOutcomeStatus(input: { id: $id, status: DONE }) { id } }`, SEED(431)],
        [`mutation($id: ID!) { removeParticipant(input: { participationId: $id }) { id } }`, SEED(411)],
        [
          `mutation($id: ID!) { grantAccess(input: { accountId: $id, unitId: "${UNIT.souani}", level: VIEWER }) { id } }`,
          limouriAccount,
        ],
      ];
      const before = await t.sql(`SELECT count(*) AS n FROM audit_event`);
      for (const [query, id] of cases) {
        expect(await notFound(tokens.belghiti, query, id)).toBe(
          await notFound(tokens.belghiti, query, randomUUID()),
        );
      }
      expect(await t.sql(`SELECT count(*) AS n FROM audit_event`)).toEqual(before);
    });

    it('answers a duplicate the same whether the other row is in scope or not', async () => {
      const outside = await fixtures.createUnit(t, { level: 'REGIONAL', parentId: SEED(1) });
      const numbered = (unit: string, number: string) =>
        fixtures.createPerson(t, {
          fullNameLatin: 'Numbered Member',
          homeUnitId: unit,
          membershipNumber: number,
        });
      await numbered(outside, 'M-OUT-1');
      await numbered(UNIT.province, 'M-IN-1');
      const attempt = async (number: string) =>
        expectError(
          await t
            .as(tokens.limouri)
            .gql(
              `mutation($u: ID, $n: String) { createPerson(input: { fullNameLatin: "Copy", homeUnitId: $u, membershipNumber: $n }) { id } }`,
              { u: UNIT.province, n: number },
            ),
          'CONFLICT',
        ).replace(number, '<n>');
      expect(await attempt('M-OUT-1')).toBe(await attempt('M-IN-1'));
    });
  });

  describe('13. idempotent replays', () => {
    it('does not hand back a meeting the caller can no longer see', async () => {
      const input = {
        kind: 'OUTREACH',
        status: 'HELD',
        date: '2021-04-01',
        titleFr: 'Rencontre locale',
        convenerUnitId: UNIT.souani,
        idempotencyKey: 'replay-after-move',
      };
      const record = `mutation($input: RecordMeetingInput!) { recordMeeting(input: $input) { id version } }`;
      const first = (await t.as(tokens.belghiti).ok(record, { input })).recordMeeting;
      // A national administrator files the meeting under the province: out of the local secretary's sight.
      await t.ok(
        `mutation($id: ID!, $v: Int!, $u: ID) { updateMeeting(input: { id: $id, expectedVersion: $v, convenerUnitId: $u }) { id } }`,
        { id: first.id, v: first.version, u: UNIT.province },
      );
      const replay = await t.as(tokens.belghiti).gql(record, { input });
      expectError(replay, 'NOT_FOUND');
      expect(JSON.stringify(replay)).not.toContain(first.id);
      const [{ n }] = await t.sql(`SELECT count(*) AS n FROM meeting WHERE title_fr = 'Rencontre locale'`);
      expect(Number(n)).toBe(1);
    });
  });

  describe('6. series coverage', () => {
    it('neither counts nor lists a target that moved out of the caller’s scope, and never fails on it', async () => {
      const local = await fixtures.createUnit(t, { level: 'LOCAL', parentId: UNIT.province });
      const [{ code }] = await t.sql(`SELECT code FROM org_unit WHERE id = $1`, [local]);
      await fixtures.personWithMandate(t, local);
      const series = await t.ok(
        `mutation($u: ID!, $targets: [ID!]) { createMeetingSeries(input: { organizingUnitId: $u, titleFr: "Tournée des arrondissements", targets: { unitIds: $targets } }) { id } }`,
        { u: UNIT.province, targets: [UNIT.souani, local] },
      );
      const coverage = `query($id: ID!) { meetingSeries(id: $id) { coverage { targets reached
          missing(first: 10) { totalCount edges { node { id code positions { holders { person { id fullNameLatin } } } } } }
          byUnit(level: LOCAL) { unit { id code } targets } } } }`;
      const read = async () => {
        const result = await t.as(tokens.limouri).gql(coverage, { id: series.createMeetingSeries.id });
        expect(result.errors).toBeUndefined();
        return result.data!.meetingSeries.coverage;
      };
      const before = await read();
      expect(before.targets).toBe(2);
      expect(before.missing.edges.map((e: any) => e.node.code)).toContain(code);

      // The unit moves to a province of another region.
      const otherRegion = await fixtures.createUnit(t, { level: 'REGIONAL', parentId: SEED(1) });
      const otherProvince = await fixtures.createUnit(t, { level: 'PROVINCIAL', parentId: otherRegion });
      await t.ok(`mutation($id: ID!, $p: ID!) { moveOrgUnit(input: { id: $id, parentId: $p }) { id } }`, {
        id: local,
        p: otherProvince,
      });
      const after = await read();
      expect(JSON.stringify(after)).not.toContain(local);
      expect(after.targets).toBe(1);
      expect(after.missing.totalCount).toBe(after.missing.edges.length);
      expect(after.byUnit.map((row: any) => row.unit.code)).toEqual(['PAM-MA-TNG-SOUANI']);
    });
  });

  describe('8. access that outlives its reason', () => {
    it('refuses a secretary access granted to himself, and ends what he granted with his mandate unless confirmed above', async () => {
      // A province of Ghalbzouri's region with its own secretary-general, and a local secretary under it:
      // the secretary-general's mandate ends here, so it is not the demo's.
      const province = await fixtures.createUnit(t, { level: 'PROVINCIAL', parentId: UNIT.region });
      const local = await fixtures.createUnit(t, { level: 'LOCAL', parentId: province });
      const signedIn = async (unitId: string) => {
        const official = await fixtures.personWithMandate(t, unitId);
        const account = await fixtures.createAccount(t, {
          password: 'a-long-password-1',
          personId: official.personId,
        });
        return {
          ...official,
          accountId: account.id,
          token: await t.login(account.email, 'a-long-password-1'),
        };
      };
      const secretary = await signedIn(province);
      const localSecretary = await signedIn(local);
      const grant = (token: string, account: string, level: string) =>
        t
          .as(token)
          .gql(
            `mutation($a: ID!, $u: ID) { grantAccess(input: { accountId: $a, unitId: $u, level: ${level} }) { id endsWithMandateId } }`,
            { a: account, u: province },
          );
      const bindings = async () => Number((await t.sql(`SELECT count(*) AS n FROM access_binding`))[0].n);
      const count = await bindings();
      expectError(await grant(secretary.token, secretary.accountId, 'ADMIN'), 'FORBIDDEN');
      expect(await bindings()).toBe(count);

      const admin = (await grant(secretary.token, localSecretary.accountId, 'ADMIN')).data!.grantAccess;
      const viewer = (await grant(secretary.token, localSecretary.accountId, 'VIEWER')).data!.grantAccess;
      expect(admin.endsWithMandateId).toBe(secretary.mandateId);
      const confirm = `mutation($id: ID!) { confirmAccess(input: { id: $id }) { id endsWithMandateId } }`;
      // Neither the granting secretary nor the grantee confirms it; the regional secretary above does.
      expectError(await t.as(secretary.token).gql(confirm, { id: viewer.id }), 'FORBIDDEN');
      expectError(await t.as(localSecretary.token).gql(confirm, { id: viewer.id }), 'FORBIDDEN');
      expect(
        (await t.as(tokens.ghalbzouri).ok(confirm, { id: viewer.id })).confirmAccess.endsWithMandateId,
      ).toBeNull();

      const bindingGrants = async () =>
        (await grantsOf(localSecretary.token))
          .filter((g) => g.source === 'BINDING')
          .map((g) => g.level)
          .sort();
      expect(await bindingGrants()).toEqual(['ADMIN', 'VIEWER']);
      const yesterday = new Date(Date.now() - 86_400_000 * 1.5).toISOString().slice(0, 10);
      await t.ok(`mutation($id: ID!, $d: Date!) { endMandate(input: { id: $id, endsOn: $d }) { id } }`, {
        id: secretary.mandateId,
        d: yesterday,
      });
      expect(await bindingGrants()).toEqual(['VIEWER']);
    });
  });
});
