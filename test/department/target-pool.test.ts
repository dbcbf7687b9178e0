import { errorCode, JOINT, PUBLIC, rowCount, staff, startDepartment, stopAll, targetInput, usccOf, type DepartmentHarness } from './fixture';

const NODE = 'id department creditCode name industrySection regionCode creditClass licenceNumbers riskNotes tags addedAt entity { creditCode }';
const ADD = `mutation($d: String!, $input: TargetInput!) { addTarget(department: $d, input: $input) { ${NODE} } }`;
const UPDATE = `mutation($d: String!, $c: String!, $input: TargetUpdateInput!) { updateTarget(department: $d, creditCode: $c, input: $input) { ${NODE} } }`;
const REMOVE = `mutation($d: String!, $c: String!) { removeTarget(department: $d, creditCode: $c) }`;
const BULK = `mutation($d: String!, $inputs: [TargetInput!]!) { bulkAddTargets(department: $d, inputs: $inputs) { added skipped } }`;
const POOL = `query($d: String!, $first: Int, $after: String, $filter: TargetPoolFilter) {
  targetPool(department: $d, first: $first, after: $after, filter: $filter) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { creditCode name regionCode creditClass tags } }
  } }`;

let h: DepartmentHarness;
const d = 'SAMR';
beforeAll(async () => {
  h = await startDepartment(d);
});
afterAll(() => stopAll(h));

describe('target pool — writes', () => {
  it('adds an entry with the department snapshot and a MarketEntity stub; a duplicate is CONFLICT', async () => {
    const r = await h.call(ADD, { d, input: targetInput(1) }, staff(d));
    expect(r.errors).toBeUndefined();
    expect(r.data.addTarget).toMatchObject({
      department: d,
      creditCode: usccOf(1),
      industrySection: 'F',
      creditClass: 'B',
      licenceNumbers: ['SC11'],
      tags: ['建材'],
      entity: { creditCode: usccOf(1) },
    });
    const before = await rowCount(h.dataSource, 'pool_entry');
    expect(errorCode(await h.call(ADD, { d, input: targetInput(1) }, staff(d)))).toBe('CONFLICT');
    expect(await rowCount(h.dataSource, 'pool_entry')).toBe(before);
  });

  it('updates and removes by credit code', async () => {
    const up = await h.call(UPDATE, { d, c: usccOf(1), input: { creditClass: 'D', riskNotes: '多次投诉', tags: ['重点'] } }, staff(d));
    expect(up.errors).toBeUndefined();
    expect(up.data.updateTarget).toMatchObject({ creditClass: 'D', riskNotes: '多次投诉', tags: ['重点'], name: targetInput(1).name });
    const clear = await h.call(UPDATE, { d, c: usccOf(1), input: { name: null, riskNotes: null, tags: null } }, staff(d));
    expect(clear.data.updateTarget).toMatchObject({ name: targetInput(1).name, riskNotes: null, tags: [] });
    const bad = await h.call(UPDATE, { d, c: usccOf(1), input: { regionCode: '12' } }, staff(d));
    expect(bad.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'regionCode' });
    expect((await h.call(REMOVE, { d, c: usccOf(1) }, staff(d))).data.removeTarget).toBe(true);
    expect(errorCode(await h.call(REMOVE, { d, c: usccOf(1) }, staff(d)))).toBe('NOT_FOUND');
  });

  const bad: [string, Record<string, unknown>, string][] = [
    ['bad USCC check digit', { creditCode: usccOf(2).slice(0, 17) + (usccOf(2).endsWith('0') ? '1' : '0') }, 'creditCode'],
    ['USCC with a forbidden letter', { creditCode: 'O1350100M000100Y43' }, 'creditCode'],
    ['unknown industry section', { industrySection: 'Z' }, 'industrySection'],
    ['region code too short', { regionCode: '3611' }, 'regionCode'],
    ['unknown credit class', { creditClass: 'E' }, 'creditClass'],
    ['name too long', { name: '名'.repeat(101) }, 'name'],
  ];
  it.each(bad)('%s → BAD_USER_INPUT naming the field, nothing written', async (_l, over, field) => {
    const before = await rowCount(h.dataSource, 'pool_entry');
    const r = await h.call(ADD, { d, input: targetInput(2, over) }, staff(d));
    expect(errorCode(r)).toBe('BAD_USER_INPUT');
    expect(r.errors![0].extensions!.field).toBe(field);
    expect(r.errors![0].message).toContain(field);
    expect(await rowCount(h.dataSource, 'pool_entry')).toBe(before);
  });

  it('bulkAddTargets with one bad row writes nothing and names the row and field', async () => {
    const before = await rowCount(h.dataSource, 'pool_entry');
    const inputs = Array.from({ length: 30 }, (_, i) => targetInput(100 + i));
    inputs[16] = targetInput(116, { regionCode: 'abc' });
    const r = await h.call(BULK, { d, inputs }, staff(d));
    expect(errorCode(r)).toBe('BAD_USER_INPUT');
    expect(r.errors![0].message).toContain('第17行');
    expect(r.errors![0].message).toContain('regionCode');
    expect(r.errors![0].extensions).toMatchObject({ row: 17, field: 'regionCode' });
    expect(await rowCount(h.dataSource, 'pool_entry')).toBe(before);
  });

  it('bulkAddTargets skips USCCs already present (and repeated rows), adds the rest in one go', async () => {
    await h.call(ADD, { d, input: targetInput(200) }, staff(d));
    const inputs = [...Array.from({ length: 600 }, (_, i) => targetInput(200 + i)), targetInput(201)];
    const r = await h.call(BULK, { d, inputs }, staff(d));
    expect(r.errors).toBeUndefined();
    expect(r.data.bulkAddTargets).toEqual({ added: 599, skipped: 2 });
    const again = await h.call(BULK, { d, inputs: inputs.slice(0, 10) }, staff(d));
    expect(again.data.bulkAddTargets).toEqual({ added: 0, skipped: 10 });
  });
});

