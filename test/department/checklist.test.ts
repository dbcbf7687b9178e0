import { admin, errorCode, itemInput, PUBLIC, rowCount, staff, startDepartment, stopAll, type DepartmentHarness } from './fixture';

const FIELDS = 'id department code name category legalBasis targetType content method minRatio maxRatio frequency status createdAt updatedAt publishedAt';
const CREATE = `mutation($d: String!, $input: ChecklistItemInput!) { createChecklistItem(department: $d, input: $input) { ${FIELDS} } }`;
const UPDATE = `mutation($d: String!, $id: ID!, $input: ChecklistItemUpdateInput!) { updateChecklistItem(department: $d, id: $id, input: $input) { ${FIELDS} } }`;
const PUBLISH = `mutation($d: String!, $id: ID!) { publishChecklistItem(department: $d, id: $id) { id status publishedAt } }`;
const RETIRE = `mutation($d: String!, $id: ID!) { retireChecklistItem(department: $d, id: $id) { id status } }`;
const DELETE = `mutation($d: String!, $id: ID!) { deleteChecklistItem(department: $d, id: $id) }`;
const LIST = `query($d: String!, $s: ItemStatus) { checklist(department: $d, status: $s) { id code status } }`;
const GET = `query($d: String!, $id: ID!) { checklistItem(department: $d, id: $id) { id code status } }`;

let h: DepartmentHarness;
const d = 'SAMR';
beforeAll(async () => {
  h = await startDepartment(d);
});
afterAll(() => stopAll(h));

async function create(code: string, over: Record<string, unknown> = {}) {
  const r = await h.call(CREATE, { d, input: itemInput(code, over) }, staff(d));
  expect(r.errors).toBeUndefined();
  return r.data.createChecklistItem;
}

describe('checklist items — lifecycle', () => {
  it('creates a DRAFT item, updates it, publishes, retires; published items cannot be edited or deleted', async () => {
    const item = await create('SAMR-001');
    expect(item).toMatchObject({ department: d, code: 'SAMR-001', status: 'DRAFT', publishedAt: null, minRatio: 0.03, maxRatio: 0.1 });

    const upd = await h.call(UPDATE, { d, id: item.id, input: { name: '食品生产企业日常监督检查', maxRatio: 0.2 } }, staff(d));
    expect(upd.errors).toBeUndefined();
    expect(upd.data.updateChecklistItem).toMatchObject({ name: '食品生产企业日常监督检查', maxRatio: 0.2, code: 'SAMR-001' });

    // Staff may write but not publish: that is the admin's call.
    expect(errorCode(await h.call(PUBLISH, { d, id: item.id }, staff(d)))).toBe('FORBIDDEN');
    const pub = await h.call(PUBLISH, { d, id: item.id }, admin(d));
    expect(pub.errors).toBeUndefined();
    expect(pub.data.publishChecklistItem.status).toBe('PUBLISHED');
    expect(pub.data.publishChecklistItem.publishedAt).toEqual(expect.any(String));

    expect(errorCode(await h.call(UPDATE, { d, id: item.id, input: { name: 'x' } }, staff(d)))).toBe('CONFLICT');
    expect(errorCode(await h.call(DELETE, { d, id: item.id }, staff(d)))).toBe('CONFLICT');
    expect(errorCode(await h.call(PUBLISH, { d, id: item.id }, admin(d)))).toBe('CONFLICT');

    const ret = await h.call(RETIRE, { d, id: item.id }, admin(d));
    expect(ret.data.retireChecklistItem.status).toBe('RETIRED');
    expect(errorCode(await h.call(RETIRE, { d, id: item.id }, admin(d)))).toBe('CONFLICT');
  });

  it('deletes drafts; unknown ids are NOT_FOUND', async () => {
    const item = await create('SAMR-DEL');
    const del = await h.call(DELETE, { d, id: item.id }, staff(d));
    expect(del.data.deleteChecklistItem).toBe(true);
    expect((await h.call(GET, { d, id: item.id })).data.checklistItem).toBeNull();
    expect(errorCode(await h.call(DELETE, { d, id: item.id }, staff(d)))).toBe('NOT_FOUND');
  });

  it('rejects a duplicate code in the department with CONFLICT', async () => {
    await create('SAMR-DUP');
    const before = await rowCount(h.dataSource, 'checklist_item');
    const r = await h.call(CREATE, { d, input: itemInput('SAMR-DUP') }, staff(d));
    expect(errorCode(r)).toBe('CONFLICT');
    expect(await rowCount(h.dataSource, 'checklist_item')).toBe(before);
  });

  it('filters by status', async () => {
    const r = await h.call(LIST, { d, s: 'RETIRED' }, admin(d));
    expect(r.data.checklist.map((i: { code: string }) => i.code)).toEqual(['SAMR-001']);
  });
});

