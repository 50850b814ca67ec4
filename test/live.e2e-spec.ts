import { signJwt } from '../src/accounts/jwt';
import { LiveService } from '../src/live/live.service';
import { createAccount, createPerson, personWithMandate, recordMeeting } from './support/fixtures';
import { liveClient, LiveClient, settle, subscribe, twoRegions, until } from './support/live';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Live updates over WebSocket (graphql-transport-ws, a real graphql-ws client): who may connect, what
 * each subscriber receives (their scope, `under`, `kinds`), that only committed changes are published,
 * and that expired or revoked credentials end the subscription.
 */
const CHANGES = `subscription($under: ID, $kinds: [ChangeKind!]) {
  registryChanged(under: $under, kinds: $kinds) { id kind action entityId unitId at }
}`;
type Change = {
  registryChanged: { id: string; kind: string; action: string; entityId: string; unitId: string };
};

describe('live updates', () => {
  let t: TestApp;
  let live: LiveService;
  let regionA: string;
  let provinceA: string;
  let regionB: string;
  let secretaryA: string;
  const clients: LiveClient[] = [];
  const open = (token: string | null, payload?: Record<string, unknown>) => {
    const client = liveClient(t.url, token, payload);
    clients.push(client);
    return client;
  };
  /** Subscribes and waits until the server listens for it. */
  const listen = async (client: LiveClient, variables: Record<string, unknown> = {}) => {
    const before = live.subscriptionCount;
    const subscription = subscribe<Change>(client, CHANGES, variables);
    await until(() => live.subscriptionCount > before, 5000, 'the subscription');
    return subscription;
  };

  beforeAll(async () => {
    t = await startTestApp();
    live = t.app.get(LiveService);
    ({ regionA, provinceA, regionB, secretaryA } = await twoRegions(t));
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.dispose()));
    await until(() => live.subscriptionCount === 0, 5000, 'subscriptions to end');
  });
  afterAll(async () => {
    await t.close();
  });

  describe('authentication in connection_init', () => {
    it('refuses a connection without a token with 4401', async () => {
      const client = open(null);
      expect((await client.closed).code).toBe(4401);
    });

    it('refuses a bad token and a malformed header with 4401', async () => {
      expect((await open('not-a-token').closed).code).toBe(4401);
      expect((await open(null, { authorization: 'Basic abc' }).closed).code).toBe(4401);
      expect((await open('tzk_forged').closed).code).toBe(4401);
    });

    it('accepts an access token and an API token', async () => {
      const api = await t.ok<{ createApiToken: { token: string } }>(
        `mutation($u: ID!, $until: Date!) { createApiToken(input: { name: "Dashboard", unitId: $u, readOnly: true, expiresOn: $until }) { token } }`,
        { u: regionA, until: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10) },
      );
      const byAccess = await listen(open(secretaryA));
      const byToken = await listen(open(api.createApiToken.token));
      const meeting = await recordMeeting(t, provinceA);
      for (const subscription of [byAccess, byToken]) {
        const [event] = await subscription.waitFor(1);
        expect(event.registryChanged).toMatchObject({
          kind: 'MEETING',
          action: 'recordMeeting',
          entityId: meeting,
          unitId: provinceA,
        });
      }
    });
  });

  it('holds subscription documents to the rules and limits of HTTP ones (BAD_USER_INPUT)', async () => {
    const client = open(secretaryA);
    const aliases = Array.from({ length: 20 }, (_, i) => `a${i}: id`).join(' ');
    for (const query of [
      'subscription { registryChanged { id nonsense } }',
      `subscription { registryChanged { ${aliases} } }`,
      'subscription { registryChanged { id } other: registryChanged { id } }',
    ]) {
      const refused = subscribe(client, query);
      await refused.ended;
      expect(refused.errors).toEqual([
        expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) }),
      ]);
    }
    expect(live.subscriptionCount).toBe(0);
  });

  describe('scope', () => {
    it('tells each subscriber only of changes in their scope (two regions)', async () => {
      const secretary = await listen(open(secretaryA));
      const admin = await listen(open(await t.login('admin@test.local', 'national-admin-password')));
      const inB = await recordMeeting(t, regionB);
      const inA = await recordMeeting(t, provinceA);
      await admin.waitFor(2);
      const [first] = await secretary.waitFor(1);
      // The change in region B was committed first: had it reached the secretary of A, it would be first.
      expect(first.registryChanged.entityId).toBe(inA);
      expect(admin.events.map((e) => e.registryChanged.entityId)).toEqual([inB, inA]);
      await settle(200);
      expect(secretary.events).toHaveLength(1);
    });

    it('filters by under and kinds; under outside the scope is NOT_FOUND', async () => {
      const adminToken = await t.login('admin@test.local', 'national-admin-password');
      const underB = await listen(open(adminToken), { under: regionB });
      const people = await listen(open(adminToken), { kinds: ['PERSON'] });
      await recordMeeting(t, provinceA);
      const person = await createPerson(t, { homeUnitId: regionB });
      const inB = await recordMeeting(t, regionB);
      const [personEvent] = await people.waitFor(1);
      expect(personEvent.registryChanged).toMatchObject({
        kind: 'PERSON',
        entityId: person,
        unitId: regionB,
      });
      await underB.waitFor(2);
      expect(underB.events.map((e) => e.registryChanged.entityId)).toEqual([person, inB]);

      const outside = subscribe<Change>(open(secretaryA), CHANGES, { under: regionB });
      await outside.ended;
      expect(outside.errors).toEqual([
        expect.objectContaining({ extensions: expect.objectContaining({ code: 'NOT_FOUND' }) }),
      ]);
    });
  });

  it('publishes a committed import to every subtree it touched, shown under a unit the subscriber reads', async () => {
    const adminToken = await t.login('admin@test.local', 'national-admin-password');
    const codeOf = async (id: string) =>
      (await t.ok<{ orgUnit: { code: string } }>(`query($id: ID!) { orgUnit(id: $id) { code } }`, { id }))
        .orgUnit.code;
    const importPeople = async (rows: string[][], dryRun = false) => {
      const url = new URL(t.url.replace(/\/graphql$/, '/import'));
      url.searchParams.set('kind', 'people');
      if (dryRun) url.searchParams.set('dryRun', 'true');
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/octet-stream', authorization: `Bearer ${adminToken}` },
        body: Buffer.from(
          [['membership number', 'full name', 'unit code'], ...rows].map((r) => r.join(',')).join('\n'),
        ),
      });
      return (await response.json()) as { committed: boolean; importId: string | null };
    };
    const secretary = await listen(open(secretaryA), { under: provinceA });
    const underB = await listen(open(adminToken), { under: regionB });
    const meetingsOnly = await listen(open(adminToken), { kinds: ['MEETING'] });
    const stamp = `${process.pid}-${Date.now()}`;
    const rows = [
      [`LIVE-A-${stamp}`, 'Amina Live', await codeOf(provinceA)],
      [`LIVE-B-${stamp}`, 'Badr Live', await codeOf(regionB)],
    ];
    // A dry run writes nothing, so it publishes nothing.
    expect((await importPeople(rows, true)).committed).toBe(false);
    const report = await importPeople(rows);
    expect(report.committed).toBe(true);
    // Filed under the national unit that holds both; each subscriber hears of it under its own subtree.
    const [inA] = await secretary.waitFor(1);
    expect(inA.registryChanged).toMatchObject({
      kind: 'PERSON',
      action: 'importPeople',
      entityId: report.importId,
      unitId: provinceA,
    });
    const [inB] = await underB.waitFor(1);
    expect(inB.registryChanged).toMatchObject({ entityId: report.importId, unitId: regionB });
    // The same file again changes nothing: nothing is published.
    expect((await importPeople(rows)).committed).toBe(false);
    await settle(300);
    expect(secretary.events).toHaveLength(1);
    expect(underB.events).toHaveLength(1);
    expect(meetingsOnly.events).toHaveLength(0);
  });

  it('publishes only committed changes: a mutation that fails publishes nothing', async () => {
    const subscription = await listen(open(secretaryA));
    const failed = await t.gql(
      `mutation($input: RecordMeetingInput!) { recordMeeting(input: $input) { id } }`,
      {
        input: {
          kind: 'OUTREACH',
          status: 'HELD',
          date: '2021-05-01',
          titleFr: 'Rencontre refusée',
          convenerUnitId: provinceA,
          participants: [{ personId: '00000000-0000-4000-8000-000000000000', role: 'ATTENDEE' }],
        },
      },
    );
    expect(failed.errors?.[0].extensions.code).toBeDefined();
    const committed = await recordMeeting(t, provinceA);
    const [first] = await subscription.waitFor(1);
    expect(first.registryChanged.entityId).toBe(committed);
  });

  describe('credentials that stop working end the subscription', () => {
    it('closes the socket when the access token expires', async () => {
      const [{ value: secret }] = await t.sql<{ value: string }>(
        `SELECT value FROM server_secret WHERE name = 'jwt'`,
      );
      const claims = JSON.parse(Buffer.from(secretaryA.split('.')[1], 'base64url').toString()) as {
        sub: string;
        sid: string;
      };
      const now = Math.floor(Date.now() / 1000);
      const shortLived = signJwt({ sub: claims.sub, sid: claims.sid, iat: now, exp: now + 2 }, secret);
      const client = open(shortLived);
      const subscription = await listen(client);
      const { code, reason } = await client.closed;
      expect(code).toBe(4401);
      expect(reason).toMatch(/expired/);
      await subscription.ended;
    });

    it('closes the socket at once when the session ends or the API token is revoked', async () => {
      const official = await personWithMandate(t, provinceA);
      const account = await createAccount(t, {
        password: 'secretary-password-p',
        personId: official.personId,
      });
      const token = await t.login(account.email, 'secretary-password-p');
      const api = await t.ok<{ createApiToken: { token: string; apiToken: { id: string } } }>(
        `mutation($u: ID!, $until: Date!) { createApiToken(input: { name: "Board", unitId: $u, readOnly: true, expiresOn: $until }) { token apiToken { id } } }`,
        { u: regionA, until: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10) },
      );
      const bySession = open(token);
      const byToken = open(api.createApiToken.token);
      await listen(bySession);
      await listen(byToken);

      await t.as(token).ok(`mutation { logout }`);
      expect((await bySession.closed).code).toBe(4401);
      await t.ok(`mutation($id: ID!) { revokeApiToken(input: { id: $id }) { id } }`, {
        id: api.createApiToken.apiToken.id,
      });
      expect((await byToken.closed).code).toBe(4401);
    });

    it('narrows what a subscriber receives when a grant is revoked', async () => {
      const account = await createAccount(t, { password: 'viewer-password-two' });
      const bindings: string[] = [];
      for (const unit of [regionA, regionB]) {
        const granted = await t.ok<{ grantAccess: { id: string } }>(
          `mutation($a: ID!, $u: ID) { grantAccess(input: { accountId: $a, unitId: $u, level: VIEWER }) { id } }`,
          { a: account.id, u: unit },
        );
        bindings.push(granted.grantAccess.id);
      }
      const viewer = await listen(open(await t.login(account.email, 'viewer-password-two')));
      const beforeB = await recordMeeting(t, regionB);
      await viewer.waitFor(1);
      await t.ok(`mutation($id: ID!) { revokeAccess(input: { id: $id }) { id } }`, { id: bindings[1] });
      await recordMeeting(t, regionB);
      const inA = await recordMeeting(t, regionA);
      await viewer.waitFor(2);
      expect(viewer.events.map((e) => e.registryChanged.entityId)).toEqual([beforeB, inA]);
    });
  });
});
