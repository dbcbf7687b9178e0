import {
  PLAN_ACTIONS, PLAN_STATES, PLAN_TRANSITIONS, canApprove, reviewPlan, transition,
  type Finding, type ReviewContext, type ReviewPlan,
} from '../../shared/domain/review';
import { codes } from './helpers';

const SCOPE = codes(30);

function plan(over: Partial<ReviewPlan> = {}): ReviewPlan {
  return {
    id: 'SAMR-2026-03', department: 'SAMR', year: 2026,
    window: { start: '2026-06-01', end: '2026-06-30' },
    items: ['S-01', 'S-02'],
    scope: { industrySections: ['H'], regionCodes: ['361129100'] },
    ratios: { A: 0.01, B: 0.02, C: 0.1, D: 0.3 },
    category: 'GENERAL',
    ...over,
  };
}

function ctx(over: Partial<ReviewContext> = {}): ReviewContext {
  return {
    publishedItems: [
      { code: 'S-01', category: 'GENERAL', maxRatio: 0.3 },
      { code: 'S-02', category: 'GENERAL', maxRatio: null },
      { code: 'S-K1', category: 'KEY', maxRatio: 1 },
      { code: 'S-G5', category: 'GENERAL', maxRatio: 0.05 },
    ],
    frequencyCap: 2,
    priorVisits: {},
    quietRules: [],
    otherPlans: [],
    thisScopeEntities: SCOPE,
    ...over,
  };
}

const ofType = (fs: Finding[], type: Finding['type']) => fs.filter((f) => f.type === type);

it('a clean plan has no findings and can be approved', () => {
  const fs = reviewPlan(plan(), ctx());
  expect(fs).toEqual([]);
  expect(canApprove(fs)).toBe(true);
});

describe('ITEM_NOT_IN_CHECKLIST', () => {
  it('blocks items outside the published checklist (清单之外无检查)', () => {
    const fs = reviewPlan(plan({ items: ['S-01', 'X-99', 'X-99'] }), ctx());
    expect(fs).toEqual([{
      type: 'ITEM_NOT_IN_CHECKLIST', severity: 'BLOCKING',
      message: expect.stringContaining('清单之外无检查'),
      details: { itemCode: 'X-99', department: 'SAMR' },
    }]);
    expect(fs[0].message).toContain('X-99');
    expect(canApprove(fs)).toBe(false);
  });
});

describe('RATIO_ABOVE_BOUND', () => {
  it('blocks a general plan whose ratio exceeds an item\u2019s bound, naming the classes', () => {
    const fs = ofType(reviewPlan(plan({ items: ['S-G5'], ratios: { A: 0.01, C: 0.1, D: 0.3 } }), ctx()), 'RATIO_ABOVE_BOUND');
    expect(fs).toHaveLength(1);
    expect(fs[0]).toMatchObject({ severity: 'BLOCKING', details: { itemCode: 'S-G5', maxRatio: 0.05, ratios: { C: 0.1, D: 0.3 } } });
    expect(fs[0].message).toBe('一般事项“S-G5”的抽查比例上限为 5%，本计划 C 类 10%、D 类 30% 超出上限');
  });

  it('a ratio exactly at the bound passes; no bound means none to break', () => {
    expect(ofType(reviewPlan(plan({ items: ['S-01', 'S-02'], ratios: { D: 0.3, C: 0.1 + 0.2 } }), ctx()), 'RATIO_ABOVE_BOUND')).toEqual([]);
    expect(ofType(reviewPlan(plan({ items: ['S-02'], ratios: { D: 1 } }), ctx()), 'RATIO_ABOVE_BOUND')).toEqual([]);
  });

  it('key items in a key plan may go to 100%; a general item inside a key plan keeps its bound', () => {
    expect(ofType(reviewPlan(plan({ category: 'KEY', items: ['S-K1'], ratios: { D: 1 } }), ctx()), 'RATIO_ABOVE_BOUND')).toEqual([]);
    const fs = ofType(reviewPlan(plan({ category: 'KEY', items: ['S-K1', 'S-G5'], ratios: { D: 1 } }), ctx()), 'RATIO_ABOVE_BOUND');
    expect(fs.map((f) => f.details.itemCode)).toEqual(['S-G5']);
  });

  it('ignores classes the scope excludes', () => {
    const fs = reviewPlan(plan({ items: ['S-G5'], ratios: { A: 0.01, D: 0.3 }, scope: { creditClasses: ['A', 'B'] } }), ctx());
    expect(ofType(fs, 'RATIO_ABOVE_BOUND')).toEqual([]);
  });

  it('rejects malformed ratios outright', () => {
    expect(() => reviewPlan(plan({ ratios: { B: 1.2 } }), ctx())).toThrow('B 类抽查比例应在 0 到 1 之间');
  });
});

