// A spreadsheet as header + rows of strings, whatever the file was: CSV (any encoding decode.ts knows) or XLSX.
// Row numbers are the ones a clerk sees in Excel: the header is row 1.
import { parse } from 'csv-parse/sync';
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { Unzip, UnzipInflate, UnzipPassThrough } from 'fflate';
import { decodeText, type TextEncoding } from './decode';

/**
 * Bounds on a file before and while it is read (docs/security.md, "Imports"): an .xlsx is a zip, and a few hundred
 * kilobytes can expand to gigabytes or millions of rows. The zip is inflated once into a counter (nothing kept)
 * before any parser sees it; rows and columns are counted while the sheet streams.
 */
export interface ImportLimits {
  /** Total inflated size of all parts of an .xlsx. */
  maxUncompressedBytes: number;
  /** Parts in an .xlsx (a workbook has a dozen or so). */
  maxEntries: number;
  /** Rows of the first sheet or the CSV, blank ones included, header excluded. */
  maxRows: number;
  /** Columns in any row. */
  maxColumns: number;
}

export const DEFAULT_IMPORT_LIMITS: ImportLimits = {
  maxUncompressedBytes: 80 * 1024 * 1024,
  maxEntries: 500,
  maxRows: 200_000,
  maxColumns: 200,
};

// An .xlsx the streaming reader cannot take is loaded whole only when it is small.
const MAX_WHOLE_WORKBOOK_BYTES = 20 * 1024 * 1024;

const mb = (n: number) => `${Math.round(n / 1024 / 1024)} MB`;

