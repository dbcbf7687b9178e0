// The heart of the product end to end through the gateway: plans → review → round → commit → snapshot →
// reveal → draw → joint tasks, with verification and tamper detection.
import { startTestHub, type TestHub } from './hub';
import { callGateway } from '../helpers';
import { verifyDrawExport } from '../../scripts/verify-draw';
import { verifyAudit } from '../../scripts/verify-audit';
import { seedCommitment } from '../../shared/domain/draw';

const PLAN = 'id state department participants title';
const CREATE = `mutation($input: PlanInput!) { createPlan(input: $input) { ${PLAN} } }`;
const REVIEW = `query($id: ID!) { planReview(id: $id) { canApprove findings { type severity message details } } }`;
const ROUND = 'id name state seedCommitment seed startPoint snapshots { planId poolHash size }';

describe('double-random core through the gateway', () => {
  let hub: TestHub;
  let office: string;
  let samrStaff: string;
  let healthStaff: string;
  const planIds: string[] = [];
  let roundId: string;

  const published = (d: string) => hub.data.checklistItems.filter((i) => i.department === d && i.status === 'PUBLISHED');
  const planInput = (department: string, over: Record<string, unknown> = {}) => ({
    department,
    title: `${department} 2026 年第三季度餐饮单位抽查`,
    year: 2026,
    windowStart: '2026-07-01',
    windowEnd: '2026-09-30',
    items: published(department).slice(0, 2).map((i) => ({ department, code: i.code })),
    scope: { industrySections: ['H'] },
    // Within every chosen item's bound: the review blocks general items drawn above their published ratio.
    ratios: Object.fromEntries(['A', 'B', 'C', 'D'].map((c) => [c, Math.min(...published(department).slice(0, 2).map((i) => i.maxRatio))])),
    ...over,
  });
  const gql = (q: string, v: Record<string, unknown> = {}, token?: string) => callGateway(hub.gatewayUrl, q, v, token);

  beforeAll(async () => {
    hub = await startTestHub(['SAMR', 'HEALTH', 'FIRE']);
    office = await hub.token({ sub: 'office', role: 'JOINT_OFFICE' });
    samrStaff = await hub.token({ sub: 'samr', role: 'DEPT_STAFF', department: 'SAMR' });
    healthStaff = await hub.token({ sub: 'health', role: 'DEPT_STAFF', department: 'HEALTH' });
  });
  afterAll(async () => hub?.close());

  test('departments create and submit their own plans only', async () => {
    const denied = await gql(CREATE, { input: planInput('SAMR') }, healthStaff);
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const bad = await gql(CREATE, { input: planInput('SAMR', { windowStart: '2026-10-01' }) }, samrStaff);
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'windowEnd' });
    for (const [d, token] of [['SAMR', samrStaff], ['HEALTH', healthStaff]] as const) {
      const res = await gql(CREATE, { input: planInput(d) }, token);
      expect(res.errors).toBeUndefined();
      expect(res.data.createPlan).toMatchObject({ state: 'DRAFT', department: d, participants: [d] });
      planIds.push(res.data.createPlan.id);
      const sub = await gql('mutation($id: ID!) { submitPlan(id: $id) { state } }', { id: res.data.createPlan.id }, token);
      expect(sub.data.submitPlan.state).toBe('SUBMITTED');
    }
  });

  test('review finds the cross-department scope overlap; an item outside the checklist blocks approval', async () => {
    const review = await gql(REVIEW, { id: planIds[0] }, office);
    expect(review.errors).toBeUndefined();
    expect(review.data.planReview.canApprove).toBe(true);
    const overlap = review.data.planReview.findings.find((f: any) => f.type === 'SCOPE_OVERLAP');
    expect(overlap).toBeDefined();
    expect(overlap.message).toContain('联合');

    const draft = hub.data.checklistItems.find((i) => i.department === 'SAMR' && i.status === 'DRAFT')!;
    const illegal = await gql(CREATE, { input: planInput('SAMR', { title: '清单外事项', items: [{ department: 'SAMR', code: draft.code }] }) }, samrStaff);
    const id = illegal.data.createPlan.id;
    await gql('mutation($id: ID!) { submitPlan(id: $id) { state } }', { id }, samrStaff);
    const r2 = await gql(REVIEW, { id }, office);
    expect(r2.data.planReview.canApprove).toBe(false);
    expect(r2.data.planReview.findings.find((f: any) => f.type === 'ITEM_NOT_IN_CHECKLIST').severity).toBe('BLOCKING');
    const approve = await gql('mutation($id: ID!) { approvePlan(id: $id) { state } }', { id }, office);
    expect(approve.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    const ret = await gql('mutation($id: ID!) { returnPlan(id: $id, reason: "事项不在已公布清单内") { state returnReason } }', { id }, office);
    expect(ret.data.returnPlan).toEqual({ state: 'RETURNED', returnReason: '事项不在已公布清单内' });
  });

  test('only the joint office approves', async () => {
    const denied = await gql('mutation($id: ID!) { approvePlan(id: $id) { state } }', { id: planIds[0] }, samrStaff);
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    for (const id of planIds) {
      const res = await gql('mutation($id: ID!) { approvePlan(id: $id) { state } }', { id }, office);
      expect(res.errors).toBeUndefined();
      expect(res.data.approvePlan.state).toBe('APPROVED');
    }
  });

  test('round: commit → snapshot → reveal → draw; concurrent draws produce exactly one draw per plan', async () => {
    const open = await gql(`mutation($p: [ID!]!) { openDrawRound(name: "2026-Q3", year: 2026, planIds: $p) { ${ROUND} } }`, { p: planIds }, office);
    expect(open.errors).toBeUndefined();
    roundId = open.data.openDrawRound.id;
    expect(open.data.openDrawRound.startPoint).toBe(0.5);
    expect((await gql(`mutation { openDrawRound(name: "x", year: 2026, planIds: ["1"]) { id } }`, {}, samrStaff)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const early = await gql(`mutation($r: ID!) { revealSeed(roundId: $r) { state } }`, { r: roundId }, office);
    expect(early.errors?.[0]?.extensions?.code).toBe('CONFLICT');

    const commit = await gql(`mutation($r: ID!) { commitSeed(roundId: $r, source: GENERATED) { ${ROUND} } }`, { r: roundId }, office);
    expect(commit.data.commitSeed.state).toBe('COMMITTED');
    expect(commit.data.commitSeed.seedCommitment).toMatch(/^[0-9a-f]{64}$/);
    expect(commit.data.commitSeed.seed).toBeNull(); // sealed until reveal

    const snap = await gql(`mutation($r: ID!) { snapshotPools(roundId: $r) { ${ROUND} } }`, { r: roundId }, office);
    expect(snap.errors).toBeUndefined();
    expect(snap.data.snapshotPools.state).toBe('SNAPSHOT_TAKEN');
    expect(snap.data.snapshotPools.snapshots).toHaveLength(2);
    for (const s of snap.data.snapshotPools.snapshots) expect(s.size).toBeGreaterThan(50);

    const reveal = await gql(`mutation($r: ID!) { revealSeed(roundId: $r) { ${ROUND} } }`, { r: roundId }, office);
    expect(reveal.data.revealSeed.state).toBe('REVEALED');
    expect(seedCommitment(reveal.data.revealSeed.seed)).toBe(commit.data.commitSeed.seedCommitment);

    const DRAW = `mutation($r: ID!) { drawAndLock(roundId: $r) { state draws { id planId seq } } }`;
    const [a, b] = await Promise.all([gql(DRAW, { r: roundId }, office), gql(DRAW, { r: roundId }, office)]);
    expect(a.errors).toBeUndefined();
    expect(b.errors).toBeUndefined();
    expect(a.data.drawAndLock.state).toBe('DRAWN');
    expect(a.data.drawAndLock.draws).toEqual(b.data.drawAndLock.draws);
    expect(a.data.drawAndLock.draws).toHaveLength(2);
    const [{ n }] = await hub.joint.dataSource.query('SELECT COUNT(*) AS n FROM draw');
    expect(Number(n)).toBe(2);
  });

  test('coordinated draws overlap, and the overlap becomes joint tasks with doors saved', async () => {
    const res = await gql(
      `query($r: ID!) { drawRound(id: $r) { stats { visits departmentDraws doorsSaved jointTasks jointShare { department share meetsGoal } }
          draws { planId selected verification { ok } } } tasks(roundId: $r) { creditCode joint leadDepartment departments items { department code } entity { name creditClass }
          participatingDepartments { code name inspectors(first: 1) { totalCount } } } }`,
      { r: roundId },
      office,
    );
    expect(res.errors).toBeUndefined();
    const [samr, health] = res.data.drawRound.draws;
    for (const d of res.data.drawRound.draws) expect(d.verification.ok).toBe(true);
    const shared = samr.selected.filter((c: string) => health.selected.includes(c));
    expect(shared.length).toBeGreaterThan(0);
    const joint = res.data.tasks.filter((t: any) => t.joint);
    expect(joint.map((t: any) => t.creditCode).sort()).toEqual([...shared].sort());
    for (const t of joint) {
      expect(t.departments).toEqual(['HEALTH', 'SAMR']);
      expect(new Set(t.items.map((i: any) => i.department))).toEqual(new Set(['HEALTH', 'SAMR']));
      expect(t.entity.name).toBeTruthy();
      // Through federation, from the task to each department's registry entry and on to its own inspectors.
      expect(t.participatingDepartments.map((d: any) => d.code)).toEqual(['HEALTH', 'SAMR']);
      for (const d of t.participatingDepartments) {
        expect(d.name).toBeTruthy();
        expect(d.inspectors.totalCount).toBe(hub.data.inspectors.filter((i) => i.department === d.code).length);
      }
    }
    const stats = res.data.drawRound.stats;
    expect(stats.jointTasks).toBe(shared.length);
    expect(stats.doorsSaved).toBe(shared.length);
    expect(stats.departmentDraws).toBe(samr.selected.length + health.selected.length);
    expect(stats.visits).toBe(stats.departmentDraws - stats.doorsSaved);
  });

  test('the public reads draw records but not tasks; departments see only their tasks', async () => {
    const pub = await gql(`query($r: ID!) { drawRound(id: $r) { state seed draws { exportJson } } }`, { r: roundId });
    expect(pub.errors).toBeUndefined();
    expect(pub.data.drawRound.draws).toHaveLength(2);
    const tasks = await gql(`query($r: ID!) { tasks(roundId: $r) { id } }`, { r: roundId });
    expect(tasks.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const fire = await hub.token({ sub: 'fire', role: 'DEPT_STAFF', department: 'FIRE' });
    const none = await gql(`query($r: ID!) { tasks(roundId: $r) { id } }`, { r: roundId }, fire);
    expect(none.data.tasks).toEqual([]);
  });

  test('verify-draw recomputes an export; a tampered row is caught by both CLIs', async () => {
    const res = await gql(`query($r: ID!) { drawRound(id: $r) { draws { id exportJson } } }`, { r: roundId });
    const [first] = res.data.drawRound.draws;
    expect(verifyDrawExport(first.exportJson)).toMatchObject({ ok: true });
    expect((await verifyAudit(hub.joint.dataSource)).ok).toBe(true);

    // The export is the record plus the audit head at export time (docs/audit.md); the row holds the record alone.
    const { auditHead, ...record } = JSON.parse(first.exportJson);
    expect(auditHead).toEqual({ length: expect.any(Number), hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const forgedSeed = verifyDrawExport(JSON.stringify({ ...record, seed: 'another seed' }));
    expect(forgedSeed.message).toContain('种子与承诺值不符');
    const forgedPool = verifyDrawExport(JSON.stringify({ ...record, pool: record.pool.slice(1) }));
    expect(forgedPool.message).toContain('名录快照与哈希不符');

    // Someone with database access swaps one drawn business for another.
    const outsider = record.pool.find((m: { creditCode: string }) => !record.selected.includes(m.creditCode)).creditCode;
    const tampered = { ...record, selected: [outsider, ...record.selected.slice(1)].sort() };
    await hub.joint.dataSource.query('UPDATE draw SET record = ? WHERE id = ?', [JSON.stringify(tampered), Number(first.id)]);
    const again = await gql(`query($id: ID!) { draw(id: $id) { exportJson verification { ok firstDifference } } }`, { id: first.id });
    expect(again.data.draw.verification.ok).toBe(false);
    const cli = verifyDrawExport(again.data.draw.exportJson);
    expect(cli.ok).toBe(false);
    expect(cli.message).toMatch(/^MISMATCH/);
    const audit = await verifyAudit(hub.joint.dataSource);
    expect(audit.ok).toBe(false);
    expect(audit.message).toContain(`抽取记录 ${first.id}`);
    await hub.joint.dataSource.query('UPDATE draw SET record = ? WHERE id = ?', [JSON.stringify(record), Number(first.id)]);
    expect((await verifyAudit(hub.joint.dataSource)).ok).toBe(true);

    // Rewriting history in the audit chain itself names the entry.
    await hub.joint.dataSource.query("UPDATE audit_entry SET actor = 'someone-else' WHERE seq = 3");
    expect((await verifyAudit(hub.joint.dataSource)).message).toContain('第 3 条审计记录内容被篡改');
  });

  test('coordinated sampling needs fewer visits than independent sampling for the same round', async () => {
    const res = await gql(`query($r: ID!) { drawRound(id: $r) { modeComparison { mode visits departmentDraws doorsSaved } } }`, { r: roundId }, office);
    const [coordinated, independent] = res.data.drawRound.modeComparison;
    expect(coordinated.mode).toBe('COORDINATED');
    expect(independent.mode).toBe('INDEPENDENT');
    expect(coordinated.doorsSaved).toBeGreaterThan(independent.doorsSaved);
    expect(coordinated.visits).toBeLessThan(independent.visits);
  });

  test('checklist coverage lists published items no plan uses', async () => {
    const res = await gql('{ checklistCoverage(year: 2026) { publishedItems uncovered { department code name } unavailableDepartments } }', {}, office);
    expect(res.errors).toBeUndefined();
    const { uncovered, publishedItems } = res.data.checklistCoverage;
    const planned = published('SAMR').slice(0, 2).map((i) => i.code);
    expect(uncovered.some((u: any) => u.department === 'SAMR' && planned.includes(u.code))).toBe(false);
    expect(uncovered.filter((u: any) => u.department === 'FIRE')).toHaveLength(published('FIRE').length);
    expect(publishedItems).toBe(published('SAMR').length + published('HEALTH').length + published('FIRE').length);
    expect((await gql('{ checklistCoverage(year: 2026) { publishedItems } }', {}, samrStaff)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  test('a joint plan survives a department outage during snapshot and draws with an external public seed', async () => {
    const items = [...published('SAMR').slice(2, 3), ...published('FIRE').slice(0, 1)].map((i) => ({ department: i.department, code: i.code }));
    const bound = Math.min(...[...published('SAMR').slice(2, 3), ...published('FIRE').slice(0, 1)].map((i) => i.maxRatio));
    const create = await gql(
      CREATE,
      { input: { kind: 'JOINT', department: 'SAMR', participants: ['FIRE'], title: '餐饮场所消防与食品安全联合抽查', year: 2026, windowStart: '2026-10-01', windowEnd: '2026-12-15', items, scope: { industrySections: ['H'] }, ratios: { A: bound, B: bound, C: bound, D: bound } } },
      samrStaff,
    );
    expect(create.errors).toBeUndefined();
    expect(create.data.createPlan.participants).toEqual(['FIRE', 'SAMR']);
    const id = create.data.createPlan.id;
    await gql('mutation($id: ID!) { submitPlan(id: $id) { state } }', { id }, samrStaff);
    expect((await gql('mutation($id: ID!) { approvePlan(id: $id) { state } }', { id }, office)).data.approvePlan.state).toBe('APPROVED');
    const open = await gql(`mutation($p: [ID!]!) { openDrawRound(name: "2026-Q4", year: 2026, planIds: $p) { id startPoint } }`, { p: [id] }, office);
    const r = open.data.openDrawRound.id;
    expect(open.data.openDrawRound.startPoint).toBe(0.75);
    const commit = await gql(`mutation($r: ID!) { commitSeed(roundId: $r, source: EXTERNAL, description: "2026-09-30 福彩3D开奖号码") { state seedCommitment seedDescription } }`, { r }, office);
    expect(commit.data.commitSeed).toMatchObject({ state: 'COMMITTED', seedCommitment: null });

    await hub.stopDepartment('FIRE');
    const failed = await gql(`mutation($r: ID!) { snapshotPools(roundId: $r) { state } }`, { r }, office);
    expect(failed.errors?.[0]?.extensions?.code).toBe('DEPARTMENT_UNAVAILABLE');
    expect(failed.errors?.[0]?.message).toContain('FIRE');
    expect((await gql(`query($r: ID!) { drawRound(id: $r) { state snapshots { planId } } }`, { r }, office)).data.drawRound).toEqual({ state: 'COMMITTED', snapshots: [] });
    await hub.restartDepartment('FIRE');
    const retried = await gql(`mutation($r: ID!) { snapshotPools(roundId: $r) { state snapshots { size } } }`, { r }, office);
    expect(retried.errors).toBeUndefined();
    expect(retried.data.snapshotPools.state).toBe('SNAPSHOT_TAKEN');

    const reveal = await gql(`mutation($r: ID!) { revealSeed(roundId: $r, seed: "3 7 1") { state seed seedCommitment } }`, { r }, office);
    expect(reveal.data.revealSeed).toMatchObject({ state: 'REVEALED', seed: '3 7 1', seedCommitment: seedCommitment('3 7 1') });
    await gql(`mutation($r: ID!) { drawAndLock(roundId: $r) { state } }`, { r }, office);
    const tasks = await gql(`query($r: ID!) { tasks(roundId: $r) { joint leadDepartment departments } drawRound(id: $r) { draws { verification { ok } } } }`, { r }, office);
    expect(tasks.data.tasks.length).toBeGreaterThan(0);
    for (const t of tasks.data.tasks) expect(t).toEqual({ joint: true, leadDepartment: 'SAMR', departments: ['FIRE', 'SAMR'] });
    expect(tasks.data.drawRound.draws[0].verification.ok).toBe(true);
  });

  test('the joint office sets quiet periods; a plan inside a closed month is blocked', async () => {
    const denied = await gql('mutation { updateSupervisionRules(input: { frequencyCap: 1 }) { frequencyCap } }', {}, samrStaff);
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const bad = await gql('mutation { updateSupervisionRules(input: { quietRules: [{ creditClass: A, allowedMonths: [13] }] }) { frequencyCap } }', {}, office);
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const set = await gql('mutation { updateSupervisionRules(input: { quietRules: [{ creditClass: A, allowedMonths: [6] }, { creditClass: B, allowedMonths: [6, 9] }] }) { quietRules { creditClass allowedMonths } } }', {}, office);
    expect(set.data.updateSupervisionRules.quietRules).toEqual([{ creditClass: 'A', allowedMonths: [6] }, { creditClass: 'B', allowedMonths: [6, 9] }]);
    const plan = await gql(CREATE, { input: planInput('HEALTH', { title: '四月抽查', windowStart: '2026-04-01', windowEnd: '2026-04-30' }) }, healthStaff);
    const review = await gql(REVIEW, { id: plan.data.createPlan.id }, office);
    const quiet = review.data.planReview.findings.filter((f: any) => f.type === 'QUIET_PERIOD');
    expect(quiet.length).toBeGreaterThan(0);
    expect(quiet[0].severity).toBe('BLOCKING');
    expect(review.data.planReview.canApprove).toBe(false);
  });

  test('entities visited more often than the yearly cap are flagged', async () => {
    const set = await gql('mutation { updateSupervisionRules(input: { frequencyCap: 1 }) { frequencyCap } }', {}, office);
    expect(set.data.updateSupervisionRules.frequencyCap).toBe(1);
    // A September plan over class B (allowed by the quiet rules), drawn from the SAME start point as 2026-Q3:
    // it picks the same businesses again, which the shifted start of 2026-Q4 was there to avoid.
    const plan = await gql(CREATE, { input: planInput('HEALTH', { title: '九月补充抽查', windowStart: '2026-09-01', windowEnd: '2026-09-30', scope: { industrySections: ['H'], creditClasses: ['B'] } }) }, healthStaff);
    const id = plan.data.createPlan.id;
    await gql('mutation($id: ID!) { submitPlan(id: $id) { state } }', { id }, healthStaff);
    const review = await gql(REVIEW, { id }, office);
    const cap = review.data.planReview.findings.find((f: any) => f.type === 'FREQUENCY_CAP');
    expect(cap.severity).toBe('WARNING');
    expect((await gql('mutation($id: ID!) { approvePlan(id: $id) { state } }', { id }, office)).data.approvePlan.state).toBe('APPROVED');
    const open = await gql(`mutation($p: [ID!]!) { openDrawRound(name: "2026-Q3-补充", year: 2026, planIds: $p, startPoint: 0.5) { id } }`, { p: [id] }, office);
    const r = open.data.openDrawRound.id;
    // The same public seed as 2026-Q3 (an external seed may be any announced value), so the same u for every business.
    const q3 = (await gql('query($id: ID!) { drawRound(id: $id) { seed startPoint } }', { id: roundId }, office)).data.drawRound;
    expect(q3.startPoint).toBe(0.5);
    for (const step of ['commitSeed(roundId: $r, source: EXTERNAL, description: "与2026-Q3相同的公开种子")', 'snapshotPools(roundId: $r)', 'revealSeed(roundId: $r, seed: $seed)', 'drawAndLock(roundId: $r)']) {
      const seeded = step.includes('$seed');
      const res = await gql(`mutation($r: ID!${seeded ? ', $seed: String' : ''}) { ${step} { state } }`, seeded ? { r, seed: q3.seed } : { r }, office);
      expect(res.errors).toBeUndefined();
    }
    const res = await gql(`query($r: ID!, $q3: ID!) { drawRound(id: $r) { frequencyWarnings { creditCode visits cap } } mine: tasks(roundId: $r) { creditCode } q3: tasks(roundId: $q3) { creditCode } }`, { r, q3: roundId }, office);
    const again = res.data.mine.filter((t: any) => res.data.q3.some((u: any) => u.creditCode === t.creditCode)).map((t: any) => t.creditCode);
    expect(again.length).toBeGreaterThan(0);
    const warnings = res.data.drawRound.frequencyWarnings;
    // Every business drawn again is flagged; other rounds of the year may have visited some of them too.
    const flagged = warnings.map((w: any) => w.creditCode);
    for (const code of again) expect(flagged).toContain(code);
    for (const w of warnings) {
      expect(res.data.mine.map((t: any) => t.creditCode)).toContain(w.creditCode);
      expect(w.cap).toBe(1);
      expect(w.visits).toBeGreaterThanOrEqual(2);
    }
    expect((await gql('{ drawRounds { frequencyWarnings { cap } } }')).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  test('a review that cannot read a department\'s pool blocks approval (never approved with a warning)', async () => {
    const res = await gql(CREATE, { input: planInput('FIRE', { title: 'FIRE 2026 年第三季度餐饮单位抽查（停机审查）' }) }, office);
    const id = res.data.createPlan.id;
    await gql('mutation($id: ID!) { submitPlan(id: $id) { state } }', { id }, office);
    await hub.stopDepartment('FIRE');
    try {
      const review = await gql(REVIEW, { id }, office);
      expect(review.data.planReview.canApprove).toBe(false);
      const blocking = review.data.planReview.findings.filter((f: any) => f.severity === 'BLOCKING').map((f: any) => f.type);
      expect(blocking).toContain('SCOPE_UNAVAILABLE');
      const approve = await gql('mutation($id: ID!) { approvePlan(id: $id) { state } }', { id }, office);
      expect(approve.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    } finally {
      await hub.restartDepartment('FIRE');
    }
    const after = await gql(REVIEW, { id }, office);
    expect(after.data.planReview.findings.map((f: any) => f.type)).not.toContain('SCOPE_UNAVAILABLE');
  });
});

