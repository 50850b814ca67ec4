import type { Browser } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/test-app';
import { DEMO_PASSWORD, launchBrowser, openApp, originOf, signIn } from './browser';

const ME = '{ me { grants { level } } }';

describe('GraphiQL, bundled and served by Tanzim', () => {
  let app: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    [app, browser] = await Promise.all([startTestApp({ graphiql: true }), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it("loads with every request off the machine blocked and runs a query with the signed-in session's token", async () => {
    const { page, blocked, pageErrors, context } = await openApp(browser, originOf(app.url));
    const consoleErrors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    await signIn(page, 'ghalbzouri@tanzim.demo');
    const expected = await app
      .as(await app.login('ghalbzouri@tanzim.demo', DEMO_PASSWORD))
      .ok<{ me: { grants: Array<{ level: string }> } }>(ME);
    expect(expected.me.grants.length).toBeGreaterThan(0);

    await page.goto(`${originOf(app.url)}/graphiql?query=${encodeURIComponent(ME)}`);
    await page.getByText('ghalbzouri@tanzim.demo').waitFor();
    // The editor holds the document from the URL before it is run (slow on a loaded machine).
    await page.waitForFunction(
      () => /grants/.test(document.querySelector('.monaco-editor')?.textContent ?? ''),
      null,
      { timeout: 30_000 },
    );
    await page.getByRole('button', { name: /Execute query/ }).click();
    // The answer in the response pane (Monaco writes its spaces as no-break spaces).
    await page.waitForFunction(
      () => /"(data|errors)"/.test(document.querySelector('.graphiql-response')?.textContent ?? ''),
      null,
      { timeout: 30_000 },
    );
    const text = (await page.locator('.graphiql-response').innerText()).replace(/\s+/g, ' ');
    expect(text).toContain('"grants"');
    for (const grant of expected.me.grants) expect(text).toContain(`"level": "${grant.level}"`);
    expect(text).not.toContain('UNAUTHENTICATED');

    expect(blocked).toEqual([]);
    expect(pageErrors).toEqual([]);
    // A script, style, font or worker the Content-Security-Policy refused would be logged here.
    expect(consoleErrors).toEqual([]);
    await context.close();
  });
});
