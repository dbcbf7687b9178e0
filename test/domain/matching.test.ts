import { DEFAULT_TEAM_SIZE, exclusion, expertiseScore, matchTeam, nextReplacement, orderKey, seededOrder, type Candidate, type MatchParams, type MatchState } from '../../shared/domain/matching';
import { codes, rng } from './helpers';

const ENTITY = codes(1)[0];
const base: MatchParams = { taskId: '17', seed: 'round-seed', creditCode: ENTITY, visitDate: '2026-07-15', leader: false, itemTexts: ['对食品经营许可的检查', '餐饮服务单位'] };
const empty = (): MatchState => ({ workload: new Map(), previousInspectors: new Set() });

function person(id: number, over: Partial<Candidate> = {}): Candidate {
  return { id: String(id), name: `人员${id}`, certificateNumber: `C${id}`, certificateExpiry: '2028-12-31', status: 'ACTIVE', expertise: ['计量'], conflicts: [], ...over };
}
const team = (n: number, over: (i: number) => Partial<Candidate> = () => ({})) => Array.from({ length: n }, (_, i) => person(i + 1, over(i + 1)));

describe('matching: seeded order', () => {
  test('the order is SHA-256(seed ‖ task ‖ inspector): same inputs, same order; another seed or task, another order', () => {
    const pool = team(30);
    const a = seededOrder(pool, base).map((c) => c.id);
    expect(seededOrder([...pool].reverse(), base).map((c) => c.id)).toEqual(a);
    expect(seededOrder(pool, { ...base, seed: 'other' }).map((c) => c.id)).not.toEqual(a);
    expect(seededOrder(pool, { ...base, taskId: '18' }).map((c) => c.id)).not.toEqual(a);
    expect(orderKey('s', '1', '2')).toMatch(/^[0-9a-f]{64}$/);
  });

  test('inspectors whose expertise fits the items come first', () => {
    expect(expertiseScore(['食品安全'], base.itemTexts)).toBe(1); // 食品 appears in 食品经营
    expect(expertiseScore(['特种设备'], base.itemTexts)).toBe(0);
    const pool = team(12, (i) => ({ expertise: i % 4 === 0 ? ['食品安全'] : ['特种设备'] }));
    const order = seededOrder(pool, base);
    expect(order.slice(0, 3).every((c) => c.expertise[0] === '食品安全')).toBe(true);
    const m = matchTeam(pool, base, empty());
    expect(m.picks.map((p) => pool.find((c) => c.id === p.id)!.expertise[0])).toEqual(['食品安全', '食品安全']);
  });
});