describe('checklist items — validation (BAD_USER_INPUT naming the field, nothing written)', () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ['GENERAL item above 20%', { maxRatio: 0.5 }, 'maxRatio'],
    ['ratio 0', { minRatio: 0 }, 'minRatio'],
    ['ratio above 1', { category: 'KEY', maxRatio: 1.5 }, 'maxRatio'],
    ['min above max', { minRatio: 0.15, maxRatio: 0.1 }, 'minRatio'],
    ['empty name', { name: '  ' }, 'name'],
    ['name too long', { name: '名'.repeat(101) }, 'name'],
    ['legal basis too long', { legalBasis: '法'.repeat(501) }, 'legalBasis'],
    ['content too long', { content: '查'.repeat(2001) }, 'content'],
    ['bad code characters', { code: 'SAMR 001' }, 'code'],
  ];
  it.each(cases)('%s', async (_label, over, field) => {
    const before = await rowCount(h.dataSource, 'checklist_item');
    const r = await h.call(CREATE, { d, input: itemInput('SAMR-BAD', over) }, staff(d));
    expect(errorCode(r)).toBe('BAD_USER_INPUT');
    expect(r.errors![0].extensions!.field).toBe(field);
    expect(r.errors![0].message).toContain(field);
    expect(await rowCount(h.dataSource, 'checklist_item')).toBe(before);
  });

  it('a KEY item may go to 100%', async () => {
    const item = await create('SAMR-KEY', { category: 'KEY', minRatio: 1, maxRatio: 1 });
    expect(item.maxRatio).toBe(1);
  });

  it('an unknown enum value is BAD_USER_INPUT naming the field, nothing written', async () => {
    const before = await rowCount(h.dataSource, 'checklist_item');
    const r = await h.call(CREATE, { d, input: itemInput('SAMR-ENUM', { method: 'BY_PHONE' }) }, staff(d));
    expect(errorCode(r)).toBe('BAD_USER_INPUT');
    expect(r.errors![0].message).toContain('method');
    expect(await rowCount(h.dataSource, 'checklist_item')).toBe(before);
  });

  it('an update that breaks a rule is rejected and leaves the item unchanged', async () => {
    const item = await create('SAMR-UPD');
    const r = await h.call(UPDATE, { d, id: item.id, input: { maxRatio: 0.9 } }, staff(d));
    expect(errorCode(r)).toBe('BAD_USER_INPUT');
    expect(r.errors![0].extensions!.field).toBe('maxRatio');
    const [row] = await h.dataSource.query('SELECT max_ratio AS m FROM checklist_item WHERE id = ?', [Number(item.id)]);
    expect(Number(row.m)).toBe(0.1);
  });
});

describe('checklist items — who sees what', () => {
  let draftId: string;
  let publishedId: string;
  beforeAll(async () => {
    draftId = (await create('VIS-DRAFT')).id;
    publishedId = (await create('VIS-PUB')).id;
    await h.call(PUBLISH, { d, id: publishedId }, admin(d));
  });

  it('PUBLIC sees published items only', async () => {
    const r = await h.call(LIST, { d }, PUBLIC);
    expect(r.errors).toBeUndefined();
    expect(r.data.checklist.every((i: { status: string }) => i.status === 'PUBLISHED')).toBe(true);
    expect(r.data.checklist.map((i: { id: string }) => i.id)).toContain(publishedId);
    expect((await h.call(GET, { d, id: publishedId }, PUBLIC)).data.checklistItem.id).toBe(publishedId);
  });

  it('PUBLIC and other departments are FORBIDDEN drafts', async () => {
    for (const who of [PUBLIC, staff('ECO')]) {
      expect(errorCode(await h.call(LIST, { d, s: 'DRAFT' }, who))).toBe('FORBIDDEN');
      const one = await h.call(GET, { d, id: draftId }, who);
      expect(errorCode(one)).toBe('FORBIDDEN');
      expect(one.data.checklistItem).toBeNull();
    }
  });

  it('the department itself sees drafts too', async () => {
    const r = await h.call(LIST, { d }, staff(d));
    const statuses = new Set(r.data.checklist.map((i: { status: string }) => i.status));
    expect(statuses).toEqual(new Set(['DRAFT', 'PUBLISHED', 'RETIRED']));
  });
});
