import { isUtf8 } from 'node:buffer';
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { FileProblem } from './import-problems';

/** A cell as read: its text, or the formula a spreadsheet cell holds (never evaluated). */
export type RawCell = string | { formula: string };

/** One row of the file: its number as a spreadsheet shows it (the header is row 1) and its cells. */
export interface RawRow {
  row: number;
  cells: RawCell[];
}

export interface ReadOptions {
  /** The sheet to read in a workbook; default the first. */
  sheet?: string;
  /** The encoding of a CSV file when it cannot be told (no BOM, not UTF-8); default Windows-1256. */
  encoding?: string;
}

/** What was read: how, and the rows in order (the first is the header). */
export interface ReadFile {
  format: 'csv' | 'xlsx';
  /** For CSV: the encoding used and the delimiter found. */
  encoding?: string;
  delimiter?: string;
  rows: AsyncIterable<RawRow>;
}

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const DELIMITERS = [',', ';', '\t'] as const;

/**
 * Opens a file as people have them: an XLSX workbook (told by its ZIP signature), or CSV text in
 * UTF-8 (with or without BOM), UTF-16 LE/BE with a BOM (Excel's "Unicode text"), or otherwise
 * Windows-1256 (Excel's Arabic ANSI code page, which also holds the French letters of Latin-1).
 * The delimiter of CSV text is the one of comma, semicolon and tab its header row holds most of.
 * Rows are parsed as they are read (csv-parse and exceljs's streaming reader), never all at once.
 */
export function readFile(bytes: Buffer, options: ReadOptions = {}): ReadFile {
  if (bytes.length === 0) throw new FileProblem('EMPTY_FILE');
  if (bytes.subarray(0, 4).equals(ZIP_MAGIC)) {
    return { format: 'xlsx', rows: xlsxRows(bytes, options.sheet) };
  }
  const encoding = encodingOf(bytes, options.encoding);
  const header = firstLine(bytes, encoding);
  // eslint-disable-next-line no-control-regex -- control characters are what this looks for
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffd]/.test(header)) {
    // Text read with the wrong encoding (UTF-16 without its BOM, a binary file) shows control
    // characters in its header, which no real header has.
    throw new FileProblem('ENCODING', { encoding });
  }
  if (header.replace(/^\ufeff/, '').trim() === '') throw new FileProblem('EMPTY_FILE');
  const delimiter = delimiterOf(header);
  return { format: 'csv', encoding, delimiter, rows: csvRows(bytes, encoding, delimiter) };
}

function encodingOf(bytes: Buffer, hint: string | undefined): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  if (isUtf8(bytes)) return 'utf-8';
  const fallback = hint ?? 'windows-1256';
  if (!iconv.encodingExists(fallback)) throw new FileProblem('ENCODING', { encoding: fallback });
  return fallback;
}

/** The header line of CSV text, decoded (at most the first 64 KB are looked at). */
function firstLine(bytes: Buffer, encoding: string): string {
  const text = iconv.decode(bytes.subarray(0, 64 * 1024), encoding);
  const end = text.search(/\r?\n/);
  return end === -1 ? text : text.slice(0, end);
}

function delimiterOf(header: string): string {
  const outsideQuotes = header.replace(/"[^"]*"/g, '');
  const counts = DELIMITERS.map((d) => outsideQuotes.split(d).length - 1);
  const best = Math.max(...counts);
  return best === 0 ? ',' : DELIMITERS[counts.indexOf(best)];
}

async function* csvRows(bytes: Buffer, encoding: string, delimiter: string): AsyncIterable<RawRow> {
  const chunks = (function* () {
    for (let at = 0; at < bytes.length; at += 64 * 1024) yield bytes.subarray(at, at + 64 * 1024);
  })();
  const parser = Readable.from(chunks)
    .pipe(iconv.decodeStream(encoding, { stripBOM: true }))
    .pipe(
      parse({
        delimiter,
        bom: true,
        relax_column_count: true,
        skip_empty_lines: true,
        // Excel writes "" inside quoted cells; a stray quote in an unquoted cell is kept as text.
        relax_quotes: true,
        info: true,
      }),
    );
  try {
    for await (const record of parser as AsyncIterable<{ record: string[]; info: { records: number } }>) {
      yield { row: record.info.records, cells: record.record };
    }
  } catch (error) {
    throw new FileProblem('UNREADABLE', { detail: (error as Error).message.slice(0, 200) });
  }
}

async function* xlsxRows(bytes: Buffer, sheet: string | undefined): AsyncIterable<RawRow> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([bytes]), {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'cache',
    entries: 'ignore',
  });
  let found = false;
  try {
    for await (const worksheet of reader) {
      const name = (worksheet as unknown as { name: string }).name;
      if (sheet !== undefined && name !== sheet) {
        // Read through, not skipped: exceljs deletes a sheet it kept in a temporary file as soon as
        // the next one is asked for, while that file's read stream may still be opening.
        for await (const _ of worksheet) void _;
        continue;
      }
      found = true;
      for await (const row of worksheet) {
        const values = row.values as unknown[];
        const cells = values.slice(1).map(cellText);
        if (cells.every((cell) => cell === '')) continue;
        yield { row: row.number, cells };
      }
      break;
    }
  } catch (error) {
    if (error instanceof FileProblem) throw error;
    throw new FileProblem('UNREADABLE', { detail: (error as Error).message.slice(0, 200) });
  }
  if (!found) {
    if (sheet !== undefined) throw new FileProblem('SHEET_NOT_FOUND', { sheet });
    throw new FileProblem('EMPTY_FILE');
  }
}

/** A workbook cell as text: dates as YYYY-MM-DD, rich text joined, formulas kept as formulas. */
function cellText(value: unknown): RawCell {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    const cell = value as {
      formula?: string;
      sharedFormula?: string;
      richText?: { text: string }[];
      text?: string;
      error?: string;
    };
    if (cell.formula !== undefined || cell.sharedFormula !== undefined) {
      return { formula: cell.formula ?? cell.sharedFormula ?? '' };
    }
    if (cell.richText) return cell.richText.map((part) => part.text).join('');
    if (cell.text !== undefined) return String(cell.text);
    if (cell.error !== undefined) return { formula: cell.error };
  }
  return String(value as string);
}
