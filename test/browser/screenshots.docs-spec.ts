import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/test-app';
import { DESKTOP, launchBrowser, openApp, originOf, PHONE, signIn } from './browser';

/**
 * The screenshots the README shows (`npm run screenshots`): the main screens on the demo data, as the
 * provincial secretary of Tangier–Asilah sees them, in Arabic and French, on a laptop and a phone.
 */
const OUT = join(__dirname, '..', '..', 'docs', 'screenshots');

describe('screenshots of the main screens', () => {
  let app: TestApp;
  let browser: Browser;
  let meetingId: string;

  beforeAll(async () => {
    [app, browser] = await Promise.all([startTestApp(), launchBrowser()]);
    const data = await app.ok<{ meetings: { edges: { node: { id: string } }[] } }>(
      `{ meetings(first: 1) { edges { node { id } } } }`,
    );
    meetingId = data.meetings.edges[0].node.id;
    mkdirSync(OUT, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  const screens = (): Array<{ name: string; path: string }> => [
    { name: 'structure', path: '/' },
    { name: 'unit', path: '/units/PAM-MA-TNG' },
    { name: 'meeting', path: `/meetings/${meetingId}` },
    { name: 'record-meeting', path: '/meetings/new' },
    { name: 'dashboard', path: '/dashboard' },
  ];

  async function settle(page: Page) {
    await page.waitForLoadState('networkidle');
    await page.waitForTimeout(500);
  }

  for (const language of ['ar', 'fr'] as const) {
    for (const [device, viewport] of [
      ['desktop', DESKTOP],
      ['phone', PHONE],
    ] as const) {
      it(`${language}, ${device}`, async () => {
        const { page, context } = await openApp(browser, originOf(app.url), { language, viewport });
        if (device === 'desktop') {
          await page.screenshot({ path: join(OUT, `sign-in-${language}-${device}.png`) });
        }
        await signIn(page, 'limouri@tanzim.demo');
        for (const screen of screens()) {
          await page.goto(`${originOf(app.url)}${screen.path}`);
          await settle(page);
          await page.screenshot({
            path: join(OUT, `${screen.name}-${language}-${device}.png`),
            fullPage: device === 'desktop',
          });
        }
        await context.close();
      });
    }
  }
});
