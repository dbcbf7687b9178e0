import './shims'; // first: must run before anything loads graphql or jose
import { admin, JOINT, PUBLIC, rowCount, SERVICE, staff, startJoint, type JointHarness } from './fixture';

const LIST = `{ departments { code name role contactName contactPhone active } }`;
const GET = `query($code: String!) { department(code: $code) { code name role contactPhone active } }`;
const REGISTER = `mutation($input: RegisterDepartmentInput!) { registerDepartment(input: $input) { code name role contactName contactPhone active } }`;
const UPDATE = `mutation($code: String!, $input: UpdateDepartmentInput!) { updateDepartment(code: $code, input: $input) { code name role contactPhone active } }`;

let h: JointHarness;
beforeAll(async () => {
  h = await startJoint('joint_dept');
});
afterAll(() => h?.close());

describe('department registry — reads', () => {
  it('lists departments in registration order', async () => {
    const r = await h.call(LIST);
    expect(r.errors).toBeUndefined();
    expect(r.data.departments.map((d: { code: string }) => d.code)).toEqual(['SAMR', 'ECO', 'FIRE']);
    expect(r.data.departments[0]).toMatchObject({ name: '市场监督管理局', role: 'CONVENER', active: true });
  });

  it('gets one department by code, null when unknown', async () => {
    const r = await h.call(GET, { code: 'ECO' });
    expect(r.data.department).toMatchObject({ code: 'ECO', role: 'MEMBER' });
    const none = await h.call(GET, { code: 'NOPE' });
    expect(none.errors).toBeUndefined();
    expect(none.data.department).toBeNull();
  });

  it('shows the contact phone whole to the joint office, services and the department itself', async () => {
    for (const who of [JOINT, SERVICE, staff('SAMR'), admin('SAMR')]) {
      const r = await h.call(GET, { code: 'SAMR' }, who);
      expect(r.data.department.contactPhone).toBe('13812345678');
    }
  });

  it('masks the contact phone for PUBLIC and for other departments', async () => {
    const pub = await h.call(LIST, {}, PUBLIC);
    const phones = Object.fromEntries(pub.data.departments.map((d: { code: string; contactPhone: string }) => [d.code, d.contactPhone]));
    expect(phones).toEqual({ SAMR: '138****5678', ECO: '0793-***1234', FIRE: '139****1111' });
    const other = await h.call(GET, { code: 'SAMR' }, staff('ECO'));
    expect(other.data.department.contactPhone).toBe('138****5678');
  });
});

describe('department registry — writes', () => {
  it('lets the joint office register a department, listed last', async () => {
    const r = await h.call(REGISTER, {
      input: { code: 'HEALTH', name: '卫生健康局', contactName: '赵敏', contactPhone: '13700002222' },
    });
    expect(r.errors).toBeUndefined();
    expect(r.data.registerDepartment).toEqual({
      code: 'HEALTH', name: '卫生健康局', role: 'MEMBER', contactName: '赵敏', contactPhone: '13700002222', active: true,
    });
    const list = await h.call(LIST);
    expect(list.data.departments.map((d: { code: string }) => d.code)).toEqual(['SAMR', 'ECO', 'FIRE', 'HEALTH']);
  });

  it.each([
    ['DEPT_STAFF', staff('SAMR')],
    ['DEPT_ADMIN', admin('SAMR')],
    ['PUBLIC', PUBLIC],
  ])('refuses registration by %s (FORBIDDEN, nothing written)', async (_label, who) => {
    const before = await rowCount(h.dataSource, 'department');
    const r = await h.call(REGISTER, { input: { code: 'CULTURE', name: '文化广电旅游局' } }, who);
    expect(r.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(r.data).toBeNull();
    expect(await rowCount(h.dataSource, 'department')).toBe(before);
  });

  it('rejects a duplicate code with CONFLICT', async () => {
    const before = await rowCount(h.dataSource, 'department');
    const r = await h.call(REGISTER, { input: { code: 'ECO', name: '又一个生态环境局' } });
    expect(r.errors?.[0].extensions?.code).toBe('CONFLICT');
    expect(r.errors?.[0].message).toContain('ECO');
    expect(await rowCount(h.dataSource, 'department')).toBe(before);
  });

  it.each([
    [{ code: 'eco2', name: '小写' }, '部门代码'],
    [{ code: 'X', name: '太短' }, '部门代码'],
    [{ code: 'TAX', name: '  ' }, '部门名称'],
    [{ code: 'TAX', name: '税务局', contactPhone: '12345' }, '联系电话'],
  ])('rejects invalid input %j naming the field', async (input, field) => {
    const before = await rowCount(h.dataSource, 'department');
    const r = await h.call(REGISTER, { input });
    expect(r.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(r.errors?.[0].message).toContain(field);
    expect(await rowCount(h.dataSource, 'department')).toBe(before);
  });

  it('refuses a second convener with CONFLICT', async () => {
    const r = await h.call(REGISTER, { input: { code: 'TAX', name: '税务局', role: 'CONVENER' } });
    expect(r.errors?.[0].extensions?.code).toBe('CONFLICT');
    const u = await h.call(UPDATE, { code: 'ECO', input: { role: 'CONVENER' } });
    expect(u.errors?.[0].extensions?.code).toBe('CONFLICT');
  });

  it('lets the joint office update a department; null clears a nullable field', async () => {
    const r = await h.call(UPDATE, { code: 'FIRE', input: { name: '消防救援大队（改）', contactPhone: null, active: false } });
    expect(r.errors).toBeUndefined();
    expect(r.data.updateDepartment).toEqual({ code: 'FIRE', name: '消防救援大队（改）', role: 'MEMBER', contactPhone: null, active: false });
    const again = await h.call(GET, { code: 'FIRE' });
    expect(again.data.department).toMatchObject({ name: '消防救援大队（改）', contactPhone: null, active: false });
  });

  it('refuses updates by department staff and PUBLIC, leaving the row unchanged', async () => {
    for (const who of [staff('ECO'), admin('ECO'), PUBLIC]) {
      const r = await h.call(UPDATE, { code: 'ECO', input: { name: '被改名' } }, who);
      expect(r.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    }
    const eco = await h.call(GET, { code: 'ECO' });
    expect(eco.data.department.name).toBe('生态环境局');
  });

  it('reports NOT_FOUND for an unknown department and BAD_USER_INPUT for a null name', async () => {
    const missing = await h.call(UPDATE, { code: 'NOPE', input: { name: 'x' } });
    expect(missing.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const nullName = await h.call(UPDATE, { code: 'ECO', input: { name: null } });
    expect(nullName.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: '部门名称' });
  });
});
