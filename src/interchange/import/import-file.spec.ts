import iconv from 'iconv-lite';
import { readFile } from './import-file';
import { FileProblem } from './import-problems';

const rowsOf = async (bytes: Buffer) => {
  const file = readFile(bytes);
  const rows: unknown[] = [];
  for await (const row of file.rows) rows.push(row.cells);
  return { ...file, rows };
};

const TEXT = 'الرمز;الاسم\r\nPAM-1;"طنجة; المدينة"\r\n';

describe('reading a file as Excel saves it', () => {
  it.each([
    ['UTF-8', Buffer.from(TEXT, 'utf8'), 'utf-8'],
    ['UTF-8 with BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(TEXT, 'utf8')]), 'utf-8'],
    [
      'UTF-16 LE with BOM',
      Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(TEXT, 'utf-16le')]),
      'utf-16le',
    ],
    [
      'UTF-16 BE with BOM',
      Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(TEXT, 'utf-16be')]),
      'utf-16be',
    ],
    ['Windows-1256', iconv.encode(TEXT, 'windows-1256'), 'windows-1256'],
  ])('%s', async (_name, bytes, encoding) => {
    const file = await rowsOf(bytes);
    expect(file).toMatchObject({ format: 'csv', encoding, delimiter: ';' });
    expect(file.rows).toEqual([
      ['الرمز', 'الاسم'],
      ['PAM-1', 'طنجة; المدينة'],
    ]);
  });

  it('finds the delimiter in the header row', async () => {
    expect((await rowsOf(Buffer.from('a\tb\tc,d\n1\t2\t3,4\n'))).delimiter).toBe('\t');
    expect((await rowsOf(Buffer.from('"a;x",b,c\n1,2,3\n'))).delimiter).toBe(',');
  });

  it('refuses text it cannot read as text', () => {
    expect(() => readFile(Buffer.alloc(0))).toThrow(FileProblem);
    expect(() => readFile(iconv.encode('code,name\n', 'utf-16le'))).toThrow(
      expect.objectContaining({ code: 'ENCODING' }),
    );
  });
});
