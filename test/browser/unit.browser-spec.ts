import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { seedId } from '../../src/seed/demo-tangier';
import { startTestApp, type TestApp } from '../support/test-app';
import { launchBrowser, openApp, originOf, PHONE, signIn, type AppPage } from './browser';

const BELGHITI = seedId(203);
const GHALBZOURI = seedId(201);
const LIMOURI = seedId(202);

/** Serious or critical accessibility violations of the page as it stands. */
async function axeViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** The card of a post on a unit page (each post is a list item named by its title). */
const postCard = (page: Page, title: string) => page.getByRole('listitem', { name: title });

describe('web app: a unit, a person, appointing and ending mandates', () => {
  let app: TestApp;
  let browser: Browser;
  let origin: string;
  const opened: AppPage[] = [];

  const open = async (email: string, options: Parameters<typeof openApp>[2] = {}) => {
    const appPage = await openApp(browser, origin, options);
    opened.push(appPage);
    await signIn(appPage.page, email);
    return appPage;
  };

  const createPerson = async (fullNameAr: string, fullNameLatin: string, homeUnitCode: string) => {
    const { orgUnit } = await app.ok<{ orgUnit: { id: string } }>(
      `query($code: String!) { orgUnit(code: $code) { id } }`,
      { code: homeUnitCode },
    );
    const { createPerson } = await app.ok<{ createPerson: { id: string } }>(
      `mutation($input: CreatePersonInput!) { createPerson(input: $input) { id } }`,
      { input: { fullNameAr, fullNameLatin, homeUnitId: orgUnit.id } },
    );
    return createPerson.id;
  };

  const mandatesOf = async (unitCode: string) => {
    const { orgUnit } = await app.ok<{ orgUnit: { id: string } }>(
      `query($code: String!) { orgUnit(code: $code) { id } }`,
      { code: unitCode },
    );
    const { mandates } = await app.ok<{
      mandates: {
        edges: Array<{
          node: {
            person: { fullNameLatin: string };
            position: { unit: { code: string } };
            startsOn: string | null;
            endsOn: string | null;
            endReason: string | null;
            source: string | null;
          };
        }>;
      };
    }>(
      `query($under: ID!) { mandates(filter: { under: $under }, first: 100) { edges { node {
         person { fullNameLatin } position { unit { code } } startsOn endsOn endReason source } } } }`,
      { under: orgUnit.id },
    );
    return mandates.edges.map((e) => e.node).filter((m) => m.position.unit.code === unitCode);
  };

  beforeAll(async () => {
    [app, browser] = await Promise.all([startTestApp(), launchBrowser()]);
    origin = originOf(app.url);
  });
  afterEach(async () => {
    for (const { blocked, pageErrors, context } of opened.splice(0)) {
      await context.close();
      expect(blocked).toEqual([]);
      expect(pageErrors).toEqual([]);
    }
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('appoints someone found by search on Tanger-Médina’s vacant seat, once despite a lost answer, and the vacancy disappears', async () => {
    await createPerson('يوسف الطنجاوي', 'Youssef Tanjaoui', 'PAM-MA-TNG-MEDINA');
    const { page } = await open('limouri@tanzim.demo');
    await page.goto(`${origin}/units/PAM-MA-TNG-MEDINA`);
    await page.getByRole('heading', { level: 2, name: 'الأمانة المحلية لمقاطعة طنجة المدينة' }).waitFor();
    // Both names, the parent, and the empty seat.
    await page.getByText('Secrétariat local de Tanger-Médina').waitFor();
    await page.getByRole('link', { name: 'الأمانة الإقليمية لعمالة طنجة-أصيلة' }).waitFor();
    const post = postCard(page, 'الأمين المحلي');
    await post.getByText('الشاغل غير معروف').waitFor();
    expect(await axeViolations(page)).toEqual([]);

    await post.getByRole('button', { name: 'تعيين: الأمين المحلي' }).click();
    const dialog = page.getByRole('dialog', { name: 'تعيين في منصب الأمين المحلي' });
    // Typed in Latin letters, another spelling than the registry's: the API's search finds him.
    await dialog.getByRole('combobox', { name: 'الشخص' }).fill('tanjawi');
    await page.getByRole('option', { name: /يوسف الطنجاوي/ }).click();
    await dialog.getByLabel('تاريخ بدء المهمة').fill('2021-01-15');
    await dialog.getByLabel('المصدر').fill('قرار الأمانة الإقليمية');
    expect(await axeViolations(page)).toEqual([]);
    // The first answer is lost on the way back (the server did appoint him): the error is shown,
    // and saving again sends the same idempotency key, which answers the same mandate, not a conflict.
    let dropped = false;
    await page.route('**/graphql', async (route) => {
      if (dropped || !route.request().postData()?.includes('UnitPageAppoint')) return route.fallback();
      dropped = true;
      await route.fetch();
      return route.abort('connectionreset');
    });
    await dialog.getByRole('button', { name: 'حفظ' }).click();
    await dialog.getByRole('alert').getByText('تعذّر الاتصال بالخادم').waitFor();
    await dialog.getByRole('button', { name: 'حفظ' }).click();
    await dialog.waitFor({ state: 'detached' });

    await post.getByRole('link', { name: 'يوسف الطنجاوي' }).waitFor();
    expect(await post.getByText('الشاغل غير معروف').count()).toBe(0);
    expect(await page.getByText('منذ 15 يناير 2021').count()).toBe(1);
    const mandates = await mandatesOf('PAM-MA-TNG-MEDINA');
    expect(mandates).toEqual([
      expect.objectContaining({
        person: { fullNameLatin: 'Youssef Tanjaoui' },
        startsOn: '2021-01-15',
        endsOn: null,
        source: 'قرار الأمانة الإقليمية',
      }),
    ]);
  });

  it('replaces a holder only when asked: the successor holds the post, the former one is listed as ended', async () => {
    await createPerson('سعيد المكادي', 'Said Mekkadi', 'PAM-MA-TNG-BNIMAKADA');
    const { page } = await open('limouri@tanzim.demo');
    await page.goto(`${origin}/units/PAM-MA-TNG-BNIMAKADA`);
    const post = postCard(page, 'الأمين المحلي');
    await post.getByRole('link', { name: 'عمر لعزيري' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await post.getByRole('button', { name: 'استبدال: الأمين المحلي' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('combobox', { name: 'الشخص' }).fill('المكادي');
    await page.getByRole('option', { name: /سعيد المكادي/ }).click();
    await dialog.getByLabel('تاريخ بدء المهمة').fill('2022-03-01');
    // Without "replace the current holder", a full post is refused, in Arabic, and nothing is written.
    await dialog.getByRole('button', { name: 'حفظ' }).click();
    await dialog.getByRole('alert').getByText('هذا المنصب مشغول في هذه التواريخ', { exact: false }).waitFor();
    expect((await mandatesOf('PAM-MA-TNG-BNIMAKADA')).length).toBe(1);

    await dialog.getByRole('checkbox', { name: 'استبدال الشاغل الحالي' }).check();
    await dialog.getByText('تنتهي مهمة عمر لعزيري في اليوم السابق لتاريخ البدء').waitFor();
    await dialog.getByRole('button', { name: 'حفظ' }).click();
    await dialog.waitFor({ state: 'detached' });

    await post.getByRole('link', { name: 'سعيد المكادي' }).waitFor();
    expect(await post.getByRole('link', { name: 'عمر لعزيري' }).count()).toBe(0);
    const ended = page.getByRole('region', { name: 'مهام منتهية' });
    await ended.getByRole('link', { name: 'عمر لعزيري' }).waitFor();
    await ended.getByText(/إلى 28 فبراير 2022 · تعيين خلف/).waitFor();
    const mandates = await mandatesOf('PAM-MA-TNG-BNIMAKADA');
    expect(mandates).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          person: { fullNameLatin: 'Omar Laaziri' },
          endsOn: '2022-02-28',
          endReason: 'REPLACED',
        }),
        expect.objectContaining({ person: { fullNameLatin: 'Said Mekkadi' }, startsOn: '2022-03-01' }),
      ]),
    );
  });

  it('ends a mandate on a phone: the seat becomes vacant and the mandate is listed as ended', async () => {
    const { page } = await open('limouri@tanzim.demo', { viewport: PHONE });
    await page.goto(`${origin}/units/PAM-MA-TNG-MGHOGHA`);
    const post = postCard(page, 'الأمين المحلي');
    await post.getByRole('link', { name: 'عبد الحميد بوشعيب' }).waitFor();
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(
      PHONE.width,
    );
    await post.getByRole('button', { name: 'إنهاء المهمة: عبد الحميد بوشعيب' }).click();
    const dialog = page.getByRole('dialog', { name: 'إنهاء مهمة عبد الحميد بوشعيب' });
    await dialog.getByLabel('آخر يوم في المهمة').fill('2023-06-30');
    expect(await axeViolations(page)).toEqual([]);
    await dialog.getByRole('combobox', { name: 'السبب' }).click();
    await page.getByRole('option', { name: 'استقالة' }).click();
    await dialog.getByRole('button', { name: 'إنهاء المهمة' }).click();
    await dialog.waitFor({ state: 'detached' });

    await post.getByText('الشاغل غير معروف').waitFor();
    expect(await post.getByRole('link', { name: 'عبد الحميد بوشعيب' }).count()).toBe(0);
    await page
      .getByRole('region', { name: 'مهام منتهية' })
      .getByText(/30 يونيو 2023 · استقالة/)
      .waitFor();
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(
      PHONE.width,
    );
    expect(await mandatesOf('PAM-MA-TNG-MGHOGHA')).toEqual([
      expect.objectContaining({ endsOn: '2023-06-30', endReason: 'RESIGNED' }),
    ]);
  });

  it('shows an end date before the start in Arabic next to its field, and writes nothing', async () => {
    const { page } = await open('limouri@tanzim.demo');
    await page.goto(`${origin}/units/PAM-MA-TNG-SOUANI`);
    const post = postCard(page, 'الأمين المحلي');
    await post.getByRole('button', { name: 'إنهاء المهمة: رضوان العلوي البلغيثي' }).click();
    const dialog = page.getByRole('dialog');
    const endsOn = dialog.getByLabel('آخر يوم في المهمة');
    // His mandate is attested on 2 November 2020: it cannot end a month before.
    await endsOn.fill('2020-10-01');
    await dialog.getByRole('button', { name: 'إنهاء المهمة' }).click();
    const message = dialog.getByText('لا يمكن أن تنتهي المهمة قبل أن تبدأ.');
    await message.waitFor();
    // Next to its field: the input is marked invalid and described by that very message.
    expect(await endsOn.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await endsOn.getAttribute('aria-describedby')) ?? '';
    expect(describedBy.split(' ')).toContain(await message.getAttribute('id'));
    expect(await dialog.getByRole('alert').count()).toBe(0);
    expect(await mandatesOf('PAM-MA-TNG-SOUANI')).toEqual([expect.objectContaining({ endsOn: null })]);
  });

  it('shows the local secretary of Charf-Souani his unit only; the province is not found', async () => {
    const { page } = await open('belghiti@tanzim.demo');
    await page.getByRole('heading', { name: 'هيكلي' }).waitFor();
    await page.getByRole('link', { name: 'الأمانة المحلية لمقاطعة الشرف السواني' }).waitFor();
    expect(
      await page
        .getByRole('main')
        .getByRole('link', { name: /^الأمانة/ })
        .count(),
    ).toBe(1);

    await page.getByRole('link', { name: 'الأمانة المحلية لمقاطعة الشرف السواني' }).click();
    await page.getByRole('heading', { level: 2, name: 'الأمانة المحلية لمقاطعة الشرف السواني' }).waitFor();
    await postCard(page, 'الأمين المحلي').getByRole('link', { name: 'رضوان العلوي البلغيثي' }).waitFor();
    // His unit's parent is outside his scope: no link to it.
    expect(await page.getByText('الهيئة الأعلى').count()).toBe(0);

    await page.goto(`${origin}/units/PAM-MA-TNG`);
    await page.getByRole('alert').getByText('هذه الهيئة غير موجودة أو خارج نطاق صلاحياتك.').waitFor();
    expect(await page.getByText('منير ليموري').count()).toBe(0);
    await page.goto(`${origin}/people/${LIMOURI}`);
    await page.getByRole('heading', { name: 'هذا الشخص غير موجود أو خارج نطاق صلاحياتك.' }).waitFor();
  });

  it('shows contact data where the grant allows it and no contact box elsewhere, in French too', async () => {
    for (const [id, phone] of [
      [BELGHITI, '+212 600 000 203'],
      [GHALBZOURI, '+212 600 000 201'],
    ]) {
      await app.ok(`mutation($input: UpdatePersonInput!) { updatePerson(input: $input) { id } }`, {
        input: { id, contact: { phone, email: `${id.slice(-3)}@example.org` } },
      });
    }
    const { page } = await open('limouri@tanzim.demo');
    // A local secretary of his province: the provincial secretary-general sees his contact data.
    await page.goto(`${origin}/people/${BELGHITI}`);
    await page.getByRole('heading', { level: 2, name: 'رضوان العلوي البلغيثي' }).waitFor();
    await page.getByText('Redouane Alaoui Belghiti').waitFor();
    const contact = page.getByRole('region', { name: 'معلومات الاتصال' });
    await contact.getByRole('link', { name: '+212 600 000 203' }).waitFor();
    const mandates = page.getByRole('region', { name: 'المهام عبر الزمن' });
    await mandates.getByRole('cell', { name: 'الأمين المحلي' }).waitFor();
    await mandates.getByRole('cell', { name: '2 نونبر 2020' }).waitFor();
    const meetings = page.getByRole('region', { name: 'الاجتماعات التي شارك فيها' });
    await meetings.getByRole('link', { name: /لقاء تواصلي/ }).waitFor();
    expect(await axeViolations(page)).toEqual([]);

    // The regional secretary shares a meeting with him, which is no grant on his contact data.
    await page.goto(`${origin}/people/${GHALBZOURI}`);
    await page.getByRole('heading', { level: 2, name: 'عبد اللطيف الغلبزوري' }).waitFor();
    await page.getByRole('region', { name: 'الاجتماعات التي شارك فيها' }).getByRole('link').first().waitFor();
    expect(await page.getByText('معلومات الاتصال').count()).toBe(0);
    expect(await page.getByText('+212 600 000 201').count()).toBe(0);

    // French, left to right, for the unit and person pages.
    await page.getByText('Français').click();
    await page.getByRole('heading', { level: 2, name: 'Abdellatif Ghalbzouri' }).waitFor();
    await page
      .getByRole('region', { name: 'Réunions auxquelles la personne a pris part' })
      .getByText('Coordinateur')
      .waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.goto(`${origin}/units/PAM-MA-TNG`);
    await page.getByRole('heading', { level: 2, name: 'Secrétariat provincial de Tanger-Assilah' }).waitFor();
    await page
      .getByRole('region', { name: 'Séries de réunions organisées' })
      .getByText(/3 instance\(s\) atteinte\(s\) sur 4/)
      .waitFor();
    await page
      .getByRole('region', { name: 'Réunions' })
      .getByRole('link', { name: /Rencontre|لقاء/ })
      .first()
      .waitFor();
    expect(await axeViolations(page)).toEqual([]);
  });
});
