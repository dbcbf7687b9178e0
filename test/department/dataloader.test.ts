import type { DemoData } from '../../shared/demo-data';
import { seedDepartment } from '../../subgraphs/department/seed';
import { idOf, inspectorInput, itemInput, JOINT, startDepartment, stopAll, targetInput, usccOf, type DepartmentHarness } from './fixture';

// Proves lookups are batched: the number of SQL statements must not grow with the number of rows.

const N = 120;
const data: DemoData = {
  departments: [],
  entities: [],
  checklistItems: Array.from({ length: N }, (_, i) => ({
    ...(itemInput(`SAMR-${String(i).padStart(3, '0')}`) as any),
    department: 'SAMR',
    status: 'PUBLISHED',
  })),
  poolEntries: Array.from({ length: N }, (_, i) => ({ ...(targetInput(i) as any), department: 'SAMR' })),
  inspectors: Array.from({ length: N }, (_, i) => ({
    ...(inspectorInput(i) as any),
    idNumber: idOf(i),
    department: 'SAMR',
    status: i % 10 === 0 ? 'ON_LEAVE' : 'ACTIVE',
    conflicts: [usccOf(i), usccOf(i + 1)],
  })),
};

let h: DepartmentHarness;
let ids: { item: string[]; entry: string[]; inspector: string[] };
beforeAll(async () => {
  h = await startDepartment('SAMR');
  expect(await seedDepartment(h.dataSource, 'SAMR', data)).toBe(true);
  const q = async (sql: string) => (await h.dataSource.query(sql)).map((r: { id: number }) => String(r.id));
  ids = {
    item: await q('SELECT id FROM checklist_item ORDER BY id'),
    entry: await q('SELECT id FROM pool_entry ORDER BY id'),
    inspector: await q('SELECT id FROM inspector ORDER BY id'),
  };
});
afterAll(() => stopAll(h));

async function statements(query: string, variables: Record<string, unknown>): Promise<number> {
  h.counter.reset();
  const r = await h.call(query, variables, JOINT);
  expect(r.errors).toBeUndefined();
  return h.counter.count;
}

const results: Record<string, Record<number, number>> = {};
afterAll(() => console.log(`[department] SQL statements per request (rows → statements): ${JSON.stringify(results)}`));

const LIST = `query($n: Int) { inspectors(department: "SAMR", first: $n) { totalCount edges { node { id phone statusHistory { to } conflicts } } } }`;
const ENTITIES = `query($r: [_Any!]!) { _entities(representations: $r) {
  ... on Inspector { id name statusHistory { from to } conflicts }
  ... on ChecklistItem { id code }
  ... on PoolEntry { id creditCode entity { creditCode } }
} }`;

describe('DataLoader batching: statement count is independent of the number of rows', () => {
  it('inspectors(first: N) with statusHistory and conflicts', async () => {
    const counts = { 10: await statements(LIST, { n: 10 }), 100: await statements(LIST, { n: 100 }) };
    results.inspectorsConnection = counts;
    expect(counts[100]).toBe(counts[10]);
    expect(counts[10]).toBeLessThanOrEqual(4); // count + page + history + conflicts
  });

  it('_entities with N Inspector representations', async () => {
    const reps = (n: number) => ids.inspector.slice(0, n).map((id) => ({ __typename: 'Inspector', department: 'SAMR', id }));
    const counts = { 10: await statements(ENTITIES, { r: reps(10) }), 100: await statements(ENTITIES, { r: reps(100) }) };
    results.entitiesInspector = counts;
    expect(counts[100]).toBe(counts[10]);
    expect(counts[10]).toBeLessThanOrEqual(3); // inspectors + history + conflicts
  });

  it('_entities with N mixed representations (items, pool entries, inspectors)', async () => {
    const reps = (n: number) =>
      Array.from({ length: n }, (_, i) => {
        const k = Math.floor(i / 3);
        if (i % 3 === 0) return { __typename: 'ChecklistItem', department: 'SAMR', id: ids.item[k] };
        if (i % 3 === 1) return { __typename: 'PoolEntry', department: 'SAMR', id: ids.entry[k] };
        return { __typename: 'Inspector', department: 'SAMR', id: ids.inspector[k] };
      });
    const counts = { 10: await statements(ENTITIES, { r: reps(10) }), 100: await statements(ENTITIES, { r: reps(100) }) };
    results.entitiesMixed = counts;
    expect(counts[100]).toBe(counts[10]);
    expect(counts[10]).toBeLessThanOrEqual(5);
  });

  it('the answer is right, in representation order', async () => {
    const reps = ids.inspector.slice(0, 3).reverse().map((id) => ({ __typename: 'Inspector', department: 'SAMR', id }));
    const r = await h.call(ENTITIES, { r: reps }, JOINT);
    expect(r.data._entities.map((e: { id: string }) => e.id)).toEqual(reps.map((x) => x.id));
    expect(r.data._entities[2]).toMatchObject({ name: '检查员0', conflicts: [usccOf(0), usccOf(1)] });
    expect(r.data._entities[2].statusHistory).toEqual([
      { from: null, to: 'ACTIVE' },
      { from: 'ACTIVE', to: 'ON_LEAVE' },
    ]);
  });
});
