// Every write of a department goes on its own audit chain, in the write's transaction, without personal data.
import { GENESIS, verifyChain } from '../../shared/domain/audit';
import { toAuditEntry } from '../../shared/audit-store';
import { departmentAudit } from '../../subgraphs/department/department.audit';
import { verifyDepartmentAudit } from '../../scripts/verify-audit';
import { PUBLIC, SERVICE, admin, errorCode, inspectorInput, itemInput, startDepartment, staff, stopAll, targetInput, usccOf, type DepartmentHarness } from './fixture';

const HEAD = 'query($d: String!) { departmentAuditHead(department: $d) { length hash at } }';

describe('department audit chain', () => {
  let h: DepartmentHarness;
  const ok = async (query: string, variables: Record<string, unknown>, identity = admin('SAMR')) => {
    const r = await h.call(query, { d: 'SAMR', ...variables }, identity);
    if (r.errors) throw new Error(JSON.stringify(r.errors));
    return r.data;
  };
  const entries = async () => (await departmentAudit.rows(h.dataSource.manager, { department: 'SAMR' })).map(toAuditEntry);

  beforeAll(async () => {
    h = await startDepartment('SAMR');
  });
  afterAll(() => stopAll(h));

  test('an empty chain has the genesis head, readable without an identity', async () => {
    const r = await h.call(HEAD, { d: 'SAMR' }, PUBLIC);
    expect(r.data.departmentAuditHead).toEqual({ length: 0, hash: GENESIS, at: null });
    expect(errorCode(await h.call(HEAD, { d: 'ECO' }, PUBLIC))).toBe('MISROUTED');
  });

  test('checklist, inspector, pool and matching writes each append one entry; personal fields by name only', async () => {
    const a = (await ok('mutation($d: String!, $i: ChecklistItemInput!) { createChecklistItem(department: $d, input: $i) { id } }', { i: itemInput('AUD-1') })).createChecklistItem.id;
    await ok('mutation($d: String!, $id: ID!) { updateChecklistItem(department: $d, id: $id, input: { name: "改名后的事项" }) { id } }', { id: a });
    await ok('mutation($d: String!, $id: ID!) { publishChecklistItem(department: $d, id: $id) { id } }', { id: a });
    await ok('mutation($d: String!, $id: ID!) { retireChecklistItem(department: $d, id: $id) { id } }', { id: a });
    const b = (await ok('mutation($d: String!, $i: ChecklistItemInput!) { createChecklistItem(department: $d, input: $i) { id } }', { i: itemInput('AUD-2') })).createChecklistItem.id;
    await ok('mutation($d: String!, $id: ID!) { deleteChecklistItem(department: $d, id: $id) }', { id: b });

    const people = [1, 2, 3].map((n) => inspectorInput(700 + n));
    const ids: string[] = [];
    for (const p of people) ids.push((await ok('mutation($d: String!, $i: InspectorInput!) { createInspector(department: $d, input: $i) { id } }', { i: p }, staff('SAMR'))).createInspector.id);
    await ok('mutation($d: String!, $id: ID!) { updateInspector(department: $d, id: $id, input: { phone: "13900001111", unit: "万年县市场监督管理局石镇所" }) { id } }', { id: ids[0] });
    await ok('mutation($d: String!, $id: ID!) { changeInspectorStatus(department: $d, id: $id, status: ON_LEAVE, reason: "病假") { id } }', { id: ids[2] });
    await ok('mutation($d: String!, $id: ID!, $c: String!) { declareConflict(department: $d, id: $id, creditCode: $c) { id } }', { id: ids[1], c: usccOf(900) });
    await ok('mutation($d: String!, $id: ID!, $c: String!) { removeConflict(department: $d, id: $id, creditCode: $c) { id } }', { id: ids[1], c: usccOf(900) });

    await ok('mutation($d: String!, $i: TargetInput!) { addTarget(department: $d, input: $i) { id } }', { i: targetInput(901) });
    await ok('mutation($d: String!, $c: String!) { updateTarget(department: $d, creditCode: $c, input: { creditClass: "D" }) { id } }', { c: usccOf(901) });
    await ok('mutation($d: String!, $c: String!) { removeTarget(department: $d, creditCode: $c) }', { c: usccOf(901) });
    const bulk = await ok('mutation($d: String!, $i: [TargetInput!]!) { bulkAddTargets(department: $d, inputs: $i) { added skipped } }', { i: [targetInput(902), targetInput(903), targetInput(902)] });
    expect(bulk.bulkAddTargets).toEqual({ added: 2, skipped: 1 });

    const match = { taskId: '900001', roundId: '900', creditCode: usccOf(902), visitDate: '2027-07-01', seed: 'audit-seed', leader: true, itemCodes: ['AUD-1'] };
    const matched = (await ok('mutation($d: String!, $i: MatchInput!) { matchInspectors(department: $d, input: $i) { assignments { status inspector { id } } } }', { i: match }, SERVICE)).matchInspectors;
    const leaving = matched.assignments.find((x: { status: string }) => x.status === 'ACTIVE').inspector.id;
    await ok('mutation($d: String!, $t: ID!, $i: ID!) { replaceInspector(department: $d, taskId: $t, inspectorId: $i, reason: "发现利害关系") { status } }', { t: '900001', i: leaving }, SERVICE);
    // Idempotent by task: asking again returns the first match and writes nothing.
    await ok('mutation($d: String!, $i: MatchInput!) { matchInspectors(department: $d, input: $i) { status } }', { i: match }, SERVICE);

    const chain = await entries();
    expect(chain.map((e) => e.action)).toEqual([
      'CHECKLIST_ITEM_CREATED', 'CHECKLIST_ITEM_UPDATED', 'CHECKLIST_ITEM_PUBLISHED', 'CHECKLIST_ITEM_RETIRED', 'CHECKLIST_ITEM_CREATED', 'CHECKLIST_ITEM_DELETED',
      'INSPECTOR_CREATED', 'INSPECTOR_CREATED', 'INSPECTOR_CREATED', 'INSPECTOR_UPDATED', 'INSPECTOR_STATUS_CHANGED', 'CONFLICT_DECLARED', 'CONFLICT_REMOVED',
      'TARGET_ADDED', 'TARGET_UPDATED', 'TARGET_REMOVED', 'TARGETS_BULK_ADDED', 'TEAM_MATCHED', 'INSPECTOR_REPLACED',
    ]);
    expect(verifyChain(chain)).toEqual({ ok: true, count: chain.length });
    const byAction = (action: string) => chain.filter((e) => e.action === action).map((e) => e.payload as Record<string, any>);
    expect(byAction('CHECKLIST_ITEM_UPDATED')[0]).toEqual({ code: 'AUD-1', changed: { name: { from: itemInput('AUD-1').name, to: '改名后的事项' } } });
    expect(byAction('INSPECTOR_CREATED')[0].inspector).toMatchObject({ name: people[0].name, personalFieldsSet: ['gender', 'idNumber', 'phone'] });
    expect(byAction('INSPECTOR_UPDATED')[0]).toEqual({ changed: { unit: { from: people[0].unit, to: '万年县市场监督管理局石镇所' } }, personalFieldsChanged: ['phone'] });
    expect(byAction('TARGET_UPDATED')[0]).toEqual({ changed: { creditClass: { from: targetInput(901).creditClass, to: 'D' } } });
    expect(byAction('TARGETS_BULK_ADDED')[0]).toEqual({ rows: 3, added: 2, skipped: 1 });
    expect(byAction('INSPECTOR_REPLACED')[0]).toMatchObject({ inspectorId: Number(leaving), reason: '发现利害关系' });
    const text = JSON.stringify(chain);
    for (const p of people) for (const secret of [p.phone, p.idNumber]) expect(text).not.toContain(secret);
    expect(text).not.toContain('13900001111');

    const head = (await h.call(HEAD, { d: 'SAMR' }, PUBLIC)).data.departmentAuditHead;
    expect(head).toEqual({ length: chain.length, hash: chain[chain.length - 1].hash, at: chain[chain.length - 1].at });
    expect((await verifyDepartmentAudit(h.dataSource, 'SAMR', { head })).ok).toBe(true);
  });

  test('concurrent writes queue behind each other: every one lands on one unbroken chain', async () => {
    const before = (await entries()).length;
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => h.call('mutation($d: String!, $i: TargetInput!) { addTarget(department: $d, input: $i) { id } }', { d: 'SAMR', i: targetInput(950 + i) }, staff('SAMR'))),
    );
    expect(results.map((r) => r.errors)).toEqual(Array(8).fill(undefined));
    const chain = await entries();
    expect(chain.length).toBe(before + 8);
    expect(verifyChain(chain)).toEqual({ ok: true, count: chain.length });
  });

  test('a refused write appends nothing', async () => {
    const before = (await entries()).length;
    expect(errorCode(await h.call('mutation($d: String!, $i: TargetInput!) { addTarget(department: $d, input: $i) { id } }', { d: 'SAMR', i: targetInput(950) }))).toBe('CONFLICT');
    expect(errorCode(await h.call('mutation($d: String!, $i: TargetInput!) { addTarget(department: $d, input: $i) { id } }', { d: 'SAMR', i: targetInput(999) }, PUBLIC))).toBe('FORBIDDEN');
    expect((await entries()).length).toBe(before);
  });
});
