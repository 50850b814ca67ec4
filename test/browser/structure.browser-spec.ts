import type { Browser } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/test-app';
import { launchBrowser, openApp, originOf, PHONE, signIn } from './browser';

describe('web app: sign in and my structure', () => {
  let app: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    [app, browser] = await Promise.all([startTestApp(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('opens in Arabic, right to left, and shows the provincial secretary his subtree, with the seat nobody is known to hold marked as such', async () => {
    const { page, blocked, pageErrors, context } = await openApp(browser, originOf(app.url));
    expect(await page.getAttribute('html', 'dir')).toBe('rtl');
    await signIn(page, 'limouri@tanzim.demo');
    await page.getByRole('heading', { name: 'هيكلي' }).waitFor();
    await page.getByRole('link', { name: 'الأمانة الإقليمية لعمالة طنجة-أصيلة' }).waitFor();
    for (const local of ['بني مكادة', 'طنجة المدينة', 'الشرف مغوغة', 'الشرف السواني']) {
      await page.getByRole('link', { name: `الأمانة المحلية لمقاطعة ${local}` }).waitFor();
    }
    // Nothing above his province: not the region.
    expect(await page.getByText('جهة طنجة تطوان الحسيمة').count()).toBe(0);
    await page.getByRole('link', { name: 'منير ليموري' }).waitFor();
    // The report names nobody for Tanger-Médina's seat, nor says it is vacant: "holder unknown".
    const medina = page
      .locator('li', { has: page.getByRole('link', { name: 'الأمانة المحلية لمقاطعة طنجة المدينة' }) })
      .first();
    await medina.getByText('الشاغل غير معروف').waitFor();
    expect(await page.getByText('شاغر', { exact: true }).count()).toBe(0);
    expect(blocked).toEqual([]);
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('switches to French (left to right), remembers it, and writes dates and digits as chosen', async () => {
    const { page, context } = await openApp(browser, originOf(app.url), { viewport: PHONE });
    await signIn(page, 'limouri@tanzim.demo');
    await page.getByText('Français').click();
    expect(await page.getAttribute('html', 'dir')).toBe('ltr');
    await page.getByRole('heading', { name: 'Ma structure' }).waitFor();
    await page.getByRole('link', { name: 'Secrétariat provincial de Tanger-Assilah' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { name: 'Ma structure' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    await context.close();
  });

  it('finds a person as the name is typed, whatever the spelling', async () => {
    const { page, context } = await openApp(browser, originOf(app.url), { language: 'fr' });
    await signIn(page, 'limouri@tanzim.demo');
    await page.getByLabel('Chercher une instance ou une personne').fill('limouri');
    await page.getByRole('search').getByRole('link', { name: 'Mounir Limouri' }).waitFor();
    await page.getByLabel('Chercher une instance ou une personne').fill('ليموري');
    await page.getByRole('search').getByRole('link', { name: 'Mounir Limouri' }).waitFor();
    await context.close();
  });

  it('shows a refused password in the page language and keeps the visitor on the sign-in page', async () => {
    const { page, context } = await openApp(browser, originOf(app.url), { language: 'ar' });
    await page.getByLabel('البريد الإلكتروني').fill('limouri@tanzim.demo');
    await page.getByLabel('كلمة المرور').fill('wrong-password');
    await page.getByRole('button', { name: 'دخول' }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('navigation').count()).toBe(0);
    await context.close();
  });
});
