// Credit-class moves travelling from the joint registry to every department's 检查对象名录库 (docs/credit-classes.md).
// Pure: what a department does with a batch of class changes, given what it has already recorded.
//
// The joint registry numbers its class changes in the order they take effect (a stale proposal cannot be confirmed
// once a later change exists), so "newest change id wins" is the same as "the registry's current class wins",
// whatever order the deliveries arrive in.
import { CREDIT_CLASSES, type CreditClass } from '../domain';

/** One call of applyCreditClasses carries at most this many changes (the joint side batches to it). */
export const MAX_CREDIT_CHANGES_PER_CALL = 500;

export const CREDIT_SYNC_OUTCOMES = ['APPLIED', 'ALREADY_APPLIED', 'NOT_IN_POOL'] as const;
export type CreditSyncOutcome = (typeof CREDIT_SYNC_OUTCOMES)[number];

/** What a department keeps per processed change id: SUPERSEDED = arrived after a newer change of the same business. */
export type RecordedOutcome = 'APPLIED' | 'NOT_IN_POOL' | 'SUPERSEDED';

export interface CreditClassChange {
  /** The joint registry's change id, a positive integer. */
  changeId: number;
  creditCode: string;
  creditClass: CreditClass;
}

export interface CreditSyncState {
  /** Change ids this department already processed, with what it did then. */
  recorded: ReadonlyMap<number, RecordedOutcome>;
  /** Per business, the highest change id already processed (any outcome). */
  lastChangeId: ReadonlyMap<string, number>;
  /** Per business in this department's pool, its current class; absent = not in the pool. */
  poolClass: ReadonlyMap<string, string>;
}

export interface CreditSyncResult {
  changeId: number;
  creditCode: string;
  outcome: CreditSyncOutcome;
  /** The pool's class before this call touched it; null when the business is not in the pool. */
  previousClass: string | null;
}

export interface CreditSyncPlan {
  /** In change-id order. */
  results: CreditSyncResult[];
  /** New class per business to write to the pool (the last applied change of the call wins). */
  updates: Map<string, CreditClass>;
  /** Change ids to record as processed, with their outcome and the class before. */
  records: { changeId: number; creditCode: string; creditClass: CreditClass; outcome: RecordedOutcome; previousClass: string | null }[];
}

export const byChangeId = (a: { changeId: number }, b: { changeId: number }) => a.changeId - b.changeId;

/** Checks the ids of one call: positive safe integers, each once. Returns a Chinese reason, or null. */
export function checkChangeIds(ids: number[]): string | null {
  if (ids.some((id) => !Number.isSafeInteger(id) || id <= 0)) return '调整编号应为正整数';
  if (new Set(ids).size !== ids.length) return '同一批次中调整编号重复';
  return null;
}

export const isCreditClass = (v: string): v is CreditClass => (CREDIT_CLASSES as readonly string[]).includes(v);

/**
 * Applies changes in change-id order. A change already recorded is not applied again (ALREADY_APPLIED, or
 * NOT_IN_POOL again if that is what happened the first time); one older than the last change recorded for its
 * business is superseded and ignored (ALREADY_APPLIED); otherwise it sets the pool's class (APPLIED) or, when
 * the department does not hold the business, is recorded as NOT_IN_POOL.
 */
export function planCreditSync(changes: readonly CreditClassChange[], state: CreditSyncState): CreditSyncPlan {
  const reason = checkChangeIds(changes.map((c) => c.changeId));
  if (reason) throw new Error(reason);
  const last = new Map(state.lastChangeId);
  const current = new Map(state.poolClass);
  const plan: CreditSyncPlan = { results: [], updates: new Map(), records: [] };
  for (const c of [...changes].sort(byChangeId)) {
    const before = current.get(c.creditCode) ?? null;
    const seen = state.recorded.get(c.changeId);
    let outcome: CreditSyncOutcome;
    if (seen) {
      outcome = seen === 'NOT_IN_POOL' ? 'NOT_IN_POOL' : 'ALREADY_APPLIED';
    } else if ((last.get(c.creditCode) ?? 0) > c.changeId) {
      outcome = 'ALREADY_APPLIED';
      plan.records.push({ ...c, outcome: 'SUPERSEDED', previousClass: before });
    } else if (before === null) {
      outcome = 'NOT_IN_POOL';
      plan.records.push({ ...c, outcome: 'NOT_IN_POOL', previousClass: null });
      last.set(c.creditCode, c.changeId);
    } else {
      outcome = 'APPLIED';
      plan.records.push({ ...c, outcome: 'APPLIED', previousClass: before });
      plan.updates.set(c.creditCode, c.creditClass);
      current.set(c.creditCode, c.creditClass);
      last.set(c.creditCode, c.changeId);
    }
    plan.results.push({ changeId: c.changeId, creditCode: c.creditCode, outcome, previousClass: before });
  }
  return plan;
}
