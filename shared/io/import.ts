// File → validated rows → report. Pure: the subgraph passes its own validator, and writes what is accepted.
import { mapHeaders, mapRows, type ImportIssue } from './columns';
import type { TextEncoding } from './decode';
import type { KindSpec } from './kinds';
import { readTable, type ImportLimits, type RawTable } from './table';
import { forbiddenCharacter } from '../input-limits';

export const IMPORT_MODES = ['ALL_OR_NOTHING', 'VALID_ROWS'] as const;
export type ImportMode = (typeof IMPORT_MODES)[number];

export interface AcceptedRow<V> {
  row: number;
  key: string;
  values: V;
}

export interface PreparedImport<V> {
  spec: KindSpec;
  format: RawTable['format'];
  encoding?: TextEncoding;
  sheet?: string;
  totalRows: number;
  accepted: AcceptedRow<V>[];
  issues: ImportIssue[];
  warnings: string[];
}

/** What the service found while writing: per-row outcome against the stored records. */
export interface WriteOutcome {
  added: number;
  updated: number;
  unchanged: number;
  /** Rows the stored data refuses (e.g. a published checklist item cannot be edited by import). */
  conflicts: ImportIssue[];
  committed: boolean;
}

export interface ImportReport {
  kind: string;
  fileName: string;
  format: string;
  encoding: string | null;
  mode: ImportMode;
  dryRun: boolean;
  totalRows: number;
  acceptedRows: number;
  rejectedRows: number;
  issueCount: number;
  /** Sorted by row; may be cut to `MAX_REPORTED_ISSUES` over GraphQL (issueCount tells the full number). */
  issues: ImportIssue[];
  warnings: string[];
  committed: boolean;
  added: number;
  updated: number;
  unchanged: number;
  message: string;
}

/** Validators throw errors carrying extensions.field and a "field：reason" message (shared/errors.ts). */
export function issueFromError(e: unknown, row: number, spec: KindSpec): ImportIssue {
  const err = e as { message?: string; extensions?: { field?: unknown; code?: unknown } };
  if (!err?.extensions || err.extensions.code !== 'BAD_USER_INPUT') throw e;
  const field = String(err.extensions.field ?? '');
  const message = String(err.message ?? '');
  const reason = field && message.startsWith(`${field}：`) ? message.slice(field.length + 1) : message;
  const column = spec.columns.find((c) => c.field === field || c.header === field || c.aliases?.includes(field) || c.header.endsWith(field));
  return { row, column: column?.header ?? field, reason };
}

const MAX_NAMED_UNKNOWN = 20;
const MAX_HEADER_SHOWN = 30;

/** Names the first unknown columns (each cut short) and counts the rest: a warning stays a line, whatever the header. */
export function unknownColumnsWarning(unknown: string[]): string {
  const shown = unknown.slice(0, MAX_NAMED_UNKNOWN).map((h) => (h.length > MAX_HEADER_SHOWN ? `${h.slice(0, MAX_HEADER_SHOWN)}…` : h));
  const rest = unknown.length - shown.length;
  return `以下列不在模板中，已忽略：${shown.join('、')}${rest > 0 ? ` 等，共 ${unknown.length} 列` : ''}`;
}

function forbiddenCell(input: Record<string, unknown>, spec: KindSpec): { column: string; reason: string } | null {
  for (const [field, value] of Object.entries(input)) {
    for (const v of Array.isArray(value) ? value : [value]) {
      const ch = typeof v === 'string' ? forbiddenCharacter(v) : null;
      if (ch) return { column: spec.columns.find((c) => c.field === field)?.header ?? field, reason: `含有不允许的控制字符或文字方向控制字符（${ch}），请删除后重新导入` };
    }
  }
  return null;
}

const canonical = (v: unknown) => JSON.stringify(v, (_k, x) => (x === undefined ? null : x));

