// Inspector matching (随机选派执法检查人员), run by each department for its part of a joint task.
// Reproducible: the order is SHA-256(roundSeed ‖ taskId ‖ inspectorId), so anyone holding the round's public
// seed and the department's pool can recompute who was picked, and replacements (递补) follow the same order.
import { createHash } from 'node:crypto';

export const MATCHING_VERSION = 'seeded-sha256-v1';
export const DEFAULT_TEAM_SIZE = 2;
export const DEFAULT_MAX_TASKS_PER_ROUND = 10;

export interface Candidate {
  id: string;
  name: string;
  certificateNumber: string;
  /** YYYY-MM-DD; the certificate must be valid on the visit date (inclusive). */
  certificateExpiry: string;
  status: 'ACTIVE' | 'ON_LEAVE' | 'LEFT';
  expertise: string[];
  /** USCCs the inspector declared a conflict of interest with (回避). */
  conflicts: string[];
}

export interface MatchParams {
  taskId: string;
  seed: string;
  creditCode: string;
  visitDate: string;
  /** This department leads the task: its first member becomes the team leader. */
  leader: boolean;
  /** Text of the task's items for this department (names, target types): expertise is matched against it. */
  itemTexts: string[];
  teamSize?: number;
  maxTasksPerRound?: number;
  /** Recuse the inspectors of the entity's previous inspection by this department (default true). */
  excludePrevious?: boolean;
}

export interface MatchState {
  /** Active assignments per inspector id in this round, excluding this task. */
  workload: Map<string, number>;
  /** Inspector ids of this department's previous inspection of the same entity. */
  previousInspectors: Set<string>;
}

export type Exclusion = 'NOT_ACTIVE' | 'CERTIFICATE_EXPIRED' | 'CONFLICT' | 'PREVIOUS_INSPECTION' | 'WORKLOAD';

export const EXCLUSION_TEXT: Record<Exclusion, string> = {
  NOT_ACTIVE: '非在岗',
  CERTIFICATE_EXPIRED: '执法证在检查日已过期',
  CONFLICT: '申报利害关系须回避',
  PREVIOUS_INSPECTION: '上次检查该企业须回避',
  WORKLOAD: '本轮任务已满',
};

export interface Pick {
  id: string;
  role: 'LEADER' | 'MEMBER';
}

export interface MatchOutcome {
  status: 'MATCHED' | 'UNDERSTAFFED';
  picks: Pick[];
  problems: string[];
  /** Every candidate's exclusion reason (for the record and for tests). */
  excluded: Map<string, Exclusion>;
  /** The full seeded order, preferred expertise first (replacements continue down this list). */
  order: string[];
}

export function orderKey(seed: string, taskId: string, inspectorId: string): string {
  return createHash('sha256').update(`${seed}\u0000${taskId}\u0000${inspectorId}`).digest('hex');
}

/** 0 when none of the inspector's tags relates to the items; a tag matches on itself or its first two characters (食品安全 ~ 食品经营). */
export function expertiseScore(expertise: string[], itemTexts: string[]): number {
  const text = itemTexts.join('\n');
  return expertise.filter((tag) => tag && (text.includes(tag) || (tag.length >= 2 && text.includes(tag.slice(0, 2))))).length;
}

export function exclusion(c: Candidate, p: MatchParams, s: MatchState): Exclusion | null {
  if (c.status !== 'ACTIVE') return 'NOT_ACTIVE';
  if (c.certificateExpiry < p.visitDate) return 'CERTIFICATE_EXPIRED';
  if (c.conflicts.includes(p.creditCode)) return 'CONFLICT';
  if ((p.excludePrevious ?? true) && s.previousInspectors.has(c.id)) return 'PREVIOUS_INSPECTION';
  if ((s.workload.get(c.id) ?? 0) >= (p.maxTasksPerRound ?? DEFAULT_MAX_TASKS_PER_ROUND)) return 'WORKLOAD';
  return null;
}

/** Seeded order with a preference tier: inspectors whose expertise fits the items come first, each tier in hash order. */
export function seededOrder(candidates: Candidate[], p: MatchParams): Candidate[] {
  return candidates
    .map((c) => ({ c, fits: expertiseScore(c.expertise, p.itemTexts) > 0, key: orderKey(p.seed, p.taskId, c.id) }))
    .sort((a, b) => Number(b.fits) - Number(a.fits) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((x) => x.c);
}

function understaffedProblem(need: number, got: number, excluded: Map<string, Exclusion>): string {
  const counts = new Map<Exclusion, number>();
  for (const r of excluded.values()) counts.set(r, (counts.get(r) ?? 0) + 1);
  const why = [...counts].map(([r, n]) => `${EXCLUSION_TEXT[r]} ${n} 人`).join('，');
  return `符合条件的执法人员不足：需要 ${need} 人，仅 ${got} 人符合${why ? `（${why}）` : ''}`;
}

export function matchTeam(candidates: Candidate[], p: MatchParams, s: MatchState): MatchOutcome {
  const need = p.teamSize ?? DEFAULT_TEAM_SIZE;
  const order = seededOrder(candidates, p);
  const excluded = new Map<string, Exclusion>();
  const picks: Pick[] = [];
  for (const c of order) {
    const why = exclusion(c, p, s);
    if (why) excluded.set(c.id, why);
    else if (picks.length < need) picks.push({ id: c.id, role: p.leader && picks.length === 0 ? 'LEADER' : 'MEMBER' });
  }
  const problems = picks.length < need ? [understaffedProblem(need, picks.length, excluded)] : [];
  return { status: problems.length ? 'UNDERSTAFFED' : 'MATCHED', picks, problems, excluded, order: order.map((c) => c.id) };
}

/**
 * 递补: the next candidate in the same seeded order who is eligible now and was never on this task
 * (someone who dropped out does not come back). Null when nobody is left.
 */
export function nextReplacement(candidates: Candidate[], p: MatchParams, s: MatchState, everAssigned: Set<string>): Candidate | null {
  for (const c of seededOrder(candidates, p)) if (!everAssigned.has(c.id) && !exclusion(c, p, s)) return c;
  return null;
}
