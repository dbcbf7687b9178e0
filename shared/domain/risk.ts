// Risk flags raise sampling ratios (提高抽查比例 for businesses with complaints, on the abnormal list or the
// serious-violation list). The rule is data, per department; the draw sees only its result: each snapshot member
// marked risk or not, and the risk strata's ratios, both frozen at the snapshot and published in the record.
import type { Ratios } from './draw';
import { CREDIT_CLASSES } from '../domain';

export const RISK_FLAGS = {
  COMPLAINTS: '有投诉举报',
  ABNORMAL_LIST: '列入经营异常名录',
  SERIOUS_VIOLATIONS: '列入严重违法失信名单',
} as const;
export type RiskFlag = keyof typeof RISK_FLAGS;

export interface EntityRiskFacts {
  hasComplaints: boolean;
  onAbnormalList: boolean;
  hasSeriousViolations: boolean;
}

export interface RiskRule {
  /** Department code; null = every department without a rule of its own. */
  department: string | null;
  /** Any of these flags marks an entity as risk. Empty = the department does not raise ratios. */
  flags: RiskFlag[];
  /** Risk stratum ratio = min(1, plan ratio × factor), rounded to 6 decimals. */
  factor: number;
}

export const DEFAULT_RISK_RULES: RiskRule[] = [{ department: null, flags: ['COMPLAINTS', 'ABNORMAL_LIST', 'SERIOUS_VIOLATIONS'], factor: 2 }];
export const MAX_RISK_FACTOR = 10;

export function riskRuleFor(rules: readonly RiskRule[], department: string): RiskRule | null {
  return rules.find((r) => r.department === department) ?? rules.find((r) => r.department === null) ?? null;
}

export function hasRiskFlag(facts: EntityRiskFacts, rule: RiskRule | null): boolean {
  if (!rule || rule.factor <= 1) return false;
  return rule.flags.some((f) => (f === 'COMPLAINTS' ? facts.hasComplaints : f === 'ABNORMAL_LIST' ? facts.onAbnormalList : facts.hasSeriousViolations));
}

/** The risk strata's ratios for a plan's ratios under a rule (no rule or factor 1: the plan's own ratios). */
export function raisedRatios(ratios: Ratios, rule: RiskRule | null): Ratios {
  const factor = rule && rule.flags.length ? rule.factor : 1;
  const out: Ratios = {};
  for (const cls of CREDIT_CLASSES) {
    const r = ratios[cls];
    if (r != null) out[cls] = Math.min(1, Math.round(r * factor * 1e6) / 1e6);
  }
  return out;
}

/** Checks a rule set; returns the first problem in Chinese, or null. */
export function riskRulesProblem(rules: readonly RiskRule[]): string | null {
  const seen = new Set<string>();
  for (const r of rules) {
    const who = r.department ?? '默认';
    if (seen.has(who)) return `风险规则重复：${who}`;
    seen.add(who);
    if (!Number.isFinite(r.factor) || r.factor < 1 || r.factor > MAX_RISK_FACTOR) return `${who} 的风险对象比例倍数应在 1–${MAX_RISK_FACTOR} 之间`;
    if (r.flags.some((f) => !(f in RISK_FLAGS))) return `${who} 的风险标记无效`;
    if (new Set(r.flags).size !== r.flags.length) return `${who} 的风险标记重复`;
  }
  return null;
}

/** One line for the plan review: what the rule does to this plan. */
export function describeRiskRule(rule: RiskRule | null, ratios: Ratios, flaggedInScope: number): string | null {
  if (!rule || rule.factor <= 1 || !rule.flags.length) return null;
  const raised = raisedRatios(ratios, rule);
  const pct = (x: number) => `${Math.round(x * 10000) / 100}%`;
  const parts = CREDIT_CLASSES.filter((c) => ratios[c] != null).map((c) => `${c} 类 ${pct(ratios[c]!)} → ${pct(raised[c]!)}`);
  const flags = rule.flags.map((f) => RISK_FLAGS[f]).join('、');
  return `范围内 ${flaggedInScope} 家市场主体有风险标记（${flags}，任一即是），按 ${rule.factor} 倍比例单独分层抽取（${parts.join('，')}）`;
}
