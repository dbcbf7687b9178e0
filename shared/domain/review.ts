// Automatic plan review shown to the joint office (docs/domain.md rules 1–4), and the plan state machine.
// Each rule yields findings, never a silent pass; only BLOCKING findings stop approval.

import { CREDIT_CLASSES, type CreditClass, type ItemCategory } from '../domain';
import { assertDate, assertWindow, daysPerMonth, intersectWindows, windowDays, type DateWindow } from './dates';
import type { Ratios } from './draw';

export type FindingType = 'ITEM_NOT_IN_CHECKLIST' | 'RATIO_ABOVE_BOUND' | 'FREQUENCY_CAP' | 'QUIET_PERIOD' | 'SCOPE_OVERLAP';
export type Severity = 'BLOCKING' | 'WARNING' | 'INFO';

export interface Finding {
  type: FindingType;
  severity: Severity;
  /** Chinese, shown to the joint office. */
  message: string;
  details: Record<string, unknown>;
}

export interface ReviewPlan {
  id: string;
  department: string;
  year: number;
  window: DateWindow;
  /** Item codes. */
  items: string[];
  scope: { industrySections?: string[]; regionCodes?: string[]; creditClasses?: CreditClass[]; tags?: string[] };
  ratios: Ratios;
  category: ItemCategory;
}

export interface QuietRule {
  creditClass: CreditClass;
  /** Months 1–12 when visits are allowed; empty = unrestricted. */
  allowedMonths: number[];
}

export interface ReviewContext {
  /** The plan department's published checklist. maxRatio null/undefined = no bound. */
  publishedItems: { code: string; category: ItemCategory; maxRatio?: number | null }[];
  frequencyCap: number;
  /** Visit dates ('YYYY-MM-DD', local calendar) per USCC; any year — only the plan's year counts. */
  priorVisits: Record<string, string[]>;
  /** USCCs in the plan's scope; defaults to thisScopeEntities. */
  poolForScope?: string[];
  quietRules: QuietRule[];
  otherPlans: { id: string; department: string; window: DateWindow; scopeEntities: string[] }[];
  thisScopeEntities: string[];
}

export const MAX_EXAMPLES = 10;
const RATIO_EPSILON = 1e-12;

const pct = (r: number) => `${Math.round(r * 10000) / 100}%`;
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function reviewPlan(plan: ReviewPlan, ctx: ReviewContext): Finding[] {
  validatePlan(plan);
  return [
    ...checkItems(plan, ctx),
    ...checkRatios(plan, ctx),
    ...checkFrequency(plan, ctx),
    ...checkQuietPeriods(plan, ctx),
    ...checkScopeOverlap(plan, ctx),
  ];
}

/** Approval needs no BLOCKING finding. */
export function canApprove(findings: Finding[]): boolean {
  return !findings.some((f) => f.severity === 'BLOCKING');
}

function validatePlan(plan: ReviewPlan): void {
  if (!Number.isInteger(plan.year)) throw new Error(`计划年度无效：${plan.year}`);
  assertWindow(plan.window, '计划时间窗');
  for (const [cls, r] of Object.entries(plan.ratios ?? {})) {
    if (!(CREDIT_CLASSES as readonly string[]).includes(cls)) throw new Error(`未知的信用风险分类：${cls}`);
    if (r !== undefined && (typeof r !== 'number' || !Number.isFinite(r) || r < 0 || r > 1)) {
      throw new Error(`${cls} 类抽查比例应在 0 到 1 之间：${String(r)}`);
    }
  }
}

/** Rule 1: 清单之外无检查. */
function checkItems(plan: ReviewPlan, ctx: ReviewContext): Finding[] {
  const published = new Set(ctx.publishedItems.map((i) => i.code));
  return [...new Set(plan.items)].filter((code) => !published.has(code)).map((code) => ({
    type: 'ITEM_NOT_IN_CHECKLIST' as const,
    severity: 'BLOCKING' as const,
    message: `检查事项“${code}”不在${plan.department}已公布的随机抽查事项清单中，清单之外无检查`,
    details: { itemCode: code, department: plan.department },
  }));
}

/** The credit classes this plan would actually visit: a positive ratio, within the scope's class filter. */
function visitedClasses(plan: ReviewPlan): CreditClass[] {
  return CREDIT_CLASSES.filter(
    (c) => (plan.ratios[c] ?? 0) > 0 && (!plan.scope.creditClasses || plan.scope.creditClasses.includes(c)),
  );
}

