import { detectJointTasks, windowsOverlap, type OverlapPlan } from '../../shared/domain/overlap';
import { roundBurden } from '../../shared/domain/stats';
import { codes, rng } from './helpers';

const [E1, E2, E3, E4] = codes(4);
const Q3 = { start: '2026-07-01', end: '2026-09-30' };

function plan(planId: string, department: string, window = Q3, items: OverlapPlan['items'] = [{ code: `${department}-G1`, category: 'GENERAL' }], extra: Partial<OverlapPlan> = {}): OverlapPlan {
  return { planId, department, window, items, ...extra };
}

describe('windowsOverlap', () => {
  it('treats windows as inclusive date ranges', () => {
    expect(windowsOverlap(Q3, { start: '2026-09-30', end: '2026-10-31' })).toBe(true); // one shared day
    expect(windowsOverlap(Q3, { start: '2026-10-01', end: '2026-10-31' })).toBe(false);
    expect(windowsOverlap({ start: '2026-01-01', end: '2026-12-31' }, { start: '2026-05-05', end: '2026-05-05' })).toBe(true);
    expect(windowsOverlap({ start: '2026-06-01', end: '2026-06-30' }, { start: '2026-03-01', end: '2026-05-31' })).toBe(false);
    expect(() => windowsOverlap({ start: '2026-09-01', end: '2026-08-01' }, Q3)).toThrow('开始日期晚于结束日期');
    expect(() => windowsOverlap({ start: '2027-02-29', end: '2027-03-01' }, Q3)).toThrow('日期不存在');
  });
});

