import { DEFAULT_RISK_RULES, describeRiskRule, hasRiskFlag, raisedRatios, riskRuleFor, riskRulesProblem } from '../../shared/domain/risk';

const clean = { hasComplaints: false, onAbnormalList: false, hasSeriousViolations: false };

describe('risk rules', () => {
  it('a department rule wins over the default; no rule at all raises nothing', () => {
    const rules = [...DEFAULT_RISK_RULES, { department: 'ECO', flags: ['ABNORMAL_LIST' as const], factor: 3 }];
    expect(riskRuleFor(rules, 'ECO')?.factor).toBe(3);
    expect(riskRuleFor(rules, 'SAMR')?.factor).toBe(2);
    expect(riskRuleFor([], 'SAMR')).toBeNull();
    expect(hasRiskFlag({ ...clean, hasComplaints: true }, riskRuleFor(rules, 'ECO'))).toBe(false);
    expect(hasRiskFlag({ ...clean, onAbnormalList: true }, riskRuleFor(rules, 'ECO'))).toBe(true);
    expect(hasRiskFlag({ ...clean, hasSeriousViolations: true }, riskRuleFor(rules, 'SAMR'))).toBe(true);
    expect(hasRiskFlag(clean, riskRuleFor(rules, 'SAMR'))).toBe(false);
    expect(hasRiskFlag({ ...clean, hasComplaints: true }, { department: null, flags: ['COMPLAINTS'], factor: 1 })).toBe(false);
  });

  it('raises each class ratio by the factor, capped at 1 and rounded to 6 decimals', () => {
    expect(raisedRatios({ A: 0.03, B: 0.045, D: 0.6 }, { department: null, flags: ['COMPLAINTS'], factor: 1.5 })).toEqual({ A: 0.045, B: 0.0675, D: 0.9 });
    expect(raisedRatios({ D: 0.6 }, { department: null, flags: ['COMPLAINTS'], factor: 2 })).toEqual({ D: 1 });
    expect(raisedRatios({ A: 0.03 }, null)).toEqual({ A: 0.03 });
    expect(raisedRatios({ A: 0.03 }, { department: null, flags: [], factor: 5 })).toEqual({ A: 0.03 });
  });

  it('validates rule sets in Chinese', () => {
    expect(riskRulesProblem(DEFAULT_RISK_RULES)).toBeNull();
    expect(riskRulesProblem([{ department: 'ECO', flags: [], factor: 11 }])).toContain('1–10');
    expect(riskRulesProblem([{ department: 'ECO', flags: ['X' as never], factor: 2 }])).toContain('风险标记无效');
    expect(riskRulesProblem([...DEFAULT_RISK_RULES, ...DEFAULT_RISK_RULES])).toContain('重复');
  });

  it('describes the effect for the plan review', () => {
    expect(describeRiskRule(DEFAULT_RISK_RULES[0], { A: 0.03, C: 0.1 }, 12)).toBe(
      '范围内 12 家市场主体有风险标记（有投诉举报、列入经营异常名录、列入严重违法失信名单，任一即是），按 2 倍比例单独分层抽取（A 类 3% → 6%，C 类 10% → 20%）',
    );
    expect(describeRiskRule(null, { A: 0.03 }, 3)).toBeNull();
  });
});
