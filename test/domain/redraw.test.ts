import { reconcileTasks, taskPlanKeys, type ExistingTask } from '../../shared/domain/redraw';
import type { OverlapPlan } from '../../shared/domain/overlap';

const plan = (planId: string, department: string, start: string, end: string): OverlapPlan => ({
  planId, department, window: { start, end }, items: [{ code: `${department}-1`, category: 'GENERAL' }],
});
// SAMR and ECO overlap in Q3; HEALTH is in Q4 (its own visit).
const PLANS = [plan('1:SAMR', 'SAMR', '2026-07-01', '2026-09-30'), plan('2:ECO', 'ECO', '2026-08-01', '2026-09-30'), plan('3:HEALTH', 'HEALTH', '2026-10-01', '2026-12-31')];
const task = (id: number, creditCode: string, planKeys: string[], settled: boolean): ExistingTask => ({ id, creditCode, planKeys, settled });

describe('reconcileTasks', () => {
  it('a business no plan selects any more loses its task (cancelled, never deleted)', () => {
    const r = reconcileTasks({ plans: PLANS, selectedBy: new Map([['X', []]]), existing: [task(7, 'X', ['1:SAMR'], true)] });
    expect(r).toEqual({ updates: [], cancels: [7], creates: [], unchanged: [] });
  });

  it('a settled joint task shrinks to the plans that still select the business and keeps its id', () => {
    const r = reconcileTasks({ plans: PLANS, selectedBy: new Map([['X', ['2:ECO']]]), existing: [task(7, 'X', ['1:SAMR', '2:ECO'], true)] });
    expect(r.cancels).toEqual([]);
    expect(r.creates).toEqual([]);
    expect(r.updates).toHaveLength(1);
    expect(r.updates[0]).toMatchObject({ id: 7, droppedDepartments: ['SAMR'] });
    expect(r.updates[0].shape).toMatchObject({ departments: ['ECO'], joint: false, window: { start: '2026-08-01', end: '2026-09-30' } });
  });

  it('a newcomer joins an unsettled visit to the same business (one door), keeping that task id', () => {
    const r = reconcileTasks({ plans: PLANS, selectedBy: new Map([['Y', ['1:SAMR', '2:ECO']]]), existing: [task(9, 'Y', ['2:ECO'], false)] });
    expect(r.creates).toEqual([]);
    expect(r.updates).toHaveLength(1);
    expect(r.updates[0].id).toBe(9);
    expect(r.updates[0].shape).toMatchObject({ departments: ['ECO', 'SAMR'], joint: true, planIds: ['1:SAMR', '2:ECO'] });
    expect(r.updates[0].droppedDepartments).toEqual([]);
  });

  it('a newcomer does not join a settled visit: it gets a visit of its own', () => {
    const r = reconcileTasks({ plans: PLANS, selectedBy: new Map([['Y', ['1:SAMR', '2:ECO']]]), existing: [task(9, 'Y', ['2:ECO'], true)] });
    expect(r.unchanged).toEqual([9]);
    expect(r.creates).toHaveLength(1);
    expect(r.creates[0]).toMatchObject({ creditCode: 'Y', departments: ['SAMR'], planIds: ['1:SAMR'] });
  });

  it('a business newly selected with no task gets one; an unchanged one is left alone', () => {
    const r = reconcileTasks({
      plans: PLANS,
      selectedBy: new Map([['Z', ['3:HEALTH']], ['W', ['1:SAMR']]]),
      existing: [task(3, 'W', ['1:SAMR'], false)],
    });
    expect(r.unchanged).toEqual([3]);
    expect(r.creates.map((c) => [c.creditCode, c.departments])).toEqual([['Z', ['HEALTH']]]);
  });

  it('refuses tasks of businesses outside the change and unknown plans', () => {
    expect(() => reconcileTasks({ plans: PLANS, selectedBy: new Map(), existing: [task(1, 'Q', ['1:SAMR'], false)] })).toThrow('不在本次调整范围内');
    expect(() => reconcileTasks({ plans: PLANS, selectedBy: new Map([['Q', ['9:X']]]), existing: [] })).toThrow('不存在的计划');
  });

  it('taskPlanKeys pairs each plan with its participating departments present in the task', () => {
    const participants = new Map<number, string[]>([[1, ['SAMR']], [4, ['SAMR', 'ECO']]]);
    expect(taskPlanKeys({ planIds: [1, 4], departments: ['ECO', 'SAMR'] }, participants)).toEqual(['1:SAMR', '4:SAMR', '4:ECO']);
  });
});
