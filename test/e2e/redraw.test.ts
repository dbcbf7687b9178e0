// A redraw after dispatch and publication: it works on the frozen snapshot with published exclusions, and
// every task, dispatch, result and publication it has no reason to touch stays exactly as it was.
import { startTestHub, type TestHub } from './hub';
import { callGateway } from '../helpers';
import { drawRestaurantRound, gqlOk } from './flow';
import { verifyDrawExport } from '../../scripts/verify-draw';
import { verifyAudit } from '../../scripts/verify-audit';

describe('redraw on the frozen snapshot, losing nothing', () => {
  let hub: TestHub;
  let office: string;
  let roundId: string;
  let samrPlan: string;
  const gql = (q: string, v: Record<string, unknown> = {}, token?: string) => callGateway(hub.gatewayUrl, q, v, token);
  const TASKS = `query($r: ID!) { tasks(roundId: $r) { id creditCode status cancelReason joint departments planIds items { department code } windowStart windowEnd
    dispatch { department status inspectors { certificateNumber status } } results { id department itemCode state } } }`;
  type TaskNode = {
    id: string; creditCode: string; status: string; cancelReason: string | null; joint: boolean; departments: string[]; planIds: string[];
    items: { department: string; code: string }[]; windowStart: string; windowEnd: string;
    dispatch: { department: string; status: string; inspectors: { certificateNumber: string; status: string }[] }[];
    results: { id: string; department: string; itemCode: string; state: string }[];
  };
  const tasks = async (): Promise<TaskNode[]> => (await gqlOk(hub, TASKS, { r: roundId }, office)).tasks;
  const DRAWS = `query($r: ID!) { drawRound(id: $r) { draws { id planId seq ordinal selected exclusions { creditCode reason reasonText } verification { ok reason } exportJson exportHistoryJson } stats { visits } } }`;

  beforeAll(async () => {
    hub = await startTestHub(['SAMR', 'HEALTH']);
    office = await hub.token({ sub: 'office', role: 'JOINT_OFFICE' });
    let planIds: string[];
    ({ roundId, planIds } = await drawRestaurantRound(hub, ['SAMR', 'HEALTH'], '2026-Q3', office));
    samrPlan = planIds[0];
    await gqlOk(hub, 'mutation($r: ID!) { dispatchRound(roundId: $r) { department } }', { r: roundId }, office);
  }, 180_000);
  afterAll(async () => hub?.close());

  test('round → dispatch → results published → redraw one plan: other tasks, dispatch, results and publications unchanged', async () => {
    const before = await tasks();
    // A joint task with SAMR and HEALTH, both parts matched: SAMR publishes a result on it.
    const joint = before.find((t) => t.joint && t.dispatch.length === 2 && t.dispatch.every((d) => d.status === 'MATCHED'))!;
    expect(joint).toBeDefined();
    const samrItem = joint.items.find((i) => i.department === 'SAMR')!;
    const inspector = joint.dispatch.find((d) => d.department === 'SAMR')!.inspectors.find((i) => i.status === 'ACTIVE')!;
    const inspectorToken = await hub.token({ sub: inspector.certificateNumber, role: 'INSPECTOR', department: 'SAMR' });
    const admin = await hub.token({ sub: 'admin-samr', role: 'DEPT_ADMIN', department: 'SAMR' });
    const entered = await gqlOk(hub, 'mutation($input: ResultInput!) { enterResult(input: $input) { id } }', {
      input: { taskId: joint.id, department: 'SAMR', itemCode: samrItem.code, categories: ['NO_PROBLEM'], followUp: 'NONE', findings: '未发现问题', inspectedOn: '2026-08-03' },
    }, inspectorToken);
    const resultId = entered.enterResult.id;
    await gqlOk(hub, 'mutation($id: ID!) { submitResult(id: $id) { id } }', { id: resultId }, inspectorToken);
    await gqlOk(hub, 'mutation($id: ID!) { reviewResult(id: $id, approve: true) { id } }', { id: resultId }, admin);
    await gqlOk(hub, 'mutation($id: ID!) { publishResult(id: $id) { id } }', { id: resultId }, admin);
    const publicBefore = (await gqlOk(hub, 'query($s: String) { publishedResults(search: $s) { current { id version categories department } } }', { s: joint.creditCode })).publishedResults;
    expect(publicBefore).toHaveLength(1);

    // The SAMR-only tasks: one is excluded as deregistered.
    const samrOnly = before.filter((t) => !t.joint && t.departments[0] === 'SAMR');
    expect(samrOnly.length).toBeGreaterThan(0);
    const drawsBefore = (await gqlOk(hub, DRAWS, { r: roundId }, office)).drawRound;
    const samrDraw = drawsBefore.draws.find((d: any) => d.planId === samrPlan);
    const healthDraw = drawsBefore.draws.find((d: any) => d.planId !== samrPlan);

    // Refusals first: nothing changes.
    const REDRAW = 'mutation($r: ID!, $p: ID!, $why: String!, $x: [ExclusionInput!]!) { redrawPlan(roundId: $r, planId: $p, reason: $why, exclusions: $x) { id seq ordinal selected exclusions { creditCode reasonText } } }';
    const staff = await hub.token({ sub: 'staff-samr', role: 'DEPT_STAFF', department: 'SAMR' });
    expect((await gql(REDRAW, { r: roundId, p: samrPlan, why: '核实名录', x: [{ creditCode: joint.creditCode, reason: 'DEREGISTERED' }] }, staff)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const outsider = hub.data.entities.find((e) => !samrDraw.selected.includes(e.creditCode) && e.industrySection !== 'H')!.creditCode;
    expect((await gql(REDRAW, { r: roundId, p: samrPlan, why: '核实名录', x: [{ creditCode: outsider, reason: 'CLOSED' }] }, office)).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await gql(REDRAW, { r: roundId, p: samrPlan, why: '核实名录', x: [] }, office)).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await gql(REDRAW, { r: roundId, p: samrPlan, why: '核实名录', x: [{ creditCode: joint.creditCode, reason: 'OTHER' }] }, office)).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(await tasks()).toEqual(before.map((t) => (t.id === joint.id ? { ...t, results: expect.anything() } : t)));

    // The redraw: the joint business (with a published SAMR result) and one SAMR-only business leave SAMR's selection.
    const leaving = [joint.creditCode, samrOnly[0].creditCode];
    const redraw = await gqlOk(hub, REDRAW, {
      r: roundId, p: samrPlan, why: '两家已注销', x: leaving.map((creditCode) => ({ creditCode, reason: 'DEREGISTERED' })),
    }, office);
    expect(redraw.redrawPlan).toMatchObject({ seq: 2, ordinal: 1 });
    expect(redraw.redrawPlan.exclusions.map((x: any) => x.reasonText)).toEqual(['已注销或被吊销营业执照', '已注销或被吊销营业执照']);
    const selectedAfter: string[] = redraw.redrawPlan.selected;
    for (const c of leaving) expect(selectedAfter).not.toContain(c);
    const came = selectedAfter.filter((c) => !samrDraw.selected.includes(c));
    const left = samrDraw.selected.filter((c: string) => !selectedAfter.includes(c));
    expect(left.sort()).toEqual([...leaving].sort());
    // The rest of the selection stays: only vacated places are refilled, never reshuffled.
    expect(came.length).toBeLessThanOrEqual(2);

    const after = await tasks();
    const affected = new Set([...leaving, ...came]);
    const byId = new Map(after.map((t) => [t.id, t]));
    // Every task of an unaffected business: same id, same shape, same dispatch, same results.
    for (const t of before.filter((x) => !affected.has(x.creditCode))) {
      const now = byId.get(t.id)!;
      if (t.id === joint.id) continue;
      expect(now).toEqual(t);
    }
    // The joint task keeps its id and HEALTH's part; SAMR's part is cancelled; SAMR's published result stays attached.
    const jointNow = byId.get(joint.id)!;
    expect(jointNow.status).toBe('ACTIVE');
    expect(jointNow.departments).toEqual(['HEALTH']);
    expect(jointNow.joint).toBe(false);
    expect(jointNow.dispatch.find((d) => d.department === 'HEALTH')).toEqual(joint.dispatch.find((d) => d.department === 'HEALTH'));
    expect(jointNow.dispatch.find((d) => d.department === 'SAMR')!.status).toBe('CANCELLED');
    expect(jointNow.results).toEqual([{ id: resultId, department: 'SAMR', itemCode: samrItem.code, state: 'PUBLISHED' }]);
    const publicAfter = (await gqlOk(hub, 'query($s: String) { publishedResults(search: $s) { current { id version categories department } } }', { s: joint.creditCode })).publishedResults;
    expect(publicAfter).toEqual(publicBefore);
    // The SAMR-only task is cancelled with its reason, not deleted.
    const cancelled = byId.get(samrOnly[0].id)!;
    expect(cancelled.status).toBe('CANCELLED');
    expect(cancelled.cancelReason).toContain('重新抽取');
    expect(cancelled.dispatch.every((d) => d.status === 'CANCELLED')).toBe(true);
    // Newcomers get tasks of their own (settled visits are never regrouped), pending dispatch.
    const ids = new Set(before.map((t) => t.id));
    const fresh = after.filter((t) => !ids.has(t.id));
    expect(fresh.map((t) => t.creditCode).sort()).toEqual(came.filter((c) => !before.some((t) => t.creditCode === c && t.departments.includes('SAMR'))).sort());
    for (const t of fresh) expect(t.dispatch).toEqual([]);
    // Entering a result on the cancelled task is refused; dispatch resumes only the newcomers.
    const cancelledEntry = await gql('mutation($input: ResultInput!) { enterResult(input: $input) { id } }', {
      input: { taskId: cancelled.id, department: 'SAMR', itemCode: cancelled.items[0].code, categories: ['NO_PROBLEM'], followUp: 'NONE', findings: '', inspectedOn: '2026-08-03' },
    }, admin);
    expect(cancelledEntry.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    const dispatched = await gqlOk(hub, 'mutation($r: ID!) { dispatchRound(roundId: $r) { department pending } }', { r: roundId }, office);
    for (const d of dispatched.dispatchRound) expect(d.pending).toBe(0);
    const final = await tasks();
    for (const t of final.filter((x) => ids.has(x.id) && !affected.has(x.creditCode))) expect(t).toEqual(byId.get(t.id));

    // Stats count active visits only; HEALTH's draw is untouched; every record verifies, the chain too.
    const drawsAfter = (await gqlOk(hub, DRAWS, { r: roundId }, office)).drawRound;
    expect(drawsAfter.stats.visits).toBe(final.filter((t) => t.status === 'ACTIVE').length);
    // The export carries the audit head at download time (docs/audit.md), which the redraw moved on: compare the record.
    const unheaded = (d: any) => {
      const { auditHead: _head, ...record } = JSON.parse(d.exportJson);
      return { ...d, exportJson: record };
    };
    expect(unheaded(drawsAfter.draws.find((d: any) => d.id === healthDraw.id))).toEqual(unheaded(healthDraw));
    for (const d of drawsAfter.draws) expect(d.verification).toEqual({ ok: true, reason: null });
    const latest = drawsAfter.draws.find((d: any) => d.planId === samrPlan && d.seq === 2);
    expect(verifyDrawExport(latest.exportJson).ok).toBe(true);
    const history = verifyDrawExport(latest.exportHistoryJson);
    expect(history).toMatchObject({ ok: true });
    expect(history.message).toContain('2 份');
    // A history whose redraw claims another ordinal is refused.
    const chain = JSON.parse(latest.exportHistoryJson);
    chain[1].ordinal = 2;
    expect(verifyDrawExport(JSON.stringify(chain)).ok).toBe(false);
    expect((await verifyAudit(hub.joint.dataSource)).ok).toBe(true);

    // A business excluded once cannot be excluded again; the public sees the exclusions in the record.
    expect((await gql(REDRAW, { r: roundId, p: samrPlan, why: '再次', x: [{ creditCode: leaving[0], reason: 'CLOSED' }] }, office)).errors?.[0]?.extensions?.code).toBe('CONFLICT');
    const pub = await gqlOk(hub, 'query($r: ID!) { drawRound(id: $r) { draws { seq exclusions { creditCode reasonText } } } }', { r: roundId });
    expect(pub.drawRound.draws.find((d: any) => d.seq === 2).exclusions.map((x: any) => x.creditCode).sort()).toEqual([...leaving].sort());
  }, 240_000);

  test('risk-flagged businesses are marked in the snapshot and drawn at the frozen risk ratios; the review says so', async () => {
    const round = (await gqlOk(hub, 'query($r: ID!) { drawRound(id: $r) { draws { planId seq exportJson } plans { id ratios { A B C D } } } }', { r: roundId }, office)).drawRound;
    const first = JSON.parse(round.draws.find((d: any) => d.planId === samrPlan && d.seq === 1).exportJson);
    const flagged = new Set(hub.data.entities.filter((e) => e.hasComplaints || e.onAbnormalList || e.hasSeriousViolations).map((e) => e.creditCode));
    const marked = first.pool.filter((e: any) => e.risk).map((e: any) => e.creditCode);
    expect(marked.length).toBeGreaterThan(0);
    expect(marked.every((c: string) => flagged.has(c))).toBe(true);
    expect(first.pool.filter((e: any) => flagged.has(e.creditCode)).length).toBe(marked.length);
    const plan = round.plans.find((p: any) => p.id === samrPlan);
    for (const c of ['A', 'B', 'C', 'D']) expect(first.riskRatios[c]).toBe(Math.min(1, Math.round(plan.ratios[c] * 2 * 1e6) / 1e6));
    expect(first.strata.filter((x: any) => x.risk).reduce((n: number, x: any) => n + x.poolSize, 0)).toBe(marked.length);

    const bad = await gql('mutation($i: SupervisionRulesInput!) { updateSupervisionRules(input: $i) { frequencyCap } }', { i: { riskRules: [{ department: null, flags: ['COMPLAINTS'], factor: 50 }] } }, office);
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    await gqlOk(hub, 'mutation($i: SupervisionRulesInput!) { updateSupervisionRules(input: $i) { frequencyCap } }', { i: { riskRules: [{ department: 'SAMR', flags: ['ABNORMAL_LIST'], factor: 3 }] } }, office);
    const review = await gqlOk(hub, 'query($id: ID!) { planReview(id: $id) { findings { type severity message } } }', { id: samrPlan }, office);
    const risk = review.planReview.findings.find((f: any) => f.type === 'RISK_RATIOS');
    expect(risk).toMatchObject({ severity: 'INFO' });
    expect(risk.message).toContain('按 3 倍比例');
    // A rule change after the snapshot does not reach a locked draw: its ratios were frozen with the snapshot.
    const again = JSON.parse((await gqlOk(hub, 'query($r: ID!) { drawRound(id: $r) { draws { planId seq exportJson } } }', { r: roundId }, office)).drawRound.draws.find((d: any) => d.planId === samrPlan && d.seq === 2).exportJson);
    expect(again.riskRatios).toEqual(first.riskRatios);

    // The verdict kept at lock is what everyone reads; a full recomputation on demand is the office's.
    const V = 'query($r: ID!) { drawRound(id: $r) { draws { verification(recheck: true) { ok } } } }';
    expect((await gql(V, { r: roundId })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const rechecked = await gqlOk(hub, V, { r: roundId }, office);
    for (const d of rechecked.drawRound.draws) expect(d.verification.ok).toBe(true);
  });
});
