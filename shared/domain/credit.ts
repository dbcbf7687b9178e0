// Result wording (published, docs/domain.md) and credit-risk class moves after an inspection.
// Rules are data so the joint office can configure them; the move itself is a pure function.
import type { CreditClass } from '../domain';

/** Codes → the published wording (“双随机、一公开” result categories). */
export const RESULT_CATEGORIES = {
  NO_PROBLEM: '未发现问题',
  UNPUBLISHED_INFO: '未按规定公示应当公示的信息',
  FALSE_INFO: '公示信息隐瞒真实情况、弄虚作假',
  UNREACHABLE: '通过登记的住所（经营场所）无法联系',
  REFUSED: '不配合检查情节严重',
  CORRECTED: '发现问题已责令改正',
  PENDING_FOLLOW_UP: '发现问题待后续处理',
  NO_ACTIVITY: '未发现开展本次抽查涉及的经营活动',
} as const;
export type ResultCategory = keyof typeof RESULT_CATEGORIES;

export const FOLLOW_UPS = {
  NONE: '无',
  ORDERED_TO_CORRECT: '责令改正',
  TRANSFER_DEPARTMENT: '移送主管部门',
  TRANSFER_POLICE: '涉嫌犯罪移送公安机关',
  ABNORMAL_LIST: '列入经营异常名录',
} as const;
export type FollowUp = keyof typeof FOLLOW_UPS;

export type Severity = 'CLEAN' | 'MINOR' | 'SERIOUS';

export interface CreditRules {
  /** Categories that make a result serious; anything else except the clean ones is minor. */
  seriousCategories: ResultCategory[];
  /** Follow-ups that make a result serious whatever the category. */
  seriousFollowUps: FollowUp[];
  /** Categories that count as a clean inspection. */
  cleanCategories: ResultCategory[];
  /** Target class per current class and severity; absent → no move. */
  moves: Partial<Record<CreditClass, Partial<Record<'MINOR' | 'SERIOUS', CreditClass>>>>;
  /** Whether a clean inspection of a B entity proposes promotion to A (needs the joint office). */
  promoteCleanB: boolean;
}

export const DEFAULT_CREDIT_RULES: CreditRules = {
  seriousCategories: ['FALSE_INFO', 'UNREACHABLE', 'REFUSED'],
  seriousFollowUps: ['TRANSFER_POLICE', 'ABNORMAL_LIST'],
  cleanCategories: ['NO_PROBLEM', 'NO_ACTIVITY'],
  moves: {
    A: { MINOR: 'B', SERIOUS: 'C' },
    B: { SERIOUS: 'C' },
    C: { SERIOUS: 'D' },
  },
  promoteCleanB: true,
};

export interface ResultFacts {
  categories: string[];
  followUp: string;
}

export function severity(result: ResultFacts, rules: CreditRules = DEFAULT_CREDIT_RULES): Severity {
  if (rules.seriousFollowUps.includes(result.followUp as FollowUp)) return 'SERIOUS';
  if (result.categories.some((c) => rules.seriousCategories.includes(c as ResultCategory))) return 'SERIOUS';
  if (result.categories.length && result.categories.every((c) => rules.cleanCategories.includes(c as ResultCategory))) return 'CLEAN';
  return 'MINOR';
}

export interface CreditMove {
  to: CreditClass;
  reason: string;
  /** Demotions apply at once; promotions wait for the joint office. */
  needsConfirmation: boolean;
}

const SEVERITY_TEXT = { MINOR: '一般问题', SERIOUS: '严重问题' } as const;

/** The move implied by one inspection's published results (all departments), or null. */
export function proposeCreditMove(current: CreditClass, results: ResultFacts[], rules: CreditRules = DEFAULT_CREDIT_RULES): CreditMove | null {
  if (!results.length) return null;
  const levels = results.map((r) => severity(r, rules));
  const worst: Severity = levels.includes('SERIOUS') ? 'SERIOUS' : levels.includes('MINOR') ? 'MINOR' : 'CLEAN';
  if (worst === 'CLEAN') {
    if (current === 'B' && rules.promoteCleanB) return { to: 'A', reason: '抽查未发现问题，建议调升为A类（须联席会议办公室确认）', needsConfirmation: true };
    return null;
  }
  const to = rules.moves[current]?.[worst];
  if (!to || to === current) return null;
  return { to, reason: `抽查发现${SEVERITY_TEXT[worst]}，信用风险分类由${current}类调整为${to}类`, needsConfirmation: false };
}
