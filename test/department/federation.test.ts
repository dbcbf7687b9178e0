import { generateDemoData } from '../../shared/demo-data';
import type { GraphQLObjectType } from 'graphql';
import { buildDepartmentSchema, departmentSdl } from '../../subgraphs/department/schema';
import { seedDepartment } from '../../subgraphs/department/seed';
import { callSubgraph } from '../helpers';
import {
  admin,
  errorCode,
  inspectorInput,
  itemInput,
  JOINT,
  PUBLIC,
  rowCount,
  SERVICE,
  staff,
  startDepartment,
  stopAll,
  targetInput,
  usccOf,
  type DepartmentHarness,
} from './fixture';

const ENTITIES = `query($r: [_Any!]!) { _entities(representations: $r) {
  __typename
  ... on Department { code summary { publishedItems draftItems retiredItems poolSize activeInspectors totalInspectors } }
  ... on ChecklistItem { id department code status }
  ... on PoolEntry { id department creditCode entity { creditCode } }
  ... on Inspector { id department name phone }
} }`;

let samr: DepartmentHarness;
let eco: DepartmentHarness;
const ids: Record<string, string> = {};

beforeAll(async () => {
  samr = await startDepartment('SAMR');
  eco = await startDepartment('ECO', '生态环境局');
  const s = staff('SAMR');
  const item = await samr.call(`mutation($i: ChecklistItemInput!) { createChecklistItem(department: "SAMR", input: $i) { id } }`, { i: itemInput('SAMR-001') }, s);
  ids.item = item.data.createChecklistItem.id;
  await samr.call(`mutation($id: ID!) { publishChecklistItem(department: "SAMR", id: $id) { id } }`, { id: ids.item }, admin('SAMR'));
  const draft = await samr.call(`mutation($i: ChecklistItemInput!) { createChecklistItem(department: "SAMR", input: $i) { id } }`, { i: itemInput('SAMR-002') }, s);
  ids.draft = draft.data.createChecklistItem.id;
  const entry = await samr.call(`mutation($i: TargetInput!) { addTarget(department: "SAMR", input: $i) { id } }`, { i: targetInput(1) }, s);
  ids.entry = entry.data.addTarget.id;
  const insp = await samr.call(`mutation($i: InspectorInput!) { createInspector(department: "SAMR", input: $i) { id } }`, { i: inspectorInput(1) }, s);
  ids.inspector = insp.data.createInspector.id;
});
afterAll(() => stopAll(samr, eco));

