// A confirmed credit-class move travels from the joint registry to every department pool that holds the business:
// delivered exactly once, held back while a department is down, delivered after it returns, never overtaken by an
// older move (docs/credit-classes.md).
import { startTestHub, type TestHub } from './hub';
import { drawRestaurantRound } from './flow';
import { Caller } from '../authz/fixture';
import { createJointContext } from '../../subgraphs/joint-inspection/context';
import { gatewayDepartmentClient } from '../../subgraphs/joint-inspection/department-client';
import { deliverPendingCreditChanges, pendingCreditDeliveries } from '../../subgraphs/joint-inspection/credit-delivery.service';
import { TEST_JWT_SECRET } from '../helpers';
import { mintJwt } from '../../shared/identity';
import { makeUscc } from '../../shared/validation';

const HUB = ['SAMR', 'HEALTH', 'FIRE'];
const APPLY = 'mutation($d: String!, $c: [CreditClassChangeInput!]!) { applyCreditClasses(department: $d, changes: $c) { changeId creditCode outcome previousClass } }';
const DELIVER = 'mutation { deliverCreditChanges { delivered pending departments { department departmentName delivered pending reachable } } }';
const PENDING = '{ pendingCreditDeliveries { department departmentName pending attempts oldestAt lastError } }';

describe('credit-class moves reach the department pools', () => {
  let hub: TestHub;
  let call: Caller;
  let creditCode = '';
  let changeId = '';
  const poolClass = async (department: string, code = creditCode): Promise<string | null> => {
    const rows = await hub.departments.get(department)!.dataSource.query('SELECT credit_class AS c FROM pool_entry WHERE department = ? AND credit_code = ?', [department, code]);
    return rows[0]?.c ?? null;
  };
  const appliedRows = async (department: string, id = changeId) =>
    (await hub.departments.get(department)!.dataSource.query('SELECT outcome FROM credit_class_applied WHERE change_id = ?', [Number(id)])).map((r: any) => r.outcome);
  const deliveries = async () =>
    Object.fromEntries(
      (await hub.joint.dataSource.query('SELECT department, status, outcome, attempts, last_error AS lastError FROM credit_delivery WHERE change_id = ?', [Number(changeId)])).map((r: any) => [r.department, r]),
    );

  beforeAll(async () => {
    hub = await startTestHub(HUB);
    call = new Caller(hub);
    const office = await call.token({ sub: 'fixture-office', role: 'JOINT_OFFICE' });
    const { roundId } = await drawRestaurantRound(hub, ['SAMR', 'HEALTH'], '2026-Q3', office);
    const tasks = (await call.office('query($r: ID!) { tasks(roundId: $r) { id creditCode departments items { department code } entity { creditClass } } }', { r: roundId })).tasks;
    // A joint task on a class-B business: clean results from both departments propose class A.
    const task = tasks.find((t: any) => t.entity.creditClass === 'B' && t.departments.length === 2);
    expect(task).toBeDefined();
    creditCode = task.creditCode;
    for (const item of task.items) {
      const input = { taskId: task.id, department: item.department, itemCode: item.code, categories: ['NO_PROBLEM'], followUp: 'NONE', findings: '', inspectedOn: '2026-07-02' };
      const id = (await call.service('mutation($input: ResultInput!) { enterResult(input: $input) { id } }', { input })).enterResult.id;
      for (const step of ['submitResult(id: $id)', 'reviewResult(id: $id, approve: true)', 'publishResult(id: $id)']) await call.service(`mutation($id: ID!) { ${step} { id } }`, { id });
    }
    const proposed = (await call.office('query($c: String) { creditChanges(creditCode: $c) { id status fromClass toClass } }', { c: creditCode })).creditChanges;
    const change = proposed.find((c: any) => c.status === 'PROPOSED');
    expect(change).toMatchObject({ fromClass: 'B', toClass: 'A' });
    changeId = change.id;
    // FIRE does not hold the business, so its answer is NOT_IN_POOL.
    if (await poolClass('FIRE')) await call.service('mutation($c: String!) { removeTarget(department: "FIRE", creditCode: $c) }', { c: creditCode });
    expect(await poolClass('FIRE')).toBeNull();
    // A proposal is not effective yet: nothing is queued for the departments.
    expect(await deliveries()).toEqual({});
  }, 300_000);
  afterAll(async () => hub?.close());

  test('with HEALTH down, a confirmed move reaches SAMR, FIRE answers NOT_IN_POOL, HEALTH stays pending', async () => {
    const before = { SAMR: await poolClass('SAMR'), HEALTH: await poolClass('HEALTH') };
    expect(before.SAMR).not.toBeNull();
    expect(before.HEALTH).not.toBeNull();
    await hub.stopDepartment('HEALTH');
    await call.office('mutation($id: ID!) { decideCreditChange(id: $id, accept: true) { status } }', { id: changeId });
    const summary = (await call.office(DELIVER)).deliverCreditChanges;
    const by = Object.fromEntries(summary.departments.map((d: any) => [d.department, d]));
    expect(by.HEALTH).toMatchObject({ departmentName: '卫生健康局', delivered: 0, pending: 1, reachable: false });
    expect(summary.pending).toBe(1);

    const rows = await deliveries();
    expect(Object.keys(rows).sort()).toEqual([...HUB].sort());
    expect(rows.SAMR).toMatchObject({ status: 'DELIVERED', outcome: 'APPLIED' });
    expect(rows.FIRE).toMatchObject({ status: 'DELIVERED', outcome: 'NOT_IN_POOL' });
    expect(rows.HEALTH).toMatchObject({ status: 'PENDING', outcome: null });
    expect(Number(rows.HEALTH.attempts)).toBeGreaterThanOrEqual(1);
    expect(rows.HEALTH.lastError).toBeTruthy();
    expect(await poolClass('SAMR')).toBe('A');
    expect(await poolClass('FIRE')).toBeNull();
    expect(await appliedRows('SAMR')).toEqual(['APPLIED']);
    expect(await appliedRows('FIRE')).toEqual(['NOT_IN_POOL']);
    // Each delivery is on the receiving department's own audit chain.
    const chained = await hub.departments.get('SAMR')!.dataSource.query("SELECT payload FROM department_audit_entry WHERE department = 'SAMR' AND action = 'CREDIT_CLASSES_APPLIED'");
    expect(chained).toHaveLength(1);
    expect(JSON.parse(chained[0].payload).changes).toEqual([{ changeId: Number(changeId), creditCode, outcome: 'APPLIED' }]);

    const pending = (await call.office(PENDING)).pendingCreditDeliveries;
    expect(pending).toHaveLength(1);
    expect(pending[0]).toMatchObject({ department: 'HEALTH', departmentName: '卫生健康局', pending: 1 });
    expect(Number.isNaN(Date.parse(pending[0].oldestAt))).toBe(false);
    // What the round snapshot step asks before it freezes a plan's pools.
    const em = hub.joint.dataSource.manager;
    expect((await pendingCreditDeliveries(em, ['HEALTH'])).map((p) => p.pending)).toEqual([1]);
    expect(await pendingCreditDeliveries(em, ['SAMR', 'FIRE'])).toEqual([]);
  });

  test('after HEALTH returns, deliverCreditChanges delivers its move; nothing is delivered twice', async () => {
    await hub.restartDepartment('HEALTH');
    const summary = (await call.office(DELIVER)).deliverCreditChanges;
    expect(summary).toMatchObject({ delivered: 1, pending: 0 });
    expect(summary.departments).toEqual([{ department: 'HEALTH', departmentName: '卫生健康局', delivered: 1, pending: 0, reachable: true }]);
    expect(await poolClass('HEALTH')).toBe('A');
    expect((await deliveries()).HEALTH).toMatchObject({ status: 'DELIVERED', outcome: 'APPLIED', lastError: null });
    expect((await call.office(PENDING)).pendingCreditDeliveries).toEqual([]);
    // Again: nothing is pending, nothing is sent.
    expect((await call.office(DELIVER)).deliverCreditChanges).toEqual({ delivered: 0, pending: 0, departments: [] });
    for (const d of HUB) expect((await appliedRows(d)).length).toBe(1);
  });

  test('a delivery whose answer was lost is sent again and answered ALREADY_APPLIED, without a second write', async () => {
    await hub.joint.dataSource.query("UPDATE credit_delivery SET status = 'PENDING', outcome = NULL WHERE change_id = ? AND department = 'SAMR'", [Number(changeId)]);
    const [{ updated }] = await hub.departments.get('SAMR')!.dataSource.query('SELECT updated_at AS updated FROM pool_entry WHERE credit_code = ?', [creditCode]);
    // Through the exported function, as the round snapshot step calls it.
    const ctx = createJointContext(
      { sub: 'round-snapshot', role: 'JOINT_OFFICE' },
      hub.joint.dataSource.manager,
      gatewayDepartmentClient({ url: () => hub.gatewayUrl, token: () => mintJwt({ sub: 'joint-inspection', role: 'SERVICE' }, TEST_JWT_SECRET) }),
    );
    const summary = await deliverPendingCreditChanges(ctx, ['SAMR', 'HEALTH']);
    expect(summary).toMatchObject({ delivered: 1, pending: 0 });
    expect((await deliveries()).SAMR).toMatchObject({ status: 'DELIVERED', outcome: 'ALREADY_APPLIED' });
    expect(await appliedRows('SAMR')).toEqual(['APPLIED']);
    const [{ updated: after }] = await hub.departments.get('SAMR')!.dataSource.query('SELECT updated_at AS updated FROM pool_entry WHERE credit_code = ?', [creditCode]);
    expect(String(after)).toBe(String(updated));
    // Each successful batch is on the joint audit chain.
    const [{ n }] = await hub.joint.dataSource.query("SELECT COUNT(*) AS n FROM audit_entry WHERE action = 'CREDIT_DELIVERED'");
    expect(Number(n)).toBe(4);
  });

  test('an older move delivered after a newer one does not win', async () => {
    const newer = String(Number(changeId) + 1000);
    const older = String(Number(changeId) + 500);
    const first = (await call.service(APPLY, { d: 'SAMR', c: [{ changeId: newer, creditCode, creditClass: 'D' }] })).applyCreditClasses;
    expect(first).toEqual([{ changeId: newer, creditCode, outcome: 'APPLIED', previousClass: 'A' }]);
    const late = (await call.service(APPLY, { d: 'SAMR', c: [{ changeId: older, creditCode, creditClass: 'C' }] })).applyCreditClasses;
    expect(late).toEqual([{ changeId: older, creditCode, outcome: 'ALREADY_APPLIED', previousClass: 'D' }]);
    expect(await poolClass('SAMR')).toBe('D');
    // One call carrying both, out of order, ends the same way on another department.
    const both = (await call.service(APPLY, { d: 'HEALTH', c: [{ changeId: newer, creditCode, creditClass: 'D' }, { changeId: older, creditCode, creditClass: 'C' }] })).applyCreditClasses;
    expect(both.map((r: any) => [r.changeId, r.outcome, r.previousClass])).toEqual([[older, 'APPLIED', 'A'], [newer, 'APPLIED', 'C']]);
    expect(await poolClass('HEALTH')).toBe('D');
  });

  test('a proposal overtaken by a later move cannot be confirmed, only not adopted', async () => {
    // A promotion proposed from B while the registry has since moved the business to A.
    await hub.joint.dataSource.query(
      "INSERT INTO credit_change (credit_code, from_class, to_class, reason, task_id, status, decided_by, created_at) VALUES (?, 'B', 'A', '测试', 1, 'PROPOSED', NULL, ?)",
      [creditCode, new Date()],
    );
    const [{ id }] = await hub.joint.dataSource.query("SELECT MAX(id) AS id FROM credit_change WHERE status = 'PROPOSED'");
    const accept = await call.as({ sub: 'o', role: 'JOINT_OFFICE' }, 'mutation($id: ID!) { decideCreditChange(id: $id, accept: true) { status } }', { id: String(id) });
    expect(accept.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(accept.errors?.[0]?.message).toBe('该主体的信用风险分类已调整为A类，此建议已过时，只能不采纳');
    expect((await call.office('mutation($id: ID!) { decideCreditChange(id: $id, accept: false) { status } }', { id: String(id) })).decideCreditChange.status).toBe('REJECTED');
    const [{ n }] = await hub.joint.dataSource.query('SELECT COUNT(*) AS n FROM credit_delivery WHERE change_id = ?', [Number(id)]);
    expect(Number(n)).toBe(0);
  });

  test('bad input is refused in Chinese, and the joint office cannot push classes itself', async () => {
    const tooMany = Array.from({ length: 501 }, (_, i) => ({ changeId: String(900000 + i), creditCode, creditClass: 'B' }));
    const big = await call.as({ sub: 's', role: 'SERVICE' }, APPLY, { d: 'SAMR', c: tooMany });
    // Refused at the edge with the same bound the delivery batches by; a full batch of 500 passes.
    const full = Array.from({ length: 500 }, (_, i) => ({ changeId: String(800000 + i), creditCode: makeUscc('91990000', String(i).padStart(8, '0')), creditClass: 'B' }));
    const fullAnswer = (await call.service(APPLY, { d: 'FIRE', c: full })).applyCreditClasses;
    expect(fullAnswer).toHaveLength(500);
    expect(new Set(fullAnswer.map((a: any) => a.outcome))).toEqual(new Set(['NOT_IN_POOL']));
    expect(big.errors?.[0]).toMatchObject({ message: 'changes：最多500项（本次501项）', extensions: { code: 'BAD_USER_INPUT' } });
    const dup = await call.as({ sub: 's', role: 'SERVICE' }, APPLY, { d: 'SAMR', c: [{ changeId: '7', creditCode, creditClass: 'B' }, { changeId: '7', creditCode, creditClass: 'C' }] });
    expect(dup.errors?.[0]?.message).toBe('changes：同一批次中调整编号重复');
    const badCode = await call.as({ sub: 's', role: 'SERVICE' }, APPLY, { d: 'SAMR', c: [{ changeId: '8', creditCode: '123', creditClass: 'B' }] });
    expect(badCode.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(badCode.errors?.[0]?.message).toMatch(/^changes\[0\]\.creditCode：/);
    const office = await call.as({ sub: 'o', role: 'JOINT_OFFICE' }, APPLY, { d: 'SAMR', c: [{ changeId: '9', creditCode, creditClass: 'B' }] });
    expect(office.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await poolClass('SAMR')).toBe('D');
  });

  test('a snapshot first delivers pending moves, then freezes the class the department now holds; a department that cannot take them leaves its plan unfrozen', async () => {
    const items = hub.data.checklistItems.filter((i) => i.department === 'HEALTH' && i.status === 'PUBLISHED').slice(0, 2);
    const ratio = Math.min(...items.map((i) => i.maxRatio));
    const round = async (name: string) => {
      const plan = (await call.office('mutation($input: PlanInput!) { createPlan(input: $input) { id } }', {
        input: { department: 'HEALTH', title: `卫生健康局 ${name}`, year: 2026, windowStart: '2026-10-01', windowEnd: '2026-12-31', items: items.map((i) => ({ department: 'HEALTH', code: i.code })), scope: { industrySections: ['H'] }, ratios: { A: ratio, B: ratio, C: ratio, D: ratio } },
      })).createPlan.id;
      await call.office('mutation($id: ID!) { submitPlan(id: $id) { id } }', { id: plan });
      await call.office('mutation($id: ID!) { approvePlan(id: $id) { id } }', { id: plan });
      const r = (await call.office('mutation($p: [ID!]!, $n: String!) { openDrawRound(name: $n, year: 2026, planIds: $p) { id } }', { p: [plan], n: name })).openDrawRound.id;
      await call.office('mutation($r: ID!) { commitSeed(roundId: $r, source: GENERATED) { id } }', { r });
      return r;
    };
    // Ids above the moves the earlier tests pushed by hand (changeId + 1000), so these are the newest.
    let nextId = Number(changeId) + 2000;
    const effective = async (toClass: string, code = creditCode) => {
      const id = nextId++;
      await hub.joint.dataSource.query(
        "INSERT INTO credit_change (id, credit_code, from_class, to_class, reason, task_id, status, decided_by, created_at) VALUES (?, ?, 'D', ?, '测试', 1, 'APPLIED', 'o', ?)",
        [id, code, toClass, new Date()],
      );
      const now = new Date();
      await hub.joint.dataSource.query("INSERT INTO credit_delivery (change_id, department, status, attempts, created_at, updated_at) VALUES (?, 'HEALTH', 'PENDING', 0, ?, ?)", [Number(id), now, now]);
      return Number(id);
    };
    const frozenClass = async (roundId: string) => {
      const [row] = await hub.joint.dataSource.query('SELECT members FROM pool_snapshot WHERE round_id = ?', [Number(roundId)]);
      return row ? (JSON.parse(row.members) as { creditCode: string; creditClass: string }[]).find((m) => m.creditCode === creditCode)?.creditClass : undefined;
    };
    expect(await poolClass('HEALTH')).toBe('D');

    // A move HEALTH has not received yet: the snapshot delivers it, then freezes B.
    const r1 = await round('2026-Q4 同步');
    const moved = await effective('B');
    const snap = await call.as({ sub: 'o', role: 'JOINT_OFFICE' }, 'mutation($r: ID!) { snapshotPools(roundId: $r) { state } }', { r: r1 });
    expect(snap.errors).toBeUndefined();
    expect(snap.data.snapshotPools.state).toBe('SNAPSHOT_TAKEN');
    expect(await poolClass('HEALTH')).toBe('B');
    expect(await frozenClass(r1)).toBe('B');
    const [delivered] = await hub.joint.dataSource.query('SELECT status FROM credit_delivery WHERE change_id = ?', [moved]);
    expect(delivered.status).toBe('DELIVERED');

    // A move HEALTH refuses (a malformed code) stays pending: the plan is not frozen and the office is told why.
    const r2 = await round('2026-Q4 未同步');
    const poison = await effective('C', '123');
    const refused = await call.as({ sub: 'o', role: 'JOINT_OFFICE' }, 'mutation($r: ID!) { snapshotPools(roundId: $r) { state } }', { r: r2 });
    expect(refused.errors?.[0]?.extensions?.code).toBe('DEPARTMENT_UNAVAILABLE');
    expect(refused.errors?.[0]?.message).toContain('卫生健康局还有 1 条信用风险分类调整未同步到名录库');
    expect(await frozenClass(r2)).toBeUndefined();
    await hub.joint.dataSource.query('DELETE FROM credit_delivery WHERE change_id = ?', [poison]);
    const retried = await call.office('mutation($r: ID!) { snapshotPools(roundId: $r) { state } }', { r: r2 });
    expect(retried.snapshotPools.state).toBe('SNAPSHOT_TAKEN');
    expect(await frozenClass(r2)).toBe('B');
  });
});

