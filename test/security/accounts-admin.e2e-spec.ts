import { expectError, startTestApp, TestApp, TEST_ADMIN } from '../support/test-app';

const DEMO_PASSWORD = 'tanzim-demo-2020';
const ABSENT = '00000000-0000-4000-8000-000000000000';

/** Disabling, deleting and signing out accounts through the API, within scope, audited. */
describe('account administration (e2e)', () => {
  let t: TestApp;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    t = await startTestApp();
    for (const row of await t.sql<{ id: string; email: string }>(`SELECT id, email FROM account`)) {
      ids[row.email.split('@')[0]] = row.id;
    }
  });
  afterAll(() => t.close());

  type Pair = { accessToken: string; refreshToken: string };
  const signIn = (email: string, password = DEMO_PASSWORD) =>
    t
      .as(null)
      .gql<{ login: Pair }>(
        `mutation($e: String!, $p: String!) { login(input: { email: $e, password: $p }) { accessToken refreshToken } }`,
        { e: email, p: password },
      );
  const pair = async (email: string) => (await signIn(email)).data!.login;
  const refresh = (refreshToken: string) =>
    t.as(null).gql(`mutation($r: String!) { refreshSession(input: { refreshToken: $r }) { accessToken } }`, {
      r: refreshToken,
    });
  const me = (accessToken: string) => t.as(accessToken).gql(`{ me { readOnly } }`);
  const act = (token: string, mutation: string, id: string) =>
    t
      .as(token)
      .gql(
        mutation === 'endSessions'
          ? `mutation($id: ID!) { endSessions(input: { accountId: $id }) { id email disabled } }`
          : `mutation($id: ID!) { ${mutation}(input: { id: $id }) { id email disabled } }`,
        { id },
      );
  const events = (action: string, id: string) =>
    t.sql(
      `SELECT actor_account_id, unit_path::text AS path FROM audit_event WHERE action = $1 AND entity_id = $2`,
      [action, id],
    );

  it('disabling an account ends its access at once and stops it signing in; enabling lets it back', async () => {
    const regional = (await pair('ghalbzouri@tanzim.demo')).accessToken;
    const victim = await pair('limouri@tanzim.demo');
    expect((await me(victim.accessToken)).data).toEqual({ me: { readOnly: false } });

    const disabled = await act(regional, 'disableAccount', ids.limouri);
    expect(disabled.data).toEqual({
      disableAccount: { id: ids.limouri, email: 'limouri@tanzim.demo', disabled: true },
    });
    expectError(await me(victim.accessToken), 'UNAUTHENTICATED');
    expectError(await refresh(victim.refreshToken), 'UNAUTHENTICATED');
    expect(expectError(await signIn('limouri@tanzim.demo'), 'UNAUTHENTICATED')).toBe(
      'Wrong email or password.',
    );
    expectError(await act(regional, 'disableAccount', ids.limouri), 'CONFLICT');

    expect((await act(regional, 'enableAccount', ids.limouri)).data!.enableAccount.disabled).toBe(false);
    expect((await signIn('limouri@tanzim.demo')).data?.login.accessToken).toBeTruthy();
    // The old session stays over: enabling does not bring back what disabling ended.
    expectError(await me(victim.accessToken), 'UNAUTHENTICATED');

    const actor = { actor_account_id: ids.ghalbzouri, path: expect.stringMatching(/\S/) };
    expect(await events('disableAccount', ids.limouri)).toEqual([actor]);
    expect(await events('enableAccount', ids.limouri)).toEqual([actor]);
  });

  it('ending an account’s sessions stops its refresh and access tokens', async () => {
    const provincial = (await pair('limouri@tanzim.demo')).accessToken;
    const first = await pair('belghiti@tanzim.demo');
    const second = await pair('belghiti@tanzim.demo');
    const ended = await act(provincial, 'endSessions', ids.belghiti);
    expect(ended.data!.endSessions).toEqual({
      id: ids.belghiti,
      email: 'belghiti@tanzim.demo',
      disabled: false,
    });
    for (const session of [first, second]) {
      expectError(await me(session.accessToken), 'UNAUTHENTICATED');
      expectError(await refresh(session.refreshToken), 'UNAUTHENTICATED');
    }
    // The account itself still works: a new sign-in is a new session.
    expect((await me((await pair('belghiti@tanzim.demo')).accessToken)).data).toEqual({
      me: { readOnly: false },
    });
    expect(await events('endSessions', ids.belghiti)).toEqual([
      { actor_account_id: ids.limouri, path: expect.stringMatching(/\S/) },
    ]);
  });

  it('an account outside the caller’s scope is answered like an absent one, and nobody disables themselves', async () => {
    const provincial = (await pair('limouri@tanzim.demo')).accessToken;
    const regional = await pair('ghalbzouri@tanzim.demo');
    const absent = expectError(await act(provincial, 'disableAccount', ABSENT), 'NOT_FOUND');
    for (const mutation of [
      'disableAccount',
      'enableAccount',
      'deleteAccount',
      'endSessions',
      'unlockAccount',
    ]) {
      // The regional secretary-general, above the province; the national administrator, with no person.
      for (const target of [ids.ghalbzouri, ids.admin]) {
        const message = expectError(await act(provincial, mutation, target), 'NOT_FOUND');
        expect(message.replace(target, ABSENT)).toBe(absent);
      }
    }
    expect(
      expectError(await act(regional.accessToken, 'disableAccount', ids.ghalbzouri), 'FORBIDDEN'),
    ).toMatch(/your own account/);
    expectError(await act(regional.accessToken, 'deleteAccount', ids.ghalbzouri), 'FORBIDDEN');
    // Nothing changed: the regional secretary still signs in and acts.
    expect((await me(regional.accessToken)).data).toEqual({ me: { readOnly: false } });
    const [{ n }] = await t.sql(
      `SELECT count(*) AS n FROM audit_event WHERE entity_id IN ($1, $2)
          AND action IN ('disableAccount', 'enableAccount', 'deleteAccount', 'endSessions', 'unlockAccount')`,
      [ids.ghalbzouri, ids.admin],
    );
    expect(Number(n)).toBe(0);
  });

  it('deleting an account anonymises it, keeps the row for the audit trail and revokes its access', async () => {
    const admin = await t.login(TEST_ADMIN.email, TEST_ADMIN.password);
    const victim = await pair('belghiti@tanzim.demo');
    await t.ok(
      `mutation($a: ID!, $u: ID) { grantAccess(input: { accountId: $a, unitId: $u, level: VIEWER }) { id } }`,
      { a: ids.belghiti, u: '5eed0000-0000-4000-8000-000000000003' },
    );
    const deleted = await act(admin, 'deleteAccount', ids.belghiti);
    expect(deleted.data!.deleteAccount).toEqual({
      id: ids.belghiti,
      email: `deleted-${ids.belghiti}@deleted.invalid`,
      disabled: true,
    });
    const [row] = await t.sql(
      `SELECT email, person_id, disabled_at IS NOT NULL AS disabled, deleted_at IS NOT NULL AS deleted FROM account WHERE id = $1`,
      [ids.belghiti],
    );
    expect(row).toEqual({
      email: `deleted-${ids.belghiti}@deleted.invalid`,
      person_id: null,
      disabled: true,
      deleted: true,
    });
    expect(
      await t.sql(`SELECT id FROM access_binding WHERE account_id = $1 AND revoked_at IS NULL`, [
        ids.belghiti,
      ]),
    ).toEqual([]);
    expectError(await me(victim.accessToken), 'UNAUTHENTICATED');
    expectError(await refresh(victim.refreshToken), 'UNAUTHENTICATED');
    expectError(await signIn('belghiti@tanzim.demo'), 'UNAUTHENTICATED');
    expectError(
      await signIn(`deleted-${ids.belghiti}@deleted.invalid`, 'any-password-at-all'),
      'UNAUTHENTICATED',
    );
    // Gone for the API: it cannot be enabled or deleted again.
    expectError(await act(admin, 'enableAccount', ids.belghiti), 'NOT_FOUND');
    expectError(await act(admin, 'deleteAccount', ids.belghiti), 'NOT_FOUND');
    expectError(
      await t
        .as(admin)
        .gql(`mutation($a: ID!) { grantAccess(input: { accountId: $a, level: VIEWER }) { id } }`, {
          a: ids.belghiti,
        }),
      'NOT_FOUND',
    );

    // The event keeps what was removed, without the password hash, and is filed under the person's
    // unit: the provincial secretary-general, whose subtree it is, reads it.
    const provincial = (await pair('limouri@tanzim.demo')).accessToken;
    const trail = await t
      .as(provincial)
      .ok(
        `{ auditEvents(filter: { entity: "${ids.belghiti}" }) { edges { node { action before after } } } }`,
      );
    const deletion = trail.auditEvents.edges.find((e: any) => e.node.action === 'deleteAccount').node;
    expect(deletion.before).toMatchObject({ email: 'belghiti@tanzim.demo', personId: expect.any(String) });
    expect(deletion.after).toMatchObject({
      email: `deleted-${ids.belghiti}@deleted.invalid`,
      personId: null,
    });
    expect(JSON.stringify(deletion)).not.toMatch(/argon2|passwordHash/);
  });
});
