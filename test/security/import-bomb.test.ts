// Imports bounded before parsing (shared/io/table.ts; issue 14, findings 3 and 12): a generated .xlsx zip bomb is
// refused with a clear Chinese message while memory stays bounded, nothing is written, and the file-level messages
// (UTF-16 without BOM, a header of unknown columns) stay short and say what to do.
import 'reflect-metadata';
import { Zip, ZipDeflate, strToU8, zipSync } from 'fflate';
import iconv from 'iconv-lite';
import { DEFAULT_IMPORT_LIMITS, FileFormatError, checkZipBounds, readTable } from '../../shared/io/table';
import { unknownColumnsWarning } from '../../shared/io/import';
import { samplePoolRows } from '../../shared/io/sample';
import { errorCode, rowCount, staff, startDepartment, stopAll, type DepartmentHarness } from '../department/fixture';

const PARTS = {
  '[Content_Types].xml': '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
  '_rels/.rels': '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
  'xl/workbook.xml': '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="名录" sheetId="1" r:id="rId1"/></sheets></workbook>',
  'xl/_rels/workbook.xml.rels': '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
};
const SHEET_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>';
const SHEET_TAIL = '</sheetData></worksheet>';
const header = (cols: string[]) => `<row r="1">${cols.map((c, i) => `<c r="${String.fromCharCode(65 + i)}1" t="inlineStr"><is><t>${c}</t></is></c>`).join('')}</row>`;

/**
 * An .xlsx streamed into the zip (nothing expanded is ever held whole): a sheet of `rows` data rows and, when asked,
 * a shared-strings part holding one string of `bombBytes` letters, which deflate shrinks about a thousandfold.
 */
function xlsx(rows: number, bombBytes = 0): Buffer {
  const chunks: Uint8Array[] = [];
  const zip = new Zip((err, data) => {
    if (err) throw err;
    chunks.push(data);
  });
  const part = (name: string, write: (push: (s: string | Uint8Array) => void) => void) => {
    const f = new ZipDeflate(name, { level: 9 });
    zip.add(f);
    write((x) => f.push(typeof x === 'string' ? strToU8(x) : x));
    f.push(new Uint8Array(0), true);
  };
  for (const [name, text] of Object.entries(PARTS)) part(name, (push) => push(text));
  if (bombBytes) {
    part('xl/sharedStrings.xml', (push) => {
      push('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>');
      const MB = new Uint8Array(2 ** 20).fill(0x41);
      for (let done = 0; done < bombBytes; done += MB.length) push(MB);
      push('</t></si></sst>');
    });
  }
  part('xl/worksheets/sheet1.xml', (push) => {
    push(SHEET_HEAD + header(['统一社会信用代码', '企业名称']));
    const STEP = 10_000;
    for (let from = 2; from < rows + 2; from += STEP) {
      let s = '';
      for (let r = from; r < Math.min(rows + 2, from + STEP); r++) s += `<row r="${r}"><c r="A${r}"><v>1</v></c></row>`;
      push(s);
    }
    push(SHEET_TAIL);
  });
  zip.end();
  return Buffer.concat(chunks);
}

const IMPORT = `mutation($d: String!, $b64: String!, $dry: Boolean) {
  importFile(department: $d, kind: "pool", fileName: "名录.xlsx", contentBase64: $b64, dryRun: $dry) { totalRows committed warnings } }`;

/** Highest RSS seen (sampled every 2 ms) while `work` runs, minus the RSS before it. */
async function rssGrowth<T>(work: () => Promise<T>): Promise<{ result: T; growthMb: number }> {
  const before = process.memoryUsage().rss;
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 2);
  try {
    const result = await work();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { result, growthMb: (peak - before) / 2 ** 20 };
  } finally {
    clearInterval(timer);
  }
}

