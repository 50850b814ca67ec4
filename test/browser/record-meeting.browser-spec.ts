import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/test-app';
import { DEMO_PASSWORD, launchBrowser, openApp, originOf, PHONE, signIn } from './browser';

/** The demo's ids (src/seed/demo-tangier.ts). */
const seedId = (n: number) => `5eed0000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const PROVINCE_ID = seedId(3);
const SEED_SERIES_ID = seedId(501);
const SEED_TITLE = 'لقاء تواصلي للأمين الإقليمي مع الأمناء المحليين لمقاطعات طنجة';

describe('web app: record a meeting and read it back', () => {
  let app: TestApp;
  let browser: Browser;
  let limouri: string;
  /** A series of the province's outreach meetings that no meeting belongs to yet. */
  let seriesId: string;

  beforeAll(async () => {
    [app, browser] = await Promise.all([startTestApp(), launchBrowser()]);
    limouri = await app.login('limouri@tanzim.demo', DEMO_PASSWORD);
    const created = await app
      .as(limouri)
      .ok<{ createMeetingSeries: { id: string } }>(
        `mutation ($input: CreateMeetingSeriesInput!) { createMeetingSeries(input: $input) { id } }`,
        {
          input: {
            organizingUnitId: PROVINCE_ID,
            titleAr: 'جولة الأمين الإقليمي على المقاطعات',
            titleFr: 'Tournée du secrétaire provincial dans les arrondissements',
            targets: { level: 'LOCAL', under: PROVINCE_ID },
          },
        },
      );
    seriesId = created.createMeetingSeries.id;
    // Starting the app, migrating its database and launching Chromium takes long on a busy machine.
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  async function meetingsTitled(title: string): Promise<number> {
    const data = await app
      .as(limouri)
      .ok<{ meetings: { totalCount: number } }>(
        `query ($search: String!) { meetings(filter: { search: $search }) { totalCount } }`,
        { search: title },
      );
    return data.meetings.totalCount;
  }

  /** axe-core's serious and critical findings on the page as it is. */
  async function seriousViolations(page: Page): Promise<string[]> {
    const { violations } = await new AxeBuilder({ page }).analyze();
    return violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  }

  async function openForm(page: Page, heading = 'تسجيل اجتماع') {
    await page.getByRole('navigation').getByRole('link', { name: heading }).click();
    await page.getByRole('heading', { name: heading, level: 2 }).waitFor();
  }

  /** Picks a unit or person: types into the search box and clicks the result named `name`. */
  async function pickFrom(page: Page, box: string, typed: string, name: string) {
    await page.getByRole('searchbox', { name: box }).fill(typed);
    await page.getByRole('group', { name: box }).getByRole('button', { name }).click();
  }

  it('records the seed meeting as the provincial secretary: names typed with and without tatweel, each represented unit read from the post held that day, an Arabic error next to its field', async () => {
    const { page, blocked, pageErrors, context } = await openApp(browser, originOf(app.url));
    await signIn(page, 'limouri@tanzim.demo');
    await openForm(page);

    await page.getByLabel('نوع الاجتماع').selectOption({ label: 'لقاء تواصلي' });
    await page.getByLabel('العنوان بالعربية').fill(SEED_TITLE);
    await page.getByLabel('السلسلة').selectOption({ label: 'جولة الأمين الإقليمي على المقاطعات' });
    await page.getByLabel('التاريخ', { exact: true }).fill('2020-11-02');
    await page.getByLabel('الوقت', { exact: true }).selectOption({ label: 'فترة من اليوم' });
    await page.getByLabel('فترة اليوم').selectOption({ label: 'بعد الزوال' });

    await pickFrom(page, 'بحث عن الهيئة الداعية', 'طنجة-أصيلة', 'الأمانة الإقليمية لعمالة طنجة-أصيلة');
    await pickFrom(page, 'إضافة هيئة مشاركة', 'السواني', 'الأمانة المحلية لمقاطعة الشرف السواني');
    await page
      .getByLabel('دور الهيئة: الأمانة المحلية لمقاطعة الشرف السواني')
      .selectOption({ label: 'مشاركة' });

    // As the report spells them: Limouri and Bouchaib with tatweel, the others without.
    const participants: Array<[string, string, string, string]> = [
      ['ليـــموري', 'منير ليموري', 'الداعي', 'الأمانة الإقليمية لعمالة طنجة-أصيلة'],
      ['البلغيثي', 'رضوان العلوي البلغيثي', 'مشارك', 'الأمانة المحلية لمقاطعة الشرف السواني'],
      ['لعزيري', 'عمر لعزيري', 'مشارك', 'الأمانة المحلية لمقاطعة بني مكادة'],
      ['بوشعــــــــيب', 'عبد الحميد بوشعيب', 'مشارك', 'الأمانة المحلية لمقاطعة الشرف مغوغة'],
    ];
    for (const [typed, name, role, unit] of participants) {
      await pickFrom(page, 'إضافة مشارك', typed, name);
      const card = page.getByRole('region', { name });
      await card.getByTestId('represented').getByText(unit, { exact: true }).waitFor();
      await card.getByLabel('الدور').selectOption({ label: role });
    }
    // The regional secretary-general coordinated; he is outside the province, so he comes by name.
    await page.getByRole('button', { name: 'إضافة ضيف' }).click();
    await page.getByRole('textbox', { name: 'اسم الضيف', exact: true }).fill('عبد اللطيف الغلبزوري');
    await page.getByRole('region', { name: 'الضيوف' }).getByLabel('الدور').selectOption({ label: 'المنسق' });

    await page.getByRole('button', { name: 'إضافة نقطة' }).click();
    await page
      .getByRole('textbox', { name: 'النقطة 1', exact: true })
      .fill('الوضعية التنظيمية للحزب على مستوى كل مقاطعة');
    await page.getByRole('button', { name: 'إضافة نقطة' }).click();
    await page
      .getByRole('textbox', { name: 'النقطة 2', exact: true })
      .fill('جاهزية الأمانات المحلية للإعداد للاستحقاقات المقبلة');

    await page.getByRole('button', { name: 'إضافة مخرج' }).click();
    const outcome = page.getByRole('region', { name: 'المخرجات' });
    await outcome.getByLabel('نوع المخرج').selectOption({ label: 'التزام' });
    await outcome
      .getByRole('textbox', { name: 'النص', exact: true })
      .fill('إدارة الحزب على مستوى طنجة-أصيلة تظل رهن إشارة الأمناء المحليين بما يقدم لهم كل أشكال الدعم.');
    await outcome
      .getByLabel('المسؤول عن التنفيذ')
      .selectOption({ label: 'الأمانة الإقليمية لعمالة طنجة-أصيلة' });
    await outcome.getByLabel('أجل التنفيذ').fill('2020-10-30');

    await page.getByRole('button', { name: 'إضافة مصدر' }).click();
    await page
      .getByRole('textbox', { name: 'عنوان المصدر', exact: true })
      .fill('ليموري يعقد لقاء تواصليا مع الأمناء المحليين للبام بمقاطعات طنجة أصيلة');
    await page.getByRole('textbox', { name: 'الكاتب', exact: true }).fill('مراد بنعلي');
    await page
      .getByRole('textbox', { name: 'الرابط', exact: true })
      .fill('https://news.example.ma/limouri-2020-11-02');

    expect(await seriousViolations(page)).toEqual([]);

    // A due date before the meeting: refused in Arabic next to the field, nothing sent.
    await page.getByRole('button', { name: 'تسجيل الاجتماع' }).click();
    await page.getByText('لا يمكن أن يكون الأجل قبل تاريخ الاجتماع.').waitFor();
    expect(await outcome.getByLabel('أجل التنفيذ').getAttribute('aria-invalid')).toBe('true');
    await page.getByRole('alert').waitFor();
    expect(await meetingsTitled(SEED_TITLE)).toBe(1); // only the demo's own
    await outcome.getByLabel('أجل التنفيذ').fill('2020-12-31');

    await page.getByRole('button', { name: 'تسجيل الاجتماع' }).click();
    await page.waitForURL(/\/meetings\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { name: SEED_TITLE, level: 2 }).waitFor();
    await page.getByText('2 نونبر 2020، بعد الزوال').waitFor();
    const table = page.getByRole('table', { name: 'المشاركون' });
    for (const [, name, role, unit] of participants) {
      const row = table.getByRole('row').filter({ hasText: name });
      await row.getByRole('cell', { name: role, exact: true }).waitFor();
      await row.getByRole('link', { name: unit }).waitFor();
    }
    await table.getByRole('row').filter({ hasText: 'عبد اللطيف الغلبزوري' }).getByText('ضيف').waitFor();
    await page.getByRole('region', { name: 'جدول الأعمال' }).getByText('جاهزية الأمانات المحلية').waitFor();
    await page.getByRole('region', { name: 'المخرجات' }).getByText('31 دجنبر 2020').waitFor();
    await page
      .getByRole('link', { name: 'ليموري يعقد لقاء تواصليا مع الأمناء المحليين للبام بمقاطعات طنجة أصيلة' })
      .waitFor();
    await page.getByText('جولة الأمين الإقليمي على المقاطعات').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    // The draft is gone once recorded.
    expect(await page.evaluate(() => localStorage.getItem('tanzim.meetingDraft'))).toBeNull();

    // Through the API: the province lists it, and the series now reaches three of its four local units.
    const meetingId = page.url().split('/').pop()!;
    const read = await app.as(limouri).ok<{
      orgUnit: { meetings: { edges: Array<{ node: { id: string } }> } };
      meeting: {
        partOfDay: string;
        participants: Array<{ role: string; representedUnit: { code: string } | null }>;
      };
      meetingSeries: { coverage: { targets: number; reached: number } };
      seed: { coverage: { targets: number; reached: number } };
    }>(
      `query ($meeting: ID!, $series: ID!, $seed: ID!) {
        orgUnit(code: "PAM-MA-TNG") { meetings(first: 10) { edges { node { id } } } }
        meeting(id: $meeting) { partOfDay participants { role representedUnit { code } } }
        meetingSeries(id: $series) { coverage { targets reached } }
        seed: meetingSeries(id: $seed) { coverage { targets reached } }
      }`,
      { meeting: meetingId, series: seriesId, seed: SEED_SERIES_ID },
    );
    expect(read.orgUnit.meetings.edges.map((e) => e.node.id)).toContain(meetingId);
    expect(read.meeting.partOfDay).toBe('AFTERNOON');
    expect(read.meeting.participants.map((p) => [p.role, p.representedUnit?.code ?? null]).sort()).toEqual(
      [
        ['ATTENDEE', 'PAM-MA-TNG-BNIMAKADA'],
        ['ATTENDEE', 'PAM-MA-TNG-MGHOGHA'],
        ['ATTENDEE', 'PAM-MA-TNG-SOUANI'],
        ['CONVENER', 'PAM-MA-TNG'],
        ['COORDINATOR', null],
      ].sort(),
    );
    expect(read.meetingSeries.coverage).toEqual({ targets: 4, reached: 3 });
    // The demo's series keeps its own count (its meeting reached the same three).
    expect(read.seed.coverage).toEqual({ targets: 4, reached: 3 });
    expect(await meetingsTitled(SEED_TITLE)).toBe(2);
    expect(blocked).toEqual([]);
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('records once when the button is clicked twice and when the answer is lost on the way and the user retries', async () => {
    const { page, context, pageErrors } = await openApp(browser, originOf(app.url));
    await signIn(page, 'limouri@tanzim.demo');
    await openForm(page);
    const title = 'اجتماع مكتب الأمانة الإقليمية للتحضير للاستحقاقات';
    await page.getByLabel('نوع الاجتماع').selectOption({ label: 'اجتماع المكتب' });
    await page.getByLabel('العنوان بالعربية').fill(title);
    await page.getByLabel('التاريخ', { exact: true }).fill('2020-11-09');
    await pickFrom(page, 'بحث عن الهيئة الداعية', 'طنجة-أصيلة', 'الأمانة الإقليمية لعمالة طنجة-أصيلة');
    await pickFrom(page, 'إضافة مشارك', 'ليموري', 'منير ليموري');
    await page
      .getByRole('region', { name: 'منير ليموري' })
      .getByTestId('represented')
      .getByText('الأمانة الإقليمية لعمالة طنجة-أصيلة')
      .waitFor();

    // The first answer is lost after the server wrote the meeting (a bad connection).
    let lost = 0;
    await page.route('**/graphql', async (route) => {
      if (lost === 0 && route.request().postData()?.includes('recordMeeting')) {
        lost++;
        await route.fetch();
        return route.abort('connectionreset');
      }
      return route.fallback();
    });
    await page.getByRole('button', { name: 'تسجيل الاجتماع' }).dblclick();
    await page.getByText('تعذّر الاتصال بالخادم. لم يُفقد شيء؛ أعد المحاولة.').waitFor();
    expect(lost).toBe(1);
    expect(await meetingsTitled(title)).toBe(1);
    // The retry carries the same key: the same meeting comes back, none is added.
    await page.getByRole('button', { name: 'تسجيل الاجتماع' }).dblclick();
    await page.waitForURL(/\/meetings\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { name: title, level: 2 }).waitFor();
    expect(await meetingsTitled(title)).toBe(1);
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('keeps the draft, and its key, across a reload on a phone', async () => {
    const { page, context, pageErrors } = await openApp(browser, originOf(app.url), { viewport: PHONE });
    await signIn(page, 'limouri@tanzim.demo');
    await page.getByRole('button', { name: 'فتح القائمة' }).click();
    await openForm(page);
    await page.getByLabel('العنوان بالعربية').fill('لقاء مع مناضلي بني مكادة');
    await page.getByLabel('التاريخ', { exact: true }).fill('2020-11-16');
    await pickFrom(page, 'إضافة مشارك', 'لعزيري', 'عمر لعزيري');
    await page
      .getByRole('region', { name: 'عمر لعزيري' })
      .getByLabel('الحضور')
      .selectOption({ label: 'اعتذر' });
    await page.getByRole('button', { name: 'إضافة نقطة' }).click();
    await page.getByRole('textbox', { name: 'النقطة 1', exact: true }).fill('تجديد الأمانة المحلية');
    const key = await page.evaluate(
      () => JSON.parse(localStorage.getItem('tanzim.meetingDraft')!).idempotencyKey,
    );
    expect(key).toMatch(/^[0-9a-f-]{36}$/);
    // Nothing wider than the phone's screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);

    await page.reload();
    await page.getByRole('heading', { name: 'تسجيل اجتماع', level: 2 }).waitFor();
    expect(await page.getByLabel('العنوان بالعربية').inputValue()).toBe('لقاء مع مناضلي بني مكادة');
    expect(await page.getByLabel('التاريخ', { exact: true }).inputValue()).toBe('2020-11-16');
    const omar = page.getByRole('region', { name: 'عمر لعزيري' });
    expect(await omar.getByLabel('الحضور').inputValue()).toBe('EXCUSED');
    await omar.getByTestId('represented').getByText('الأمانة المحلية لمقاطعة بني مكادة').waitFor();
    expect(await page.getByRole('textbox', { name: 'النقطة 1', exact: true }).inputValue()).toBe(
      'تجديد الأمانة المحلية',
    );
    expect(
      await page.evaluate(() => JSON.parse(localStorage.getItem('tanzim.meetingDraft')!).idempotencyKey),
    ).toBe(key);

    // A time that would fall outside the meeting's day: said in Arabic next to the field.
    await page.getByLabel('الوقت', { exact: true }).selectOption({ label: 'ساعة محددة' });
    await page.getByLabel('ساعة البداية').fill('18:00');
    await page.getByLabel('ساعة النهاية').fill('09:30');
    await page.getByRole('button', { name: 'تسجيل الاجتماع' }).click();
    await page.getByText('يجب أن تكون ساعة النهاية بعد ساعة البداية في اليوم نفسه.').waitFor();
    expect(await page.getByLabel('ساعة النهاية').getAttribute('aria-invalid')).toBe('true');
    expect(await meetingsTitled('لقاء مع مناضلي بني مكادة')).toBe(0);
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('in French: a session ended on the server asks to sign in again over the form, which stays as it was and is sent once', async () => {
    const { page, context, pageErrors } = await openApp(browser, originOf(app.url), { language: 'fr' });
    await signIn(page, 'limouri@tanzim.demo');
    await openForm(page, 'Enregistrer une réunion');
    const title = 'Réunion de préparation des échéances à Charf-Mghogha';
    await page.getByLabel('Titre en français').fill(title);
    await page.getByLabel('Date', { exact: true }).fill('2020-11-23');
    await page.getByLabel('Heure', { exact: true }).selectOption({ label: 'Heure précise' });
    await page.getByLabel('Heure de début').fill('17:30');
    await pickFrom(
      page,
      'Chercher l’instance qui convoque',
      'Tanger-Assilah',
      'Secrétariat provincial de Tanger-Assilah',
    );
    await pickFrom(page, 'Ajouter un participant', 'bouchaib', 'Abdelhamid Bouchaib');
    await page
      .getByRole('region', { name: 'Abdelhamid Bouchaib' })
      .getByTestId('represented')
      .getByText('Secrétariat local de Charf-Mghogha')
      .waitFor();

    expect(await seriousViolations(page)).toEqual([]);

    // The session ends on the server (as if signed out elsewhere): its tokens stop working.
    const token = await page.evaluate(() => JSON.parse(localStorage.getItem('tanzim.session')!).accessToken);
    await app.as(token).ok('mutation { logout }');

    await page.getByRole('button', { name: 'Enregistrer la réunion' }).click();
    const dialog = page.getByRole('dialog', { name: 'Session expirée' });
    await dialog.waitFor();
    expect(await meetingsTitled(title)).toBe(0);
    await dialog.getByLabel(/Mot de passe/).fill(DEMO_PASSWORD);
    await dialog.getByRole('button', { name: 'Se connecter' }).click();
    await page.waitForURL(/\/meetings\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { name: title, level: 2 }).waitFor();
    await page.getByText('23 novembre 2020, à 17:30').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    expect(await meetingsTitled(title)).toBe(1);
    expect(pageErrors).toEqual([]);
    await context.close();
  });
});
