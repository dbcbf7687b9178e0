import { JOINT_SHARE_GOAL, roundBurden, uncoveredItems } from '../../shared/domain/stats';
import { detectJointTasks } from '../../shared/domain/overlap';
import { codes } from './helpers';

const [E1, E2, E3, E4] = codes(4);
const planDepartment = { P1: 'SAMR', P2: 'ECO', P3: 'TAX', P4: 'SAMR', P5: 'HEALTH' };

describe('roundBurden', () => {
  it('counts visits, department-draws, doors saved and each department\u2019s joint share', () => {
    const tasks = [
      { creditCode: E1, planIds: ['P1', 'P2', 'P3'] }, // one visit instead of three
      { creditCode: E2, planIds: ['P1', 'P2'] },
      { creditCode: E3, planIds: ['P1'] },
      { creditCode: E4, planIds: ['P1', 'P4'] }, // two SAMR plans, one department: nothing saved
    ];
    const b = roundBurden(tasks, planDepartment);
    expect(b).toEqual({
      visits: 4,
      entities: 4,
      departmentDraws: 3 + 2 + 1 + 1,
      doorsSaved: 3,
      jointShare: {
        ECO: { inspections: 2, joint: 2, share: 1, meetsGoal: true },
        HEALTH: { inspections: 0, joint: 0, share: 0, meetsGoal: false },
        SAMR: { inspections: 4, joint: 2, share: 0.5, meetsGoal: true },
        TAX: { inspections: 1, joint: 1, share: 1, meetsGoal: true },
      },
    });
    expect(JOINT_SHARE_GOAL).toBe(0.1);
  });

  it('an entity visited in two separate windows is two visits and saves nothing', () => {
    const { tasks } = detectJointTasks({
      plans: [
        { planId: 'P1', department: 'SAMR', window: { start: '2026-03-01', end: '2026-03-31' }, items: [{ code: 'S1', category: 'GENERAL' }] },
        { planId: 'P2', department: 'ECO', window: { start: '2026-05-01', end: '2026-05-31' }, items: [{ code: 'E1', category: 'GENERAL' }] },
      ],
      draws: [{ planId: 'P1', selected: [E1] }, { planId: 'P2', selected: [E1] }],
    });
    expect(roundBurden(tasks, planDepartment)).toMatchObject({ visits: 2, entities: 1, departmentDraws: 2, doorsSaved: 0 });
  });

  it('the goal is met at exactly 10%', () => {
    const tasks = [{ creditCode: E1, planIds: ['P1', 'P2'] }, ...codes(9, 50).map((c) => ({ creditCode: c, planIds: ['P1'] }))];
    expect(roundBurden(tasks, { P1: 'SAMR', P2: 'ECO' }).jointShare.SAMR).toEqual({ inspections: 10, joint: 1, share: 0.1, meetsGoal: true });
    expect(roundBurden([], {})).toEqual({ visits: 0, entities: 0, departmentDraws: 0, doorsSaved: 0, jointShare: {} });
  });

  it('rejects tasks referring to unknown plans', () => {
    expect(() => roundBurden([{ creditCode: E1, planIds: ['P9'] }], planDepartment)).toThrow('未知计划：P9');
    expect(() => roundBurden([{ creditCode: E1, planIds: [] }], planDepartment)).toThrow('没有所属计划');
  });
});

describe('uncoveredItems', () => {
  it('lists published items no plan of their department uses, sorted and unique', () => {
    const published = [
      { department: 'SAMR', code: 'S2' }, { department: 'SAMR', code: 'S1' }, { department: 'ECO', code: 'E1' },
      { department: 'ECO', code: 'S1' }, { department: 'ECO', code: 'E1' },
    ];
    const planned = [{ department: 'SAMR', code: 'S1' }, { department: 'TAX', code: 'E1' }];
    expect(uncoveredItems(published, planned)).toEqual([
      { department: 'ECO', code: 'E1' }, { department: 'ECO', code: 'S1' }, { department: 'SAMR', code: 'S2' },
    ]);
    expect(uncoveredItems(published, published)).toEqual([]);
  });
});