describe('FREQUENCY_CAP', () => {
  it('counts only visits dated in the plan\u2019s calendar year (year boundaries)', () => {
    const [a, b, c, d] = SCOPE;
    const priorVisits = {
      [a]: ['2025-12-31', '2026-01-01', '2026-12-31'], // 2 in 2026 → at cap
      [b]: ['2025-12-30', '2025-12-31', '2026-12-31'], // 1 in 2026
      [c]: ['2026-12-31', '2027-01-01'], // 1 in 2026
      [d]: ['2026-03-01', '2026-04-01', '2026-05-01'], // 3 in 2026
    };
    const fs = reviewPlan(plan(), ctx({ priorVisits }));
    expect(fs).toEqual([{
      type: 'FREQUENCY_CAP', severity: 'WARNING',
      message: '范围内有 2 户市场主体在 2026 年已被检查 2 次及以上（上限 2 次），本计划若抽中将超出检查频次上限',
      details: { year: 2026, cap: 2, count: 2, scopeSize: 30, examples: [{ creditCode: d, visits: 3 }, { creditCode: a, visits: 2 }] },
    }]);
    expect(canApprove(fs)).toBe(true);
    // The same history seen from 2027: only c's 2027-01-01 counts.
    expect(ofType(reviewPlan(plan({ year: 2027, window: { start: '2027-06-01', end: '2027-06-30' } }), ctx({ priorVisits })), 'FREQUENCY_CAP')).toEqual([]);
  });

  it('handles 29 February in a leap year and rejects it in a common year', () => {
    const [a] = SCOPE;
    const leap = { [a]: ['2028-02-29', '2028-03-01'] };
    const fs = reviewPlan(plan({ year: 2028, window: { start: '2028-06-01', end: '2028-06-30' } }), ctx({ priorVisits: leap }));
    expect(ofType(fs, 'FREQUENCY_CAP')[0].details).toMatchObject({ count: 1, examples: [{ creditCode: a, visits: 2 }] });
    expect(() => reviewPlan(plan({ year: 2027 }), ctx({ priorVisits: { [a]: ['2027-02-29'] } }))).toThrow('日期不存在');
  });

  it('lists at most 10 examples, ignores entities outside the scope, and honours poolForScope', () => {
    const outside = codes(1, 500)[0];
    const priorVisits = Object.fromEntries([...SCOPE.slice(0, 15), outside].map((c) => [c, ['2026-02-01', '2026-03-01']]));
    const f = ofType(reviewPlan(plan(), ctx({ priorVisits })), 'FREQUENCY_CAP')[0];
    expect(f.details.count).toBe(15);
    expect((f.details.examples as unknown[]).length).toBe(10);
    const g = ofType(reviewPlan(plan(), ctx({ priorVisits, poolForScope: [outside, SCOPE[0]] })), 'FREQUENCY_CAP')[0];
    expect(g.details).toMatchObject({ count: 2, scopeSize: 2 });
    expect(ofType(reviewPlan(plan(), ctx({ priorVisits, frequencyCap: 3 })), 'FREQUENCY_CAP')).toEqual([]);
  });
});

