import { PassThrough, Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import ExcelJS from 'exceljs';
import { Cell, ExportTable } from './export.service';

/** Excel reads a CSV as UTF-8 (and Arabic intact) only when the file starts with this mark. */
const BOM = '\uFEFF';

/**
 * A text cell a spreadsheet would read as a formula (`=`, `+`, `-`, `@`) or that starts with a tab
 * or carriage return (which some readers strip to reach such a character): quoted with a leading
 * apostrophe, as OWASP advises, so opening the file never runs `=cmd|…`. Numbers are left alone.
 */
export function escapeFormula(cell: Cell): Cell {
  return typeof cell === 'string' && /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

/** The table as CSV (comma-separated, RFC 4180 quoting, CRLF), UTF-8 with a BOM, streamed. */
export function csvStream(table: ExportTable): Readable {
  async function* rows() {
    yield table.columns;
    for await (const row of table.rows) yield row.map(escapeFormula);
  }
  const csv = stringify({
    bom: false,
    record_delimiter: 'windows',
    cast: { boolean: (value) => (value ? 'true' : 'false') },
  });
  const out = new PassThrough();
  out.write(BOM);
  Readable.from(rows())
    .on('error', (error) => out.destroy(error))
    .pipe(csv)
    .on('error', (error) => out.destroy(error))
    .pipe(out);
  return out;
}

/**
 * The table as an XLSX workbook of one sheet, written by exceljs's streaming writer: each row is
 * committed as soon as it is read, and reading waits while the client has not taken what was
 * written, so memory stays bounded. Text cells are stored as strings (never formulas), so nothing is
 * escaped there: the values are exactly those of the registry.
 */
export function xlsxStream(table: ExportTable, sheetName: string): Readable {
  const out = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useSharedStrings: false,
    useStyles: false,
  });
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  void (async () => {
    sheet.addRow(table.columns).commit();
    for await (const row of table.rows) {
      sheet.addRow(row).commit();
      if (out.writableNeedDrain) await drainedOrClosed(out);
      // The client went away: stop reading.
      if (out.destroyed) return;
    }
    sheet.commit();
    await workbook.commit();
  })().catch((error: unknown) => out.destroy(error as Error));
  return out;
}

/** Resolves when the stream can take more, or when it closed (its client went away). */
function drainedOrClosed(stream: PassThrough): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      stream.off('drain', done);
      stream.off('close', done);
      resolve();
    };
    stream.on('drain', done);
    stream.on('close', done);
  });
}