describe('xlsx bombs', () => {
  let h: DepartmentHarness;
  beforeAll(async () => {
    h = await startDepartment('SAMR');
  });
  afterAll(() => stopAll(h));

  test('a bomb (a few hundred KB expanding to 256 MB) is refused over GraphQL, nothing written, memory bounded', async () => {
    const bomb = xlsx(10, 2 ** 28);
    expect(bomb.length).toBeLessThan(3_500_000);
    const before = await rowCount(h.dataSource, 'pool_entry');
    const { result, growthMb } = await rssGrowth(() => h.call(IMPORT, { d: 'SAMR', b64: bomb.toString('base64'), dry: false }, staff('SAMR')));
    console.log(`[import bomb] ${(bomb.length / 1024).toFixed(0)} KB xlsx expanding to 256 MB: refused; RSS growth ${growthMb.toFixed(1)} MB`);
    expect(errorCode(result)).toBe('BAD_USER_INPUT');
    expect(result.errors![0]!.message).toMatch(/解压后超过 80 MB/);
    expect(await rowCount(h.dataSource, 'pool_entry')).toBe(before);
    // The old reader grew the department by 1.2 GB on such a file.
    expect(growthMb).toBeLessThan(200);
  });

  test('under the size bound but over the row bound: refused while streaming, with the row limit', async () => {
    // The bound is a setting; a small one keeps the test light (the default is DEFAULT_IMPORT_LIMITS.maxRows).
    const file = xlsx(1010);
    expect(checkZipBounds(file)).toBeLessThan(DEFAULT_IMPORT_LIMITS.maxUncompressedBytes);
    await expect(readTable(file, '名录.xlsx', { limits: { maxRows: 1000 } })).rejects.toThrow('文件超过 1000 行');
    await expect(readTable(file, '名录.xlsx', { limits: { maxRows: 1010 } })).resolves.toMatchObject({ format: 'xlsx' });
  });

  test('a zip with too many parts is refused before any parser runs', () => {
    const many = Object.fromEntries(Array.from({ length: DEFAULT_IMPORT_LIMITS.maxEntries + 1 }, (_, i) => [`p${i}.xml`, strToU8('<a/>')]));
    expect(() => checkZipBounds(zipSync(many))).toThrow(FileFormatError);
    expect(() => checkZipBounds(zipSync(many))).toThrow(/超过 500 个部件/);
  });

  test('a well-formed pool file still imports', async () => {
    const pool = samplePoolRows(3, 900);
    const csv = [pool.headers, ...pool.rows].map((r) => r.join(',')).join('\r\n');
    const r = await h.call(IMPORT.replace('名录.xlsx', '名录.csv'), { d: 'SAMR', b64: Buffer.from(csv).toString('base64'), dry: true }, staff('SAMR'));
    expect(r.errors).toBeUndefined();
    expect(r.data.importFile.totalRows).toBe(3);
  });
});

describe('file-level messages', () => {
  const pool = samplePoolRows(2, 700);
  const csv = [pool.headers, ...pool.rows].map((r) => r.join(',')).join('\r\n');

  test('UTF-16 without a BOM is recognised (it used to say only 缺少必填列)', async () => {
    for (const enc of ['utf-16le', 'utf-16be'] as const) {
      const table = await readTable(iconv.encode(csv, enc), '名录.csv');
      expect(table.encoding).toBe(enc);
      expect(table.headers).toEqual(pool.headers);
    }
  });

  test('a header of 400,000 unknown columns is refused by the column bound, not echoed back', async () => {
    const wide = `${pool.headers.join(',')},${Array.from({ length: 400_000 }, (_, i) => `c${i}`).join(',')}\r\n${pool.rows[0]!.join(',')}`;
    await expect(readTable(Buffer.from(wide), '名录.csv')).rejects.toThrow(/第1行有 4000\d\d 列，超过上限 200 列/);
  });

  test('unknown columns under the bound: the warning names 20 and counts the rest', () => {
    const w = unknownColumnsWarning(Array.from({ length: 150 }, (_, i) => `附加列${i}${'长'.repeat(i === 0 ? 100 : 0)}`));
    expect(w).toMatch(/等，共 150 列$/);
    expect(w.length).toBeLessThan(600);
  });
});

describe('control and bidirectional characters in files', () => {
  test('a name with an RTL override is a row issue, not a stored name', async () => {
    const { prepareImport } = await import('../../shared/io/import');
    const { KINDS } = await import('../../shared/io/kinds');
    const pool = samplePoolRows(2, 600);
    const rows = pool.rows.map((r) => [...r]);
    rows[1]![1] = `${rows[1]![1]}\u202E司公`;
    const csv = [pool.headers, ...rows].map((r) => r.join(',')).join('\r\n');
    const prepared = await prepareImport(Buffer.from(csv), '名录.csv', KINDS.pool, (v: never) => v, () => String(Math.random()));
    expect(prepared.accepted).toHaveLength(1);
    expect(prepared.issues).toEqual([{ row: 3, column: pool.headers[1], reason: expect.stringMatching(/U\+202E/) }]);
  });
});