export function prepareTable<V>(table: RawTable, spec: KindSpec, validate: (input: never) => V, keyOf: (v: V) => string): PreparedImport<V> {
  const map = mapHeaders(table.headers, spec.columns);
  const warnings = map.unknown.length ? [unknownColumnsWarning(map.unknown)] : [];
  const { rows, issues } = mapRows(table, spec.columns, map);
  const accepted: AcceptedRow<V>[] = [];
  const firstByKey = new Map<string, { row: number; canon: string }>();
  const keyHeader = spec.columns.find((c) => c.field === spec.keyField)!.header;
  for (const r of rows) {
    // The same characters the GraphQL edge refuses (shared/input-limits.ts) are refused in files too.
    const bad = forbiddenCell(r.input, spec);
    if (bad) {
      issues.push({ row: r.row, ...bad });
      continue;
    }
    let values: V;
    try {
      values = validate(r.input as never);
    } catch (e) {
      issues.push(issueFromError(e, r.row, spec));
      continue;
    }
    const key = keyOf(values);
    const canon = canonical(values);
    const first = firstByKey.get(key);
    if (first) {
      // An exact copy is harmless; two different rows for one record are a data problem the clerk must settle.
      if (first.canon === canon) warnings.push(`第${r.row}行与第${first.row}行完全相同，已忽略`);
      else issues.push({ row: r.row, column: keyHeader, reason: `与第${first.row}行的${keyHeader}重复，但内容不同` });
      continue;
    }
    firstByKey.set(key, { row: r.row, canon });
    accepted.push({ row: r.row, key, values });
  }
  issues.sort((a, b) => a.row - b.row);
  return { spec, format: table.format, encoding: table.encoding, sheet: table.sheet, totalRows: table.rows.length, accepted, issues, warnings };
}

export async function prepareImport<V>(
  buf: Uint8Array,
  fileName: string,
  spec: KindSpec,
  validate: (input: never) => V,
  keyOf: (v: V) => string,
  opts: { encoding?: TextEncoding | 'gbk' | 'auto'; limits?: Partial<ImportLimits> } = {},
): Promise<PreparedImport<V>> {
  return prepareTable(await readTable(buf, fileName, opts), spec, validate, keyOf);
}

/** All-or-nothing writes nothing when any row is rejected; "valid rows" writes the accepted ones. */
export function shouldWrite(p: PreparedImport<unknown>, mode: ImportMode, conflicts: number, dryRun: boolean): boolean {
  if (dryRun) return false;
  if (mode === 'ALL_OR_NOTHING' && (p.issues.length > 0 || conflicts > 0)) return false;
  return true;
}

export const MAX_REPORTED_ISSUES = 1000;

export function buildReport(
  p: PreparedImport<unknown>,
  fileName: string,
  mode: ImportMode,
  dryRun: boolean,
  w: WriteOutcome,
  maxIssues = Infinity,
): ImportReport {
  const issues = [...p.issues, ...w.conflicts].sort((a, b) => a.row - b.row || a.column.localeCompare(b.column));
  const rejectedRows = new Set(issues.map((i) => i.row)).size;
  const acceptedRows = p.accepted.length - new Set(w.conflicts.map((c) => c.row)).size;
  const counts = `新增${w.added}条，更新${w.updated}条，未变${w.unchanged}条`;
  let message: string;
  if (dryRun) message = `试导入（未写入）：共${p.totalRows}行，可导入${acceptedRows}行，有误${rejectedRows}行；若导入将${counts}`;
  else if (!w.committed) message = `未导入：共${p.totalRows}行，其中${rejectedRows}行有误。整个文件未写入任何数据，请改正后重新导入，或选择“仅导入正确的行”`;
  else message = `已导入：共${p.totalRows}行，${counts}${rejectedRows ? `；${rejectedRows}行有误未导入` : ''}`;
  return {
    kind: p.spec.kind,
    fileName,
    format: p.format,
    encoding: p.encoding ?? null,
    mode,
    dryRun,
    totalRows: p.totalRows,
    acceptedRows,
    rejectedRows,
    issueCount: issues.length,
    issues: issues.slice(0, maxIssues),
    warnings: p.warnings.slice(0, 100),
    committed: w.committed,
    added: w.committed || dryRun ? w.added : 0,
    updated: w.committed || dryRun ? w.updated : 0,
    unchanged: w.committed || dryRun ? w.unchanged : 0,
    message,
  };
}

/** The rejected rows as CSV (UTF-8 with BOM opens correctly in Excel). */
export function issuesCsv(issues: ImportIssue[]): string {
  const q = (s: string | number) => (/[",\n]/.test(String(s)) ? `"${String(s).replace(/"/g, '""')}"` : String(s));
  return ['行号,列,原因', ...issues.map((i) => [i.row, i.column, i.reason].map(q).join(','))].join('\r\n') + '\r\n';
}
