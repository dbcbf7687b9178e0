// The work report's figures on a hand-made dataset, counted by hand; the rendered sample goes to test-output/.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { computeWorkReport, parsePeriod, reportRange, type ReportInput } from '../../shared/domain/report';
import { reportHtml, reportSheets, SUMMARY_HEADERS } from '../../shared/io/report-render';
import { sheetsToXlsx } from '../../shared/io/sheet';

const task = (id: string, creditCode: string, windowStart: string, items: [string, string][]) => ({
  id, creditCode, windowStart, departments: [...new Set(items.map(([d]) => d))], items: items.map(([department, code]) => ({ department, code })),
});

// 2026: SAMR 5 visits (2 joint with HEALTH), HEALTH 3 visits, FIRE none; one task in 2025 and one in H2 only.
const input: ReportInput = {
  year: 2026,
  period: 'YEAR',
  asOf: '2026-12-20',
  departments: [
    { code: 'SAMR', name: '市场监督管理局' },
    { code: 'HEALTH', name: '卫生健康局' },
    { code: 'FIRE', name: '消防救援大队' },
  ],
  publishedItems: [
    { department: 'SAMR', code: 'S1' }, { department: 'SAMR', code: 'S2' }, { department: 'SAMR', code: 'S3' }, { department: 'SAMR', code: 'S4' },
    { department: 'HEALTH', code: 'H1' }, { department: 'HEALTH', code: 'H2' },
    { department: 'FIRE', code: 'F1' },
  ],
  tasks: [
    task('1', 'E1', '2026-03-01', [['SAMR', 'S1'], ['SAMR', 'S2'], ['HEALTH', 'H1']]),
    task('2', 'E2', '2026-04-01', [['SAMR', 'S1'], ['HEALTH', 'H1']]),
    task('3', 'E3', '2026-05-01', [['SAMR', 'S1']]),
    task('4', 'E4', '2026-08-01', [['SAMR', 'S2']]),
    task('5', 'E3', '2026-10-01', [['SAMR', 'S1']]),
    task('6', 'E6', '2026-09-01', [['HEALTH', 'H1']]),
    task('7', 'E7', '2025-11-01', [['SAMR', 'S3'], ['FIRE', 'F1']]),
  ],
  results: [
    { taskId: '1', department: 'SAMR', itemCode: 'S1', categories: ['NO_PROBLEM'], followUp: 'NONE', state: 'PUBLISHED' },
    { taskId: '1', department: 'SAMR', itemCode: 'S2', categories: ['CORRECTED', 'UNPUBLISHED_INFO'], followUp: 'ORDERED_TO_CORRECT', state: 'APPROVED' },
    { taskId: '1', department: 'HEALTH', itemCode: 'H1', categories: ['PENDING_FOLLOW_UP'], followUp: 'TRANSFER_DEPARTMENT', state: 'SUBMITTED' },
    { taskId: '2', department: 'SAMR', itemCode: 'S1', categories: ['UNREACHABLE'], followUp: 'ABNORMAL_LIST', state: 'PUBLISHED' },
    // Drafts and returned results are not reported yet.
    { taskId: '3', department: 'SAMR', itemCode: 'S1', categories: ['FALSE_INFO'], followUp: 'TRANSFER_POLICE', state: 'ENTERED' },
    { taskId: '2', department: 'HEALTH', itemCode: 'H1', categories: ['NO_PROBLEM'], followUp: 'NONE', state: 'RETURNED' },
    // Outside the year: ignored.
    { taskId: '7', department: 'SAMR', itemCode: 'S3', categories: ['REFUSED'], followUp: 'NONE', state: 'PUBLISHED' },
  ],
  deadlines: [
    { taskId: '3', department: 'SAMR', status: 'OVERDUE', openItems: 1 },
    { taskId: '2', department: 'HEALTH', status: 'OVERDUE', openItems: 1 },
    { taskId: '5', department: 'SAMR', status: 'DUE_SOON', openItems: 1 },
    { taskId: '7', department: 'FIRE', status: 'OVERDUE', openItems: 1 },
  ],
};

