/**
 * How long the web app's dashboard takes to show its numbers: from navigation to /dashboard until its
 * first section (the headline figures, charts and tables, which render only with the stats' answer) is
 * on screen, read from the page's own clock (performance.now(), counted from the navigation's start).
 * Debian's Chromium, headless, on a running server (`npm start`, or one on a bench database).
 *
 *   npm run bench:web                                  # the demo's regional secretary on :3000
 *   BENCH_WEB_URL=http://127.0.0.1:3000 BENCH_WEB_REGION=BN-R01 npm run bench:web
 *
 * With BENCH_WEB_REGION (a region's code), the run signs in as the benchmark's national administrator
 * (bench/national/shape.ts), gives a viewer account that region (created once) and measures as that
 * account: the database loaded by `npm run bench:data` has no regional secretary of its own.
 *
 * Each round opens a fresh browser context holding the signed-in session (nothing cached: a first
 * visit of the day), then navigates again in the same page (a warm cache). Median of BENCH_WEB_ROUNDS
 * (default 5) of each; a report in results/web-dashboard-<date>.md when BENCH_WEB_REPORT is set.
 */
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { BENCH_ADMIN } from '../national/shape';

const origin = (process.env.BENCH_WEB_URL ?? 'http://127.0.0.1:3000').replace(/\/$/, '');
const rounds = Number(process.env.BENCH_WEB_ROUNDS ?? 5);
const region = process.env.BENCH_WEB_REGION;
const REGIONAL_VIEWER = { email: 'bench-regional@tanzim.bench', password: 'bench-regional-2026' };
const account = region
  ? REGIONAL_VIEWER
  : {
      email: process.env.BENCH_WEB_EMAIL ?? 'ghalbzouri@tanzim.demo',
      password: process.env.BENCH_WEB_PASSWORD ?? 'tanzim-demo-2020',
    };

async function gql<T>(query: string, variables: Record<string, unknown>, token?: string): Promise<T> {
  const response = await fetch(`${origin}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: Array<{ message: string }> };
  if (body.errors?.length || !body.data) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

async function login(email: string, password: string) {
  return gql<{ login: { accessToken: string; refreshToken: string; expiresAt: string } }>(
    `mutation($input: LoginInput!) { login(input: $input) { accessToken refreshToken expiresAt } }`,
    { input: { email, password } },
  ).then((data) => data.login);
}

/** A viewer account on the region (created the first time), for a database without one. */
async function regionalViewer(code: string): Promise<void> {
  const admin = (await login(BENCH_ADMIN.email, BENCH_ADMIN.password)).accessToken;
  const exists = await login(REGIONAL_VIEWER.email, REGIONAL_VIEWER.password).then(
    () => true,
    () => false,
  );
  if (exists) return;
  const { orgUnit } = await gql<{ orgUnit: { id: string } }>(
    `query($code: String!) { orgUnit(code: $code) { id } }`,
    { code },
    admin,
  );
  const { createAccount } = await gql<{ createAccount: { id: string } }>(
    `mutation($input: CreateAccountInput!) { createAccount(input: $input) { id } }`,
    { input: REGIONAL_VIEWER },
    admin,
  );
  await gql(
    `mutation($input: GrantAccessInput!) { grantAccess(input: $input) { id } }`,
    { input: { accountId: createAccount.id, unitId: orgUnit.id, level: 'VIEWER' } },
    admin,
  );
}

/** A context whose storage holds a signed-in session, as the app stores it after its sign-in form. */
async function signedInContext(browser: Browser): Promise<BrowserContext> {
  const session = await login(account.email, account.password);
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'ar-MA' });
  // A script as text: this file is compiled without the DOM's types.
  await context.addInitScript(
    `if (!localStorage.getItem('tanzim.session')) localStorage.setItem('tanzim.session', ${JSON.stringify(
      JSON.stringify({ ...session, email: account.email }),
    )});`,
  );
  // Nothing leaves the machine.
  await context.route('**/*', (route) =>
    ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(route.request().url()).hostname)
      ? route.continue()
      : route.abort('blockedbyclient'),
  );
  return context;
}

/** Milliseconds from the navigation's start until the dashboard shows its numbers. */
async function timeDashboard(context: BrowserContext, page = context.pages()[0]): Promise<number> {
  const target = page ?? (await context.newPage());
  await target.goto(`${origin}/dashboard`);
  // A function, not a string (the page's Content-Security-Policy forbids eval), typed by hand: this
  // file is compiled without the DOM's types.
  const shown = await target.waitForFunction(
    () => {
      const page = globalThis as unknown as {
        document: { querySelector(selector: string): unknown };
        performance: { now(): number };
      };
      return page.document.querySelector('main section') ? page.performance.now() : 0;
    },
    null,
    { polling: 'raf', timeout: 60_000 },
  );
  return (await shown.jsonValue()) as number;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const format = (values: number[]) =>
  `median ${median(values).toFixed(0)} ms (min ${Math.min(...values).toFixed(0)}, max ${Math.max(...values).toFixed(0)}; ${values.map((v) => v.toFixed(0)).join(', ')})`;

async function main(): Promise<void> {
  if (region) await regionalViewer(region);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-dev-shm-usage',
    ],
  });
  const cold: number[] = [];
  const warm: number[] = [];
  try {
    for (let round = 0; round < rounds; round++) {
      const context = await signedInContext(browser);
      cold.push(await timeDashboard(context));
      warm.push(await timeDashboard(context));
      await context.close();
    }
  } finally {
    await browser.close();
  }
  const lines = [
    `# The web app's dashboard: navigation → numbers shown`,
    '',
    `- ${new Date().toISOString()}, ${origin}, as ${account.email}${region ? ` (viewer of ${region})` : ''}`,
    `- machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, load ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' / ')}`,
    `- first visit (fresh context, nothing cached): ${format(cold)}`,
    `- next visit (same page, cached assets): ${format(warm)}`,
    '',
  ];
  process.stdout.write(lines.join('\n'));
  if (process.env.BENCH_WEB_REPORT) {
    const file = join(
      __dirname,
      '..',
      '..',
      '..',
      'bench',
      'results',
      `web-dashboard-${new Date().toISOString().slice(0, 10)}.md`,
    );
    writeFileSync(file, lines.join('\n'));
    process.stdout.write(`Written to ${file}\n`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