describe('detectJointTasks: hand-made cases', () => {
  it('merges two departments drawing the same entity in overlapping windows into one joint visit', () => {
    const { tasks, capWarnings } = detectJointTasks({
      plans: [
        plan('P-SAMR', 'SAMR', { start: '2026-07-01', end: '2026-08-31' }, [{ code: 'S2', category: 'GENERAL' }, { code: 'S1', category: 'GENERAL' }]),
        plan('P-ECO', 'ECO', { start: '2026-08-01', end: '2026-09-30' }, [{ code: 'E1', category: 'KEY' }]),
      ],
      draws: [{ planId: 'P-SAMR', selected: [E1, E2] }, { planId: 'P-ECO', selected: [E1, E3] }],
    });
    expect(tasks).toEqual([
      {
        creditCode: E1, planIds: ['P-ECO', 'P-SAMR'], departments: ['ECO', 'SAMR'], lead: 'ECO', joint: true,
        window: { start: '2026-08-01', end: '2026-08-31' },
        items: [{ department: 'ECO', code: 'E1' }, { department: 'SAMR', code: 'S1' }, { department: 'SAMR', code: 'S2' }],
      },
      {
        creditCode: E2, planIds: ['P-SAMR'], departments: ['SAMR'], lead: 'SAMR', joint: false,
        window: { start: '2026-07-01', end: '2026-08-31' },
        items: [{ department: 'SAMR', code: 'S1' }, { department: 'SAMR', code: 'S2' }],
      },
      {
        creditCode: E3, planIds: ['P-ECO'], departments: ['ECO'], lead: 'ECO', joint: false,
        window: { start: '2026-08-01', end: '2026-09-30' },
        items: [{ department: 'ECO', code: 'E1' }],
      },
    ].sort((a, b) => (a.creditCode < b.creditCode ? -1 : 1)));
    expect(capWarnings).toEqual([]);
  });

  it('keeps separate visits for windows that do not overlap', () => {
    const { tasks } = detectJointTasks({
      plans: [plan('P1', 'SAMR', { start: '2026-03-01', end: '2026-03-31' }), plan('P2', 'ECO', { start: '2026-04-01', end: '2026-04-30' })],
      draws: [{ planId: 'P1', selected: [E1] }, { planId: 'P2', selected: [E1] }],
    });
    expect(tasks.map((t) => [t.planIds, t.joint, t.window])).toEqual([
      [['P1'], false, { start: '2026-03-01', end: '2026-03-31' }],
      [['P2'], false, { start: '2026-04-01', end: '2026-04-30' }],
    ]);
  });

  it('windows sharing a single day still make one visit on that day', () => {
    const { tasks } = detectJointTasks({
      plans: [plan('P1', 'SAMR', { start: '2026-07-01', end: '2026-09-30' }), plan('P2', 'ECO', { start: '2026-09-30', end: '2026-12-31' })],
      draws: [{ planId: 'P1', selected: [E1] }, { planId: 'P2', selected: [E1] }],
    });
    expect(tasks.map((t) => [t.planIds, t.joint, t.window])).toEqual([[['P1', 'P2'], true, { start: '2026-09-30', end: '2026-09-30' }]]);
  });

  it('chains of windows: A∩B and B∩C overlap but A∩C does not → the fewest visits, each with a common window', () => {
    const { tasks } = detectJointTasks({
      plans: [
        plan('PA', 'SAMR', { start: '2026-01-01', end: '2026-03-31' }),
        plan('PB', 'ECO', { start: '2026-03-01', end: '2026-06-30' }),
        plan('PC', 'EMERGENCY', { start: '2026-06-01', end: '2026-09-30' }),
      ],
      draws: ['PA', 'PB', 'PC'].map((planId) => ({ planId, selected: [E1] })),
    });
    expect(tasks.map((t) => [t.planIds, t.window])).toEqual([
      [['PA', 'PB'], { start: '2026-03-01', end: '2026-03-31' }],
      [['PC'], { start: '2026-06-01', end: '2026-09-30' }],
    ]);
  });

  it('a long window spanning two separate ones joins exactly one of them (still two visits)', () => {
    const { tasks } = detectJointTasks({
      plans: [
        plan('PY', 'SAMR', { start: '2026-01-01', end: '2026-12-31' }),
        plan('P1', 'ECO', { start: '2026-02-01', end: '2026-02-28' }),
        plan('P2', 'TAX', { start: '2026-10-01', end: '2026-10-31' }),
      ],
      draws: ['PY', 'P1', 'P2'].map((planId) => ({ planId, selected: [E2] })),
    });
    expect(tasks.map((t) => t.planIds)).toEqual([['P1'], ['P2', 'PY']]);
    expect(tasks[1].window).toEqual({ start: '2026-10-01', end: '2026-10-31' });
  });

  it('merges two overlapping plans of one department into one (non-joint) visit without duplicate items', () => {
    const { tasks } = detectJointTasks({
      plans: [
        plan('P1', 'SAMR', Q3, [{ code: 'S1', category: 'GENERAL' }]),
        plan('P2', 'SAMR', Q3, [{ code: 'S1', category: 'GENERAL' }, { code: 'S3', category: 'KEY' }]),
      ],
      draws: [{ planId: 'P1', selected: [E1] }, { planId: 'P2', selected: [E1] }],
    });
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({ departments: ['SAMR'], joint: false, lead: 'SAMR', items: [{ department: 'SAMR', code: 'S1' }, { department: 'SAMR', code: 'S3' }] });
  });

  describe('lead department', () => {
    const run = (plans: OverlapPlan[]) =>
      detectJointTasks({ plans, draws: plans.map((p) => ({ planId: p.planId, selected: [E4] })) }).tasks[0];

    it('the joint plan lead comes first', () => {
      const t = run([
        plan('J-SAMR', 'SAMR', Q3, [{ code: 'S1', category: 'GENERAL' }], { jointPlanId: 'J1', leadDepartment: 'SAMR' }),
        plan('J-ECO', 'ECO', Q3, [{ code: 'E1', category: 'KEY' }, { code: 'E2', category: 'KEY' }], { jointPlanId: 'J1', leadDepartment: 'SAMR' }),
      ]);
      expect(t.lead).toBe('SAMR');
    });

    it('a joint lead that is not on this visit still leads', () => {
      const t = run([
        plan('J-ECO', 'ECO', Q3, [{ code: 'E1', category: 'GENERAL' }], { jointPlanId: 'J1', leadDepartment: 'SAMR' }),
        plan('P-TAX', 'TAX', Q3, [{ code: 'T1', category: 'KEY' }]),
      ]);
      expect(t.lead).toBe('SAMR');
    });

    it('without a joint plan: the department with a KEY item', () => {
      const t = run([
        plan('P1', 'AAA', Q3, [{ code: 'A1', category: 'GENERAL' }, { code: 'A2', category: 'GENERAL' }, { code: 'A3', category: 'GENERAL' }]),
        plan('P2', 'ZZZ', Q3, [{ code: 'Z1', category: 'KEY' }]),
      ]);
      expect(t.lead).toBe('ZZZ');
    });

    it('else the largest item count, ties by department code', () => {
      expect(run([
        plan('P1', 'AAA', Q3, [{ code: 'A1', category: 'GENERAL' }]),
        plan('P2', 'ZZZ', Q3, [{ code: 'Z1', category: 'GENERAL' }, { code: 'Z2', category: 'GENERAL' }]),
      ]).lead).toBe('ZZZ');
      expect(run([
        plan('P1', 'MMM', Q3, [{ code: 'M1', category: 'GENERAL' }]),
        plan('P2', 'BBB', Q3, [{ code: 'B1', category: 'GENERAL' }]),
      ]).lead).toBe('BBB');
    });

    it('two joint plans on one visit: their leads are ranked by the same rule', () => {
      const t = run([
        plan('J1-A', 'AAA', Q3, [{ code: 'A1', category: 'GENERAL' }], { jointPlanId: 'J1', leadDepartment: 'AAA' }),
        plan('J2-B', 'BBB', Q3, [{ code: 'B1', category: 'KEY' }], { jointPlanId: 'J2', leadDepartment: 'BBB' }),
        plan('P-C', 'CCC', Q3, [{ code: 'C1', category: 'KEY' }, { code: 'C2', category: 'KEY' }]),
      ]);
      expect(t.lead).toBe('BBB');
    });
  });

  it('warns when this year\u2019s visits plus the new tasks exceed the cap', () => {
    const plans = [plan('P1', 'SAMR', { start: '2026-03-01', end: '2026-03-31' }), plan('P2', 'ECO', { start: '2026-05-01', end: '2026-05-31' })];
    const draws = [{ planId: 'P1', selected: [E1, E2, E3] }, { planId: 'P2', selected: [E1] }];
    const visitsThisYear = { [E1]: 1, [E2]: 1, [E3]: 2 };
    expect(detectJointTasks({ plans, draws, visitsThisYear }).capWarnings).toEqual([
      { creditCode: E1, visits: 1, newTasks: 2, cap: 2 },
      { creditCode: E3, visits: 2, newTasks: 1, cap: 2 },
    ].sort((a, b) => (a.creditCode < b.creditCode ? -1 : 1)));
    expect(detectJointTasks({ plans, draws, frequencyCap: 1 }).capWarnings).toEqual([{ creditCode: E1, visits: 0, newTasks: 2, cap: 1 }]);
    // A joint task is one visit: two departments in one window stay within a cap of 1.
    expect(detectJointTasks({ plans: [plan('P1', 'SAMR'), plan('P2', 'ECO')], draws: [{ planId: 'P1', selected: [E1] }, { planId: 'P2', selected: [E1] }], frequencyCap: 1 }).capWarnings).toEqual([]);
  });

  it('rejects inconsistent input', () => {
    expect(() => detectJointTasks({ plans: [plan('P1', 'SAMR')], draws: [{ planId: 'P9', selected: [E1] }] })).toThrow('不存在的计划：P9');
    expect(() => detectJointTasks({ plans: [plan('P1', 'SAMR'), plan('P1', 'ECO')], draws: [] })).toThrow('计划编号重复');
    expect(() => detectJointTasks({ plans: [plan('P1', 'SAMR')], draws: [{ planId: 'P1', selected: [E1, E1] }] })).toThrow('重复出现');
    expect(() => detectJointTasks({ plans: [plan('P1', 'SAMR')], draws: [{ planId: 'P1', selected: [] }, { planId: 'P1', selected: [] }] })).toThrow('多份抽取结果');
    expect(() => detectJointTasks({ plans: [plan('P1', 'SAMR', { start: '2026-13-01', end: '2026-12-31' })], draws: [] })).toThrow('日期');
    expect(() => detectJointTasks({ plans: [], draws: [], frequencyCap: 0 })).toThrow('频次上限');
  });
});