describe('work report', () => {
  it('periods: H1 due June 22, the annual report December 22', () => {
    expect(reportRange(2026, 'H1')).toEqual({ from: '2026-01-01', to: '2026-06-30', dueDate: '2026-06-22', label: '2026年上半年' });
    expect(reportRange(2026, 'YEAR').dueDate).toBe('2026-12-22');
    expect(parsePeriod('2026-H1')).toEqual({ year: 2026, period: 'H1' });
    expect(parsePeriod('2026')).toEqual({ year: 2026, period: 'YEAR' });
    expect(parsePeriod('2026-H2')).toEqual({ year: 2026, period: 'YEAR' });
    expect(parsePeriod('26年')).toBeNull();
  });

  it('annual county report: per department and county figures as counted by hand', () => {
    const r = computeWorkReport(input, null);
    expect(r.title).toBe('全县“双随机、一公开”监管工作年度总结');
    const [samr, health, fire] = r.departments;
    expect(samr).toMatchObject({
      inspections: 5, entities: 4, joint: 2, jointShare: 0.4, meetsJointGoal: true,
      publishedItems: 4, itemsCovered: 2, itemCoverage: 0.5,
      itemChecks: 6, itemChecksReported: 3, completion: 0.5, resultsPublished: 2, problemsFound: 2, overdueTasks: 1, overdueItems: 1,
    });
    expect(samr.byCategory).toMatchObject({ NO_PROBLEM: 1, CORRECTED: 1, UNPUBLISHED_INFO: 1, UNREACHABLE: 1, FALSE_INFO: 0, REFUSED: 0 });
    expect(samr.byFollowUp).toMatchObject({ NONE: 1, ORDERED_TO_CORRECT: 1, ABNORMAL_LIST: 1, TRANSFER_POLICE: 0 });
    expect(health).toMatchObject({ inspections: 3, joint: 2, publishedItems: 2, itemsCovered: 1, itemChecks: 3, itemChecksReported: 1, problemsFound: 1, overdueTasks: 1 });
    expect(health.jointShare).toBeCloseTo(2 / 3);
    expect(fire).toMatchObject({ inspections: 0, joint: 0, jointShare: 0, meetsJointGoal: false, publishedItems: 1, itemsCovered: 0, overdueTasks: 0 });
    expect(r.county).toMatchObject({
      visits: 6, departmentInspections: 8, doorsSaved: 2, jointTasks: 2, joint: 4, jointShare: 0.5, departmentsMeetingGoal: 2, departments: 3,
      entities: 5, publishedItems: 7, itemsCovered: 3, itemChecks: 9, itemChecksReported: 4, resultsPublished: 2, problemsFound: 3, overdueTasks: 2, overdueItems: 2,
    });
    expect(r.county!.itemCoverage).toBeCloseTo(3 / 7);
    expect(r.county!.byCategory.PENDING_FOLLOW_UP).toBe(1);
    expect(r.county!.byFollowUp.TRANSFER_DEPARTMENT).toBe(1);
  });

  it('semi-annual department report: only that department, only tasks starting by June 30', () => {
    const r = computeWorkReport({ ...input, period: 'H1', asOf: '2026-06-20' }, 'SAMR');
    expect(r.title).toBe('市场监督管理局“双随机、一公开”监管工作半年总结');
    expect(r.county).toBeNull();
    expect(r.departments).toHaveLength(1);
    expect(r.departments[0]).toMatchObject({ inspections: 3, entities: 3, joint: 2, itemChecks: 4, itemChecksReported: 3, itemsCovered: 2, overdueTasks: 1 });
  });

  it('renders as XLSX sheets and a printable page (sample written to test-output/)', async () => {
    const r = computeWorkReport(input, null);
    const sheets = reportSheets(r);
    expect(sheets.map((s) => s.name)).toEqual(['全县概况', '总体情况', '检查结果类别', '后续处置']);
    const summary = sheets[1];
    expect(summary.headers).toEqual(SUMMARY_HEADERS);
    expect(summary.rows.map((x) => x[0])).toEqual(['市场监督管理局', '卫生健康局', '消防救援大队', '全县合计']);
    expect(summary.rows[0].slice(1, 6)).toEqual([5, 4, 2, '40.0%', '是']);
    const html = reportHtml(r);
    expect(html).toContain('<h1>全县“双随机、一公开”监管工作年度总结</h1>');
    expect(html).toContain('报送截止：2026-12-22');
    expect(html).toContain('@page { size: A4 landscape');
    expect(reportHtml({ ...r, title: '<script>x</script>' })).not.toContain('<script>x');

    const xlsx = await sheetsToXlsx(sheets);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx as never);
    expect(wb.getWorksheet('总体情况')!.getRow(3).getCell(1).value).toBe('部门');
    expect(wb.getWorksheet('总体情况')!.getRow(7).values).toContain('全县合计');

    const out = join(process.cwd(), 'test-output');
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'work-report-sample.html'), html);
    writeFileSync(join(out, 'work-report-sample.xlsx'), xlsx);
  });
});