describe('QUIET_PERIOD (Wannian: A only June, B June and September, C unrestricted)', () => {
  const wannian = ctx({ quietRules: [{ creditClass: 'A', allowedMonths: [6] }, { creditClass: 'B', allowedMonths: [6, 9] }, { creditClass: 'C', allowedMonths: [] }] });
  const quiet = (window: { start: string; end: string }, over: Partial<ReviewPlan> = {}, c = wannian) =>
    ofType(reviewPlan(plan({ window, year: Number(window.start.slice(0, 4)), ...over }), c), 'QUIET_PERIOD');

  it('June passes for A and B', () => {
    expect(quiet({ start: '2026-06-01', end: '2026-06-30' })).toEqual([]);
  });

  it('July–August blocks A and B, not C or D', () => {
    const fs = quiet({ start: '2026-07-01', end: '2026-08-31' });
    expect(fs.map((f) => [f.details.creditClass, f.severity])).toEqual([['A', 'BLOCKING'], ['B', 'BLOCKING']]);
    expect(fs[0].message).toBe('A 类市场主体仅允许在 6 月检查，计划时间窗 2026-07-01 至 2026-08-31 全部处于企业安静期');
  });

  it('June–September is partly outside for A and B → warnings with day counts', () => {
    const fs = quiet({ start: '2026-06-01', end: '2026-09-30' });
    expect(fs.map((f) => [f.details.creditClass, f.severity, f.details.allowedDays, f.details.windowDays])).toEqual([
      ['A', 'WARNING', 30, 122],
      ['B', 'WARNING', 60, 122],
    ]);
    expect(fs[1].message).toContain('6 月、9 月');
  });

  it('September only: A blocked, B fine', () => {
    expect(quiet({ start: '2026-09-01', end: '2026-09-30' }).map((f) => [f.details.creditClass, f.severity])).toEqual([['A', 'BLOCKING']]);
  });

  it('one day inside June is enough to be partial, not blocking', () => {
    expect(quiet({ start: '2026-05-01', end: '2026-06-01' }).map((f) => [f.details.creditClass, f.severity, f.details.allowedDays])).toEqual([
      ['A', 'WARNING', 1], ['B', 'WARNING', 1],
    ]);
  });

  it('classes without a positive ratio, or outside the scope, are not checked', () => {
    expect(quiet({ start: '2026-07-01', end: '2026-07-31' }, { ratios: { B: 0, C: 0.1 } })).toEqual([]);
    expect(quiet({ start: '2026-07-01', end: '2026-07-31' }, { scope: { creditClasses: ['C', 'D'] } })).toEqual([]);
  });

  it('a window spanning leap day 2028-02-28..2028-03-01 has 3 days (2 in February)', () => {
    const rules = (m: number) => ctx({ quietRules: [{ creditClass: 'D', allowedMonths: [m] }] });
    const w = { start: '2028-02-28', end: '2028-03-01' };
    expect(quiet(w, {}, rules(3)).map((f) => [f.severity, f.details.allowedDays, f.details.windowDays])).toEqual([['WARNING', 1, 3]]);
    expect(quiet(w, {}, rules(2)).map((f) => [f.severity, f.details.allowedDays, f.details.windowDays])).toEqual([['WARNING', 2, 3]]);
    expect(quiet(w, {}, rules(6)).map((f) => f.severity)).toEqual(['BLOCKING']);
    // The same dates in 2027 have no 29 February: 2 days.
    expect(quiet({ start: '2027-02-28', end: '2027-03-01' }, {}, rules(3)).map((f) => [f.details.allowedDays, f.details.windowDays])).toEqual([[1, 2]]);
    expect(quiet({ start: '2028-02-29', end: '2028-02-29' }, {}, rules(2))).toEqual([]);
  });

  it('a window across New Year counts January days of the next year', () => {
    const c = ctx({ quietRules: [{ creditClass: 'B', allowedMonths: [1] }] });
    const fs = quiet({ start: '2026-12-15', end: '2027-01-15' }, {}, c);
    expect(fs.map((f) => [f.severity, f.details.allowedDays, f.details.windowDays])).toEqual([['WARNING', 15, 32]]);
  });

  it('rejects malformed rules', () => {
    expect(() => reviewPlan(plan(), ctx({ quietRules: [{ creditClass: 'A', allowedMonths: [13] }] }))).toThrow('允许检查月份无效');
    expect(() => reviewPlan(plan(), ctx({ quietRules: [{ creditClass: 'A', allowedMonths: [6] }, { creditClass: 'A', allowedMonths: [7] }] }))).toThrow('规则重复');
  });
});

