import {
  admin,
  errorCode,
  idOf,
  inspectorInput,
  inspectorRole,
  JOINT,
  PUBLIC,
  rowCount,
  SERVICE,
  staff,
  startDepartment,
  stopAll,
  usccOf,
  type DepartmentHarness,
} from './fixture';

const NODE = `id department name gender position certificateNumber certificateExpiry unit phone idNumber expertise status conflicts
  statusHistory { from to reason changedBy changedAt }`;
const CREATE = `mutation($d: String!, $input: InspectorInput!) { createInspector(department: $d, input: $input) { ${NODE} } }`;
const UPDATE = `mutation($d: String!, $id: ID!, $input: InspectorUpdateInput!) { updateInspector(department: $d, id: $id, input: $input) { ${NODE} } }`;
const STATUS = `mutation($d: String!, $id: ID!, $s: InspectorStatus!, $r: String!) { changeInspectorStatus(department: $d, id: $id, status: $s, reason: $r) { ${NODE} } }`;
const DECLARE = `mutation($d: String!, $id: ID!, $c: String!) { declareConflict(department: $d, id: $id, creditCode: $c) { id conflicts } }`;
const UNDECLARE = `mutation($d: String!, $id: ID!, $c: String!) { removeConflict(department: $d, id: $id, creditCode: $c) { id conflicts } }`;
const GET = `query($d: String!, $id: ID!) { inspector(department: $d, id: $id) { ${NODE} } }`;
const LIST = `query($d: String!, $first: Int, $filter: InspectorFilter) { inspectors(department: $d, first: $first, filter: $filter) { totalCount edges { node { id name status expertise } } } }`;

let h: DepartmentHarness;
const d = 'SAMR';
beforeAll(async () => {
  h = await startDepartment(d);
});
afterAll(() => stopAll(h));

async function create(n: number, over: Record<string, unknown> = {}) {
  const r = await h.call(CREATE, { d, input: inspectorInput(n, over) }, staff(d));
  expect(r.errors).toBeUndefined();
  return r.data.createInspector;
}

describe('inspectors — 出入库 dynamic management', () => {
  it('creation writes the first history row (null → ACTIVE)', async () => {
    const i = await create(1);
    expect(i).toMatchObject({ department: d, status: 'ACTIVE', phone: '13800000001', idNumber: idOf(1), expertise: ['食品安全'], conflicts: [] });
    expect(i.statusHistory).toEqual([{ from: null, to: 'ACTIVE', reason: '入库', changedBy: `staff-${d}`, changedAt: expect.any(String) }]);
  });

  it('status changes are admin-only, need a reason, refuse a no-op, and keep the whole history', async () => {
    const i = await create(2);
    expect(errorCode(await h.call(STATUS, { d, id: i.id, s: 'ON_LEAVE', r: '休假' }, staff(d)))).toBe('FORBIDDEN');
    const noReason = await h.call(STATUS, { d, id: i.id, s: 'ON_LEAVE', r: '   ' }, admin(d));
    expect(errorCode(noReason)).toBe('BAD_USER_INPUT');
    expect(noReason.errors![0].extensions!.field).toBe('reason');
    expect(errorCode(await h.call(STATUS, { d, id: i.id, s: 'ACTIVE', r: '仍在岗' }, admin(d)))).toBe('CONFLICT');

    const leave = await h.call(STATUS, { d, id: i.id, s: 'ON_LEAVE', r: '产假' }, admin(d));
    expect(leave.errors).toBeUndefined();
    expect(leave.data.changeInspectorStatus.status).toBe('ON_LEAVE');
    await h.call(STATUS, { d, id: i.id, s: 'LEFT', r: '调离' }, admin(d));
    const got = await h.call(GET, { d, id: i.id }, admin(d));
    expect(got.data.inspector.status).toBe('LEFT');
    expect(got.data.inspector.statusHistory.map((c: any) => [c.from, c.to, c.reason, c.changedBy])).toEqual([
      [null, 'ACTIVE', '入库', `staff-${d}`],
      ['ACTIVE', 'ON_LEAVE', '产假', `admin-${d}`],
      ['ON_LEAVE', 'LEFT', '调离', `admin-${d}`],
    ]);
  });

  it('updates everything but the status; the certificate number stays unique', async () => {
    const i = await create(3);
    const up = await h.call(UPDATE, { d, id: i.id, input: { position: '副科长', expertise: ['食品安全', '广告'], idNumber: null } }, staff(d));
    expect(up.errors).toBeUndefined();
    expect(up.data.updateInspector).toMatchObject({ position: '副科长', expertise: ['食品安全', '广告'], idNumber: null, status: 'ACTIVE' });
    const dup = await h.call(UPDATE, { d, id: i.id, input: { certificateNumber: inspectorInput(1).certificateNumber } }, staff(d));
    expect(errorCode(dup)).toBe('CONFLICT');
    expect(errorCode(await h.call(CREATE, { d, input: inspectorInput(1) }, staff(d)))).toBe('CONFLICT');
  });

  it('declares and removes conflicts of interest (validated USCCs)', async () => {
    const i = await create(4);
    const a = await h.call(DECLARE, { d, id: i.id, c: usccOf(1) }, staff(d));
    expect(a.data.declareConflict.conflicts).toEqual([usccOf(1)]);
    await h.call(DECLARE, { d, id: i.id, c: usccOf(2) }, staff(d));
    expect(errorCode(await h.call(DECLARE, { d, id: i.id, c: usccOf(2) }, staff(d)))).toBe('CONFLICT');
    const bad = await h.call(DECLARE, { d, id: i.id, c: '91350100M000100Y44' }, staff(d));
    expect(errorCode(bad)).toBe('BAD_USER_INPUT');
    expect(bad.errors![0].extensions!.field).toBe('creditCode');
    const rm = await h.call(UNDECLARE, { d, id: i.id, c: usccOf(1) }, staff(d));
    expect(rm.data.removeConflict.conflicts).toEqual([usccOf(2)]);
    expect(errorCode(await h.call(UNDECLARE, { d, id: i.id, c: usccOf(1) }, staff(d)))).toBe('NOT_FOUND');
  });
});

