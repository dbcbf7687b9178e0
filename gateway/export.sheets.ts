// GraphQL answers → tables with Chinese headers (pure). Pool, inspector and checklist exports use the import
// template's headers, so an exported file can be edited and imported again.
import { FOLLOW_UPS, RESULT_CATEGORIES } from '../shared/domain/credit';
import { INDUSTRY_SECTIONS } from '../shared/domain';
import { KINDS } from '../shared/io/kinds';
import type { Cell, SheetData } from '../shared/io/sheet';

const headers = (kind: keyof typeof KINDS) => KINDS[kind].columns.map((c) => c.header);
const list = (xs: string[] | null | undefined) => (xs ?? []).join('；');
const day = (iso: string | null | undefined) => (iso ? iso.slice(0, 10) : '');
const pct = (x: number) => `${Math.round(x * 10000) / 100}%`;

const GENDER: Record<string, string> = { MALE: '男', FEMALE: '女' };
const INSPECTOR_STATUS: Record<string, string> = { ACTIVE: '在岗', ON_LEAVE: '休假', LEFT: '离岗' };
const ITEM_CATEGORY: Record<string, string> = { KEY: '重点', GENERAL: '一般' };
const METHOD: Record<string, string> = { ON_SITE: '实地核查', DOCUMENTS: '书面检查', ONLINE: '网络监测' };
const ITEM_STATUS: Record<string, string> = { DRAFT: '草稿', PUBLISHED: '已公布', RETIRED: '已停用' };
const RESULT_STATE: Record<string, string> = { ENTERED: '已录入', SUBMITTED: '已提交', APPROVED: '已审核', RETURNED: '已退回', PUBLISHED: '已公示' };
const ROUND_STATE: Record<string, string> = { OPEN: '已开启', COMMITTED: '已承诺种子', SNAPSHOT_TAKEN: '已冻结名录', REVEALED: '已揭示种子', DRAWN: '已抽取' };
const label = (map: Record<string, string>, v: string | null | undefined) => (v ? (map[v] ?? v) : '');
const categories = (cs: string[]) => cs.map((c) => label(RESULT_CATEGORIES, c)).join('；');

export interface PoolNode { creditCode: string; name: string; industrySection: string; regionCode: string; creditClass: string; licenceNumbers: string[]; riskNotes: string | null; tags: string[]; addedAt: string }
export function poolSheet(department: string, nodes: PoolNode[]): SheetData {
  return {
    name: `${department}检查对象名录库`,
    headers: [...headers('pool'), '行业门类名称', '加入日期'],
    rows: nodes.map((n) => [n.creditCode, n.name, n.industrySection, n.regionCode, n.creditClass, list(n.licenceNumbers), n.riskNotes, list(n.tags), INDUSTRY_SECTIONS[n.industrySection] ?? '', day(n.addedAt)]),
  };
}

export interface InspectorNode { name: string; gender: string; position: string; certificateNumber: string; certificateExpiry: string; unit: string; phone: string; idNumber: string | null; expertise: string[]; status: string }
export function inspectorsSheet(department: string, nodes: InspectorNode[]): SheetData {
  return {
    name: `${department}执法检查人员名录库`,
    headers: [...headers('inspectors'), '状态'],
    rows: nodes.map((n) => [n.name, label(GENDER, n.gender), n.position, n.certificateNumber, n.certificateExpiry, n.unit, n.phone, n.idNumber, list(n.expertise), label(INSPECTOR_STATUS, n.status)]),
  };
}

export interface ItemNode { code: string; name: string; category: string; legalBasis: string; targetType: string; content: string; method: string; minRatio: number; maxRatio: number; frequency: string; status: string; publishedAt: string | null }
export function checklistSheet(department: string, items: ItemNode[]): SheetData {
  return {
    name: `${department}随机抽查事项清单`,
    headers: [...headers('checklist'), '状态', '公布日期'],
    rows: items.map((i) => [i.code, i.name, label(ITEM_CATEGORY, i.category), i.legalBasis, i.targetType, i.content, label(METHOD, i.method), pct(i.minRatio), pct(i.maxRatio), i.frequency, label(ITEM_STATUS, i.status), day(i.publishedAt)]),
  };
}

