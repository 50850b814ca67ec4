import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { createUnit, personWithMandate, recordMeeting, unique } from './support/fixtures';
import { startTestApp, TEST_ADMIN, TestApp } from './support/test-app';

/** Starting an app and building the fixtures can take a while on a busy machine. */
const STARTUP_MS = 180_000;

/**
 * CSV and XLSX exports (`GET /export/<list>.csv|.xlsx`): Arabic intact for Excel, formulas escaped,
 * and the caller's scope exactly as on the GraphQL lists: a provincial secretary's export never
 * holds a row from outside the province.
 */
describe('Exports', () => {
  let t: TestApp;
  let base: string;
  let limouri: string;
  let admin: string;
  const outside = { name: `Outsider ${unique()}`, code: `OUT-${unique()}`, meeting: '' };

  const get = (path: string, token: string | null) =>
    fetch(`${base}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

  const csv = async (path: string, token: string) => {
    const response = await get(path, token);
    expect(response.status).toBe(200);
    const bytes = Buffer.from(await response.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parse(bytes.subarray(3).toString('utf8'), { columns: true }) as Record<string, string>[];
    return { response, rows, text: bytes.toString('utf8') };
  };

  beforeAll(async () => {
    t = await startTestApp();
    base = t.url.replace(/\/graphql$/, '');
    limouri = await t.login('limouri@tanzim.demo', 'tanzim-demo-2020');
    admin = await t.login(TEST_ADMIN.email, TEST_ADMIN.password);
    // A unit, an official and a meeting in another region: never in the province's exports.
    const { orgUnit } = await t.ok<{ orgUnit: { id: string } }>(`{ orgUnit(code: "PAM") { id } }`);
    const region = await createUnit(t, { level: 'REGIONAL', parentId: orgUnit.id, code: outside.code });
    await personWithMandate(t, region, { person: { fullNameLatin: outside.name } });
    outside.meeting = await recordMeeting(t, region, { titleFr: `Réunion ${outside.name}` });
  }, STARTUP_MS);
  afterAll(() => t?.close());

  it('writes people as UTF-8 CSV with a BOM: Arabic names intact, as many rows as the GraphQL list', async () => {
    const { response, rows } = await csv('/export/people.csv?unit=PAM-MA-TNG', admin);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
    expect(response.headers.get('content-disposition')).toMatch(/attachment; filename=".*\.csv"/);
    expect(rows.map((r) => r.full_name_ar)).toContain('منير ليموري');
    const { orgUnit } = await t.ok<{ orgUnit: { id: string } }>(`{ orgUnit(code: "PAM-MA-TNG") { id } }`);
    const { people } = await t.ok<{ people: { totalCount: number } }>(
      `query($unit: ID!) { people(filter: { unit: $unit }) { totalCount } }`,
      { unit: orgUnit.id },
    );
    expect(rows).toHaveLength(people.totalCount);
  });

  it('exports units, mandates, meetings and participants with codes a person can read', async () => {
    const units = (await csv('/export/units.csv?unit=PAM-MA-TNG', admin)).rows;
    expect(units[0]).toMatchObject({ code: 'PAM-MA-TNG', level: 'PROVINCIAL', parent_code: 'PAM-MA-01' });
    expect(units[0].territory_code).toBe('MA-TNG');
    const mandates = (await csv('/export/mandates.csv?unit=PAM-MA-TNG', admin)).rows;
    expect(mandates.find((m) => m.person_name_ar === 'منير ليموري')).toMatchObject({
      unit_code: 'PAM-MA-TNG',
      attested_on: '2020-11-02',
      starts_on: '',
    });
    const meetings = (await csv('/export/meetings.csv?unit=PAM-MA-TNG', admin)).rows;
    const seed = meetings.find((m) => m.held_on === '2020-11-02')!;
    expect(seed).toMatchObject({ starts_at: '', part_of_day: 'AFTERNOON', convener_code: 'PAM-MA-TNG' });
    const participants = (await csv('/export/participants.csv?unit=PAM-MA-TNG', admin)).rows;
    expect(participants.filter((p) => p.meeting_id === seed.id)).toHaveLength(Number(seed.participants));
  });

  it('escapes cells a spreadsheet would run as formulas, in CSV', async () => {
    const { orgUnit } = await t.ok<{ orgUnit: { id: string } }>(`{ orgUnit(code: "PAM-MA-TNG") { id } }`);
    const id = await recordMeeting(t, orgUnit.id, {
      summaryFr: `=cmd|' /C calc'!A0`,
      place: '+SUM(1;2)',
      summaryAr: '@فرع',
    });
    const { rows, text } = await csv('/export/meetings.csv?unit=PAM-MA-TNG', admin);
    const row = rows.find((r) => r.id === id)!;
    expect(row.summary_fr).toBe(`'=cmd|' /C calc'!A0`);
    expect(row.place).toBe(`'+SUM(1;2)`);
    expect(row.summary_ar).toBe(`'@فرع`);
    expect(text).not.toMatch(/(^|,)=cmd/m);
  });

  it('writes XLSX that Excel reads: one sheet, a header row, Arabic as text, formulas never', async () => {
    const response = await get('/export/mandates.xlsx?unit=PAM-MA-TNG', admin);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await response.arrayBuffer()) as never);
    const sheet = workbook.worksheets[0];
    expect(sheet.name).toBe('mandates');
    const header = sheet.getRow(1).values as unknown[];
    expect(header).toContain('person_name_ar');
    const names: unknown[] = [];
    sheet.eachRow((row, n) => {
      if (n > 1) names.push(row.getCell(header.indexOf('person_name_ar')).value);
      row.eachCell((cell) => expect(cell.type).not.toBe(ExcelJS.ValueType.Formula));
    });
    expect(names).toContain('منير ليموري');
    const csvRows = (await csv('/export/mandates.csv?unit=PAM-MA-TNG', admin)).rows;
    expect(names).toHaveLength(csvRows.length);
  });

  it('never gives a provincial secretary a row from outside the province, in any list or format', async () => {
    const province = (await csv('/export/units.csv', limouri)).rows.map((u) => u.code);
    expect(province.sort()).toEqual(
      [
        'PAM-MA-TNG',
        'PAM-MA-TNG-SOUANI',
        'PAM-MA-TNG-BNIMAKADA',
        'PAM-MA-TNG-MGHOGHA',
        'PAM-MA-TNG-MEDINA',
      ].sort(),
    );
    for (const list of ['units', 'people', 'mandates', 'meetings', 'participants', 'outcomes']) {
      const { text } = await csv(`/export/${list}.csv`, limouri);
      expect(text).not.toContain(outside.name);
      expect(text).not.toContain(outside.code);
      expect(text).not.toContain(outside.meeting);
      expect(text).not.toContain('PAM-MA-01');
      const xlsx = await get(`/export/${list}.xlsx`, limouri);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as never);
      workbook.worksheets[0].eachRow((row) =>
        row.eachCell((cell) => {
          expect(String(cell.value)).not.toContain(outside.name);
          expect(String(cell.value)).not.toContain(outside.code);
        }),
      );
    }
    // The rows are those of the GraphQL lists for the same caller.
    const people = (await csv('/export/people.csv', limouri)).rows;
    const { people: listed } = await t
      .as(limouri)
      .ok<{ people: { totalCount: number } }>(`{ people { totalCount } }`);
    expect(people).toHaveLength(listed.totalCount);
  });

  it('answers a unit outside the scope as absent: 404 with a coded JSON error', async () => {
    for (const code of ['PAM-MA-01', outside.code, 'NO-SUCH-UNIT']) {
      const response = await get(`/export/people.csv?unit=${code}`, limouri);
      expect(response.status).toBe(404);
      const body = (await response.json()) as { errors: { message: string; extensions: { code: string } }[] };
      expect(body.errors[0].extensions.code).toBe('NOT_FOUND');
      expect(body.errors[0].message).toBe(`Org unit ${code} was not found.`);
    }
  });

  it('refuses without valid credentials (401) and bad requests (400, 404), coded, with no stack', async () => {
    for (const token of [null, 'forged-token', 'tzk_not-a-real-token']) {
      const response = await get('/export/people.csv', token);
      expect(response.status).toBe(401);
      const text = await response.text();
      expect(JSON.parse(text).errors[0].extensions.code).toBe('UNAUTHENTICATED');
      expect(text).not.toMatch(/at .*\.js:\d+|SELECT/);
    }
    const unknown = await get('/export/secrets.csv', admin);
    expect(unknown.status).toBe(404);
    const badDate = await get('/export/units.csv?asOf=yesterday', admin);
    expect(badDate.status).toBe(400);
    expect(
      ((await badDate.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code,
    ).toBe('BAD_USER_INPUT');
  });

  it('streams a list longer than a page whole, once each', async () => {
    const tag = unique();
    // Written straight to the database: 510 people through GraphQL would take the test's time.
    await t.sql(
      `INSERT INTO person (full_name_latin, home_unit_id, search_text, search_key)
       SELECT 'Paged ' || $1 || ' ' || i, u.id, 'paged', 'pgd'
         FROM generate_series(1, 510) AS i, org_unit u WHERE u.code = 'PAM-MA-TNG-BNIMAKADA'`,
      [tag],
    );
    const { rows } = await csv('/export/people.csv?unit=PAM-MA-TNG-BNIMAKADA', admin);
    const paged = rows.filter((r) => r.full_name_latin.startsWith(`Paged ${tag} `));
    expect(paged).toHaveLength(510);
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
  });
});
