// Overlap detection and joint tasks (一企一表): after a round is drawn, every entity drawn by several plans
// whose windows overlap gets one visit carrying the union of their items. See DOMAIN.md rules 3 and 11.

import type { ItemCategory } from '../domain';
import { assertWindow, type DateWindow } from './dates';

export { windowsOverlap, intersectWindows, type DateWindow } from './dates';

export interface OverlapPlan {
  planId: string;
  department: string;
  window: DateWindow;
  jointPlanId?: string;
  leadDepartment?: string;
  items: { code: string; category: ItemCategory }[];
}

export interface OverlapInput {
  plans: OverlapPlan[];
  draws: { planId: string; selected: string[] }[];
  /** Visits already made (or scheduled) this year per USCC. */
  visitsThisYear?: Record<string, number>;
  /** Visits per entity per year; default 2 (Haiyang). */
  frequencyCap?: number;
}

export interface Task {
  creditCode: string;
  planIds: string[];
  /** Sorted, unique. */
  departments: string[];
  lead: string;
  /** More than one department visits together. */
  joint: boolean;
  /** The intersection of the member plans' windows: the visit happens inside it. */
  window: DateWindow;
  /** Sorted by department, then code; unique. */
  items: { department: string; code: string }[];
}

export interface CapWarning {
  creditCode: string;
  /** Visits this year before this round. */
  visits: number;
  /** Tasks this round adds. */
  newTasks: number;
  cap: number;
}

export interface OverlapResult {
  tasks: Task[];
  capWarnings: CapWarning[];
}

export const DEFAULT_FREQUENCY_CAP = 2;

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Groups, per entity, the plans that drew it into as few visits as their windows allow. Greedy by window end
 * (the classic interval-stabbing rule): the first plan to end fixes a day, every plan whose window contains that
 * day joins the visit. This minimises the number of visits, and each group's windows share a common part.
 * Plans of the same department that overlap are merged too (one visit); `joint` means ≥ 2 departments.
 */
export function detectJointTasks(input: OverlapInput): OverlapResult {
  const cap = input.frequencyCap ?? DEFAULT_FREQUENCY_CAP;
  if (!Number.isInteger(cap) || cap < 1) throw new Error(`检查频次上限应为正整数：${cap}`);

  const plans = new Map<string, OverlapPlan>();
  for (const p of input.plans) {
    if (plans.has(p.planId)) throw new Error(`计划编号重复：${p.planId}`);
    assertWindow(p.window, `计划 ${p.planId} 的时间窗`);
    plans.set(p.planId, p);
  }

  // USCC → plans that drew it.
  const drawnBy = new Map<string, OverlapPlan[]>();
  const drawnPlans = new Set<string>();
  for (const d of input.draws) {
    const plan = plans.get(d.planId);
    if (!plan) throw new Error(`抽取结果引用了不存在的计划：${d.planId}`);
    if (drawnPlans.has(d.planId)) throw new Error(`计划 ${d.planId} 有多份抽取结果，应只传入锁定的那一份`);
    drawnPlans.add(d.planId);
    const seen = new Set<string>();
    for (const code of d.selected) {
      if (seen.has(code)) throw new Error(`计划 ${d.planId} 的抽取结果中重复出现 ${code}`);
      seen.add(code);
      const list = drawnBy.get(code);
      if (list) list.push(plan);
      else drawnBy.set(code, [plan]);
    }
  }

  const tasks: Task[] = [];
  for (const code of [...drawnBy.keys()].sort(cmp)) {
    const members = [...drawnBy.get(code)!].sort(
      (a, b) => cmp(a.window.end, b.window.end) || cmp(a.window.start, b.window.start) || cmp(a.planId, b.planId),
    );
    let group: OverlapPlan[] = [];
    let day = '';
    const flush = () => {
      if (group.length > 0) tasks.push(makeTask(code, group));
      group = [];
    };
    for (const p of members) {
      if (group.length > 0 && p.window.start <= day) {
        group.push(p);
        continue;
      }
      flush();
      group = [p];
      day = p.window.end;
    }
    flush();
  }
  tasks.sort((a, b) => cmp(a.creditCode, b.creditCode) || cmp(a.window.start, b.window.start) || cmp(a.planIds.join(), b.planIds.join()));

  const perEntity = new Map<string, number>();
  for (const t of tasks) perEntity.set(t.creditCode, (perEntity.get(t.creditCode) ?? 0) + 1);
  const capWarnings: CapWarning[] = [];
  for (const [creditCode, newTasks] of perEntity) {
    const visits = input.visitsThisYear?.[creditCode] ?? 0;
    if (visits + newTasks > cap) capWarnings.push({ creditCode, visits, newTasks, cap });
  }
  capWarnings.sort((a, b) => cmp(a.creditCode, b.creditCode));
  return { tasks, capWarnings };
}

function makeTask(creditCode: string, group: OverlapPlan[]): Task {
  const window = {
    start: group.reduce((s, p) => (p.window.start > s ? p.window.start : s), group[0].window.start),
    end: group.reduce((e, p) => (p.window.end < e ? p.window.end : e), group[0].window.end),
  };
  const departments = [...new Set(group.map((p) => p.department))].sort(cmp);
  const itemKeys = new Map<string, { department: string; code: string; category: ItemCategory }>();
  for (const p of group) {
    for (const it of p.items) {
      const key = `${p.department}\u0000${it.code}`;
      const prev = itemKeys.get(key);
      // The same item in two plans of one department counts once; KEY wins if they disagree.
      if (!prev || it.category === 'KEY') itemKeys.set(key, { department: p.department, code: it.code, category: it.category });
    }
  }
  const items = [...itemKeys.values()].sort((a, b) => cmp(a.department, b.department) || cmp(a.code, b.code));
  return {
    creditCode,
    planIds: group.map((p) => p.planId).sort(cmp),
    departments,
    lead: chooseLead(group, departments, items),
    joint: departments.length > 1,
    window,
    items: items.map(({ department, code }) => ({ department, code })),
  };
}

/**
 * Lead department: the joint plan's lead if any member plan belongs to a joint plan (preferring leads that
 * take part in this visit); otherwise — or to break a tie between several joint leads — the department with a
 * KEY item, then the largest item count, then the smallest department code.
 */
function chooseLead(group: OverlapPlan[], departments: string[], items: { department: string; category: ItemCategory }[]): string {
  const jointLeads = [...new Set(group.filter((p) => p.jointPlanId && p.leadDepartment).map((p) => p.leadDepartment!))];
  let candidates = departments;
  if (jointLeads.length > 0) {
    const present = jointLeads.filter((d) => departments.includes(d));
    candidates = present.length > 0 ? present : jointLeads;
  }
  const score = (d: string) => ({
    key: items.some((i) => i.department === d && i.category === 'KEY') ? 1 : 0,
    count: items.filter((i) => i.department === d).length,
  });
  return [...candidates].sort((a, b) => {
    const sa = score(a);
    const sb = score(b);
    return sb.key - sa.key || sb.count - sa.count || cmp(a, b);
  })[0];
}
