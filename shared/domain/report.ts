// The semi-annual and annual work report (半年总结 / 年度总结) each department sends the county's
// 双随机一公开 office by June 22 and December 22 (seed 000, “及时报送工作情况”), and the county total.
// Pure: the gateway loads tasks, results and deadlines through GraphQL and hands them in.
import { FOLLOW_UPS, RESULT_CATEGORIES } from './credit';
import { JOINT_SHARE_GOAL } from './stats';

export type ReportPeriod = 'H1' | 'YEAR';

export interface ReportTask {
  id: string;
  creditCode: string;
  departments: string[];
  windowStart: string;
  items: { department: string; code: string }[];
}

export interface ReportResult {
  taskId: string;
  department: string;
  itemCode: string;
  categories: string[];
  followUp: string;
  state: string;
}

export interface ReportDeadline {
  taskId: string;
  department: string;
  status: string;
  openItems: number;
}

export interface ReportInput {
  year: number;
  period: ReportPeriod;
  asOf: string;
  departments: { code: string; name: string }[];
  publishedItems: { department: string; code: string }[];
  tasks: ReportTask[];
  results: ReportResult[];
  deadlines: ReportDeadline[];
}

export interface DepartmentFigures {
  department: string;
  name: string;
  /** Visits this department took part in (tasks whose window starts in the period). */
  inspections: number;
  entities: number;
  joint: number;
  jointShare: number;
  meetsJointGoal: boolean;
  publishedItems: number;
  itemsCovered: number;
  itemCoverage: number;
  /** Item checks planned on those visits (one per task and item). */
  itemChecks: number;
  /** Item checks with a submitted, approved or published result. */
  itemChecksReported: number;
  completion: number;
  resultsPublished: number;
  /** Results with a problem (anything but 未发现问题 / 未发现开展…经营活动). */
  problemsFound: number;
  byCategory: Record<string, number>;
  byFollowUp: Record<string, number>;
  /** Task parts past their 20-working-day deadline with items still open, and those items. */
  overdueTasks: number;
  overdueItems: number;
}

export interface CountyFigures extends Omit<DepartmentFigures, 'department' | 'name'> {
  visits: number;
  departmentInspections: number;
  doorsSaved: number;
  jointTasks: number;
  departmentsMeetingGoal: number;
  departments: number;
}

export interface WorkReport {
  title: string;
  periodLabel: string;
  from: string;
  to: string;
  dueDate: string;
  asOf: string;
  year: number;
  period: ReportPeriod;
  departments: DepartmentFigures[];
  /** Only in the county report. */
  county: CountyFigures | null;
}

const REPORTED = new Set(['SUBMITTED', 'APPROVED', 'PUBLISHED']);
const CLEAN = new Set(['NO_PROBLEM', 'NO_ACTIVITY']);
const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);

export function reportRange(year: number, period: ReportPeriod): { from: string; to: string; dueDate: string; label: string } {
  return period === 'H1'
    ? { from: `${year}-01-01`, to: `${year}-06-30`, dueDate: `${year}-06-22`, label: `${year}年上半年` }
    : { from: `${year}-01-01`, to: `${year}-12-31`, dueDate: `${year}-12-22`, label: `${year}年度` };
}

/** "2026-H1" / "2026-H2" / "2026" → year and period (H2 is the annual report, due in December). */
export function parsePeriod(s: string): { year: number; period: ReportPeriod } | null {
  const m = /^(\d{4})(?:-(H1|H2|Y|YEAR))?$/i.exec(s.trim());
  if (!m) return null;
  return { year: Number(m[1]), period: m[2]?.toUpperCase() === 'H1' ? 'H1' : 'YEAR' };
}

function zeroCounts(labels: Record<string, string>): Record<string, number> {
  return Object.fromEntries(Object.keys(labels).map((k) => [k, 0]));
}

