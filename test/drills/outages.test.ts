// Failure drills in one process: a department killed in the middle of a dispatch (one answer lost on the wire),
// and the gateway restarted mid-round and mid-dispatch. Nothing may be lost or duplicated.
import { startTestHub, type TestHub } from '../e2e/hub';
import { drawRestaurantRound, gqlOk } from '../e2e/flow';
import { callGateway } from '../helpers';
import { verifyDraw } from '../../shared/domain/draw';
import { HttpProxy } from './proxies';
import { DISPATCH, dispatchUntilDone, expectDispatchConsistent } from './consistency';

const waitFor = async (what: string, cond: () => Promise<boolean> | boolean, ms = 20_000) => {
  const until = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('drill: a department is killed in the middle of a dispatch', () => {
  let hub: TestHub;
  let proxy: HttpProxy;
  let office: string;
  beforeAll(async () => {
    hub = await startTestHub(['SAMR', 'HEALTH'], {}, {
      departmentUrl: async (code, url) => (code === 'HEALTH' ? (proxy = await new HttpProxy(url).start()).url : url),
    });
    office = await hub.token({ sub: 'office', role: 'JOINT_OFFICE' });
  }, 120_000);
  afterAll(async () => {
    await hub?.close();
    await proxy?.close();
  });

  test('the answer in flight is lost and the department dies; the next dispatch resumes with the stored team, nothing twice', async () => {
    const { roundId } = await drawRestaurantRound(hub, ['SAMR', 'HEALTH'], '2026-Q3', office);
    const healthTasks = (await gqlOk(hub, 'query($r: ID!) { tasks(roundId: $r, department: "HEALTH") { id } }', { r: roundId }, office)).tasks.length;
    expect(healthTasks).toBeGreaterThan(3);
    // The third matching request to HEALTH is processed there but its answer never arrives; then the process goes down.
    proxy.requests = 0;
    proxy.finished = 0;
    let killed: Promise<void> | undefined;
    proxy.onRequest = (n) => {
      if (n === 3) proxy.swallow(1);
    };
    // Down once the department has answered three requests (the third answer swallowed): not after a fixed delay,
    // which a loaded machine can outrun.
    proxy.onFinished = (n) => {
      if (n === 3) killed = hub.stopDepartment('HEALTH');
    };
    const first = (await gqlOk(hub, DISPATCH, { r: roundId }, office)).dispatchRound;
    await killed;
    proxy.onRequest = undefined;
    proxy.onFinished = undefined;
    const health = first.find((d: any) => d.department === 'HEALTH');
    expect(health.matched + health.understaffed).toBeGreaterThanOrEqual(2);
    expect(health.pending).toBeGreaterThan(0);
    expect(first.find((d: any) => d.department === 'SAMR').pending).toBe(0);
    // The department kept the match whose answer was lost.
    const [{ n: storedBefore }] = await hub.departments.get('HEALTH')!.dataSource.query('SELECT COUNT(*) AS n FROM task_match');
    expect(Number(storedBefore)).toBeGreaterThan(health.matched + health.understaffed);

    await hub.restartDepartment('HEALTH');
    const calls = await dispatchUntilDone(hub, roundId, office);
    expect(calls.length).toBe(1);
    const { parts } = await expectDispatchConsistent(hub, roundId, office);
    const [{ n: storedAfter }] = await hub.departments.get('HEALTH')!.dataSource.query('SELECT COUNT(*) AS n FROM task_match');
    expect(Number(storedAfter)).toBe(healthTasks);
    expect(parts).toBeGreaterThan(healthTasks);
  }, 180_000);
});

describe('drill: the gateway is restarted mid-round and mid-dispatch', () => {
  let hub: TestHub;
  let office: string;
  beforeAll(async () => {
    hub = await startTestHub(['SAMR', 'ECO']);
    office = await hub.token({ sub: 'office', role: 'JOINT_OFFICE' });
  }, 120_000);
  afterAll(async () => hub?.close());

  test('a round half-way through continues after a restart with the same tokens, commitment and snapshots', async () => {
    const items = (d: string) => hub.data.checklistItems.filter((i) => i.department === d && i.status === 'PUBLISHED').slice(0, 1);
    const planIds: string[] = [];
    for (const d of ['SAMR', 'ECO']) {
      const ratio = items(d)[0].maxRatio;
      const input = { department: d, title: `${d} 重启演练`, year: 2026, windowStart: '2026-07-01', windowEnd: '2026-09-30', items: items(d).map((i) => ({ department: d, code: i.code })), scope: { industrySections: ['H'] }, ratios: { A: ratio, B: ratio, C: ratio, D: ratio } };
      const id = (await gqlOk(hub, 'mutation($input: PlanInput!) { createPlan(input: $input) { id } }', { input }, office)).createPlan.id;
      await gqlOk(hub, 'mutation($id: ID!) { submitPlan(id: $id) { id } }', { id }, office);
      await gqlOk(hub, 'mutation($id: ID!) { approvePlan(id: $id) { id } }', { id }, office);
      planIds.push(id);
    }
    const r = (await gqlOk(hub, 'mutation($p: [ID!]!) { openDrawRound(name: "重启演练", year: 2026, planIds: $p) { id } }', { p: planIds }, office)).openDrawRound.id;
    await gqlOk(hub, 'mutation($r: ID!) { commitSeed(roundId: $r, source: GENERATED) { id } }', { r }, office);
    await gqlOk(hub, 'mutation($r: ID!) { snapshotPools(roundId: $r) { id } }', { r }, office);
    const ROUND = 'query($r: ID!) { drawRound(id: $r) { state seedCommitment snapshots { planId poolHash size } } }';
    const before = (await gqlOk(hub, ROUND, { r }, office)).drawRound;

    await hub.restartGateway();

    expect((await gqlOk(hub, ROUND, { r }, office)).drawRound).toEqual(before);
    await gqlOk(hub, 'mutation($r: ID!) { revealSeed(roundId: $r) { id } }', { r }, office);
    const drawn = (await gqlOk(hub, 'mutation($r: ID!) { drawAndLock(roundId: $r) { state draws { id } } }', { r }, office)).drawAndLock;
    expect(drawn.state).toBe('DRAWN');
    for (const d of drawn.draws) {
      const json = (await gqlOk(hub, 'query($id: ID!) { draw(id: $id) { exportJson } }', { id: d.id })).draw.exportJson;
      expect(verifyDraw(JSON.parse(json)).ok).toBe(true);
    }

    // Restart while a dispatch is running: the office's request is cut, joint-inspection's calls through the gateway
    // fail while it is down and stay pending; dispatching again completes, nobody drawn twice, one audit entry each.
    const inFlight = callGateway(hub.gatewayUrl, DISPATCH, { r }, office).then(
      (res) => ({ status: res.status, errors: res.errors }),
      (e: Error) => ({ status: 0, errors: [{ message: e.message }] }),
    );
    const samr = hub.departments.get('SAMR')!.dataSource;
    await waitFor('the first matches', async () => Number((await samr.query('SELECT COUNT(*) AS n FROM task_match'))[0].n) > 0);
    await hub.restartGateway();
    const cut = await inFlight;
    // Either the connection was cut, or the dispatch finished first; both are fine, a half answer is not.
    if (cut.status !== 0) expect(cut.status).toBe(200);
    const calls = await dispatchUntilDone(hub, r, office);
    expect(calls.at(-1)!.every((d: any) => d.pending === 0)).toBe(true);
    await expectDispatchConsistent(hub, r, office);
  }, 180_000);
});
