import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { signJwt } from '../../src/accounts/jwt';
import { moroccoDate } from '../../src/common/morocco-time';
import { LiveService } from '../../src/live/live.service';
import { until } from '../support/live';
import { startTestApp, type TestApp } from '../support/test-app';
import { DEMO_PASSWORD, launchBrowser, openApp, originOf, PHONE, signIn } from './browser';

const RECORD = `mutation($input: RecordMeetingInput!) { recordMeeting(input: $input) { id } }`;
const ACTIVITY_AR = 'الاجتماعات المنعقدة كل شهر';
const LIVE_AR = 'التحديث المباشر: مباشر';
const RECONNECTING_AR = 'التحديث المباشر: انقطع الاتصال، جارٍ إعادة الاتصال…';

/** Meetings held in the window's last month (today's), read from the activity chart's table. */
async function heldThisMonth(page: Page, caption = ACTIVITY_AR): Promise<number> {
  const lastMonth = page.getByRole('table', { name: caption }).getByRole('row').last();
  return Number(await lastMonth.getByRole('cell').first().textContent());
}

async function waitForHeld(page: Page, expected: number): Promise<void> {
  await until(async () => (await heldThisMonth(page)) === expected, 10_000, `${expected} meetings held`);
}

/** Serious or critical accessibility violations on the page, by rule and element. */
async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
    .analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
    );
}

describe('web app: the live dashboard', () => {
  let app: TestApp;
  let browser: Browser;
  let live: LiveService;
  let tangierAsilah: string;

  /** A meeting held today in Tangier–Asilah, recorded through the API by its provincial secretary. */
  const recordTodaysMeeting = async () => {
    const secretary = app.as(await app.login('limouri@tanzim.demo', DEMO_PASSWORD));
    await secretary.ok(RECORD, {
      input: {
        kind: 'OUTREACH',
        status: 'HELD',
        date: moroccoDate(),
        titleAr: 'لقاء تواصلي',
        convenerUnitId: tangierAsilah,
      },
    });
  };

  /** The regional secretary on the dashboard, once it shows its numbers and listens for changes. */
  const openDashboard = async (
    options: Parameters<typeof openApp>[2] = {},
    beforeOpening?: (page: Page) => Promise<void>,
  ) => {
    const opened = await openApp(browser, originOf(app.url), options);
    await signIn(opened.page, 'ghalbzouri@tanzim.demo');
    await beforeOpening?.(opened.page);
    const listening = live.subscriptionCount;
    await opened.page.goto(`${originOf(app.url)}/dashboard`);
    await until(() => live.subscriptionCount > listening, 15_000, 'the dashboard to subscribe');
    return opened;
  };

  beforeAll(async () => {
    [app, browser] = await Promise.all([startTestApp(), launchBrowser()]);
    live = app.app.get(LiveService);
    const data = await app.ok<{ orgUnit: { id: string } }>(`{ orgUnit(code: "PAM-MA-TNG") { id } }`);
    tangierAsilah = data.orgUnit.id;
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it("shows the regional secretary his region's numbers and updates them, without reloading, when a meeting is recorded", async () => {
    const { page, blocked, pageErrors, context } = await openDashboard();
    await page.getByRole('heading', { name: 'لوحة القيادة', level: 2 }).waitFor();
    await page.getByText('الأمانة الجهوية لجهة طنجة-تطوان-الحسيمة').first().waitFor();
    await page.getByRole('status', { name: LIVE_AR }).waitFor();
    // Per province: Tangier–Asilah, his only one in the demo, with a link to its page.
    const coverage = page.getByRole('region', { name: 'التغطية حسب الإقليم' });
    await coverage.getByRole('link', { name: 'الأمانة الإقليمية لعمالة طنجة-أصيلة' }).waitFor();
    await page.getByRole('region', { name: 'هيئات لم تجتمع منذ 90 يومًا' }).waitFor();
    const before = await heldThisMonth(page);
    // A mark on the window: a reload would wipe it.
    await page.evaluate(() => Object.assign(window, { notReloaded: true }));

    await recordTodaysMeeting();
    await waitForHeld(page, before + 1);
    expect(await page.evaluate(() => (window as { notReloaded?: boolean }).notReloaded)).toBe(true);

    expect(await seriousViolations(page)).toEqual([]);
    expect(blocked).toEqual([]);
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('refreshes an access token the server says has expired (4401), subscribes again and keeps updating', async () => {
    const [{ value: secret }] = await app.sql<{ value: string }>(
      `SELECT value FROM server_secret WHERE name = 'jwt'`,
    );
    let shortLived = '';
    // The session's access token swapped, before the dashboard opens, for one the server ends in
    // three seconds while this browser believes it good for an hour: only the server's 4401 says so.
    const { page, pageErrors, context } = await openDashboard({}, async (page) => {
      const claims = await page.evaluate(() => {
        const session = JSON.parse(localStorage.getItem('tanzim.session')!) as { accessToken: string };
        const payload = session.accessToken.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
        return JSON.parse(atob(payload)) as { sub: string; sid: string };
      });
      const now = Math.floor(Date.now() / 1000);
      shortLived = signJwt({ sub: claims.sub, sid: claims.sid, iat: now, exp: now + 3 }, secret);
      await page.evaluate((accessToken) => {
        const session = JSON.parse(localStorage.getItem('tanzim.session')!) as Record<string, string>;
        const expiresAt = new Date(Date.now() + 3_600_000).toISOString();
        localStorage.setItem('tanzim.session', JSON.stringify({ ...session, accessToken, expiresAt }));
      }, shortLived);
    });
    const listening = live.subscriptionCount;
    await page.getByRole('status', { name: RECONNECTING_AR }).waitFor();
    await page.getByRole('status', { name: LIVE_AR }).waitFor();
    const renewed = await page.evaluate(
      () => (JSON.parse(localStorage.getItem('tanzim.session')!) as { accessToken: string }).accessToken,
    );
    expect(renewed).not.toBe(shortLived);
    await until(() => live.subscriptionCount >= listening, 15_000, 'the dashboard to subscribe again');

    const before = await heldThisMonth(page);
    await recordTodaysMeeting();
    await waitForHeld(page, before + 1);
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('fits a phone (390×844) without scrolling sideways', async () => {
    const { page, context } = await openDashboard({ viewport: PHONE });
    await page.getByRole('table', { name: ACTIVITY_AR }).waitFor({ state: 'attached' });
    await page.getByRole('region', { name: 'التغطية حسب الإقليم' }).waitFor();
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await context.close();
  });

  it('reads in French, left to right, with its chart titled for screen readers', async () => {
    const { page, context } = await openDashboard({ language: 'fr' });
    await page.getByRole('heading', { name: 'Tableau de bord', level: 2 }).waitFor();
    expect(await page.getAttribute('html', 'dir')).toBe('ltr');
    await page.getByRole('status', { name: 'Mise à jour en direct: En direct' }).waitFor();
    await page.getByRole('region', { name: 'Couverture par province' }).waitFor();
    // The French table, found by its French caption, holds this month's count in Latin digits.
    const lastMonth = page.getByRole('table', { name: 'Réunions tenues par mois' }).getByRole('row').last();
    expect(await lastMonth.getByRole('cell').first().textContent()).toMatch(/^\d+$/);
    expect(await seriousViolations(page)).toEqual([]);
    await context.close();
  });
});
