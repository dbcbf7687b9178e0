// Burden figures per round (docs/domain.md rule 11): how many doors joint tasks saved, each department's joint
// share against the 10% goal, and published checklist items no plan covers.

/** Joint inspections should be ≥ 10% of each department's inspections. */
export const JOINT_SHARE_GOAL = 0.1;

export interface BurdenTask {
  creditCode: string;
  planIds: readonly string[];
}

export interface DepartmentShare {
  /** Visits this department takes part in. */
  inspections: number;
  /** Of which shared with another department. */
  joint: number;
  /** joint / inspections; 0 when there are no inspections. */
  share: number;
  meetsGoal: boolean;
}

export interface RoundBurden {
  /** Visits actually made: one per task. */
  visits: number;
  /** Distinct entities visited. */
  entities: number;
  /** Department-visits had every department gone alone: Σ over tasks of its distinct departments. */
  departmentDraws: number;
  doorsSaved: number;
  jointShare: Record<string, DepartmentShare>;
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Counts per task rather than per distinct entity: an entity visited twice in separate windows is two
 * visits, and counting it once would overstate the doors saved. When every entity has one task (the usual
 * case) visits = distinct entities and departmentDraws = Σ over departments of distinct entities drawn.
 * Departments come from the plans via planDepartment, so tasks from any source are counted the same way.
 */
export function roundBurden(tasks: BurdenTask[], planDepartment: Record<string, string>): RoundBurden {
  let departmentDraws = 0;
  const perDept = new Map<string, { inspections: number; joint: number }>();
  for (const t of tasks) {
    const depts = new Set<string>();
    for (const id of t.planIds) {
      const d = planDepartment[id];
      if (d === undefined) throw new Error(`任务 ${t.creditCode} 引用了未知计划：${id}`);
      depts.add(d);
    }
    if (depts.size === 0) throw new Error(`任务 ${t.creditCode} 没有所属计划`);
    departmentDraws += depts.size;
    for (const d of depts) {
      const s = perDept.get(d) ?? { inspections: 0, joint: 0 };
      s.inspections++;
      if (depts.size > 1) s.joint++;
      perDept.set(d, s);
    }
  }
  const jointShare: Record<string, DepartmentShare> = {};
  // Departments with plans but no task this round still appear, at zero.
  const all = [...new Set([...Object.values(planDepartment), ...perDept.keys()])].sort(cmp);
  for (const d of all) {
    const s = perDept.get(d) ?? { inspections: 0, joint: 0 };
    const share = s.inspections === 0 ? 0 : s.joint / s.inspections;
    jointShare[d] = { ...s, share, meetsGoal: share >= JOINT_SHARE_GOAL };
  }
  return {
    visits: tasks.length,
    entities: new Set(tasks.map((t) => t.creditCode)).size,
    departmentDraws,
    doorsSaved: departmentDraws - tasks.length,
    jointShare,
  };
}

/** Published checklist items that no plan of their department uses (each item should be planned once a year). */
export function uncoveredItems(
  published: { department: string; code: string }[],
  plannedItems: { department: string; code: string }[],
): { department: string; code: string }[] {
  const key = (i: { department: string; code: string }) => `${i.department}\u0000${i.code}`;
  const planned = new Set(plannedItems.map(key));
  const seen = new Set<string>();
  const out: { department: string; code: string }[] = [];
  for (const i of published) {
    const k = key(i);
    if (planned.has(k) || seen.has(k)) continue;
    seen.add(k);
    out.push({ department: i.department, code: i.code });
  }
  return out.sort((a, b) => cmp(a.department, b.department) || cmp(a.code, b.code));
}
