import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { runImportCommand } from '../src/interchange/import/import.cli';
import { IMPORT_CHUNK_ROWS, IMPORT_REPORT_PROBLEMS } from '../src/interchange/import/import.service';
import { startTestApp, TestApp } from './support/test-app';

const FIXTURES = join(__dirname, 'fixtures', 'import');
const fixture = (name: string) => readFileSync(join(FIXTURES, name));
const DEMO_PASSWORD = 'tanzim-demo-2020';

interface Report {
  kind: string;
  dryRun: boolean;
  committed: boolean;
  importId: string | null;
  file: { format: string; encoding?: string; delimiter?: string; rows: number };
  counts: Record<string, { created: number; updated: number; unchanged: number }>;
  errors: number;
  warnings: number;
  problemsLeftOut: number;
  problems: {
    row: number | null;
    column: string | null;
    code: string;
    severity: string;
    message: { ar: string; fr: string; en: string };
    details?: Record<string, unknown>;
  }[];
}

let serial = 0;
/** A code no other test uses, so that tests run in any order. */
const unique = (prefix: string) => `${prefix}-${process.pid}-${++serial}`;

const csv = (rows: string[][], delimiter = ',') =>
  Buffer.from(rows.map((r) => r.join(delimiter)).join('\n'), 'utf8');