export interface RoundNode {
  id: string; name: string; year: number; state: string; seedCommitment: string | null; seed: string | null;
  plans: { id: string; department: string; title: string }[];
  draws: { id: string; planId: string; seq: number; reason: string | null; selected: string[]; poolHash: string; recordHash: string; createdAt: string; verification: { ok: boolean } }[];
}
/** One row per drawn business: the public record (USCCs only), with the round's commitment and seed. */
export function drawsSheet(rounds: RoundNode[]): SheetData {
  const rows: Cell[][] = [];
  for (const r of rounds) {
    for (const d of r.draws) {
      const plan = r.plans.find((p) => p.id === d.planId);
      d.selected.forEach((code, i) =>
        rows.push([r.name, r.year, label(ROUND_STATE, r.state), d.planId, plan?.department ?? '', plan?.title ?? '', d.id, d.seq, d.reason, i + 1, code, d.poolHash, d.recordHash, r.seedCommitment, r.seed, d.verification.ok ? '通过' : '不通过', day(d.createdAt)]),
      );
    }
  }
  return {
    name: '抽取结果',
    headers: ['轮次', '年度', '轮次状态', '计划编号', '部门', '计划名称', '抽取记录编号', '抽取次序', '重新抽取原因', '序号', '统一社会信用代码', '名录快照哈希', '记录哈希', '种子承诺值', '种子', '核验', '抽取日期'],
    rows,
  };
}

export interface TaskNode {
  id: string; roundId: string; creditCode: string; joint: boolean; leadDepartment: string; departments: string[];
  items: { department: string; code: string }[]; windowStart: string; windowEnd: string;
  entity: { name: string } | null;
  dispatch: { department: string; status: string; inspectors: { name: string; certificateNumber: string; role: string; status: string }[] }[];
}
export function tasksSheet(tasks: TaskNode[]): SheetData {
  return {
    name: '检查任务',
    headers: ['任务编号', '轮次编号', '统一社会信用代码', '企业名称', '联合检查', '牵头部门', '参与部门', '检查事项', '检查窗口开始', '检查窗口结束', '选派状态', '检查人员'],
    rows: tasks.map((t) => [
      t.id, t.roundId, t.creditCode, t.entity?.name ?? '', t.joint ? '是' : '否', t.leadDepartment, t.departments.join('、'),
      t.items.map((i) => `${i.department}:${i.code}`).join('；'), t.windowStart, t.windowEnd,
      t.dispatch.map((d) => `${d.department}:${d.status}`).join('；'),
      t.dispatch.flatMap((d) => d.inspectors.filter((i) => i.status !== 'REPLACED').map((i) => `${i.name}（${i.certificateNumber}）`)).join('；'),
    ]),
  };
}

export interface ResultNode { id: string; taskId: string; department: string; itemCode: string; categories: string[]; findings: string; followUp: string; inspectedOn: string; dueDate: string; state: string; enteredBy: string; reviewedBy: string | null }
export function resultsSheet(results: ResultNode[]): SheetData {
  return {
    name: '检查结果',
    headers: ['结果编号', '任务编号', '部门', '事项编号', '检查结果', '问题描述', '后续处置', '检查日期', '报送期限', '状态', '录入人', '审核人'],
    rows: results.map((r) => [r.id, r.taskId, r.department, r.itemCode, categories(r.categories), r.findings, label(FOLLOW_UPS, r.followUp), r.inspectedOn, r.dueDate, label(RESULT_STATE, r.state), r.enteredBy, r.reviewedBy]),
  };
}

export interface PublishedNode { current: { creditCode: string; entityName: string; department: string; itemCode: string; categories: string[]; findings: string; followUp: string; inspectors: string[]; inspectedOn: string; version: number; publishedAt: string }; corrected: boolean }
/** The public's export: what 一公开 shows, already masked when it was published. */
export function publishedSheet(rows: PublishedNode[]): SheetData {
  return {
    name: '抽查结果公示',
    headers: ['统一社会信用代码', '企业名称', '检查部门', '事项编号', '检查结果', '问题描述', '后续处置', '检查人员', '检查日期', '公示日期', '版本', '是否更正'],
    rows: rows.map(({ current: c, corrected }) => [c.creditCode, c.entityName, c.department, c.itemCode, categories(c.categories), c.findings, label(FOLLOW_UPS, c.followUp), c.inspectors.join('、'), c.inspectedOn, day(c.publishedAt), c.version, corrected ? '是' : '否']),
  };
}