describe('inspectors — validation (BAD_USER_INPUT naming the field, nothing written)', () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ['bad resident ID check digit', { idNumber: idOf(9).slice(0, 17) + (idOf(9).endsWith('1') ? '2' : '1') }, 'idNumber'],
    ['resident ID with an impossible birth date', { idNumber: '361129198502300012' }, 'idNumber'],
    ['bad certificate expiry date', { certificateExpiry: '2028-02-30' }, 'certificateExpiry'],
    ['date in the wrong format', { certificateExpiry: '2028/12/31' }, 'certificateExpiry'],
    ['bad phone', { phone: '12345' }, 'phone'],
    ['empty unit', { unit: '' }, 'unit'],
  ];
  it.each(cases)('%s', async (_l, over, field) => {
    const before = await rowCount(h.dataSource, 'inspector');
    const hist = await rowCount(h.dataSource, 'inspector_status_change');
    const r = await h.call(CREATE, { d, input: inspectorInput(9, over) }, staff(d));
    expect(errorCode(r)).toBe('BAD_USER_INPUT');
    expect(r.errors![0].extensions!.field).toBe(field);
    expect(r.errors![0].message).toContain(field);
    expect(await rowCount(h.dataSource, 'inspector')).toBe(before);
    expect(await rowCount(h.dataSource, 'inspector_status_change')).toBe(hist);
  });

  it('an unknown gender is BAD_USER_INPUT', async () => {
    const r = await h.call(CREATE, { d, input: inspectorInput(9, { gender: 'X' }) }, staff(d));
    expect(errorCode(r)).toBe('BAD_USER_INPUT');
    expect(r.errors![0].message).toContain('gender');
  });
});

describe('inspectors — reads and personal data', () => {
  it('filters by status, expertise and search', async () => {
    const active = await h.call(LIST, { d, first: 50, filter: { status: 'ACTIVE' } }, JOINT);
    expect(active.data.inspectors.edges.every((e: any) => e.node.status === 'ACTIVE')).toBe(true);
    const ads = await h.call(LIST, { d, first: 50, filter: { expertise: '广告' } }, JOINT);
    expect(ads.data.inspectors.edges.map((e: any) => e.node.name)).toEqual(['检查员3']);
    const byName = await h.call(LIST, { d, first: 50, filter: { search: '检查员4' } }, JOINT);
    expect(byName.data.inspectors.totalCount).toBe(1);
  });

  it('phone and ID number are masked for everyone but the department staff/admin and services', async () => {
    const id = (await create(20)).id;
    for (const who of [staff(d), admin(d), SERVICE]) {
      const r = await h.call(GET, { d, id }, who);
      expect(r.data.inspector).toMatchObject({ phone: '13800000020', idNumber: idOf(20) });
    }
    for (const who of [JOINT, inspectorRole(d)]) {
      const r = await h.call(GET, { d, id }, who);
      expect(r.data.inspector.phone).toBe('138****0020');
      expect(r.data.inspector.idNumber).toBe(`${idOf(20).slice(0, 6)}********${idOf(20).slice(-4)}`);
    }
  });

  it('PUBLIC and other departments are FORBIDDEN inspectors', async () => {
    for (const who of [PUBLIC, staff('ECO')]) {
      expect(errorCode(await h.call(LIST, { d, first: 1 }, who))).toBe('FORBIDDEN');
      expect(errorCode(await h.call(GET, { d, id: '1' }, who))).toBe('FORBIDDEN');
    }
  });
});