function figuresFor(dept: string, tasks: ReportTask[], results: ReportResult[], deadlines: ReportDeadline[]) {
  const mine = tasks.filter((t) => t.departments.includes(dept));
  const ids = new Set(mine.map((t) => t.id));
  const joint = mine.filter((t) => new Set(t.departments).size > 1).length;
  const checks = new Set<string>();
  for (const t of mine) for (const i of t.items) if (i.department === dept) checks.add(`${t.id}\u0000${i.code}`);
  const reported = results.filter((r) => r.department === dept && ids.has(r.taskId) && REPORTED.has(r.state));
  const reportedChecks = new Set(reported.map((r) => `${r.taskId}\u0000${r.itemCode}`).filter((k) => checks.has(k)));
  const byCategory = zeroCounts(RESULT_CATEGORIES);
  const byFollowUp = zeroCounts(FOLLOW_UPS);
  let problems = 0;
  for (const r of reported) {
    for (const c of new Set(r.categories)) byCategory[c] = (byCategory[c] ?? 0) + 1;
    byFollowUp[r.followUp] = (byFollowUp[r.followUp] ?? 0) + 1;
    if (r.categories.some((c) => !CLEAN.has(c))) problems++;
  }
  const overdue = deadlines.filter((d) => d.department === dept && ids.has(d.taskId) && d.status === 'OVERDUE');
  return {
    inspections: mine.length,
    entities: new Set(mine.map((t) => t.creditCode)).size,
    joint,
    jointShare: ratio(joint, mine.length),
    meetsJointGoal: mine.length > 0 && ratio(joint, mine.length) >= JOINT_SHARE_GOAL,
    codes: new Set(mine.flatMap((t) => t.items.filter((i) => i.department === dept).map((i) => i.code))),
    itemChecks: checks.size,
    itemChecksReported: reportedChecks.size,
    completion: ratio(reportedChecks.size, checks.size),
    resultsPublished: reported.filter((r) => r.state === 'PUBLISHED').length,
    problemsFound: problems,
    byCategory,
    byFollowUp,
    overdueTasks: overdue.length,
    overdueItems: overdue.reduce((s, d) => s + d.openItems, 0),
  };
}

/** `department` null = the county report (every department plus county totals). */
export function computeWorkReport(input: ReportInput, department: string | null): WorkReport {
  const range = reportRange(input.year, input.period);
  const tasks = input.tasks.filter((t) => t.windowStart >= range.from && t.windowStart <= range.to);
  const departments = input.departments.filter((d) => department === null || d.code === department);
  const rows: DepartmentFigures[] = departments.map((d) => {
    const { codes, ...f } = figuresFor(d.code, tasks, input.results, input.deadlines);
    const published = new Set(input.publishedItems.filter((i) => i.department === d.code).map((i) => i.code));
    const covered = [...codes].filter((c) => published.has(c)).length;
    return { department: d.code, name: d.name, ...f, publishedItems: published.size, itemsCovered: covered, itemCoverage: ratio(covered, published.size) };
  });
  let county: CountyFigures | null = null;
  if (department === null) {
    const sum = (k: 'publishedItems' | 'itemsCovered' | 'itemChecks' | 'itemChecksReported' | 'resultsPublished' | 'problemsFound' | 'overdueTasks' | 'overdueItems') => rows.reduce((s, r) => s + r[k], 0);
    const add = (k: 'byCategory' | 'byFollowUp') => {
      const out: Record<string, number> = {};
      for (const r of rows) for (const [c, n] of Object.entries(r[k])) out[c] = (out[c] ?? 0) + n;
      return out;
    };
    const departmentInspections = tasks.reduce((s, t) => s + new Set(t.departments).size, 0);
    const jointTasks = tasks.filter((t) => new Set(t.departments).size > 1).length;
    const jointDeptInspections = rows.reduce((s, r) => s + r.joint, 0);
    const itemChecks = sum('itemChecks');
    county = {
      visits: tasks.length,
      inspections: departmentInspections,
      departmentInspections,
      entities: new Set(tasks.map((t) => t.creditCode)).size,
      doorsSaved: departmentInspections - tasks.length,
      jointTasks,
      joint: jointDeptInspections,
      jointShare: ratio(jointDeptInspections, departmentInspections),
      meetsJointGoal: departmentInspections > 0 && ratio(jointDeptInspections, departmentInspections) >= JOINT_SHARE_GOAL,
      departmentsMeetingGoal: rows.filter((r) => r.meetsJointGoal).length,
      departments: rows.length,
      publishedItems: sum('publishedItems'),
      itemsCovered: sum('itemsCovered'),
      itemCoverage: ratio(sum('itemsCovered'), sum('publishedItems')),
      itemChecks,
      itemChecksReported: sum('itemChecksReported'),
      completion: ratio(sum('itemChecksReported'), itemChecks),
      resultsPublished: sum('resultsPublished'),
      problemsFound: sum('problemsFound'),
      byCategory: add('byCategory'),
      byFollowUp: add('byFollowUp'),
      overdueTasks: sum('overdueTasks'),
      overdueItems: sum('overdueItems'),
    };
  }
  const who = department === null ? '全县' : (departments[0]?.name ?? department);
  return {
    title: `${who}“双随机、一公开”监管工作${input.period === 'H1' ? '半年总结' : '年度总结'}`,
    periodLabel: range.label,
    from: range.from,
    to: range.to,
    dueDate: range.dueDate,
    asOf: input.asOf,
    year: input.year,
    period: input.period,
    departments: rows,
    county,
  };
}
