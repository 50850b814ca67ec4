import { expectError, startTestApp, TestApp } from '../support/test-app';

const DEMO_PASSWORD = 'tanzim-demo-2020';

/** A refresh token copied by a thief: replaying it after it was traded ends the whole session family. */
describe('refresh-token reuse (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  type Pair = { accessToken: string; refreshToken: string };
  const signIn = async (email: string): Promise<Pair> =>
    (
      await t
        .as(null)
        .ok<{ login: Pair }>(
          `mutation($e: String!, $p: String!) { login(input: { email: $e, password: $p }) { accessToken refreshToken } }`,
          { e: email, p: DEMO_PASSWORD },
        )
    ).login;
  const refresh = (refreshToken: string) =>
    t
      .as(null)
      .gql<{ refreshSession: Pair }>(
        `mutation($r: String!) { refreshSession(input: { refreshToken: $r }) { accessToken refreshToken } }`,
        { r: refreshToken },
      );
  const me = (accessToken: string) => t.as(accessToken).gql(`{ me { readOnly } }`);

  it('replaying a traded refresh token ends every session of its family, at once', async () => {
    const a = await signIn('limouri@tanzim.demo');
    const b = (await refresh(a.refreshToken)).data!.refreshSession;
    expect((await me(b.accessToken)).data).toEqual({ me: { readOnly: false } });
    // Another sign-in of the same account is another family: it must survive.
    const elsewhere = await signIn('limouri@tanzim.demo');

    // The thief replays A.
    expectError(await refresh(a.refreshToken), 'UNAUTHENTICATED');

    // B, renewed from A, is over too: its refresh token and its access token.
    expectError(await refresh(b.refreshToken), 'UNAUTHENTICATED');
    expectError(await me(b.accessToken), 'UNAUTHENTICATED');
    expectError(await me(a.accessToken), 'UNAUTHENTICATED');
    expect((await me(elsewhere.accessToken)).data).toEqual({ me: { readOnly: false } });
    expect((await refresh(elsewhere.refreshToken)).data?.refreshSession.accessToken).toBeTruthy();

    // The replay is in the audit trail (so is the later attempt with B).
    const events = await t.sql<{ action: string }>(
      `SELECT e.action FROM audit_event e JOIN account a ON a.id = e.entity_id
        WHERE e.action = 'refreshSession:reuse' AND a.email = 'limouri@tanzim.demo'`,
    );
    expect(events.length).toBeGreaterThanOrEqual(1);
  });

  it('a thief who renews first loses the session as soon as the owner renews too', async () => {
    const a = await signIn('belghiti@tanzim.demo');
    const thief = (await refresh(a.refreshToken)).data!.refreshSession;
    // The owner's client now presents A, already traded by the thief.
    expectError(await refresh(a.refreshToken), 'UNAUTHENTICATED');
    expectError(await me(thief.accessToken), 'UNAUTHENTICATED');
    expectError(await refresh(thief.refreshToken), 'UNAUTHENTICATED');
  });
});
