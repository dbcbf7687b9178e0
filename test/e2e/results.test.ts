// From a drawn round to a published result: dispatch (with a department down and resumed), inspector
// matching, the printable joint form, results and review, masked publication, corrections, credit moves, deadlines.
import { startTestHub, type TestHub } from './hub';
import { callGateway } from '../helpers';
import { drawRestaurantRound, gqlOk } from './flow';

describe('dispatch, joint form, results and publication', () => {
  let hub: TestHub;
  let office: string;
  let roundId: string;
  type Dispatched = { inspectorId: string; name: string; certificateNumber: string; role: string; status: string; reason: string | null };
  let task: {
    id: string; creditCode: string; leadDepartment: string; departments: string[]; items: { department: string; code: string }[]; entity: { name: string; creditClass: string };
    dispatch: { department: string; status: string; inspectors: Dispatched[] }[];
  };
  const gql = (q: string, v: Record<string, unknown> = {}, token?: string) => callGateway(hub.gatewayUrl, q, v, token);
  const token = (role: 'INSPECTOR' | 'DEPT_STAFF' | 'DEPT_ADMIN', department: string, sub = `${role}-${department}`) => hub.token({ sub, role, department });
  /** An inspector logs in with their enforcement certificate number. */
  const matchedInspector = (department: string) => {
    const p = task.dispatch.find((d) => d.department === department)!.inspectors.find((i) => i.status === 'ACTIVE')!;
    return token('INSPECTOR', department, p.certificateNumber);
  };
  const TASKS = `query($r: ID!) { tasks(roundId: $r) { id creditCode joint leadDepartment departments items { department code } entity { name creditClass }
        dispatch { department status attempts problems inspectors { inspectorId name certificateNumber role status reason } } } }`;

  beforeAll(async () => {
    hub = await startTestHub(['SAMR', 'HEALTH', 'FIRE']);
    office = await hub.token({ sub: 'office', role: 'JOINT_OFFICE' });
    ({ roundId } = await drawRestaurantRound(hub, ['SAMR', 'HEALTH'], '2026-Q3', office));
  });
  afterAll(async () => hub?.close());

  test('dispatch: a department that is down stays pending; resuming touches only what is pending', async () => {
    await hub.stopDepartment('HEALTH');
    const first = await gqlOk(hub, 'mutation($r: ID!) { dispatchRound(roundId: $r) { department matched understaffed pending } }', { r: roundId }, office);
    const samr = first.dispatchRound.find((d: any) => d.department === 'SAMR');
    const health = first.dispatchRound.find((d: any) => d.department === 'HEALTH');
    expect(samr.pending).toBe(0);
    expect(samr.matched + samr.understaffed).toBeGreaterThan(0);
    expect(health.matched + health.understaffed).toBe(0);
    expect(health.pending).toBeGreaterThan(0);

    await hub.restartDepartment('HEALTH');
    const second = await gqlOk(hub, 'mutation($r: ID!) { dispatchRound(roundId: $r) { department matched understaffed pending } }', { r: roundId }, office);
    for (const d of second.dispatchRound) expect(d.pending).toBe(0);
    const tasks = await gqlOk(hub, TASKS, { r: roundId }, office);
    for (const t of tasks.tasks) {
      for (const d of t.dispatch) {
        // SAMR was matched on the first call and never called again.
        expect(d.attempts).toBe(d.department === 'SAMR' ? 1 : 2);
        if (d.status === 'MATCHED') expect(d.inspectors.filter((i: any) => i.status === 'ACTIVE').length).toBeGreaterThanOrEqual(2);
        else expect(d.problems.join('')).toContain('不足');
      }
      const leaders = t.dispatch.flatMap((d: any) => d.inspectors.filter((i: any) => i.role === 'LEADER').map(() => d.department));
      if (t.dispatch.every((d: any) => d.status === 'MATCHED')) expect(leaders).toEqual([t.leadDepartment]);
    }
    // Prefer a joint task on a class-A business: its result will move the credit class.
    const full = (t: any) => t.dispatch.every((d: any) => d.status === 'MATCHED');
    task = tasks.tasks.find((t: any) => t.joint && full(t) && t.entity.creditClass === 'A') ?? tasks.tasks.find((t: any) => t.joint && full(t));
    expect(task).toBeDefined();

    // The matching is on the audit chain, one entry per task and department.
    const [{ n }] = await hub.joint.dataSource.query("SELECT COUNT(*) AS n FROM audit_entry WHERE action = 'MATCHED'");
    expect(Number(n)).toBe(tasks.tasks.reduce((s: number, t: any) => s + t.departments.length, 0));
  });

  test('matching is idempotent by task on the department side and reproducible from the public seed', async () => {
    const service = await hub.token({ sub: 'service-test', role: 'SERVICE' });
    const samr = task.dispatch.find((d) => d.department === 'SAMR')!;
    const again = await gqlOk(
      hub,
      `mutation($input: MatchInput!) { matchInspectors(department: "SAMR", input: $input) { status algorithmVersion assignments { role status inspector { certificateNumber } } } }`,
      { input: { taskId: task.id, roundId, creditCode: task.creditCode, visitDate: '2026-07-01', seed: 'a different seed', leader: false, itemCodes: [] } },
      service,
    );
    expect(again.matchInspectors.assignments.map((a: any) => a.inspector.certificateNumber)).toEqual(samr.inspectors.map((i) => i.certificateNumber));
    expect(again.matchInspectors.algorithmVersion).toBe('seeded-sha256-v1');
    const [{ n }] = await hub.departments.get('SAMR')!.dataSource.query('SELECT COUNT(*) AS n FROM task_match WHERE task_id = ?', [task.id]);
    expect(Number(n)).toBe(1);
    // Department staff cannot pick inspectors for a task themselves: dispatch is the joint office's act.
    const byStaff = await gql(
      'mutation($input: MatchInput!) { matchInspectors(department: "SAMR", input: $input) { status } }',
      { input: { taskId: '999999', roundId, creditCode: task.creditCode, visitDate: '2026-07-01', seed: 's', leader: false, itemCodes: [] } },
      await token('DEPT_ADMIN', 'SAMR'),
    );
    expect(byStaff.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  test('递补: a dropped inspector is replaced by the next in the seeded order, with the reason kept', async () => {
    const health = task.dispatch.find((d) => d.department === 'HEALTH')!;
    const leaving = health.inspectors.find((i) => i.status === 'ACTIVE')!;
    const REPLACE = 'mutation($t: ID!, $d: String!, $i: ID!, $r: String!) { replaceTaskInspector(taskId: $t, department: $d, inspectorId: $i, reason: $r) { status inspectors { inspectorId certificateNumber role status reason } } }';
    const vars = { t: task.id, d: 'HEALTH', i: leaving.inspectorId, r: '病假' };
    expect((await gql(REPLACE, { ...vars, r: ' ' }, office)).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await gql(REPLACE, vars, await token('DEPT_STAFF', 'HEALTH'))).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const replaced = (await gqlOk(hub, REPLACE, vars, await token('DEPT_ADMIN', 'HEALTH'))).replaceTaskInspector;
    const old = replaced.inspectors.find((i: any) => i.inspectorId === leaving.inspectorId);
    expect(old).toMatchObject({ status: 'REPLACED', reason: '病假' });
    const active = replaced.inspectors.filter((i: any) => i.status === 'ACTIVE');
    expect(active.length).toBe(health.inspectors.filter((i) => i.status === 'ACTIVE').length);
    const newcomer = active.find((i: any) => !health.inspectors.some((h) => h.inspectorId === i.inspectorId));
    expect(newcomer?.role).toBe(leaving.role);
    // Replacing the same person twice is refused; the audit chain has the replacement.
    expect((await gql(REPLACE, vars, office)).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const [{ n }] = await hub.joint.dataSource.query("SELECT COUNT(*) AS n FROM audit_entry WHERE action = 'INSPECTOR_REPLACED'");
    expect(Number(n)).toBe(1);
    task.dispatch = (await gqlOk(hub, TASKS, { r: roundId }, office)).tasks.find((t: any) => t.id === task.id).dispatch;
  });

  test('the printable 一企一表 lists every department, item and inspector; the public cannot open it', async () => {
    const base = hub.gatewayUrl.replace(/\/graphql$/, '');
    const res = await fetch(`${base}/forms/task/${task.id}?token=${office}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const html = await res.text();
    expect(html).toContain('一企一表');
    expect(html).toContain(task.entity.name);
    expect(html).toContain(task.creditCode);
    for (const item of task.items) expect(html).toContain(item.code);
    expect(html).toContain('〔组长〕');
    expect(html).toContain('@page { size: A4');
    const anonymous = await fetch(`${base}/forms/task/${task.id}`);
    expect(anonymous.status).toBe(403);
    const missing = await fetch(`${base}/forms/task/999999?token=${office}`);
    expect(missing.status).toBe(404);
  });

  test('results: entered by the department, validated, reviewed, published masked, corrected as a new version', async () => {
    const item = task.items.find((i) => i.department === 'SAMR')!;
    const inspector = await matchedInspector('SAMR');
    const ENTER = 'mutation($input: ResultInput!) { enterResult(input: $input) { id state dueDate } }';
    const input = { taskId: task.id, department: 'SAMR', itemCode: item.code, categories: ['CORRECTED'], followUp: 'ORDERED_TO_CORRECT', findings: '后厨卫生不达标，已当场责令改正。联系人电话 13812345678，身份证 11010519491231002X。', inspectedOn: '2026-07-02' };

    const other = await gql(ENTER, { input }, await token('INSPECTOR', 'FIRE'));
    expect(other.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    // 谁检查、谁录入: an inspector of the right department who was not matched to this task is refused too.
    const notMatched = await gql(ENTER, { input }, await token('INSPECTOR', 'SAMR', 'not-on-this-task'));
    expect(notMatched.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    for (const [bad, field] of [[{ categories: ['NOT_A_CATEGORY'] }, 'categories'], [{ categories: ['NO_PROBLEM', 'CORRECTED'] }, 'categories'], [{ inspectedOn: '2099-01-01' }, 'inspectedOn'], [{ followUp: 'JAIL' }, 'followUp']] as const) {
      const res = await gql(ENTER, { input: { ...input, ...bad } }, inspector);
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    const [{ n: before }] = await hub.joint.dataSource.query('SELECT COUNT(*) AS n FROM inspection_result');
    expect(Number(before)).toBe(0);

    const entered = await gqlOk(hub, ENTER, { input }, inspector);
    const id = entered.enterResult.id;
    expect(entered.enterResult.state).toBe('ENTERED');
    // 20 working days after 2026-07-02 (no holidays in July 2026): Thursday 2026-07-30.
    expect(entered.enterResult.dueDate).toBe('2026-07-30');

    const deadlines = await gqlOk(hub, '{ resultDeadlines { taskId department status remainingWorkdays } deadlineSummary { department overdue dueSoon } }', {}, office);
    const mine = deadlines.resultDeadlines.find((d: any) => d.taskId === task.id && d.department === 'SAMR');
    expect(mine.status).toBe('OVERDUE');
    expect(mine.remainingWorkdays).toBeLessThan(0);
    expect(deadlines.deadlineSummary.find((d: any) => d.department === 'SAMR').overdue).toBeGreaterThan(0);

    await gqlOk(hub, 'mutation($id: ID!) { submitResult(id: $id) { state } }', { id }, inspector);
    const staffReview = await gql('mutation($id: ID!) { reviewResult(id: $id, approve: true) { state } }', { id }, await token('DEPT_STAFF', 'SAMR'));
    expect(staffReview.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const admin = await token('DEPT_ADMIN', 'SAMR');
    await gqlOk(hub, 'mutation($id: ID!) { reviewResult(id: $id, approve: true) { state } }', { id }, admin);
    const published = await gqlOk(hub, 'mutation($id: ID!) { publishResult(id: $id) { version findings categories inspectors } }', { id }, admin);
    expect(published.publishResult.version).toBe(1);
    expect(published.publishResult.categories).toEqual(['发现问题已责令改正']);
    expect(published.publishResult.findings).toContain('138****5678');
    expect(published.publishResult.findings).not.toContain('13812345678');
    expect(published.publishResult.findings).not.toContain('11010519491231002X');
    expect(published.publishResult.inspectors.length).toBeGreaterThanOrEqual(2);

    const PUBLIC_Q = 'query($s: String) { publishedResults(search: $s) { corrected current { version entityName findings categories correctionReason } history { version approvedBy } } }';
    const pub = await gqlOk(hub, PUBLIC_Q, { s: task.entity.name });
    expect(pub.publishedResults).toHaveLength(1);
    expect(pub.publishedResults[0].corrected).toBe(false);
    expect(JSON.stringify(pub)).not.toMatch(/13812345678|11010519491231002X/);

    const noReason = await gql('mutation($id: ID!) { correctPublishedResult(id: $id, input: { categories: ["PENDING_FOLLOW_UP"] }, reason: " ") { version } }', { id }, admin);
    expect(noReason.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    await gqlOk(hub, 'mutation($id: ID!) { correctPublishedResult(id: $id, input: { categories: ["PENDING_FOLLOW_UP"], followUp: "TRANSFER_DEPARTMENT" }, reason: "复核发现需移送卫生健康部门") { version } }', { id }, admin);
    const after = await gqlOk(hub, PUBLIC_Q, { s: task.creditCode });
    expect(after.publishedResults[0].corrected).toBe(true);
    expect(after.publishedResults[0].current).toMatchObject({ version: 2, categories: ['发现问题待后续处理'], correctionReason: '复核发现需移送卫生健康部门' });
    expect(after.publishedResults[0].history.map((h: any) => h.version)).toEqual([1, 2]);
  });

  test('a finding moves a class-A business to B; the change is recorded', async () => {
    const changes = await gqlOk(hub, 'query($c: String!) { creditChanges(creditCode: $c) { fromClass toClass status reason } marketEntity(creditCode: $c) { creditClass } }', { c: task.creditCode }, office);
    if (task.entity.creditClass === 'A') {
      expect(changes.creditChanges[0]).toMatchObject({ fromClass: 'A', toClass: 'B', status: 'APPLIED' });
      expect(changes.marketEntity.creditClass).toBe('B');
    } else {
      expect(changes.creditChanges.every((c: any) => c.toClass >= task.entity.creditClass)).toBe(true);
    }
    expect((await gql('{ creditChanges { id } }')).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  test('the joint office edits the working-day calendar and deadlines follow', async () => {
    const denied = await gql('mutation { setCalendarDay(input: { date: "2026-07-06", kind: "HOLIDAY" }) }', {}, await token('DEPT_ADMIN', 'SAMR'));
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    await gqlOk(hub, 'mutation { setCalendarDay(input: { date: "2026-07-06", kind: "HOLIDAY", name: "测试假日" }) }', {}, office);
    const item = task.items.find((i) => i.department === 'HEALTH')!;
    const entered = await gqlOk(
      hub,
      'mutation($input: ResultInput!) { enterResult(input: $input) { dueDate } }',
      { input: { taskId: task.id, department: 'HEALTH', itemCode: item.code, categories: ['NO_PROBLEM'], followUp: 'NONE', findings: '', inspectedOn: '2026-07-02' } },
      await matchedInspector('HEALTH'),
    );
    expect(entered.enterResult.dueDate).toBe('2026-07-31');
  });
});