describe('target pool — reads', () => {
  it('pages with cursors over the whole pool', async () => {
    const seen = new Set<string>();
    let after: string | null = null;
    let total = 0;
    for (;;) {
      const r: any = await h.call(POOL, { d, first: 200, after }, JOINT);
      expect(r.errors).toBeUndefined();
      total = r.data.targetPool.totalCount;
      for (const e of r.data.targetPool.edges) seen.add(e.node.creditCode);
      if (!r.data.targetPool.pageInfo.hasNextPage) break;
      after = r.data.targetPool.pageInfo.endCursor;
    }
    expect(total).toBe(600);
    expect(seen.size).toBe(600);
  });

  it('filters by credit class, region prefix, tags and search', async () => {
    const cls = await h.call(POOL, { d, first: 0, filter: { creditClasses: ['A', 'D'] } }, JOINT);
    expect(cls.data.targetPool.totalCount).toBe(300);
    const region = await h.call(POOL, { d, first: 5, filter: { regionCodes: ['361129001'] } }, JOINT);
    expect(region.data.targetPool.totalCount).toBe(150);
    expect(region.data.targetPool.edges.every((e: any) => e.node.regionCode.startsWith('361129001'))).toBe(true);
    const tag = await h.call(POOL, { d, first: 5, filter: { tags: ['重点'] } }, JOINT);
    expect(tag.data.targetPool.totalCount).toBe(300);
    const byName = await h.call(POOL, { d, first: 5, filter: { search: '有限公司250号' } }, JOINT);
    expect(byName.data.targetPool.edges.map((e: any) => e.node.creditCode)).toEqual([usccOf(250)]);
    const byCode = await h.call(POOL, { d, first: 5, filter: { search: usccOf(300).slice(0, 17) } }, JOINT);
    expect(byCode.data.targetPool.edges.map((e: any) => e.node.creditCode)).toContain(usccOf(300));
    const combined = await h.call(POOL, { d, first: 0, filter: { creditClasses: ['A'], tags: ['建材'] } }, JOINT);
    expect(combined.data.targetPool.totalCount).toBe(0); // class A ⇔ n % 4 = 0 ⇔ even ⇔ 食品 tags
  });

  it('rejects a malformed cursor or page size as BAD_USER_INPUT', async () => {
    expect(errorCode(await h.call(POOL, { d, first: 5, after: 'nonsense' }, JOINT))).toBe('BAD_USER_INPUT');
    expect(errorCode(await h.call(POOL, { d, first: 1000 }, JOINT))).toBe('BAD_USER_INPUT');
  });

  it('PUBLIC and other departments are FORBIDDEN the pool', async () => {
    for (const who of [PUBLIC, staff('ECO')]) {
      const r = await h.call(POOL, { d, first: 1 }, who);
      expect(errorCode(r)).toBe('FORBIDDEN');
      expect(r.data).toBeNull();
    }
  });
});

describe('target pool — draw snapshot', () => {
  const SNAP = `query($d: String!, $filter: TargetPoolFilter) { poolSnapshot(department: $d, filter: $filter) { creditCode creditClass } }`;
  it('lists every member in scope, sorted by USCC, for the joint office; others are refused', async () => {
    const all = await h.call(SNAP, { d }, JOINT);
    expect(all.errors).toBeUndefined();
    const codes = all.data.poolSnapshot.map((m: { creditCode: string }) => m.creditCode);
    expect(codes).toEqual([...codes].sort());
    const total = await h.call(POOL, { d, first: 0 }, JOINT);
    expect(codes.length).toBe(total.data.targetPool.totalCount);
    const scoped = await h.call(SNAP, { d, filter: { creditClasses: ['A'] } }, JOINT);
    expect(scoped.data.poolSnapshot.length).toBeGreaterThan(0);
    expect(scoped.data.poolSnapshot.every((m: { creditClass: string }) => m.creditClass === 'A')).toBe(true);
    expect(errorCode(await h.call(SNAP, { d }, PUBLIC))).toBe('FORBIDDEN');
    expect(errorCode(await h.call(SNAP, { d }, staff('ECO')))).toBe('FORBIDDEN');
  });
});