describe('import (e2e, POST /import)', () => {
  let t: TestApp;
  let admin: string;
  let limouri: string;
  let belghiti: string;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.login('admin@test.local', 'national-admin-password');
    limouri = await t.login('limouri@tanzim.demo', DEMO_PASSWORD);
    belghiti = await t.login('belghiti@tanzim.demo', DEMO_PASSWORD);
    // Starting the app and three sign-ins (argon2) outlast the default timeout on a loaded machine.
  }, 180_000);
  afterAll(() => t?.close());

  const upload = async (
    token: string | null,
    kind: string,
    body: Buffer,
    query: Record<string, string> = {},
  ): Promise<{ status: number; body: Report & { error?: { code: string } } }> => {
    const url = new URL(t.url.replace(/\/graphql$/, '/import'));
    url.searchParams.set('kind', kind);
    for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/octet-stream',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body,
    });
    return {
      status: response.status,
      body: (await response.json()) as Report & { error?: { code: string } },
    };
  };
  const dryRun = (token: string, kind: string, body: Buffer, query: Record<string, string> = {}) =>
    upload(token, kind, body, { ...query, dryRun: 'true' });
  const count = async (table: string) => Number((await t.sql(`SELECT count(*) AS n FROM ${table}`))[0].n);
  /** Row counts of every table an import may write, to prove that a refused one wrote nothing. */
  const snapshot = async () => {
    const tables = [
      'org_unit',
      'person',
      'position',
      'mandate',
      'meeting',
      'participation',
      'agenda_item',
      'outcome',
      'outcome_owner',
      'audit_event',
      'import_batch',
      'import_row',
      'import_key',
    ];
    return Object.fromEntries(await Promise.all(tables.map(async (table) => [table, await count(table)])));
  };
  const codes = (report: Report) => report.problems.map((p) => p.code);

  it('imports a province’s structure and officials from Excel files: dry run, commit, then the same files change nothing', async () => {
    const units = fixture('tanger-asilah-units.csv');
    const people = fixture('tanger-asilah-people.csv');
    const mandates = fixture('tanger-asilah-mandates.txt');

    // Windows-1256, semicolons, Arabic headers: the dry run says what would happen and writes nothing.
    const before = await snapshot();
    const planned = await dryRun(limouri, 'units', units);
    expect(planned.status).toBe(200);
    expect(planned.body).toMatchObject({
      dryRun: true,
      committed: false,
      importId: null,
      errors: 0,
      file: { format: 'csv', encoding: 'windows-1256', delimiter: ';', rows: 4 },
      counts: { units: { created: 3, updated: 0, unchanged: 1 } },
    });
    expect(await snapshot()).toEqual(before);

    const committed = await upload(limouri, 'units', units, { fileName: 'tanger-asilah-units.csv' });
    expect(committed.status).toBe(200);
    expect(committed.body).toMatchObject({
      committed: true,
      counts: { units: { created: 3, unchanged: 1 } },
    });
    const [asilah] = await t.sql(
      `SELECT u.name_ar, u.name_fr, p.code AS parent, t.hcp_code FROM org_unit u JOIN org_unit p ON p.id = u.parent_id
         JOIN territory t ON t.id = u.territory_id WHERE u.code = 'PAM-MA-TNG-ASILAH'`,
    );
    expect(asilah).toEqual({
      name_ar: 'الأمانة المحلية لأصيلة',
      name_fr: "Secrétariat local d'Assilah",
      parent: 'PAM-MA-TNG',
      hcp_code: '01.511.01.01',
    });

    // One audit event for the whole import, with its counts, filed under the province; each row traceable.
    const events = await t.sql(
      `SELECT action, entity_type, entity_id::text, after, unit_path::text AS path FROM audit_event WHERE entity_id = $1`,
      [committed.body.importId],
    );
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: 'importUnits', entity_type: 'ImportBatch' });
    expect(events[0].after.counts).toEqual({ units: { created: 3, updated: 0, unchanged: 1 } });
    const [province] = await t.sql(`SELECT path::text AS path FROM org_unit WHERE code = 'PAM-MA-TNG'`);
    expect(events[0].path).toBe(province.path);
    const traced = await t.sql(
      `SELECT r.row_number, u.code FROM import_row r JOIN org_unit u ON u.id = r.entity_id WHERE r.import_id = $1 ORDER BY 1`,
      [committed.body.importId],
    );
    expect(traced).toEqual([
      { row_number: 2, code: 'PAM-MA-TNG-ASILAH' },
      { row_number: 3, code: 'PAM-MA-TNG-GUEZNAIA' },
      { row_number: 4, code: 'PAM-MA-TNG-DARCHAOUI' },
    ]);

    // UTF-8 with BOM, commas, French headers, a quoted cell with a comma; a likely duplicate is flagged, not merged.
    const peopleReport = await upload(limouri, 'people', people);
    expect(peopleReport.status).toBe(200);
    expect(peopleReport.body).toMatchObject({
      committed: true,
      file: { encoding: 'utf-8', delimiter: ',' },
      counts: { people: { created: 6, updated: 0, unchanged: 0 } },
      errors: 0,
      warnings: 1,
    });
    expect(peopleReport.body.problems[0]).toMatchObject({
      row: 7,
      column: 'Nom arabe',
      code: 'LIKELY_DUPLICATE',
      severity: 'WARNING',
      details: { firstRow: 2 },
    });
    expect(peopleReport.body.problems[0].message.ar).toContain('لا يدمج');
    expect(peopleReport.body.problems[0].message.fr).toContain('jamais fusionnée');
    const [said] = await t.sql(
      `SELECT full_name_latin, full_name_ar, gender, birth_year FROM person WHERE membership_number = 'TNG-1005'`,
    );
    expect(said).toEqual({
      full_name_latin: 'Said Ouriaghli, fils',
      full_name_ar: 'سعيد الورياغلي',
      gender: 'MALE',
      birth_year: 1974,
    });

    // UTF-16 LE with BOM, tabs (Excel's "Unicode text"): posts are created, a bureau gets its seats.
    const mandateReport = await upload(limouri, 'mandates', mandates);
    expect(mandateReport.status).toBe(200);
    expect(mandateReport.body).toMatchObject({
      committed: true,
      file: { encoding: 'utf-16le', delimiter: '\t' },
      counts: { positions: { created: 5 }, mandates: { created: 6, updated: 0, unchanged: 0 } },
    });
    const { orgUnit } = await t
      .as(limouri)
      .ok(
        `{ orgUnit(code: "PAM-MA-TNG-GUEZNAIA") { positions { role { code } seats holders { person { fullNameLatin } } } } }`,
      );
    const bureau = orgUnit.positions.find((p: any) => p.role.code === 'BUREAU_MEMBER');
    expect(bureau.seats).toBe(2);
    expect(bureau.holders.map((h: any) => h.person.fullNameLatin).sort()).toEqual([
      'Nadia El Khamlichi',
      'Said Ouriaghli, fils',
    ]);

    // The same three files again: nothing changes, nothing is written, not even an audit event.
    const settled = await snapshot();
    for (const [kind, file] of [
      ['units', units],
      ['people', people],
      ['mandates', mandates],
    ] as const) {
      const again = await upload(limouri, kind, file);
      expect(again.status).toBe(200);
      expect(again.body.committed).toBe(false);
      for (const c of Object.values(again.body.counts)) expect(c.created + c.updated).toBe(0);
    }
    expect(await snapshot()).toEqual(settled);
  });

  it('reads, plans and writes a file in chunks, all or nothing: a problem in the last chunk rolls back the earlier ones', async () => {
    const prefix = unique('CHUNK');
    const size = IMPORT_CHUNK_ROWS * 2 + 300;
    // Row numbers as the spreadsheet shows them: the header is row 1.
    const rows = Array.from({ length: size }, (_, i) => [
      `${prefix}-${i}`,
      `Membre ${prefix} ${i}`,
      String(1950 + (i % 50)),
      'PAM-MA-TNG',
    ]);
    const header = ['membership number', 'full name', 'birth year', 'unit code'];
    const lastChunkRow = IMPORT_CHUNK_ROWS * 2 + 100;
    // In the third chunk: a row repeating the first row's number, a likely duplicate of the second
    // row (same name and birth year), and a birth year that cannot be read.
    rows[lastChunkRow] = [`${prefix}-0`, 'Quelqu’un', '1980', 'PAM-MA-TNG'];
    rows[lastChunkRow + 1] = [`${prefix}-x`, rows[1][1], rows[1][2], 'PAM-MA-TNG'];
    rows[lastChunkRow + 2] = [`${prefix}-y`, 'Autre Membre', 'vers 1970', 'PAM-MA-TNG'];
    const bad = csv([header, ...rows]);
    const before = await snapshot();

    const planned = await dryRun(admin, 'people', bad);
    expect(planned.status).toBe(200);
    expect(planned.body.errors).toBe(2);
    expect(planned.body.counts.people.created).toBe(size - 2);
    const problem = (code: string) => planned.body.problems.find((p) => p.code === code);
    expect(problem('DUPLICATE_ROW')).toMatchObject({ row: lastChunkRow + 2, details: { firstRow: 2 } });
    expect(problem('LIKELY_DUPLICATE')).toMatchObject({ row: lastChunkRow + 3, details: { firstRow: 3 } });
    expect(problem('INVALID_VALUE')).toMatchObject({ row: lastChunkRow + 4, column: 'birth year' });

    const refused = await upload(admin, 'people', bad);
    expect(refused.status).toBe(422);
    expect(refused.body.committed).toBe(false);
    // The first two chunks were written before the third was read: the rollback took them back.
    expect(await snapshot()).toEqual(before);

    const good = csv([header, ...rows.filter((_, i) => i !== lastChunkRow && i !== lastChunkRow + 2)]);
    const committed = await upload(admin, 'people', good);
    expect(committed.status).toBe(200);
    expect(committed.body).toMatchObject({ committed: true, errors: 0, warnings: 1 });
    expect(committed.body.counts.people).toEqual({ created: size - 2, updated: 0, unchanged: 0 });
    const [traced] = await t.sql<{ n: string }>(`SELECT count(*) AS n FROM import_row WHERE import_id = $1`, [
      committed.body.importId,
    ]);
    expect(Number(traced.n)).toBe(size - 2);
    const [events] = await t.sql<{ n: string }>(
      `SELECT count(*) AS n FROM audit_event WHERE entity_id = $1`,
      [committed.body.importId],
    );
    expect(Number(events.n)).toBe(1);

    const again = await upload(admin, 'people', good);
    expect(again.body.committed).toBe(false);
    expect(again.body.counts.people).toEqual({ created: 0, updated: 0, unchanged: size - 2 });
  }, 300_000);

  it('lists at most the first problems of a report and counts the rest', async () => {
    const rows = Array.from({ length: IMPORT_REPORT_PROBLEMS + 50 }, (_, i) => [
      unique('CAP'),
      `Membre ${i}`,
      'never',
      'PAM-MA-TNG',
    ]);
    const report = await dryRun(
      admin,
      'people',
      csv([['membership number', 'full name', 'gender', 'unit code'], ...rows]),
    );
    expect(report.body.errors).toBe(IMPORT_REPORT_PROBLEMS + 50);
    expect(report.body.problems).toHaveLength(IMPORT_REPORT_PROBLEMS);
    expect(report.body.problemsLeftOut).toBe(50);
    expect(report.body.problems.at(-1)!.row).toBe(IMPORT_REPORT_PROBLEMS + 1);
  });

  it('imports meetings with their participants from a named sheet of a workbook, and again changes nothing', async () => {
    const [first, second] = [unique('M'), unique('M')];
    await upload(
      admin,
      'people',
      csv([
        ['membership number', 'full name', 'unit code'],
        [first, 'Mounia Akhrif', 'PAM-MA-TNG'],
        [second, 'Adil Benjelloun', 'PAM-MA-TNG-SOUANI'],
      ]),
    );
    const ref = unique('MEET');
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Notes').addRow(['nothing here']);
    const sheet = workbook.addWorksheet('اجتماعات');
    sheet.addRow([
      'مرجع الاجتماع',
      'التاريخ',
      'الساعة',
      'الهيئة الداعية',
      'النوع',
      'الموضوع',
      'المكان',
      'المشارك',
      'صفة المشارك',
    ]);
    sheet.addRow([
      ref,
      new Date(Date.UTC(2020, 10, 2)),
      '18:00',
      'PAM-MA-TNG',
      'لقاء تواصلي',
      'لقاء تواصلي مع الكتاب المحليين بقلوزار',
      'طنجة',
      first,
      'الداعي',
    ]);
    sheet.addRow([ref, null, null, null, null, null, null, second, 'حاضر']);
    const file = Buffer.from(await workbook.xlsx.writeBuffer());

    const planned = await dryRun(admin, 'meetings', file, { sheet: 'اجتماعات' });
    expect(planned.body).toMatchObject({
      file: { format: 'xlsx', rows: 2 },
      counts: { meetings: { created: 1 }, participants: { created: 2 } },
      errors: 0,
    });
    const committed = await upload(admin, 'meetings', file, { sheet: 'اجتماعات' });
    expect(committed.body.committed).toBe(true);
    const [meeting] = await t.sql(
      `SELECT m.kind, m.status, m.held_on::text, to_char(m.starts_at AT TIME ZONE 'Africa/Casablanca', 'HH24:MI') AS time,
              (SELECT array_agg(p.role ORDER BY p.role) FROM participation p WHERE p.meeting_id = m.id) AS roles
         FROM import_key k JOIN meeting m ON m.id = k.entity_id WHERE k.kind = 'MEETING' AND k.key = $1`,
      [ref],
    );
    expect(meeting).toEqual({
      kind: 'OUTREACH',
      status: 'HELD',
      held_on: '2020-11-02',
      time: '18:00',
      roles: ['ATTENDEE', 'CONVENER'],
    });
    // Written in bulk, the meeting is found by the words of its title like one recorded alone.
    const [{ id }] = await t.sql<{ id: string }>(
      `SELECT entity_id::text AS id FROM import_key WHERE kind = 'MEETING' AND key = $1`,
      [ref],
    );
    const { meetings } = await t.ok(`{ meetings(filter: { search: "بقلوزار" }) { edges { node { id } } } }`);
    expect(meetings.edges).toEqual([{ node: { id } }]);

    const again = await upload(admin, 'meetings', file, { sheet: 'اجتماعات' });
    expect(again.body).toMatchObject({
      committed: false,
      counts: { meetings: { unchanged: 1 }, participants: { unchanged: 2 } },
    });
    expect((await upload(admin, 'meetings', file, { sheet: 'Missing' })).body.problems[0].code).toBe(
      'SHEET_NOT_FOUND',
    );
  });

  it('back-fills past meetings with their agenda, outcomes (owner, due date) and series from an Arabic file', async () => {
    const [first, second] = [unique('AG'), unique('AG')];
    await upload(
      admin,
      'people',
      csv([
        ['membership number', 'full name', 'unit code'],
        [first, 'Mounir Limouri', 'PAM-MA-TNG'],
        [second, 'Samira Idrissi', 'PAM-MA-TNG-SOUANI'],
      ]),
    );
    const [series] = await t.sql<{ id: string; title_ar: string }>(
      `SELECT id::text, title_ar FROM meeting_series WHERE title_ar IS NOT NULL ORDER BY created_at LIMIT 1`,
    );
    const ref = unique('اجتماع');
    const header = [
      'مرجع الاجتماع',
      'التاريخ',
      'الهيئة الداعية',
      'النوع',
      'الموضوع',
      'السلسلة',
      'المشارك',
      'نقطة جدول الأعمال',
      'القرار',
      'نوع القرار',
      'المسؤول',
      'أجل الإنجاز',
    ];
    const rows = [
      [
        ref,
        '02/11/2020',
        'PAM-MA-TNG',
        'لقاء تواصلي',
        'لقاء تواصلي مع الكتاب المحليين',
        series.title_ar,
        first,
        'وضعية الدوائر',
        'تعبئة المناضلين استعدادا للانتخابات',
        'التزام',
        `${first};PAM-MA-TNG`,
        '31/12/2020',
      ],
      [ref, '', '', '', '', '', second, 'الاستعداد للانتخابات', '', '', '', ''],
      [ref, '', '', '', '', '', '', '', 'رفع تقرير إلى الأمانة الإقليمية', '', second, '15/12/2020'],
    ];
    // As Excel saves "CSV UTF-8" in an Arabic locale: a BOM, semicolons, a cell holding one quoted.
    const cell = (text: string) => (text.includes(';') ? `"${text}"` : text);
    const file = (lines: string[][]) =>
      Buffer.from(`\ufeff${[header, ...lines].map((r) => r.map(cell).join(';')).join('\r\n')}`, 'utf8');

    const planned = await dryRun(admin, 'meetings', file(rows));
    expect(planned.body).toMatchObject({
      errors: 0,
      counts: {
        meetings: { created: 1 },
        participants: { created: 2 },
        agendaItems: { created: 2 },
        outcomes: { created: 2 },
      },
    });
    const committed = await upload(admin, 'meetings', file(rows));
    expect(committed.body.committed).toBe(true);
    const [meeting] = await t.sql<{ id: string; series_id: string }>(
      `SELECT m.id::text, m.series_id::text FROM import_key k JOIN meeting m ON m.id = k.entity_id
        WHERE k.kind = 'MEETING' AND k.key = $1`,
      [ref],
    );
    expect(meeting.series_id).toBe(series.id);
    const agenda = await t.sql<{ position: number; title_ar: string | null }>(
      `SELECT position, title_ar FROM agenda_item WHERE meeting_id = $1 ORDER BY position`,
      [meeting.id],
    );
    expect(agenda).toEqual([
      { position: 1, title_ar: 'وضعية الدوائر' },
      { position: 2, title_ar: 'الاستعداد للانتخابات' },
    ]);
    const outcomes = await t.sql<{ kind: string; text_ar: string; due_on: string; owners: string[] }>(
      `SELECT o.kind, o.text_ar, o.due_on::text AS due_on,
              ARRAY(SELECT coalesce(p.membership_number, u.code) FROM outcome_owner w
                      LEFT JOIN person p ON p.id = w.person_id LEFT JOIN org_unit u ON u.id = w.org_unit_id
                     WHERE w.outcome_id = o.id ORDER BY w.position) AS owners
         FROM outcome o WHERE o.meeting_id = $1 ORDER BY o.due_on DESC`,
      [meeting.id],
    );
    expect(outcomes).toEqual([
      { kind: 'COMMITMENT', text_ar: rows[0][8], due_on: '2020-12-31', owners: [first, 'PAM-MA-TNG'] },
      { kind: 'DECISION', text_ar: rows[2][8], due_on: '2020-12-15', owners: [second] },
    ]);

    const again = await upload(admin, 'meetings', file(rows));
    expect(again.body).toMatchObject({
      committed: false,
      counts: {
        agendaItems: { created: 0, unchanged: 2 },
        outcomes: { created: 0, updated: 0, unchanged: 2 },
      },
    });

    // An unknown series or owner, or a due date before the meeting: coded problems, nothing written.
    const before = await snapshot();
    const other = unique('اجتماع');
    const bad = await upload(
      admin,
      'meetings',
      file([
        [
          other,
          '03/11/2020',
          'PAM-MA-TNG',
          'مكتب',
          'اجتماع المكتب',
          'سلسلة لا وجود لها',
          '',
          '',
          '',
          '',
          '',
          '',
        ],
        [
          unique('اجتماع'),
          '03/11/2020',
          'PAM-MA-TNG',
          'مكتب',
          'اجتماع',
          '',
          '',
          '',
          'قرار',
          '',
          'NOBODY',
          '',
        ],
        [
          unique('اجتماع'),
          '03/11/2020',
          'PAM-MA-TNG',
          'مكتب',
          'اجتماع',
          '',
          '',
          '',
          'قرار',
          '',
          '',
          '01/11/2020',
        ],
      ]),
    );
    expect(bad.status).toBe(422);
    expect(bad.body.problems.map((p) => [p.code, p.row, p.column])).toEqual([
      ['SERIES_NOT_FOUND', 2, 'السلسلة'],
      ['OWNER_NOT_FOUND', 3, 'المسؤول'],
      ['INVALID_VALUE', 4, 'أجل الإنجاز'],
    ]);
    expect(bad.body.problems[0].message.ar).toContain('سلسلة لا وجود لها');
    expect(await snapshot()).toEqual(before);
  });

  it('updates what a changed file says of rows it wrote before: units, people, mandates, meetings, participants, outcomes', async () => {
    const [unit, member, ref] = [unique('PAM-MA-TNG-UPD'), unique('UPD'), unique('UPD-MEET')];
    const units = (nameFr: string) =>
      csv([
        ['code', 'parent code', 'level', 'arabic name', 'french name'],
        [unit, 'PAM-MA-TNG', 'LOCAL', 'الأمانة المحلية للتجربة', nameFr],
      ]);
    const people = (name: string, phone: string) =>
      csv([
        ['membership number', 'full name', 'unit code', 'phone'],
        [member, name, unit, phone],
      ]);
    const mandates = (endsOn: string) =>
      csv([
        ['person', 'unit', 'role', 'starts on', 'ends on', 'end reason'],
        [member, unit, 'SECRETARY_GENERAL', '2021-01-10', endsOn, endsOn ? 'RESIGNED' : ''],
      ]);
    const meetings = (title: string, time: string, attendance: string, dueOn: string) =>
      csv([
        [
          'meeting',
          'date',
          'time',
          'convening unit',
          'kind',
          'title',
          'participant',
          'participant role',
          'attendance',
          'outcome',
          'due on',
        ],
        [
          ref,
          '2021-03-04',
          time,
          unit,
          'BUREAU',
          title,
          member,
          'ATTENDEE',
          attendance,
          'Préparer la tournée',
          dueOn,
        ],
      ]);
    const imported = async (kind: string, file: Buffer) => {
      const report = await upload(admin, kind, file);
      expect(report.body.errors).toBe(0);
      return report.body.counts;
    };

    await imported('units', units('Secrétariat local d’essai'));
    await imported('people', people('Karim Essai', '0600000001'));
    await imported('mandates', mandates(''));
    await imported('meetings', meetings('Réunion du bureau', '17:00', 'ATTENDED', '2021-04-01'));

    expect((await imported('units', units('Secrétariat local d’essai renommé'))).units).toMatchObject({
      updated: 1,
    });
    expect((await imported('people', people('Karim Essai Fils', '0600000002'))).people).toMatchObject({
      updated: 1,
    });
    expect((await imported('mandates', mandates('2022-06-30'))).mandates).toMatchObject({ updated: 1 });
    expect(
      await imported('meetings', meetings('Réunion du bureau élargi', '18:30', 'ABSENT', '2021-05-01')),
    ).toMatchObject({
      meetings: { updated: 1 },
      participants: { updated: 1 },
      outcomes: { updated: 1 },
    });

    const [written] = await t.sql(
      `SELECT u.name_fr, p.full_name_latin, p.phone, ma.ends_on::text AS ends_on, ma.end_reason,
              m.title_fr, to_char(m.starts_at AT TIME ZONE 'Africa/Casablanca', 'HH24:MI') AS time,
              pa.attendance, o.due_on::text AS due_on
         FROM org_unit u JOIN person p ON p.membership_number = $2
         JOIN mandate ma ON ma.person_id = p.id
         JOIN import_key k ON k.kind = 'MEETING' AND k.key = $3 JOIN meeting m ON m.id = k.entity_id
         JOIN participation pa ON pa.meeting_id = m.id JOIN outcome o ON o.meeting_id = m.id
        WHERE u.code = $1`,
      [unit, member, ref],
    );
    expect(written).toEqual({
      name_fr: 'Secrétariat local d’essai renommé',
      full_name_latin: 'Karim Essai Fils',
      phone: '0600000002',
      ends_on: '2022-06-30',
      end_reason: 'RESIGNED',
      title_fr: 'Réunion du bureau élargi',
      time: '18:30',
      attendance: 'ABSENT',
      due_on: '2021-05-01',
    });
  });

  it('writes a meeting’s time at the offset of its day in Morocco, and reads it back the same', async () => {
    // 2020-11-02 is on UTC+1; from the autumn of 2026 Morocco is on UTC+0 for good, which the zone
    // data of Node 20 and of PostgreSQL 15 on Debian do not know yet.
    const [before, after] = [unique('TZ-2020'), unique('TZ-2026')];
    const file = csv([
      ['meeting', 'date', 'time', 'convening unit', 'kind', 'title'],
      [before, '2020-11-02', '23:30', 'PAM-MA-TNG', 'BUREAU', 'Bureau tardif'],
      [after, '2026-10-01', '23:30', 'PAM-MA-TNG', 'BUREAU', 'Bureau tardif'],
    ]);
    expect((await upload(admin, 'meetings', file)).body.errors).toBe(0);
    const written = await t.sql<{ key: string; heldOn: string; startsAt: string }>(
      `SELECT k.key, m.held_on::text AS "heldOn", to_char(m.starts_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') AS "startsAt"
         FROM import_key k JOIN meeting m ON m.id = k.entity_id
        WHERE k.kind = 'MEETING' AND k.key = ANY($1::text[]) ORDER BY m.held_on`,
      [[before, after]],
    );
    expect(written).toEqual([
      { key: before, heldOn: '2020-11-02', startsAt: '2020-11-02 22:30' },
      { key: after, heldOn: '2026-10-01', startsAt: '2026-10-01 23:30' },
    ]);
    expect((await upload(admin, 'meetings', file)).body).toMatchObject({
      committed: false,
      counts: { meetings: { unchanged: 2 } },
    });
  });

  it('reads a meeting whose rows run past a chunk against its first row', async () => {
    const ref = unique('SESSION');
    const header = ['meeting reference', 'date', 'convening unit', 'kind', 'title', 'agenda item'];
    // One-row meetings fill the first chunk but for its last ten rows, where the session begins.
    const fillers = Array.from({ length: IMPORT_CHUNK_ROWS - 10 }, (_, i) => [
      `${ref}-${i}`,
      '2020-10-10',
      'PAM-MA-TNG',
      'OTHER',
      `Réunion ${i}`,
      '',
    ]);
    const items = 30;
    const session = Array.from({ length: items }, (_, i) =>
      i === 0
        ? [ref, '2020-10-10', 'PAM-MA-TNG', 'COUNCIL', 'Session du conseil', 'Point 0']
        : [ref, '', '', '', '', `Point ${i}`],
    );
    const firstRow = fillers.length + 2;
    const bad = [
      [ref, '', '', '', '', 'Point 3'],
      [ref, '2020-10-11', '', '', '', 'Point tardif'],
    ];
    const planned = await dryRun(admin, 'meetings', csv([header, ...fillers, ...session, ...bad]));
    const last = fillers.length + session.length + 1;
    expect(planned.body.problems.map((p) => [p.code, p.row, p.details])).toEqual([
      ['MEETING_MISMATCH', last + 2, { ref, firstRow }],
      ['DUPLICATE_ROW', last + 1, { firstRow: firstRow + 3 }],
    ]);
    expect(planned.body.counts.agendaItems.created).toBe(items);

    const good = csv([header, ...fillers, ...session]);
    const committed = await upload(admin, 'meetings', good);
    expect(committed.body.committed).toBe(true);
    const [agenda] = await t.sql<{ n: string; last: number; titles: string }>(
      `SELECT count(*) AS n, max(a.position) AS last, count(DISTINCT a.title_fr) AS titles
         FROM import_key k JOIN agenda_item a ON a.meeting_id = k.entity_id WHERE k.kind = 'MEETING' AND k.key = $1`,
      [ref],
    );
    expect([Number(agenda.n), agenda.last, Number(agenda.titles)]).toEqual([items, items, items]);
    const again = await upload(admin, 'meetings', good);
    expect(again.body.committed).toBe(false);
    expect(again.body.counts.agendaItems).toEqual({ created: 0, updated: 0, unchanged: items });

    // A meeting holds at most 100 agenda items: more is a coded problem of the row, not a refusal.
    const crowded = Array.from({ length: 101 }, (_, i) => [
      ...(i === 0 ? session[0].slice(0, 5) : [ref, '', '', '', '']),
      `Autre point ${i}`,
    ]);
    const full = await dryRun(admin, 'meetings', csv([header, ...crowded]));
    expect(full.status).toBe(200);
    expect(full.body.problems.map((p) => [p.code, p.row])).toEqual([
      ['MEETING_FULL', 2 + 100 - items],
      ...Array.from({ length: items }, (_, i) => ['MEETING_FULL', 2 + 100 - items + 1 + i]),
    ]);
  }, 300_000);

  it('keeps an administrator inside their subtree: rows outside it are errors and the commit writes nothing', async () => {
    const before = await snapshot();
    // The local secretary of Charf-Souani sees neither the province nor its units.
    const report = await upload(belghiti, 'units', fixture('tanger-asilah-units.csv'));
    expect(report.status).toBe(422);
    expect(report.body.committed).toBe(false);
    expect(new Set(codes(report.body))).toEqual(new Set(['PARENT_NOT_FOUND']));
    // The provincial secretary-general cannot add a province under the region.
    const code = unique('PAM-MA-TNG-X');
    const mixed = await upload(
      limouri,
      'units',
      csv([
        ['code', 'parent code', 'level', 'arabic name', 'french name'],
        [code, 'PAM-MA-TNG', 'LOCAL', 'الأمانة المحلية التجريبية', 'Secrétariat local test'],
        [unique('PAM-MA-X'), 'PAM-MA-01', 'PROVINCIAL', 'أمانة إقليمية', 'Secrétariat provincial'],
      ]),
    );
    expect(mixed.status).toBe(422);
    expect(mixed.body.problems).toEqual([
      expect.objectContaining({ row: 3, column: 'parent code', code: 'PARENT_NOT_FOUND' }),
    ]);
    // People whose unit is outside the caller's subtree are reported like absent units.
    const people = await upload(
      belghiti,
      'people',
      csv([
        ['membership number', 'full name', 'unit code'],
        [unique('B'), 'Someone Elsewhere', 'PAM-MA-TNG-MEDINA'],
      ]),
    );
    expect(people.body.problems).toEqual([
      expect.objectContaining({ code: 'UNIT_NOT_FOUND', column: 'unit code' }),
    ]);
    expect(await snapshot()).toEqual(before);
    // Without credentials, nothing at all.
    const anonymous = await upload(null, 'units', fixture('tanger-asilah-units.csv'));
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error?.code).toBe('UNAUTHENTICATED');
  });

  it('orders units by their parents, whatever the order of the file', async () => {
    const province = unique('PAM-MA-P');
    const local = unique('PAM-MA-L');
    const report = await upload(
      admin,
      'units',
      csv(
        [
          ['code', 'parent code', 'level', 'arabic name', 'french name'],
          [local, province, 'LOCAL', 'أمانة محلية', 'Secrétariat local'],
          [province, 'PAM-MA-01', 'PROVINCIAL', 'أمانة إقليمية', 'Secrétariat provincial'],
        ],
        ';',
      ),
    );
    expect(report.body).toMatchObject({ committed: true, errors: 0, counts: { units: { created: 2 } } });
    const [row] = await t.sql(
      `SELECT p.code FROM org_unit u JOIN org_unit p ON p.id = u.parent_id WHERE u.code = $1`,
      [local],
    );
    expect(row.code).toBe(province);
  });

  it('imports from the command line, as a named account or the national system actor', async () => {
    const code = unique('PAM-CLI');
    const folder = mkdtempSync(join(tmpdir(), 'tanzim-import-'));
    const units = join(folder, 'units.csv');
    writeFileSync(
      units,
      csv([
        ['code', 'parent code', 'level', 'arabic name', 'french name'],
        [code, 'PAM-MA-TNG', 'LOCAL', 'الأمانة المحلية', 'Secrétariat local'],
      ]),
    );
    const lines: string[] = [];
    const io = { out: (line: string) => lines.push(line), err: (line: string) => lines.push(line) };
    const before = await snapshot();
    // The kind is read from the file's name; a dry run writes nothing.
    expect(await runImportCommand(t.app, ['units.csv', '--dry-run'], io, folder)).toBe(0);
    expect(lines).toContain('  units: 1 created, 0 updated, 0 unchanged');
    expect(await snapshot()).toEqual(before);
    // Acting as the local secretary of Charf-Souani: the province is outside their subtree.
    lines.length = 0;
    expect(await runImportCommand(t.app, [units, '--as', 'belghiti@tanzim.demo'], io)).toBe(1);
    expect(lines.some((line) => line.includes('PARENT_NOT_FOUND (row 2, parent code)'))).toBe(true);
    expect(await snapshot()).toEqual(before);
    // As the national system actor: imported, its audit event names no account.
    lines.length = 0;
    expect(await runImportCommand(t.app, [units, '--kind', 'units'], io)).toBe(0);
    const [event] = await t.sql(
      `SELECT e.action, e.actor_account_id FROM audit_event e JOIN import_row r ON r.import_id = e.entity_id
         JOIN org_unit u ON u.id = r.entity_id WHERE u.code = $1`,
      [code],
    );
    expect(event).toEqual({ action: 'importUnits', actor_account_id: null });
    expect(await runImportCommand(t.app, [units, '--kind', 'parties'], io)).toBe(2);
  });

  describe('bad input: a coded problem, and nothing written', () => {
    const header = ['code', 'parent code', 'level', 'arabic name', 'french name'];
    const expectRefused = async (
      kind: string,
      body: Buffer,
      expected: { status: number; code: string; row?: number | null; column?: string | null },
    ) => {
      const before = await snapshot();
      const planned = await dryRun(admin, kind, body);
      const report = await upload(admin, kind, body);
      expect(report.status).toBe(expected.status);
      const found = (report.body.problems ?? []).find((p) => p.code === expected.code);
      expect(found).toBeDefined();
      if (expected.row !== undefined) expect(found!.row).toBe(expected.row);
      if (expected.column !== undefined) expect(found!.column).toBe(expected.column);
      expect(found!.message.ar).toBeTruthy();
      expect(found!.message.fr).toBeTruthy();
      if (expected.status !== 413) expect(planned.body.problems.map((p) => p.code)).toContain(expected.code);
      expect(await snapshot()).toEqual(before);
      return report.body;
    };

    it('an empty file', async () => {
      await expectRefused('units', Buffer.alloc(0), { status: 400, code: 'EMPTY_FILE', row: null });
      await expectRefused('units', Buffer.from('\ufeff', 'utf8'), { status: 400, code: 'EMPTY_FILE' });
      await expectRefused('units', csv([header]), { status: 400, code: 'EMPTY_FILE' });
    });

    it('a wrong encoding (UTF-16 without its BOM, a binary file)', async () => {
      const text = [header, [unique('PAM-E'), 'PAM-MA-TNG', 'LOCAL', 'أمانة', 'Secrétariat']]
        .map((r) => r.join(','))
        .join('\n');
      await expectRefused('units', iconv.encode(text, 'utf-16le'), {
        status: 400,
        code: 'ENCODING',
        row: null,
      });
      await expectRefused('units', Buffer.from([0x00, 0x01, 0x02, 0xff, 0x00, 0x10, 0x0a]), {
        status: 400,
        code: 'ENCODING',
      });
    });

    it('a missing column', async () => {
      const body = csv([
        ['code', 'level', 'arabic name', 'french name'],
        [unique('PAM-C'), 'LOCAL', 'أمانة', 'Secrétariat'],
      ]);
      await expectRefused('units', body, { status: 400, code: 'MISSING_COLUMN', column: 'parent code' });
    });

    it('a file over 50 MB', async () => {
      const body = Buffer.alloc(50 * 1024 * 1024 + 1, 0x41);
      const report = await upload(admin, 'units', body);
      expect(report.status).toBe(413);
      expect(report.body.error?.code).toBe('FILE_TOO_LARGE');
      expect(report.body.problems[0].message.ar).toContain('50');
    });

    it('formulas in cells are never run: refused with a code, in CSV and in a workbook', async () => {
      const body = csv([
        header,
        [unique('PAM-F'), 'PAM-MA-TNG', 'LOCAL', "=cmd|' /C calc'!A0", 'Secrétariat'],
      ]);
      await expectRefused('units', body, { status: 422, code: 'FORMULA', row: 2, column: 'arabic name' });
      const workbook = new ExcelJS.Workbook();
      const sheet = workbook.addWorksheet('units');
      sheet.addRow(header);
      sheet.addRow([
        unique('PAM-F'),
        'PAM-MA-TNG',
        'LOCAL',
        { formula: 'HYPERLINK("http://example.invalid","x")', result: 'x' },
        'Secrétariat',
      ]);
      const xlsx = Buffer.from(await workbook.xlsx.writeBuffer());
      await expectRefused('units', xlsx, { status: 422, code: 'FORMULA', row: 2, column: 'arabic name' });
    });

    it('a NUL or a bidi override in a row', async () => {
      await expectRefused(
        'units',
        csv([header, [unique('PAM-N'), 'PAM-MA-TNG', 'LOCAL', 'أمانة\u0000', 'Secrétariat']]),
        {
          status: 422,
          code: 'FORBIDDEN_CHARACTER',
          row: 2,
        },
      );
      const report = await expectRefused(
        'units',
        csv([header, [unique('PAM-N'), 'PAM-MA-TNG', 'LOCAL', 'أمانة', 'Secrétariat \u202etxt.exe']]),
        { status: 422, code: 'FORBIDDEN_CHARACTER', row: 2, column: 'french name' },
      );
      expect(report.problems[0].details).toEqual({ codePoint: 'U+202E' });
    });

    it('a cycle between rows', async () => {
      const [a, b] = [unique('PAM-Y'), unique('PAM-Y')];
      const report = await expectRefused(
        'units',
        csv([
          header,
          [a, b, 'LOCAL', 'أ', 'A'],
          [b, a, 'LOCAL', 'ب', 'B'],
          [unique('PAM-Y'), 'PAM-MA-TNG', 'LOCAL', 'ج', 'C'],
        ]),
        { status: 422, code: 'CYCLE' },
      );
      expect(report.problems.filter((p) => p.code === 'CYCLE').map((p) => p.row)).toEqual([2, 3]);
    });

    it('a term in a unit that did not exist yet', async () => {
      const [unit, member] = [unique('PAM-T'), unique('T')];
      await upload(
        admin,
        'units',
        csv([
          [...header, 'founded on'],
          [unit, 'PAM-MA-TNG', 'LOCAL', 'أ', 'A', '2021-01-01'],
        ]),
      );
      await upload(
        admin,
        'people',
        csv([
          ['membership number', 'full name', 'unit code'],
          [member, 'Rachid Tanji', unit],
        ]),
      );
      const mandates = csv([
        ['membership number', 'unit code', 'role', 'starts on'],
        [member, unit, 'SECRETARY_GENERAL', '2020-06-01'],
      ]);
      await expectRefused('mandates', mandates, {
        status: 422,
        code: 'UNIT_NOT_EXISTING',
        row: 2,
        column: 'starts on',
      });
    });

    it('rows with values that cannot be read, and repeated rows', async () => {
      const code = unique('PAM-V');
      const report = await expectRefused(
        'units',
        csv([header, [code, 'PAM-MA-TNG', 'communal', 'أ', 'A'], [code, 'PAM-MA-TNG', 'LOCAL', 'أ', 'A']]),
        { status: 422, code: 'INVALID_VALUE', row: 2, column: 'level' },
      );
      expect(codes(report)).toContain('DUPLICATE_ROW');
    });
  });
});