describe('detectJointTasks: a generated case with a known answer', () => {
  it('one task per entity and half-year, departments = the planted subset, lead by the planted items', () => {
    const depts = ['D0', 'D1', 'D2', 'D3', 'D4', 'D5'];
    const H1 = { start: '2026-01-01', end: '2026-06-30' };
    const H2 = { start: '2026-07-01', end: '2026-12-31' };
    // Department Di has i+1 general items; D3 also a key item → D3 leads whenever present, else the highest i.
    const itemsOf = (i: number): OverlapPlan['items'] => [
      ...Array.from({ length: i + 1 }, (_, k) => ({ code: `D${i}-G${k}`, category: 'GENERAL' as const })),
      ...(i === 3 ? [{ code: 'D3-K', category: 'KEY' as const }] : []),
    ];
    // Plans in H1 for all departments; in H2 for D0–D2, and D1's H2 window is split in two non-overlapping plans.
    const plans: OverlapPlan[] = [
      ...depts.map((d, i) => plan(`${d}-H1`, d, H1, itemsOf(i))),
      plan('D0-H2', 'D0', H2, itemsOf(0)),
      plan('D1-H2a', 'D1', { start: '2026-07-01', end: '2026-08-31' }, itemsOf(1)),
      plan('D2-H2', 'D2', { start: '2026-08-15', end: '2026-12-31' }, itemsOf(2)),
    ];
    const list = codes(400, 100);
    const random = rng(42);
    const selected = new Map<string, string[]>(plans.map((p) => [p.planId, []]));
    const expected: { code: string; planIds: string[]; depts: string[]; lead: string }[] = [];
    for (const code of list) {
      // H1: each department draws the entity with probability 0.3.
      const h1 = depts.filter(() => random() < 0.3);
      if (h1.length > 0) {
        for (const d of h1) selected.get(`${d}-H1`)!.push(code);
        const lead = h1.includes('D3') ? 'D3' : h1[h1.length - 1];
        expected.push({ code, planIds: h1.map((d) => `${d}-H1`).sort(), depts: h1, lead });
      }
      // H2: D0-H2 spans all of H2; D1-H2a and D2-H2 overlap D0-H2 but not each other (Aug 15–31 is shared!).
      const h2 = ['D0-H2', 'D1-H2a', 'D2-H2'].filter(() => random() < 0.4);
      for (const id of h2) selected.get(id)!.push(code);
      const has = (id: string) => h2.includes(id);
      // Known answer for the H2 windows: D1-H2a [07-01, 08-31] and D2-H2 [08-15, 12-31] share Aug 15–31,
      // so every non-empty subset is a single visit.
      if (h2.length > 0) {
        const ds = h2.map((id) => id.slice(0, 2));
        expected.push({ code, planIds: [...h2].sort(), depts: ds, lead: has('D2-H2') ? 'D2' : has('D1-H2a') ? 'D1' : 'D0' });
      }
    }
    const { tasks } = detectJointTasks({ plans, draws: [...selected].map(([planId, sel]) => ({ planId, selected: sel })) });
    const got = tasks.map((t) => ({ code: t.creditCode, planIds: t.planIds, depts: t.departments, lead: t.lead, joint: t.joint }));
    const want = expected.map((e) => ({ ...e, depts: [...e.depts].sort(), joint: e.depts.length > 1 }));
    const key = (x: { code: string; planIds: readonly string[] }) => `${x.code} ${x.planIds.join(',')}`;
    expect(got.map(key).sort()).toEqual(want.map(key).sort());
    expect(new Map(got.map((g) => [key(g), g]))).toEqual(new Map(want.map((w) => [key(w), w])));
    // Every item of every member plan is on the form exactly once.
    for (const t of tasks) {
      const n = t.planIds.reduce((acc, id) => acc + plans.find((p) => p.planId === id)!.items.length, 0);
      expect(t.items).toHaveLength(n);
    }
    // Doors saved = Σ (departments − 1) over the planted subsets.
    const planDepartment = Object.fromEntries(plans.map((p) => [p.planId, p.department]));
    const burden = roundBurden(tasks, planDepartment);
    expect(burden.visits).toBe(expected.length);
    expect(burden.doorsSaved).toBe(expected.reduce((acc, e) => acc + e.depts.length - 1, 0));
    expect(expected.filter((e) => e.depts.length > 1).length).toBeGreaterThan(50); // the case exercises joint tasks
  });
});
