// Chinese header names → input fields, and one row's cells → an input object for the service's validator.
// Pure: no GraphQL, no SQL. The validators themselves stay with their subgraph (one source of truth).
import { FileFormatError, type RawTable } from './table';

/** A cell that cannot become a value (unknown enum label, bad number …): reason in Chinese. */
export class CellError extends Error {}

export interface ColumnSpec {
  /** Input field the column fills. */
  field: string;
  /** Header as in the template. */
  header: string;
  aliases?: string[];
  required?: boolean;
  /** Format and allowed values, for the template's 说明 sheet. */
  note: string;
  example: string;
  /** Cell text → value; throws CellError. Default: the trimmed text, or undefined when blank. */
  parse?: (raw: string) => unknown;
}

export interface ImportIssue {
  row: number;
  column: string;
  reason: string;
}

export interface MappedRow {
  row: number;
  input: Record<string, unknown>;
}

/** Headers compare without spaces, the template's required-marks and full-width brackets. */
export function normalizeHeader(h: string): string {
  return h
    .replace(/^\ufeff/, '')
    .replace(/[\s*＊]/g, '')
    .replace(/（/g, '(')
    .replace(/）/g, ')')
    .replace(/\(必填\)|\(选填\)/g, '');
}

export interface HeaderMap {
  /** Column index in the file for each spec index, −1 when the file lacks it. */
  index: number[];
  unknown: string[];
}

export function mapHeaders(headers: string[], columns: ColumnSpec[]): HeaderMap {
  const where = new Map<string, number>();
  headers.forEach((h, i) => {
    const n = normalizeHeader(h);
    if (!n) return;
    if (where.has(n)) throw new FileFormatError(`表头“${h}”出现了两次（第${where.get(n)! + 1}列和第${i + 1}列）`);
    where.set(n, i);
  });
  const used = new Set<number>();
  const index = columns.map((c) => {
    for (const name of [c.header, ...(c.aliases ?? [])]) {
      const i = where.get(normalizeHeader(name));
      if (i !== undefined) {
        used.add(i);
        return i;
      }
    }
    return -1;
  });
  const missing = columns.filter((c, k) => c.required && index[k] < 0).map((c) => c.header);
  if (missing.length) {
    // NULs or replacement characters in the header mean the bytes were read in the wrong encoding, not a wrong template.
    const garbled = headers.some((h) => /[\u0000\uFFFD]/.test(h));
    const hint = garbled
      ? '。表头无法识别，文件的字符编码可能不对：如是“Unicode 文本”（UTF-16），请在 Excel 中另存为“CSV UTF-8（逗号分隔）”或 .xlsx 后再导入'
      : '（请使用导入模板，表头须在第1行）';
    throw new FileFormatError(`缺少必填列：${missing.join('、')}${hint}`);
  }
  const unknown = headers.filter((h, i) => normalizeHeader(h) && !used.has(i));
  return { index, unknown };
}

/** Cells → inputs. Cell-level problems (required blank, bad enum label) are issues; the rest is the validator's job. */
export function mapRows(table: RawTable, columns: ColumnSpec[], map: HeaderMap): { rows: MappedRow[]; issues: ImportIssue[] } {
  const rows: MappedRow[] = [];
  const issues: ImportIssue[] = [];
  for (const r of table.rows) {
    const input: Record<string, unknown> = {};
    let ok = true;
    columns.forEach((c, k) => {
      const raw = map.index[k] < 0 ? '' : (r.cells[map.index[k]] ?? '').trim();
      if (raw === '') {
        if (c.required) {
          issues.push({ row: r.row, column: c.header, reason: '必填，不能为空' });
          ok = false;
        }
        return;
      }
      try {
        input[c.field] = c.parse ? c.parse(raw) : raw;
      } catch (e) {
        if (!(e instanceof CellError)) throw e;
        issues.push({ row: r.row, column: c.header, reason: e.message });
        ok = false;
      }
    });
    if (ok) rows.push({ row: r.row, input });
  }
  return { rows, issues };
}

// ---- cell parsers shared by the kinds ----

/** Accepts the code itself or any of its Chinese labels. */
export function enumCell(labels: Record<string, string[]>): (raw: string) => string {
  const lookup = new Map<string, string>();
  for (const [code, names] of Object.entries(labels)) {
    lookup.set(code.toUpperCase(), code);
    for (const n of names) lookup.set(n, code);
  }
  const allowed = Object.entries(labels).map(([code, names]) => (names[0] ? `${names[0]}（${code}）` : code)).join('、');
  return (raw) => {
    const hit = lookup.get(raw) ?? lookup.get(raw.toUpperCase());
    if (hit === undefined) throw new CellError(`“${raw}”不是允许的取值，应为 ${allowed} 之一`);
    return hit;
  };
}

/** 2026-03-01, 2026/3/1, 2026.3.1 or 2026年3月1日 → 2026-03-01 (the validator checks it is a real date). */
export function dateCell(raw: string): string {
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(raw);
  if (!m) throw new CellError(`日期“${raw}”格式不对，应为 YYYY-MM-DD`);
  return `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
}

/** 5%, 0.05 or 5 (read as percent when above 1). */
export function ratioCell(raw: string): number {
  const pct = raw.endsWith('%') || raw.endsWith('％');
  const n = Number(pct ? raw.slice(0, -1) : raw);
  if (!Number.isFinite(n)) throw new CellError(`“${raw}”不是比例，应写作 5% 或 0.05`);
  return pct || n > 1 ? n / 100 : n;
}

/** Lists in one cell, separated by ；;、, or line breaks. */
export function listCell(raw: string): string[] {
  return raw.split(/[;；、,，\n]/).map((s) => s.trim()).filter(Boolean);
}

export function booleanCell(raw: string): boolean {
  if (['是', 'Y', 'y', 'TRUE', 'true', '1', '有'].includes(raw)) return true;
  if (['否', 'N', 'n', 'FALSE', 'false', '0', '无'].includes(raw)) return false;
  throw new CellError(`“${raw}”应为 是 或 否`);
}

/** Codes are compared upper-case and without inner spaces (a pasted USCC often has them). */
export function codeCell(raw: string): string {
  return raw.replace(/\s+/g, '').toUpperCase();
}