describe('federation — _entities', () => {
  it('resolves every entity type of its own department', async () => {
    const r = await samr.call(ENTITIES, {
      r: [
        { __typename: 'Department', code: 'SAMR' },
        { __typename: 'ChecklistItem', department: 'SAMR', id: ids.item },
        { __typename: 'PoolEntry', department: 'SAMR', id: ids.entry },
        { __typename: 'Inspector', department: 'SAMR', id: ids.inspector },
      ],
    }, staff('SAMR'));
    expect(r.errors).toBeUndefined();
    expect(r.data._entities).toEqual([
      {
        __typename: 'Department',
        code: 'SAMR',
        summary: { publishedItems: 1, draftItems: 1, retiredItems: 0, poolSize: 1, activeInspectors: 1, totalInspectors: 1 },
      },
      { __typename: 'ChecklistItem', id: ids.item, department: 'SAMR', code: 'SAMR-001', status: 'PUBLISHED' },
      { __typename: 'PoolEntry', id: ids.entry, department: 'SAMR', creditCode: usccOf(1), entity: { creditCode: usccOf(1) } },
      { __typename: 'Inspector', id: ids.inspector, department: 'SAMR', name: '检查员1', phone: '13800000001' },
    ]);
  });

  it('a representation of another department is MISROUTED, never data; the rest still resolves', async () => {
    const r = await samr.call(ENTITIES, {
      r: [
        { __typename: 'Inspector', department: 'ECO', id: ids.inspector },
        { __typename: 'ChecklistItem', department: 'SAMR', id: ids.item },
        { __typename: 'Department', code: 'ECO' },
        { __typename: 'PoolEntry', department: 'ECO', id: ids.entry },
        { __typename: 'ChecklistItem', department: 'ECO', id: ids.item },
      ],
    }, JOINT);
    expect(r.data._entities[0]).toBeNull();
    expect(r.data._entities[1]).toMatchObject({ code: 'SAMR-001' });
    expect(r.data._entities[2]).toBeNull();
    expect(r.data._entities[3]).toBeNull();
    expect(r.data._entities[4]).toBeNull();
    expect(r.errors!.map((e) => [e.path, e.extensions!.code])).toEqual([
      [['_entities', 0], 'MISROUTED'],
      [['_entities', 2], 'MISROUTED'],
      [['_entities', 3], 'MISROUTED'],
      [['_entities', 4], 'MISROUTED'],
    ]);
  });

  it('an unknown id resolves to null', async () => {
    const r = await samr.call(ENTITIES, { r: [{ __typename: 'Inspector', department: 'SAMR', id: '99999' }] }, JOINT);
    expect(r.errors).toBeUndefined();
    expect(r.data._entities).toEqual([null]);
  });

  it('on Department, PUBLIC gets the published checklist and summary, and null + FORBIDDEN for private fields', async () => {
    const q = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Department {
      code checklist { code status } summary { poolSize } targetPool(first: 5) { totalCount } inspectors { totalCount } } } }`;
    const r = await samr.call(q, { r: [{ __typename: 'Department', code: 'SAMR' }] }, PUBLIC);
    const dep = r.data._entities[0];
    expect(dep.checklist).toEqual([{ code: 'SAMR-001', status: 'PUBLISHED' }]);
    expect(dep.summary).toEqual({ poolSize: 1 });
    expect(dep.targetPool).toBeNull();
    expect(dep.inspectors).toBeNull();
    expect(r.errors!.map((e) => [e.path!.join('.'), e.extensions!.code]).sort()).toEqual([
      ['_entities.0.inspectors', 'FORBIDDEN'],
      ['_entities.0.targetPool', 'FORBIDDEN'],
    ]);
    // A draft through _entities is private too.
    const draft = await samr.call(ENTITIES, { r: [{ __typename: 'ChecklistItem', department: 'SAMR', id: ids.draft }] }, PUBLIC);
    expect(draft.data._entities).toEqual([null]);
    expect(errorCode(draft)).toBe('FORBIDDEN');
  });

  it('phone is masked for another department (via _entities and the JOINT office alike)', async () => {
    const r = await samr.call(ENTITIES, { r: [{ __typename: 'Inspector', department: 'SAMR', id: ids.inspector }] }, JOINT);
    expect(r.data._entities[0].phone).toBe('138****0001');
  });
});

describe('routing and authentication', () => {
  const ROOTS: [string, string][] = [
    ['checklist', '{ checklist(department: "ECO") { id } }'],
    ['checklistItem', '{ checklistItem(department: "ECO", id: "1") { id } }'],
    ['targetPool', '{ targetPool(department: "ECO") { totalCount } }'],
    ['inspectors', '{ inspectors(department: "ECO") { totalCount } }'],
    ['inspector', '{ inspector(department: "ECO", id: "1") { id } }'],
    ['removeTarget', `mutation { removeTarget(department: "ECO", creditCode: "${usccOf(1)}") }`],
  ];
  it.each(ROOTS)('root field %s with another department is MISROUTED', async (_name, q) => {
    const r = await samr.call(q, {}, SERVICE);
    expect(errorCode(r)).toBe('MISROUTED');
    expect(r.errors![0].extensions!.department).toBe('SAMR');
  });

  it('MISROUTED comes before authorization and writes nothing', async () => {
    const before = await rowCount(samr.dataSource, 'pool_entry');
    const r = await samr.call(`mutation($i: TargetInput!) { addTarget(department: "ECO", input: $i) { id } }`, { i: targetInput(5) }, staff('ECO'));
    expect(errorCode(r)).toBe('MISROUTED');
    expect(await rowCount(samr.dataSource, 'pool_entry')).toBe(before);
  });

  it('a request without an identity signature is HTTP 401', async () => {
    const r = await callSubgraph(samr.url, '{ checklist(department: "SAMR") { id } }', {}, null);
    expect(r.status).toBe(401);
    expect(errorCode(r)).toBe('UNAUTHENTICATED');
    const forged = await callSubgraph(samr.url, '{ checklist(department: "SAMR") { id } }', {}, PUBLIC, 'wrong-secret');
    expect(forged.status).toBe(401);
  });
});

describe('authorization — DEPT_STAFF of another department is FORBIDDEN on every write kind', () => {
  const other = staff('ECO');
  const WRITES: [string, () => [string, Record<string, unknown>]][] = [
    ['createChecklistItem', () => ['mutation($i: ChecklistItemInput!) { createChecklistItem(department: "SAMR", input: $i) { id } }', { i: itemInput('X-1') }]],
    ['updateChecklistItem', () => ['mutation($id: ID!) { updateChecklistItem(department: "SAMR", id: $id, input: { name: "改" }) { id } }', { id: ids.draft }]],
    ['publishChecklistItem', () => ['mutation($id: ID!) { publishChecklistItem(department: "SAMR", id: $id) { id } }', { id: ids.draft }]],
    ['retireChecklistItem', () => ['mutation($id: ID!) { retireChecklistItem(department: "SAMR", id: $id) { id } }', { id: ids.item }]],
    ['deleteChecklistItem', () => ['mutation($id: ID!) { deleteChecklistItem(department: "SAMR", id: $id) }', { id: ids.draft }]],
    ['addTarget', () => ['mutation($i: TargetInput!) { addTarget(department: "SAMR", input: $i) { id } }', { i: targetInput(7) }]],
    ['updateTarget', () => ['mutation($c: String!) { updateTarget(department: "SAMR", creditCode: $c, input: { creditClass: "D" }) { id } }', { c: usccOf(1) }]],
    ['removeTarget', () => ['mutation($c: String!) { removeTarget(department: "SAMR", creditCode: $c) }', { c: usccOf(1) }]],
    ['bulkAddTargets', () => ['mutation($i: [TargetInput!]!) { bulkAddTargets(department: "SAMR", inputs: $i) { added } }', { i: [targetInput(8)] }]],
    ['createInspector', () => ['mutation($i: InspectorInput!) { createInspector(department: "SAMR", input: $i) { id } }', { i: inspectorInput(8) }]],
    ['updateInspector', () => ['mutation($id: ID!) { updateInspector(department: "SAMR", id: $id, input: { position: "科长" }) { id } }', { id: ids.inspector }]],
    ['changeInspectorStatus', () => ['mutation($id: ID!) { changeInspectorStatus(department: "SAMR", id: $id, status: LEFT, reason: "调离") { id } }', { id: ids.inspector }]],
    ['declareConflict', () => ['mutation($id: ID!, $c: String!) { declareConflict(department: "SAMR", id: $id, creditCode: $c) { id } }', { id: ids.inspector, c: usccOf(3) }]],
    ['removeConflict', () => ['mutation($id: ID!, $c: String!) { removeConflict(department: "SAMR", id: $id, creditCode: $c) { id } }', { id: ids.inspector, c: usccOf(3) }]],
  ];
  const TABLES = ['checklist_item', 'pool_entry', 'inspector', 'inspector_status_change', 'inspector_conflict'];
  it.each(WRITES)('%s', async (_name, make) => {
    const counts = await Promise.all(TABLES.map((t) => rowCount(samr.dataSource, t)));
    const [q, v] = make();
    for (const who of [other, admin('ECO'), PUBLIC, JOINT]) {
      const r = await samr.call(q, v, who);
      expect(errorCode(r)).toBe('FORBIDDEN');
    }
    expect(await Promise.all(TABLES.map((t) => rowCount(samr.dataSource, t)))).toEqual(counts);
  });
});

describe('contract', () => {
  it('departmentSdl() names no department and is identical for every instance; instances serve it', async () => {
    const sdl = await departmentSdl();
    for (const code of ['SAMR', 'ECO']) expect(sdl).not.toMatch(new RegExp(`\\b${code}\\b`));
    const served = await Promise.all([samr, eco].map((h) => h.call('{ _service { sdl } }', {}, SERVICE)));
    expect(served[0].data._service.sdl).toBe(sdl);
    expect(served[1].data._service.sdl).toBe(sdl);
    expect(await departmentSdl()).toBe(sdl);
  });

  it('every root field takes department as its first argument; contributed Department fields are nullable', async () => {
    const schema = await buildDepartmentSchema();
    for (const type of [schema.getQueryType()!, schema.getMutationType()!]) {
      for (const f of Object.values(type.getFields())) {
        if (f.name.startsWith('_')) continue;
        expect([f.name, f.args[0]?.name, String(f.args[0]?.type)]).toEqual([f.name, 'department', 'String!']);
      }
    }
    const dep = schema.getType('Department') as GraphQLObjectType;
    expect(Object.keys(dep.getFields()).sort()).toEqual(['checklist', 'code', 'inspectors', 'summary', 'targetPool']);
    for (const f of Object.values(dep.getFields())) if (f.name !== 'code') expect(String(f.type).endsWith('!')).toBe(false);
  });
});

describe('seed', () => {
  it('seeds one department from the demo data once, then refuses (tables not empty)', async () => {
    const data = generateDemoData();
    const h = eco;
    expect(await seedDepartment(h.dataSource, 'ECO', data)).toBe(true);
    const mine = <T extends { department: string }>(xs: T[]) => xs.filter((x) => x.department === 'ECO');
    expect(await rowCount(h.dataSource, 'checklist_item')).toBe(mine(data.checklistItems).length);
    expect(await rowCount(h.dataSource, 'pool_entry')).toBe(mine(data.poolEntries).length);
    expect(await rowCount(h.dataSource, 'inspector')).toBe(mine(data.inspectors).length);
    expect(await rowCount(h.dataSource, 'inspector_conflict')).toBe(
      mine(data.inspectors).reduce((n, i) => n + new Set(i.conflicts).size, 0),
    );
    expect(await rowCount(h.dataSource, 'inspector_status_change')).toBeGreaterThanOrEqual(mine(data.inspectors).length);
    expect(await seedDepartment(h.dataSource, 'ECO', data)).toBe(false);
    const r = await h.call('{ inspectors(department: "ECO", first: 3) { totalCount edges { node { statusHistory { to } } } } }', {}, JOINT);
    expect(r.errors).toBeUndefined();
    expect(r.data.inspectors.totalCount).toBe(mine(data.inspectors).length);
  });
});