describe('matching: eligibility and team', () => {
  test(`at least ${DEFAULT_TEAM_SIZE} per department; the lead department's first pick is the leader`, () => {
    const m = matchTeam(team(10), { ...base, leader: true }, empty());
    expect(m.status).toBe('MATCHED');
    expect(m.picks.map((p) => p.role)).toEqual(['LEADER', 'MEMBER']);
    expect(matchTeam(team(10), base, empty()).picks.every((p) => p.role === 'MEMBER')).toBe(true);
    expect(matchTeam(team(10), { ...base, teamSize: 3 }, empty()).picks).toHaveLength(3);
  });

  test('certificates are checked on the visit date (valid through the expiry day)', () => {
    const c = person(1, { certificateExpiry: '2026-07-15' });
    expect(exclusion(c, base, empty())).toBeNull();
    expect(exclusion(c, { ...base, visitDate: '2026-07-16' }, empty())).toBe('CERTIFICATE_EXPIRED');
    expect(exclusion(person(2, { status: 'ON_LEAVE' }), base, empty())).toBe('NOT_ACTIVE');
    expect(exclusion(person(3, { status: 'LEFT' }), base, empty())).toBe('NOT_ACTIVE');
  });

  test('recusal: declared conflicts and (by default) the previous inspection of the entity', () => {
    const s = { workload: new Map(), previousInspectors: new Set(['2']) };
    expect(exclusion(person(1, { conflicts: [ENTITY] }), base, s)).toBe('CONFLICT');
    expect(exclusion(person(2), base, s)).toBe('PREVIOUS_INSPECTION');
    expect(exclusion(person(2), { ...base, excludePrevious: false }, s)).toBeNull();
  });

  test('workload cap per round', () => {
    const s = { workload: new Map([['1', 3]]), previousInspectors: new Set<string>() };
    expect(exclusion(person(1), { ...base, maxTasksPerRound: 3 }, s)).toBe('WORKLOAD');
    expect(exclusion(person(1), { ...base, maxTasksPerRound: 4 }, s)).toBeNull();
  });

  test('property: over random pools, no pick is ever conflicted, expired, inactive, previous or over the cap', () => {
    const random = rng(7);
    for (let round = 0; round < 300; round++) {
      const n = 1 + Math.floor(random() * 15);
      const pool = team(n, () => ({
        status: random() < 0.8 ? 'ACTIVE' : random() < 0.5 ? 'ON_LEAVE' : 'LEFT',
        certificateExpiry: random() < 0.8 ? '2027-01-01' : '2026-01-01',
        conflicts: random() < 0.3 ? [ENTITY] : [],
        expertise: random() < 0.5 ? ['食品安全'] : ['计量'],
      }));
      const state: MatchState = {
        workload: new Map(pool.map((c) => [c.id, Math.floor(random() * 4)])),
        previousInspectors: new Set(pool.filter(() => random() < 0.2).map((c) => c.id)),
      };
      const p = { ...base, taskId: String(round), maxTasksPerRound: 3, leader: random() < 0.5 };
      const m = matchTeam(pool, p, state);
      for (const pick of m.picks) {
        const c = pool.find((x) => x.id === pick.id)!;
        expect(c.status).toBe('ACTIVE');
        expect(c.conflicts).not.toContain(ENTITY);
        expect(c.certificateExpiry >= p.visitDate).toBe(true);
        expect(state.previousInspectors.has(c.id)).toBe(false);
        expect(state.workload.get(c.id)!).toBeLessThan(3);
      }
      const eligible = pool.filter((c) => !exclusion(c, p, state)).length;
      expect(m.picks).toHaveLength(Math.min(2, eligible));
      expect(m.status).toBe(eligible >= 2 ? 'MATCHED' : 'UNDERSTAFFED');
      expect(new Set(m.picks.map((x) => x.id)).size).toBe(m.picks.length);
      if (m.picks.length && p.leader) expect(m.picks[0].role).toBe('LEADER');
    }
  });

  test('unsatisfiable constraints are reported with the reasons, never silently under-staffed', () => {
    const pool = [person(1), person(2, { conflicts: [ENTITY] }), person(3, { certificateExpiry: '2025-12-31' }), person(4, { status: 'ON_LEAVE' })];
    const m = matchTeam(pool, base, empty());
    expect(m.status).toBe('UNDERSTAFFED');
    expect(m.picks).toHaveLength(1);
    expect(m.problems[0]).toContain('需要 2 人，仅 1 人符合');
    expect(m.problems[0]).toContain('申报利害关系须回避 1 人');
    expect(m.problems[0]).toContain('执法证在检查日已过期 1 人');
    expect(m.problems[0]).toContain('非在岗 1 人');
    expect(matchTeam([], base, empty()).status).toBe('UNDERSTAFFED');
  });
});

describe('matching: replacement (递补)', () => {
  test('the next eligible candidate in the same seeded order, deterministic, never someone already on the task', () => {
    const pool = team(8);
    const m = matchTeam(pool, base, empty());
    const order = m.order;
    const used = new Set(m.picks.map((p) => p.id));
    const first = nextReplacement(pool, base, empty(), used)!;
    expect(first.id).toBe(order.find((id) => !used.has(id)));
    expect(nextReplacement(pool, base, empty(), used)!.id).toBe(first.id);
    used.add(first.id);
    const second = nextReplacement(pool, base, empty(), used)!;
    expect(order.indexOf(second.id)).toBeGreaterThan(order.indexOf(first.id));
  });

  test('skips candidates who became ineligible and returns null when nobody is left', () => {
    const pool = team(4);
    const m = matchTeam(pool, base, empty());
    const used = new Set(m.picks.map((p) => p.id));
    const rest = m.order.filter((id) => !used.has(id));
    const s = { workload: new Map(), previousInspectors: new Set([rest[0]]) };
    expect(nextReplacement(pool, base, s, used)!.id).toBe(rest[1]);
    expect(nextReplacement(pool, base, empty(), new Set(pool.map((c) => c.id)))).toBeNull();
  });
});
