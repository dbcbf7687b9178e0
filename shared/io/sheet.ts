// Writing tables: XLSX through exceljs, CSV as UTF-8 with BOM (Excel on a Chinese Windows opens it
// correctly) or GB18030 for older tools. Import templates are written here too.
import ExcelJS from 'exceljs';
import { encodeText, type TextEncoding } from './decode';
import type { KindSpec } from './kinds';

export type Cell = string | number | boolean | null | undefined;

export interface SheetData {
  name: string;
  headers: string[];
  rows: Cell[][];
  /** Optional lines above the table (title, period, who exported it). */
  caption?: string[];
  widths?: number[];
}

const cellValue = (c: Cell) => (c == null ? '' : typeof c === 'boolean' ? (c ? '是' : '否') : c);

function addSheet(wb: ExcelJS.Workbook, s: SheetData): void {
  const ws = wb.addWorksheet(s.name.slice(0, 31));
  for (const line of s.caption ?? []) ws.addRow([line]).font = { bold: true };
  const header = ws.addRow(s.headers);
  header.font = { bold: true };
  header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF7' } };
  for (const r of s.rows) ws.addRow(r.map(cellValue));
  s.headers.forEach((h, i) => {
    const longest = Math.max(h.length * 2, ...s.rows.slice(0, 200).map((r) => String(cellValue(r[i])).length * 1.6));
    ws.getColumn(i + 1).width = s.widths?.[i] ?? Math.min(60, Math.max(8, Math.ceil(longest) + 2));
  });
  ws.views = [{ state: 'frozen', ySplit: (s.caption?.length ?? 0) + 1 }];
}

export async function sheetsToXlsx(sheets: SheetData[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '联合监管枢纽';
  for (const s of sheets) addSheet(wb, s);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const csvField = (c: Cell) => {
  const s = String(cellValue(c));
  // A leading =, +, - or @ would run as a formula in Excel (CSV injection); quote-prefix it.
  const safe = /^[=+\-@]/.test(s) && !/^-?\d+(\.\d+)?$/.test(s) ? `'${s}` : s;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

export function sheetToCsv(s: SheetData, encoding: TextEncoding = 'utf-8'): Buffer {
  const lines = [s.headers, ...s.rows].map((r) => r.map(csvField).join(','));
  return encodeText(lines.join('\r\n') + '\r\n', encoding);
}

/** The import template: an empty data sheet with the exact headers, and a 填写说明 sheet. */
export async function templateXlsx(spec: KindSpec): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '联合监管枢纽';
  const ws = wb.addWorksheet(spec.title);
  const header = ws.addRow(spec.columns.map((c) => c.header));
  header.font = { bold: true };
  spec.columns.forEach((c, i) => {
    const col = ws.getColumn(i + 1);
    col.width = Math.max(12, c.header.length * 2 + 4);
    // Text format keeps codes and ID numbers from turning into 9.1E+17.
    col.numFmt = '@';
    const cell = header.getCell(i + 1);
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: c.required ? 'FFFCE4D6' : 'FFE8EEF7' } };
    cell.note = `${c.required ? '必填。' : '选填。'}${c.note}`;
  });
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  const help = wb.addWorksheet('填写说明');
  help.addRow([`${spec.title}导入模板：在第一个工作表第2行起逐行填写，表头（第1行）请勿修改；橙色为必填列。`]).font = { bold: true };
  help.addRow(['也可另存为 CSV（UTF-8 或 GBK/GB18030 编码均可）后导入。再次导入同一文件不会重复写入：按“' + spec.columns.find((c) => c.field === spec.keyField)!.header + '”更新已有记录。']);
  help.addRow([]);
  const h = help.addRow(['列名', '是否必填', '填写要求', '示例']);
  h.font = { bold: true };
  for (const c of spec.columns) help.addRow([c.header, c.required ? '必填' : '选填', c.note, c.example]);
  [24, 10, 60, 36].forEach((w, i) => (help.getColumn(i + 1).width = w));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
