// Overlap detection and joint tasks (一企一表): after a round is drawn, every entity drawn by several plans
// whose windows overlap gets one visit carrying the union of their items. See docs/domain.md rules 3 and 11.

import type { ItemCategory } from '../domain';
import { assertWindow, type DateWindow } from './dates';
import { MergeHeap } from './heap';

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

/** Read-only: tasks of the same shape share their arrays. */
export interface Task {
  creditCode: string;
  planIds: readonly string[];
  /** Sorted, unique. */
  departments: readonly string[];
  lead: string;
  /** More than one department visits together. */
  joint: boolean;
  /** The intersection of the member plans' windows: the visit happens inside it. */
  window: Readonly<DateWindow>;
  /** Sorted by department, then code; unique. */
  items: readonly Readonly<{ department: string; code: string }>[];
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

  // Plans in the order the grouping walks them (window end, start, id), so each entity sorts small integers.
  const planList = [...plans.values()];
  const byWindow = [...planList.keys()].sort((x, y) => {
    const a = planList[x];
    const b = planList[y];
    return cmp(a.window.end, b.window.end) || cmp(a.window.start, b.window.start) || cmp(a.planId, b.planId);
  });
  const rank = new Int32Array(planList.length);
  byWindow.forEach((q, r) => (rank[q] = r));
  const planIndex = new Map(planList.map((p, q) => [p.planId, q]));

  // Each locked draw lists its selection sorted by USCC, so one k-way merge walks every drawn entity in code
  // order with the plans that drew it: no hashing of a few hundred thousand strings, no sort of them.
  const lists: string[][] = [];
  const listRank: number[] = [];
  const drawnPlans = new Set<string>();
  for (const d of input.draws) {
    const q = planIndex.get(d.planId);
    if (q === undefined) throw new Error(`抽取结果引用了不存在的计划：${d.planId}`);
    if (drawnPlans.has(d.planId)) throw new Error(`计划 ${d.planId} 有多份抽取结果，应只传入锁定的那一份`);
    drawnPlans.add(d.planId);
    const list = sortedSelection(d.selected);
    for (let i = 1; i < list.length; i++) if (list[i] === list[i - 1]) throw new Error(`计划 ${d.planId} 的抽取结果中重复出现 ${list[i]}`);
    if (list.length) {
      lists.push(list);
      listRank.push(rank[q]);
    }
  }
  const cursor = new Int32Array(lists.length);
  const head = (i: number) => lists[i][cursor[i]];
  const heap = new MergeHeap([...lists.keys()], (x, y) => head(x) < head(y) || (head(x) === head(y) && listRank[x] < listRank[y]));
  /** The next entity in code order and the ranks of the plans that drew it (ascending), or null at the end. */
  const next = (): { code: string; members: number[] } | null => {
    if (heap.size === 0) return null;
    const code = head(heap.top);
    const members: number[] = [];
    while (heap.size && head(heap.top) === code) {
      const i = heap.top;
      members.push(listRank[i]);
      if (++cursor[i] === lists[i].length) heap.popTop();
      else heap.advanced();
    }
    return { code, members };
  };

  // Entities drawn by the same plans share one visit shape; a round has few distinct shapes.
  const shapes = new Map<string, TaskShape>();
  const shapeOf = (group: number[]): TaskShape => {
    const key = group.join();
    let shape = shapes.get(key);
    if (!shape) shapes.set(key, (shape = makeShape(group.map((r) => planList[byWindow[r]]))));
    return shape;
  };
  const tasks: Task[] = [];
  const capWarnings: CapWarning[] = [];
  for (let e = next(); e; e = next()) {
    const { code, members } = e;
    const first = tasks.length;
    let group: number[] = [];
    let day = '';
    for (const r of members) {
      const w = planList[byWindow[r]].window;
      if (group.length > 0 && w.start <= day) {
        group.push(r);
        continue;
      }
      if (group.length > 0) tasks.push(taskOf(code, shapeOf(group)));
      group = [r];
      day = w.end;
    }
    tasks.push(taskOf(code, shapeOf(group)));
    const made = tasks.length - first;
    if (made > 1) {
      const mine = tasks.splice(first, made).sort((a, b) => cmp(a.window.start, b.window.start) || cmp(a.planIds.join(), b.planIds.join()));
      tasks.push(...mine);
    }
    const visits = input.visitsThisYear?.[code] ?? 0;
    if (visits + made > cap) capWarnings.push({ creditCode: code, visits, newTasks: made, cap });
  }
  return { tasks, capWarnings };
}

type TaskShape = Omit<Task, 'creditCode'>;

function sortedSelection(selected: string[]): string[] {
  for (let i = 1; i < selected.length; i++) if (!(selected[i - 1] <= selected[i])) return [...selected].sort(cmp);
  return selected;
}

// Tasks of one shape share its (frozen) arrays: a round has tens of thousands of tasks and a handful of shapes.
function taskOf(creditCode: string, s: TaskShape): Task {
  return { creditCode, planIds: s.planIds, departments: s.departments, lead: s.lead, joint: s.joint, window: s.window, items: s.items };
}

function makeShape(group: OverlapPlan[]): TaskShape {
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
    planIds: Object.freeze(group.map((p) => p.planId).sort(cmp)),
    departments: Object.freeze(departments),
    lead: chooseLead(group, departments, items),
    joint: departments.length > 1,
    window: Object.freeze(window),
    items: Object.freeze(items.map(({ department, code }) => Object.freeze({ department, code }))),
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
