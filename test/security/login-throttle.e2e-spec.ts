import { DEFAULT_THROTTLE } from '../../src/accounts/login-throttle';
import { GqlResponse, expectError, startTestApp, TestApp, TEST_ADMIN } from '../support/test-app';

const DEMO_PASSWORD = 'tanzim-demo-2020';
const RUN = DEFAULT_THROTTLE.perPair.run;
const WRONG = 'Wrong email or password.';

/**
 * Password guessing, sent the way an attacker sends it: many at once. The app trusts X-Forwarded-For
 * from the loopback address here (TRUST_PROXY=127.0.0.1), as behind a local reverse proxy, so each
 * request can come from its own source.
 */
describe('login throttle (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ trustProxy: ['127.0.0.1'] });
  });
  afterAll(() => t.close());

  const login = async (email: string, password: string, source: string): Promise<GqlResponse> => {
    const response = await fetch(t.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': source },
      body: JSON.stringify({
        query: `mutation($e: String!, $p: String!) { login(input: { email: $e, password: $p }) { accessToken } }`,
        variables: { e: email, p: password },
      }),
    });
    return { status: response.status, ...((await response.json()) as Omit<GqlResponse, 'status'>) };
  };
  const message = (result: GqlResponse) =>
    result.data?.login ? 'signed in' : expectError(result, 'UNAUTHENTICATED');
  const wrongs = (answers: string[]) => answers.filter((m) => m === WRONG).length;
  const tooMany = (answers: string[]) =>
    answers.filter((m) => m.startsWith('Too many failed sign-ins')).length;
  const failuresOf = async (email: string, source: string) =>
    (await t.sql(`SELECT failures FROM login_attempt WHERE email = $1 AND source = $2`, [email, source]))[0]
      ?.failures as number | undefined;
  const accountId = async (email: string) =>
    (await t.sql(`SELECT id FROM account WHERE email = $1`, [email]))[0].id as string;
  /** Lets the wait of an email's counts from a source pass, without waiting. */
  const waitPasses = (email: string, source: string) =>
    t.sql(`UPDATE login_attempt SET next_at = now() - interval '1 second' WHERE email = $1 AND source = $2`, [
      email,
      source,
    ]);

  it('checks at most the allowed run of a parallel burst, and the right password sent once the run is spent does not sign in', async () => {
    const email = 'limouri@tanzim.demo';
    const source = '198.51.100.1';
    const before = await t.sql(`SELECT count(*) AS n FROM audit_event WHERE action = 'login'`);
    // Thirty wrong passwords at once; the right one joins the burst as soon as the run is spent (any
    // RUN + 1 answers mean RUN + 1 attempts were counted).
    const answered: Promise<string>[] = [];
    let done = 0;
    let runSpent!: () => void;
    const spent = new Promise<void>((resolve) => (runSpent = resolve));
    for (let i = 0; i < 30; i++) {
      answered.push(
        login(email, `wrong-password-${i}`, source).then((result) => {
          if (++done === RUN + 1) runSpent();
          return message(result);
        }),
      );
    }
    answered.push(spent.then(async () => message(await login(email, DEMO_PASSWORD, source))));
    const answers = await Promise.all(answered);

    expect(answers[30]).toMatch(/^Too many failed sign-ins/);
    expect(wrongs(answers)).toBe(RUN);
    expect(tooMany(answers)).toBe(31 - RUN);
    expect(await failuresOf(email, source)).toBe(RUN);
    const after = await t.sql(`SELECT count(*) AS n FROM audit_event WHERE action = 'login'`);
    expect(after).toEqual(before);
  });

  it('refuses a burst of a hundred after the run, then allows one attempt per doubling wait', async () => {
    const email = 'ghalbzouri@tanzim.demo';
    const source = '198.51.100.2';
    const answers = await Promise.all(
      Array.from({ length: 100 }, (_, i) => login(email, `guess-${i}`, source).then(message)),
    );
    expect(wrongs(answers)).toBe(RUN);
    expect(tooMany(answers)).toBe(100 - RUN);
    const retryAfter = (result: GqlResponse) => {
      expect(message(result)).toMatch(/^Too many failed sign-ins; try again in \d+ second\(s\)\.$/);
      return result.errors![0].extensions.retryAfterSeconds as number;
    };
    const first = retryAfter(await login(email, DEMO_PASSWORD, source));
    expect(first).toBeGreaterThan(0);
    expect(first).toBeLessThanOrEqual(30);

    // The wait is over: one more attempt is checked, and its failure doubles the wait.
    await waitPasses(email, source);
    expect(message(await login(email, 'one-more-guess', source))).toBe(WRONG);
    const second = retryAfter(await login(email, 'and-another', source));
    expect(second).toBeGreaterThan(30);
    expect(second).toBeLessThanOrEqual(60);
    await waitPasses(email, source);
    expect(message(await login(email, DEMO_PASSWORD, source))).toBe('signed in');
    expect(await failuresOf(email, source)).toBeUndefined();
  });

  it('does not let strangers lock the owner out: a clean source signs in, a failed one waits at most the cap', async () => {
    const email = 'belghiti@tanzim.demo';
    // Strangers from six addresses, one burst each, push the email past its own allowance.
    const checked: number[] = [];
    for (let s = 1; s <= 6; s++) {
      const answers = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          login(email, `stranger-${s}-${i}`, `203.0.113.${s}`).then(message),
        ),
      );
      checked.push(wrongs(answers));
    }
    // Each source's run until the email's allowance is spent; after that, one try per new source.
    expect(checked).toEqual([5, 5, 5, 5, 1, 1]);
    expect(await failuresOf(email, '')).toBe(DEFAULT_THROTTLE.perEmail.run + 2);

    // A stranger's source, even with the right password, waits; never longer than the cap.
    const stranger = await login(email, DEMO_PASSWORD, '203.0.113.1');
    expect(message(stranger)).toMatch(/^Too many failed sign-ins/);
    const wait = stranger.errors![0].extensions.retryAfterSeconds as number;
    expect(wait).toBeGreaterThan(0);
    expect(wait * 1000).toBeLessThanOrEqual(DEFAULT_THROTTLE.perEmail.capMs);

    // The owner, from their own address, is let in.
    expect(message(await login(email, DEMO_PASSWORD, '192.0.2.10'))).toBe('signed in');
  });

  it('holds back a source that tries many emails, and no other source', async () => {
    const source = '198.51.100.3';
    const answers = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        login(`nobody-${i}@example.org`, 'a-wrong-password', source).then(message),
      ),
    );
    expect(wrongs(answers)).toBe(DEFAULT_THROTTLE.perSource.run);
    expect(message(await login(TEST_ADMIN.email, TEST_ADMIN.password, source))).toMatch(/^Too many/);
    expect(message(await login(TEST_ADMIN.email, TEST_ADMIN.password, '198.51.100.4'))).toBe('signed in');
  });

  it('an administrator unlocks an account, and that is audited', async () => {
    const email = 'limouri@tanzim.demo';
    const source = '198.51.100.5';
    for (let i = 0; i < RUN; i++) expect(message(await login(email, `guess-${i}`, source))).toBe(WRONG);
    expect(message(await login(email, DEMO_PASSWORD, source))).toMatch(/^Too many/);
    const id = await accountId(email);
    // A local secretary may not (the account is not theirs: as if it did not exist); the national administrator may.
    const belghiti = await t.login('belghiti@tanzim.demo', DEMO_PASSWORD);
    expectError(
      await t.as(belghiti).gql(`mutation($id: ID!) { unlockAccount(input: { id: $id }) { id } }`, { id }),
      'NOT_FOUND',
    );
    expect(message(await login(email, DEMO_PASSWORD, source))).toMatch(/^Too many/);
    const unlocked = await t.ok(`mutation($id: ID!) { unlockAccount(input: { id: $id }) { id email } }`, {
      id,
    });
    expect(unlocked.unlockAccount).toEqual({ id, email });
    expect(message(await login(email, DEMO_PASSWORD, source))).toBe('signed in');
    const events = await t.sql(
      `SELECT actor_account_id FROM audit_event WHERE action = 'unlockAccount' AND entity_id = $1`,
      [id],
    );
    expect(events).toEqual([{ actor_account_id: await accountId(TEST_ADMIN.email) }]);
  });

  it('counts the client as the connection when no proxy is trusted', async () => {
    const plain = await startTestApp({ seed: 'none' });
    try {
      const spoofed = (i: number) =>
        fetch(plain.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-forwarded-for': `192.0.2.${i}` },
          body: JSON.stringify({
            query: `mutation { login(input: { email: "someone@example.org", password: "guess-${i}" }) { accessToken } }`,
          }),
        }).then(async (r) =>
          message({ status: r.status, ...((await r.json()) as Omit<GqlResponse, 'status'>) }),
        );
      const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => spoofed(i)));
      expect(wrongs(answers)).toBe(RUN);
      const sources = await plain.sql(`SELECT DISTINCT source FROM login_attempt WHERE source <> ''`);
      expect(sources).toEqual([{ source: '127.0.0.1' }]);
    } finally {
      await plain.close();
    }
  });
});