/** Inflates every part into a counter, in 4 KB steps, and stops at the first bound passed. Returns the total. */
export function checkZipBounds(buf: Uint8Array, limits: ImportLimits = DEFAULT_IMPORT_LIMITS): number {
  let entries = 0;
  let total = 0;
  // fflate reports what its handlers throw as a stream error: the reason is kept here and thrown between pushes.
  let refused: string | null = null;
  let broken = false;
  const unzip = new Unzip((file) => {
    if (refused) return;
    if (++entries > limits.maxEntries) {
      refused = `内部包含超过 ${limits.maxEntries} 个部件`;
      return;
    }
    file.ondata = (err, chunk) => {
      if (refused) return;
      if (err) {
        broken = true;
        return;
      }
      total += chunk.length;
      if (total > limits.maxUncompressedBytes) {
        refused = `解压后超过 ${mb(limits.maxUncompressedBytes)}`;
        file.terminate();
      }
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  unzip.register(UnzipPassThrough);
  // Small steps: one step of a bomb inflates to at most about a thousand times its size.
  const STEP = 4 * 1024;
  for (let i = 0; i < buf.length && !refused && !broken; i += STEP) {
    try {
      unzip.push(buf.subarray(i, Math.min(buf.length, i + STEP)), i + STEP >= buf.length);
    } catch (e) {
      if (!refused) throw new FileFormatError(`Excel 文件无法解压：${(e as Error).message}`);
    }
  }
  if (refused) throw new FileFormatError(`Excel 文件${refused}，不予读取（可能已损坏或是“压缩炸弹”）。请在 Excel 中另存为 .xlsx 或拆分后再导入`);
  if (broken) throw new FileFormatError('Excel 文件已损坏，无法解压');
  return total;
}

function checkRow(rowNumber: number, columns: number, limits: ImportLimits): void {
  if (rowNumber - 1 > limits.maxRows) throw new FileFormatError(`文件超过 ${limits.maxRows} 行，请拆分后分批导入（或使用命令行导入 npm run import）`);
  if (columns > limits.maxColumns) throw new FileFormatError(`第${rowNumber}行有 ${columns} 列，超过上限 ${limits.maxColumns} 列：请使用导入模板`);
}

export interface TableRow {
  row: number;
  cells: string[];
}

export interface RawTable {
  format: 'csv' | 'xlsx';
  encoding?: TextEncoding;
  sheet?: string;
  headers: string[];
  rows: TableRow[];
}

/** A problem with the file as a whole (not one row): unreadable, wrong format, missing columns. */
export class FileFormatError extends Error {}

export type FileFormat = 'csv' | 'xlsx';

export function detectFormat(buf: Uint8Array, fileName = ''): FileFormat {
  const lower = fileName.toLowerCase();
  const zip = buf[0] === 0x50 && buf[1] === 0x4b && buf[2] === 0x03 && buf[3] === 0x04;
  // Old binary .xls starts with the OLE2 signature D0 CF 11 E0.
  if (lower.endsWith('.xls') || (buf[0] === 0xd0 && buf[1] === 0xcf && buf[2] === 0x11 && buf[3] === 0xe0)) {
    throw new FileFormatError('不支持旧版 .xls 文件，请在 Excel 中另存为 .xlsx 或 CSV 后再导入');
  }
  if (zip || lower.endsWith('.xlsx')) {
    if (!zip) throw new FileFormatError('文件扩展名为 .xlsx，但内容不是 Excel 工作簿');
    return 'xlsx';
  }
  return 'csv';
}

const blank = (cells: string[]) => cells.every((c) => c === '');

export async function readTable(buf: Uint8Array, fileName = '', opts: { encoding?: TextEncoding | 'gbk' | 'auto'; limits?: Partial<ImportLimits> } = {}): Promise<RawTable> {
  const format = detectFormat(buf, fileName);
  const limits = { ...DEFAULT_IMPORT_LIMITS, ...opts.limits };
  const table = format === 'xlsx' ? await readXlsx(buf, limits) : readCsv(buf, opts.encoding, limits);
  if (!table.headers.length || blank(table.headers)) throw new FileFormatError('文件第1行应为表头（列名），但是空的');
  return table;
}

export function readCsv(buf: Uint8Array, encoding?: TextEncoding | 'gbk' | 'auto', limits: ImportLimits = DEFAULT_IMPORT_LIMITS): RawTable {
  const decoded = decodeText(buf, encoding);
  const firstLine = decoded.text.slice(0, decoded.text.search(/\r?\n|$/));
  // Excel saves "Unicode text" tab-separated; a header without commas but with tabs is that.
  const delimiter = !firstLine.includes(',') && firstLine.includes('\t') ? '\t' : ',';
  let records: string[][];
  try {
    // One record past the bound is enough to know it is passed.
    records = parse(decoded.text, { delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: false, bom: true, to: limits.maxRows + 2 });
  } catch (e) {
    throw new FileFormatError(`CSV 文件无法解析：${(e as Error).message}`);
  }
  records.forEach((r, i) => checkRow(i + 1, r.length, limits));
  const [header = [], ...rest] = records;
  const rows: TableRow[] = [];
  rest.forEach((cells, i) => {
    const trimmed = cells.map((c) => c.trim());
    if (!blank(trimmed)) rows.push({ row: i + 2, cells: trimmed });
  });
  return { format: 'csv', encoding: decoded.encoding, headers: header.map((h) => h.trim()), rows };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Excel keeps dates as serial numbers; exceljs gives them as UTC Dates. */
export function cellText(value: ExcelJS.CellValue): string {
  if (value == null) return '';
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number') return Number.isInteger(value) ? value.toFixed(0) : String(value);
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (value instanceof Date) return `${value.getUTCFullYear()}-${pad(value.getUTCMonth() + 1)}-${pad(value.getUTCDate())}`;
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('').trim();
    if ('formula' in value || 'sharedFormula' in value) return cellText((value as { result?: ExcelJS.CellValue }).result ?? null);
    if ('text' in value) return cellText((value as { text: ExcelJS.CellValue }).text);
    if ('error' in value) return '';
  }
  return String(value).trim();
}

/** Streaming reader: a third of the time and memory of loading the whole workbook (100,000 rows ≈ 5 s). */
export async function readXlsx(buf: Uint8Array, limits: ImportLimits = DEFAULT_IMPORT_LIMITS): Promise<RawTable> {
  const inflated = checkZipBounds(buf, limits);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength)]), {
    sharedStrings: 'cache',
    styles: 'cache', // date cells are told apart by their number format
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'emit',
  });
  let headers: string[] = [];
  const rows: TableRow[] = [];
  let sheet: string | undefined;
  try {
    // The data is on the first sheet; our templates put the explanations on a second one.
    for await (const ws of reader) {
      sheet = (ws as unknown as { name?: string }).name;
      for await (const row of ws as AsyncIterable<ExcelJS.Row>) {
        const values = row.values as ExcelJS.CellValue[]; // 1-based, index 0 unused
        checkRow(row.number, values.length - 1, limits);
        const cells: string[] = [];
        for (let c = 1; c < values.length; c++) cells.push(cellText(values[c]));
        if (row.number === 1) headers = cells;
        else if (!blank(cells)) rows.push({ row: row.number, cells });
      }
      break;
    }
  } catch (e) {
    if (e instanceof FileFormatError) throw e;
    // The streaming reader depends on the order of the parts in the zip (exceljs may meet a sheet before the
    // workbook that names it); the whole-workbook reader does not, but holds it all: only for small files.
    if (inflated > MAX_WHOLE_WORKBOOK_BYTES) throw new FileFormatError(`Excel 文件无法按流读取：${(e as Error).message}。请在 Excel 中重新另存为 .xlsx 后再导入`);
    return readXlsxWhole(buf, e as Error, limits);
  }
  if (sheet === undefined) throw new FileFormatError('Excel 文件中没有工作表');
  return { format: 'xlsx', sheet, headers, rows };
}

async function readXlsxWhole(buf: Uint8Array, streamError: Error, limits: ImportLimits): Promise<RawTable> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength) as unknown as ArrayBuffer);
  } catch {
    throw new FileFormatError(`Excel 文件无法读取：${streamError.message}`);
  }
  const ws = wb.worksheets[0];
  if (!ws) throw new FileFormatError('Excel 文件中没有工作表');
  let headers: string[] = [];
  const rows: TableRow[] = [];
  checkRow(ws.rowCount, ws.columnCount, limits);
  ws.eachRow({ includeEmpty: false }, (row, number) => {
    const values = row.values as ExcelJS.CellValue[];
    const cells: string[] = [];
    for (let c = 1; c < values.length; c++) cells.push(cellText(values[c]));
    if (number === 1) headers = cells;
    else if (!blank(cells)) rows.push({ row: number, cells });
  });
  return { format: 'xlsx', sheet: ws.name, headers, rows };
}
