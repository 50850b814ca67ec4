import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/test-app';
import { launchBrowser, openApp, originOf, PHONE, signIn } from './browser';

/** Every screen of the app, reached as a signed-in provincial secretary; `ready` waits for its data. */
const SCREENS: Array<{ name: string; path: string; ready: (page: Page) => Promise<unknown> }> = [
  {
    name: 'structure',
    path: '/',
    ready: (page) =>
      page
        .getByRole('link', { name: /Tanger-Assilah|طنجة-أصيلة/ })
        .first()
        .waitFor(),
  },
  {
    name: 'dashboard',
    path: '/dashboard',
    ready: (page) => page.getByRole('heading', { level: 2 }).first().waitFor(),
  },
];

/** Serious and critical violations of WCAG 2.1 A/AA and axe's best practices, with their nodes. */
async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
    .analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      nodes: violation.nodes.map((node) => node.target.join(' ')),
    }));
}

describe('web app: accessibility (axe-core) on every page, in Arabic and French', () => {
  let app: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    [app, browser] = await Promise.all([startTestApp(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  for (const language of ['ar', 'fr'] as const) {
    it(`the sign-in page has no serious or critical violation (${language})`, async () => {
      const { page, context } = await openApp(browser, originOf(app.url), { language });
      await page.getByRole('button', { name: /^(دخول|Se connecter)$/ }).waitFor();
      expect(await seriousViolations(page)).toEqual([]);
      await context.close();
    });

    for (const viewport of [undefined, PHONE]) {
      it(`every screen has no serious or critical violation (${language}, ${viewport ? 'phone' : 'desktop'})`, async () => {
        const { page, context } = await openApp(browser, originOf(app.url), { language, viewport });
        await signIn(page, 'limouri@tanzim.demo');
        const found: Record<string, unknown> = {};
        for (const screen of SCREENS) {
          await page.goto(`${originOf(app.url)}${screen.path}`);
          await screen.ready(page);
          const violations = await seriousViolations(page);
          if (violations.length) found[screen.name] = violations;
          // Usable at phone width: nothing wider than the screen.
          if (viewport) {
            const overflow = await page.evaluate(
              () => document.documentElement.scrollWidth - window.innerWidth,
            );
            if (overflow > 0) found[`${screen.name} overflow`] = overflow;
          }
        }
        expect(found).toEqual({});
        await context.close();
      });
    }
  }
});
