// What a redraw does to a round's tasks. Only businesses whose selection changed are touched; every other task
// keeps its id, dispatch, results and publications. Finished work is never regrouped: a settled task (dispatched
// or with results) keeps its id and shrinks to the plans that still select the business, or is cancelled when
// none do; unsettled tasks of the business are regrouped with newcomers so a newcomer can still join a visit.
import { detectJointTasks, type OverlapPlan, type Task as VisitShape } from './overlap';

export type { VisitShape };

export interface ExistingTask {
  id: number;
  creditCode: string;
  /** Overlap keys (`<plan>:<department>`) the task serves. */
  planKeys: readonly string[];
  /** Dispatched to any department, or with any result: finished work, never regrouped. */
  settled: boolean;
}

export interface ReconcileInput {
  plans: OverlapPlan[];
  /** Per affected business, the overlap keys whose latest draw selects it (empty: no plan selects it any more). */
  selectedBy: ReadonlyMap<string, readonly string[]>;
  /** The round's active tasks of the affected businesses. */
  existing: readonly ExistingTask[];
}

export interface ReconcilePlan {
  /** Same id, new shape (departments no longer in it lose their part of the dispatch). */
  updates: { id: number; shape: VisitShape; droppedDepartments: string[] }[];
  cancels: number[];
  creates: VisitShape[];
  unchanged: number[];
}

const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
const sorted = (xs: Iterable<string>) => [...xs].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

/** Visits for one business over the given plans, as the round's own grouping would make them. */
function group(plans: Map<string, OverlapPlan>, creditCode: string, keys: readonly string[]): VisitShape[] {
  if (!keys.length) return [];
  const members = keys.map((k) => plans.get(k)!);
  return detectJointTasks({ plans: members, draws: keys.map((planId) => ({ planId, selected: [creditCode] })), frequencyCap: Number.MAX_SAFE_INTEGER }).tasks;
}

export function reconcileTasks(input: ReconcileInput): ReconcilePlan {
  const plans = new Map(input.plans.map((p) => [p.planId, p]));
  for (const keys of input.selectedBy.values()) for (const k of keys) if (!plans.has(k)) throw new Error(`抽取结果引用了不存在的计划：${k}`);
  const out: ReconcilePlan = { updates: [], cancels: [], creates: [], unchanged: [] };
  const byCode = new Map<string, ExistingTask[]>();
  for (const t of input.existing) {
    if (!input.selectedBy.has(t.creditCode)) throw new Error(`任务 ${t.id} 的市场主体不在本次调整范围内`);
    (byCode.get(t.creditCode) ?? byCode.set(t.creditCode, []).get(t.creditCode)!).push(t);
  }
  for (const [code, selecting] of input.selectedBy) {
    const open = new Set(selecting);
    const tasks = (byCode.get(code) ?? []).sort((a, b) => a.id - b.id);
    const free: ExistingTask[] = [];
    for (const t of tasks) {
      if (!t.settled) {
        free.push(t);
        continue;
      }
      const kept = t.planKeys.filter((k) => open.has(k));
      kept.forEach((k) => open.delete(k));
      if (!kept.length) out.cancels.push(t.id);
      else if (kept.length === t.planKeys.length) out.unchanged.push(t.id);
      else {
        const [shape] = group(plans, code, kept);
        out.updates.push({ id: t.id, shape, droppedDepartments: dropped(t, shape, plans) });
      }
    }
    // Unsettled tasks take the new grouping's visits, each the one sharing most plans with it.
    const visits = group(plans, code, sorted(open));
    const taken = new Set<number>();
    for (const t of free) {
      let best = -1;
      let bestShared = 0;
      visits.forEach((v, i) => {
        if (taken.has(i)) return;
        const shared = v.planIds.filter((k) => t.planKeys.includes(k)).length;
        if (shared > bestShared) (best = i), (bestShared = shared);
      });
      if (best < 0) {
        out.cancels.push(t.id);
        continue;
      }
      taken.add(best);
      const v = visits[best];
      if (same(sorted(t.planKeys), v.planIds)) out.unchanged.push(t.id);
      else out.updates.push({ id: t.id, shape: v, droppedDepartments: dropped(t, v, plans) });
    }
    visits.forEach((v, i) => taken.has(i) || out.creates.push(v));
  }
  return out;
}

function dropped(t: ExistingTask, shape: VisitShape, plans: Map<string, OverlapPlan>): string[] {
  const before = new Set(t.planKeys.map((k) => plans.get(k)?.department ?? k.slice(k.indexOf(':') + 1)));
  return sorted([...before].filter((d) => !shape.departments.includes(d)));
}

/** Overlap keys a stored task serves: each of its plans × each of its departments taking part in that plan. */
export function taskPlanKeys(task: { planIds: readonly (number | string)[]; departments: readonly string[] }, participants: ReadonlyMap<number, readonly string[]>): string[] {
  return task.planIds.flatMap((p) => (participants.get(Number(p)) ?? []).filter((d) => task.departments.includes(d)).map((d) => `${p}:${d}`));
}