describe('SCOPE_OVERLAP', () => {
  const others: ReviewContext['otherPlans'] = [
    { id: 'ECO-2026-01', department: 'ECO', window: { start: '2026-06-15', end: '2026-07-15' }, scopeEntities: [...SCOPE.slice(20), ...codes(5, 700)] },
    { id: 'TAX-2026-02', department: 'TAX', window: { start: '2026-07-01', end: '2026-07-31' }, scopeEntities: SCOPE },
    { id: 'SAMR-2026-04', department: 'SAMR', window: { start: '2026-06-01', end: '2026-06-30' }, scopeEntities: SCOPE },
    { id: 'HEALTH-2026-01', department: 'HEALTH', window: { start: '2026-06-01', end: '2026-06-30' }, scopeEntities: codes(5, 800) },
  ];

  it('suggests a joint plan for another department\u2019s overlapping plan, with the shared entity count', () => {
    const fs = reviewPlan(plan(), ctx({ otherPlans: others }));
    expect(fs).toEqual([{
      type: 'SCOPE_OVERLAP', severity: 'INFO',
      message: '与ECO的计划“ECO-2026-01”时间窗重叠（2026-06-15 至 2026-06-30），预计有 10 户市场主体同在双方检查范围内，建议合并为联合抽查计划',
      details: { otherPlanId: 'ECO-2026-01', otherDepartment: 'ECO', sharedEntities: 10, window: { start: '2026-06-15', end: '2026-06-30' } },
    }]);
    expect(canApprove(fs)).toBe(true);
  });
});

describe('plan state machine', () => {
  it('walks draft → submitted → returned → submitted → approved → drawn → closed', () => {
    let s = transition('DRAFT', 'SUBMIT');
    expect(s).toBe('SUBMITTED');
    s = transition(s, 'RETURN', { reason: '抽查比例过高' });
    expect(s).toBe('RETURNED');
    s = transition(s, 'SUBMIT');
    s = transition(s, 'APPROVE', { findings: [] });
    expect(s).toBe('APPROVED');
    s = transition(s, 'DRAW');
    expect(s).toBe('DRAWN');
    expect(transition(s, 'CLOSE')).toBe('CLOSED');
  });

  it('requires a reason to return and refuses approval over blocking findings', () => {
    expect(() => transition('SUBMITTED', 'RETURN')).toThrow('退回计划必须填写退回理由');
    expect(() => transition('SUBMITTED', 'RETURN', { reason: '  ' })).toThrow('退回理由');
    const blocking = reviewPlan(plan({ items: ['X-1'] }), ctx());
    expect(() => transition('SUBMITTED', 'APPROVE', { findings: blocking })).toThrow('阻断性问题');
  });

  it('every state × action either follows the table or throws a Chinese error', () => {
    let allowed = 0;
    for (const s of PLAN_STATES) {
      for (const a of PLAN_ACTIONS) {
        const next = PLAN_TRANSITIONS[s][a];
        if (next) {
          expect(transition(s, a, { reason: 'r' })).toBe(next);
          allowed++;
        } else {
          expect(() => transition(s, a, { reason: 'r' })).toThrow(/^计划处于“.+”状态，不能.+$/);
        }
      }
    }
    expect(allowed).toBe(6);
    expect(() => transition('DRAFT', 'APPROVE')).toThrow('计划处于“草稿”状态，不能批准');
    expect(() => transition('CLOSED', 'SUBMIT')).toThrow('计划处于“已关闭”状态，不能提交');
    expect(() => transition('LOST' as never, 'SUBMIT')).toThrow('未知的计划状态');
  });
});
