// The work report as an XLSX workbook and as a printable A4 page (Chinese).
import { FOLLOW_UPS, RESULT_CATEGORIES } from '../domain/credit';
import { JOINT_SHARE_GOAL } from '../domain/stats';
import type { DepartmentFigures, WorkReport } from '../domain/report';
import type { Cell, SheetData } from './sheet';

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const yes = (b: boolean) => (b ? '是' : '否');

type Row = Omit<DepartmentFigures, 'department' | 'name'>;

export const SUMMARY_HEADERS = [
  '部门', '检查户次', '检查企业数', '联合检查户次', '联合检查占比', `达到${JOINT_SHARE_GOAL * 100}%目标`, '公布事项数', '已覆盖事项数',
  '事项覆盖率', '应报检查事项', '已报结果事项', '结果报送率', '已公示结果', '发现问题', '逾期任务', '逾期未报事项',
];

function summaryRow(label: string, r: Row): Cell[] {
  return [
    label, r.inspections, r.entities, r.joint, pct(r.jointShare), yes(r.meetsJointGoal), r.publishedItems, r.itemsCovered,
    pct(r.itemCoverage), r.itemChecks, r.itemChecksReported, pct(r.completion), r.resultsPublished,
    r.problemsFound, r.overdueTasks, r.overdueItems,
  ];
}

const CATEGORY_CODES = Object.keys(RESULT_CATEGORIES) as (keyof typeof RESULT_CATEGORIES)[];
const FOLLOW_UP_CODES = (Object.keys(FOLLOW_UPS) as (keyof typeof FOLLOW_UPS)[]).filter((k) => k !== 'NONE');

function rowsOf(r: WorkReport): [string, Row][] {
  const out: [string, Row][] = r.departments.map((d) => [d.name, d]);
  if (r.county) out.push(['全县合计', r.county]);
  return out;
}

function caption(r: WorkReport): string[] {
  return [r.title, `统计期间：${r.from} 至 ${r.to}（${r.periodLabel}）；报送截止：${r.dueDate}；数据截至：${r.asOf}`];
}

export function reportSheets(r: WorkReport): SheetData[] {
  const rows = rowsOf(r);
  const sheets: SheetData[] = [
    { name: '总体情况', caption: caption(r), headers: SUMMARY_HEADERS, rows: rows.map(([label, x]) => summaryRow(label, x)) },
    { name: '检查结果类别', caption: caption(r), headers: ['部门', ...CATEGORY_CODES.map((c) => RESULT_CATEGORIES[c])], rows: rows.map(([label, x]) => [label, ...CATEGORY_CODES.map((c) => x.byCategory[c] ?? 0)]) },
    { name: '后续处置', caption: caption(r), headers: ['部门', ...FOLLOW_UP_CODES.map((c) => FOLLOW_UPS[c])], rows: rows.map(([label, x]) => [label, ...FOLLOW_UP_CODES.map((c) => x.byFollowUp[c] ?? 0)]) },
  ];
  if (r.county) {
    const c = r.county;
    sheets.unshift({
      name: '全县概况',
      caption: caption(r),
      headers: ['指标', '数值'],
      rows: [
        ['实际入户检查次数', c.visits], ['部门检查户次', c.departmentInspections], ['联合检查任务（一次入户、多部门检查）', c.jointTasks],
        ['减少入户次数', c.doorsSaved], ['联合检查占部门检查户次', pct(c.jointShare)], [`达到${JOINT_SHARE_GOAL * 100}%目标的部门`, `${c.departmentsMeetingGoal} / ${c.departments}`],
        ['检查企业数', c.entities], ['结果报送率', pct(c.completion)], ['已公示结果', c.resultsPublished], ['发现问题', c.problemsFound],
        ['逾期任务', c.overdueTasks], ['逾期未报事项', c.overdueItems],
      ],
      widths: [40, 16],
    });
  }
  return sheets;
}

/** Text for an HTML page: the five characters that could open markup or end an attribute are escaped. */
export const escapeHtml = (s: unknown) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const esc = escapeHtml;

function table(headers: string[], rows: Cell[][]): string {
  const th = headers.map((h) => `<th>${esc(h)}</th>`).join('');
  const tr = rows.map((r, i) => `<tr${i === rows.length - 1 && r[0] === '全县合计' ? ' class="total"' : ''}>${r.map((c, k) => (k === 0 ? `<th scope="row">${esc(c ?? '')}</th>` : `<td>${esc(c ?? '')}</td>`)).join('')}</tr>`).join('');
  return `<table><thead><tr>${th}</tr></thead><tbody>${tr}</tbody></table>`;
}

/** A self-contained A4 landscape page: print it, or "Save as PDF" from the browser. */
export function reportHtml(r: WorkReport): string {
  const sheets = reportSheets(r);
  const sections = sheets.map((s) => `<section><h2>${esc(s.name)}</h2>${table(s.headers, s.rows)}</section>`).join('\n');
  const notes = [
    '检查户次：检查窗口起始日在统计期间内的检查任务中，本部门参与的任务数；联合检查户次：其中两个及以上部门一次入户共同检查的任务数。',
    `联合检查占比目标：不低于${JOINT_SHARE_GOAL * 100}%（部门联合抽查占本部门抽查的比例）。`,
    '结果类别与后续处置按已提交、已审核或已公示的检查结果统计，一条结果可有多个类别。',
    '逾期：检查后20个工作日内未报送结果（按法定节假日与调休计算），以数据截至日为准。',
  ];
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(r.title)}</title>
<style>
@page { size: A4 landscape; margin: 14mm; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif; font-size: 10.5pt; color: #111; margin: 0 auto; max-width: 270mm; }
h1 { font-size: 16pt; text-align: center; margin: 0 0 4mm; }
.meta { text-align: center; margin: 0 0 6mm; color: #333; }
h2 { font-size: 12pt; margin: 6mm 0 2mm; border-left: 3pt solid #1f4e79; padding-left: 2mm; }
table { border-collapse: collapse; width: 100%; page-break-inside: avoid; }
th, td { border: 0.5pt solid #666; padding: 1.2mm 1.6mm; text-align: center; }
thead th { background: #e8eef7; font-weight: 600; }
tbody th { text-align: left; font-weight: normal; white-space: nowrap; }
tr.total { font-weight: 700; background: #f5f5f5; }
ol { margin: 2mm 0 0 5mm; padding: 0; color: #333; font-size: 9.5pt; }
footer { margin-top: 8mm; display: flex; justify-content: space-between; }
@media print { .noprint { display: none; } }
</style></head><body>
<p class="noprint"><button onclick="window.print()">打印 / 另存为 PDF</button></p>
<h1>${esc(r.title)}</h1>
<p class="meta">统计期间：${esc(r.from)} 至 ${esc(r.to)}（${esc(r.periodLabel)}）　报送截止：${esc(r.dueDate)}　数据截至：${esc(r.asOf)}</p>
${sections}
<section><h2>说明</h2><ol>${notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ol></section>
<footer><span>填报单位（盖章）：</span><span>负责人：</span><span>填报人：</span><span>日期：　　年　　月　　日</span></footer>
</body></html>`;
}
