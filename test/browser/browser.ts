import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/**
 * Debian's Chromium, headless, driven by playwright-core (no browser download). Background
 * networking is off: the machine has no way out, and the app must not need one.
 */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 860 };

export interface AppPage {
  page: Page;
  context: BrowserContext;
  /** Requests that tried to leave the machine (blocked). A test expects none. */
  blocked: string[];
  /** Errors the page threw or logged. */
  pageErrors: string[];
}

function isLoopback(url: URL): boolean {
  return (
    ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname) ||
    url.protocol === 'data:' ||
    url.protocol === 'blob:'
  );
}

/**
 * A fresh browser context (its own storage, so its own session) on the app at `origin`, in a
 * language ('ar' by default, as a new visitor gets), with every non-loopback request blocked.
 */
export async function openApp(
  browser: Browser,
  origin: string,
  options: { language?: 'ar' | 'fr'; viewport?: { width: number; height: number } } = {},
): Promise<AppPage> {
  const context = await browser.newContext({
    viewport: options.viewport ?? DESKTOP,
    locale: options.language === 'fr' ? 'fr-MA' : 'ar-MA',
    timezoneId: 'Africa/Casablanca',
  });
  const blocked: string[] = [];
  const pageErrors: string[] = [];
  await context.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    if (isLoopback(url)) return route.continue();
    blocked.push(url.href);
    return route.abort('blockedbyclient');
  });
  if (options.language) {
    await context.addInitScript((language) => {
      if (!localStorage.getItem('tanzim.language')) localStorage.setItem('tanzim.language', language);
    }, options.language);
  }
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.setDefaultTimeout(15_000);
  await page.goto(origin);
  return { page, context, blocked, pageErrors };
}

export const DEMO_PASSWORD = 'tanzim-demo-2020';

/** Signs in through the sign-in page (labels in Arabic or French). */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  await page.getByLabel(/البريد الإلكتروني|Adresse e-mail/).fill(email);
  await page.getByLabel(/كلمة المرور|Mot de passe/).fill(password);
  await page.getByRole('button', { name: /^(دخول|Se connecter)$/ }).click();
  await page.getByRole('navigation').waitFor();
}

/** The origin of a test app's GraphQL URL (`http://127.0.0.1:port`). */
export function originOf(graphqlUrl: string): string {
  return new URL(graphqlUrl).origin;
}
