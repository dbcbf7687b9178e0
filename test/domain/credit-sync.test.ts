import { MAX_CREDIT_CHANGES_PER_CALL, checkChangeIds, planCreditSync, type CreditSyncState, type RecordedOutcome } from '../../shared/domain/credit-sync';

const X = '91361129MA35XXXXX1';
const Y = '91361129MA35YYYYY2';

function state(over: Partial<{ recorded: [number, RecordedOutcome][]; last: [string, number][]; pool: [string, string][] }> = {}): CreditSyncState {
  return { recorded: new Map(over.recorded ?? []), lastChangeId: new Map(over.last ?? []), poolClass: new Map(over.pool ?? [[X, 'A']]) };
}

describe('planCreditSync: how a department applies credit-class moves', () => {
  test('a fresh change for a business in the pool is applied and recorded with the class before', () => {
    const plan = planCreditSync([{ changeId: 7, creditCode: X, creditClass: 'B' }], state());
    expect(plan.results).toEqual([{ changeId: 7, creditCode: X, outcome: 'APPLIED', previousClass: 'A' }]);
    expect([...plan.updates]).toEqual([[X, 'B']]);
    expect(plan.records).toEqual([{ changeId: 7, creditCode: X, creditClass: 'B', outcome: 'APPLIED', previousClass: 'A' }]);
  });

  test('a business the department does not hold is NOT_IN_POOL, recorded, and nothing is written to the pool', () => {
    const plan = planCreditSync([{ changeId: 7, creditCode: Y, creditClass: 'C' }], state());
    expect(plan.results[0]).toMatchObject({ outcome: 'NOT_IN_POOL', previousClass: null });
    expect(plan.updates.size).toBe(0);
    expect(plan.records[0].outcome).toBe('NOT_IN_POOL');
  });

  test('redelivery of a recorded change is answered without writing anything', () => {
    const plan = planCreditSync(
      [{ changeId: 7, creditCode: X, creditClass: 'B' }, { changeId: 8, creditCode: Y, creditClass: 'C' }],
      state({ recorded: [[7, 'APPLIED'], [8, 'NOT_IN_POOL']], last: [[X, 7], [Y, 8]], pool: [[X, 'B']] }),
    );
    expect(plan.results.map((r) => r.outcome)).toEqual(['ALREADY_APPLIED', 'NOT_IN_POOL']);
    expect(plan.updates.size).toBe(0);
    expect(plan.records).toEqual([]);
  });

  test('an older change arriving after a newer one is ignored (recorded as superseded), the newer class stays', () => {
    const plan = planCreditSync([{ changeId: 5, creditCode: X, creditClass: 'A' }], state({ recorded: [[9, 'APPLIED']], last: [[X, 9]], pool: [[X, 'C']] }));
    expect(plan.results).toEqual([{ changeId: 5, creditCode: X, outcome: 'ALREADY_APPLIED', previousClass: 'C' }]);
    expect(plan.updates.size).toBe(0);
    expect(plan.records).toEqual([{ changeId: 5, creditCode: X, creditClass: 'A', outcome: 'SUPERSEDED', previousClass: 'C' }]);
  });

  test('one batch out of order is applied in change-id order: the newest change decides the class', () => {
    const plan = planCreditSync(
      [{ changeId: 12, creditCode: X, creditClass: 'C' }, { changeId: 10, creditCode: X, creditClass: 'B' }],
      state(),
    );
    expect(plan.results).toEqual([
      { changeId: 10, creditCode: X, outcome: 'APPLIED', previousClass: 'A' },
      { changeId: 12, creditCode: X, outcome: 'APPLIED', previousClass: 'B' },
    ]);
    expect(plan.updates.get(X)).toBe('C');
  });

  test('a NOT_IN_POOL record still counts as the newest change seen for that business', () => {
    const plan = planCreditSync([{ changeId: 3, creditCode: X, creditClass: 'D' }], state({ recorded: [[4, 'NOT_IN_POOL']], last: [[X, 4]] }));
    expect(plan.results[0].outcome).toBe('ALREADY_APPLIED');
    expect(plan.updates.size).toBe(0);
  });

  test('ids: positive integers, each once per call; the batch bound is 500', () => {
    expect(checkChangeIds([1, 2, 3])).toBeNull();
    expect(checkChangeIds([1, 1])).toBe('同一批次中调整编号重复');
    expect(checkChangeIds([0])).toBe('调整编号应为正整数');
    expect(() => planCreditSync([{ changeId: 2, creditCode: X, creditClass: 'B' }, { changeId: 2, creditCode: Y, creditClass: 'B' }], state())).toThrow('重复');
    expect(MAX_CREDIT_CHANGES_PER_CALL).toBe(500);
  });
});