/**
 * Rule 2: general items have a bounded ratio; key items may go to 100%. The bound applies to every item of a
 * GENERAL plan, and to a GENERAL item even inside a KEY plan (it would otherwise ride along at the key ratio).
 */
function checkRatios(plan: ReviewPlan, ctx: ReviewContext): Finding[] {
  const byCode = new Map(ctx.publishedItems.map((i) => [i.code, i]));
  const findings: Finding[] = [];
  for (const code of [...new Set(plan.items)]) {
    const item = byCode.get(code);
    if (!item || item.maxRatio === undefined || item.maxRatio === null) continue;
    if (plan.category === 'KEY' && item.category === 'KEY') continue;
    const bound = item.maxRatio;
    const over = visitedClasses(plan).filter((c) => plan.ratios[c]! > bound + RATIO_EPSILON);
    if (over.length === 0) continue;
    findings.push({
      type: 'RATIO_ABOVE_BOUND',
      severity: 'BLOCKING',
      message: `一般事项“${code}”的抽查比例上限为 ${pct(bound)}，本计划 ${over.map((c) => `${c} 类 ${pct(plan.ratios[c]!)}`).join('、')} 超出上限`,
      details: { itemCode: code, maxRatio: bound, ratios: Object.fromEntries(over.map((c) => [c, plan.ratios[c]])) },
    });
  }
  return findings;
}

/** Rule 3: entities in scope whose visits in the plan's calendar year already reach the cap. */
function checkFrequency(plan: ReviewPlan, ctx: ReviewContext): Finding[] {
  const cap = ctx.frequencyCap;
  if (!Number.isInteger(cap) || cap < 1) throw new Error(`检查频次上限应为正整数：${cap}`);
  const prefix = `${plan.year}-`;
  const atCap: { creditCode: string; visits: number }[] = [];
  const scope = [...new Set(ctx.poolForScope ?? ctx.thisScopeEntities)].sort(cmp);
  for (const code of scope) {
    const dates = ctx.priorVisits[code] ?? [];
    let visits = 0;
    for (const d of dates) {
      assertDate(d, `${code} 的检查日期`);
      if (d.startsWith(prefix)) visits++;
    }
    if (visits >= cap) atCap.push({ creditCode: code, visits });
  }
  if (atCap.length === 0) return [];
  // Most-visited first, so the worst cases lead the examples.
  const examples = [...atCap].sort((a, b) => b.visits - a.visits || cmp(a.creditCode, b.creditCode)).slice(0, MAX_EXAMPLES);
  return [{
    type: 'FREQUENCY_CAP',
    severity: 'WARNING',
    message: `范围内有 ${atCap.length} 户市场主体在 ${plan.year} 年已被检查 ${cap} 次及以上（上限 ${cap} 次），本计划若抽中将超出检查频次上限`,
    details: { year: plan.year, cap, count: atCap.length, scopeSize: scope.length, examples },
  }];
}

/** Rule 4: quiet periods. No allowed day in the window → BLOCKING; some days outside → WARNING. */
function checkQuietPeriods(plan: ReviewPlan, ctx: ReviewContext): Finding[] {
  const rules = new Map<CreditClass, number[]>();
  for (const r of ctx.quietRules) {
    if (rules.has(r.creditClass)) throw new Error(`${r.creditClass} 类企业安静期规则重复`);
    for (const m of r.allowedMonths) {
      if (!Number.isInteger(m) || m < 1 || m > 12) throw new Error(`${r.creditClass} 类允许检查月份无效：${m}`);
    }
    rules.set(r.creditClass, r.allowedMonths);
  }
  const perMonth = daysPerMonth(plan.window);
  const total = windowDays(plan.window);
  const findings: Finding[] = [];
  for (const cls of visitedClasses(plan)) {
    const allowed = rules.get(cls);
    if (!allowed || allowed.length === 0) continue;
    let allowedDays = 0;
    for (const [m, days] of perMonth) if (allowed.includes(m)) allowedDays += days;
    if (allowedDays === total) continue;
    const months = [...new Set(allowed)].sort((a, b) => a - b);
    const monthText = months.map((m) => `${m} 月`).join('、');
    const span = `${plan.window.start} 至 ${plan.window.end}`;
    const details = { creditClass: cls, allowedMonths: months, windowDays: total, allowedDays };
    findings.push(allowedDays === 0
      ? {
        type: 'QUIET_PERIOD', severity: 'BLOCKING', details,
        message: `${cls} 类市场主体仅允许在 ${monthText}检查，计划时间窗 ${span} 全部处于企业安静期`,
      }
      : {
        type: 'QUIET_PERIOD', severity: 'WARNING', details,
        message: `${cls} 类市场主体仅允许在 ${monthText}检查，计划时间窗 ${span} 共 ${total} 天中有 ${total - allowedDays} 天处于企业安静期，只能安排在允许月份检查`,
      });
  }
  return findings;
}

/** Another department's plan in an overlapping window with shared entities → suggest a joint plan. */
function checkScopeOverlap(plan: ReviewPlan, ctx: ReviewContext): Finding[] {
  const mine = new Set(ctx.thisScopeEntities);
  const findings: Finding[] = [];
  const others = [...ctx.otherPlans].sort((a, b) => cmp(a.department, b.department) || cmp(a.id, b.id));
  for (const other of others) {
    if (other.id === plan.id || other.department === plan.department) continue;
    const common = intersectWindows(plan.window, other.window);
    if (!common) continue;
    const shared = new Set(other.scopeEntities.filter((c) => mine.has(c))).size;
    if (shared === 0) continue;
    findings.push({
      type: 'SCOPE_OVERLAP',
      severity: 'INFO',
      message: `与${other.department}的计划“${other.id}”时间窗重叠（${common.start} 至 ${common.end}），预计有 ${shared} 户市场主体同在双方检查范围内，建议合并为联合抽查计划`,
      details: { otherPlanId: other.id, otherDepartment: other.department, sharedEntities: shared, window: common },
    });
  }
  return findings;
}

// ---- Plan state machine -------------------------------------------------------------------------

export const PLAN_STATES = ['DRAFT', 'SUBMITTED', 'APPROVED', 'RETURNED', 'DRAWN', 'CLOSED'] as const;
export type PlanState = (typeof PLAN_STATES)[number];
export const PLAN_ACTIONS = ['SUBMIT', 'APPROVE', 'RETURN', 'DRAW', 'CLOSE'] as const;
export type PlanAction = (typeof PLAN_ACTIONS)[number];

/** state → action → next state. A returned plan is edited and submitted again. */
export const PLAN_TRANSITIONS: Readonly<Record<PlanState, Partial<Record<PlanAction, PlanState>>>> = {
  DRAFT: { SUBMIT: 'SUBMITTED' },
  SUBMITTED: { APPROVE: 'APPROVED', RETURN: 'RETURNED' },
  RETURNED: { SUBMIT: 'SUBMITTED' },
  APPROVED: { DRAW: 'DRAWN' },
  DRAWN: { CLOSE: 'CLOSED' },
  CLOSED: {},
};

const STATE_NAMES: Record<PlanState, string> = {
  DRAFT: '草稿', SUBMITTED: '已提交', APPROVED: '已批准', RETURNED: '已退回', DRAWN: '已抽取', CLOSED: '已关闭',
};
const ACTION_NAMES: Record<PlanAction, string> = {
  SUBMIT: '提交', APPROVE: '批准', RETURN: '退回', DRAW: '抽取', CLOSE: '关闭',
};

/**
 * The next state, or a Chinese error. RETURN needs a non-blank reason; APPROVE, when given the review's
 * findings, refuses while any is BLOCKING.
 */
export function transition(state: PlanState, action: PlanAction, opts: { reason?: string; findings?: Finding[] } = {}): PlanState {
  if (!(PLAN_STATES as readonly string[]).includes(state)) throw new Error(`未知的计划状态：${String(state)}`);
  if (!(PLAN_ACTIONS as readonly string[]).includes(action)) throw new Error(`未知的计划操作：${String(action)}`);
  const next = PLAN_TRANSITIONS[state][action];
  if (!next) throw new Error(`计划处于“${STATE_NAMES[state]}”状态，不能${ACTION_NAMES[action]}`);
  if (action === 'RETURN' && !(opts.reason ?? '').trim()) throw new Error('退回计划必须填写退回理由');
  if (action === 'APPROVE' && opts.findings && !canApprove(opts.findings)) {
    throw new Error('审查发现阻断性问题，不能批准该计划');
  }
  return next;
}
