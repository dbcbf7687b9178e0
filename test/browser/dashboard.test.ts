// The web app in headless Chromium (Debian's, driven by playwright-core): a whole round from the browser —
// a department plans, the joint office reviews, opens a round, commits, snapshots, reveals, draws, verifies,
// dispatches and prints the 一企一表 — plus the department's own view with result entry, the public 一公开
// page, and a banner naming a department that is down.
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import iconv from 'iconv-lite';
import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, openPage } from './chromium';
import { startTestHub, type TestHub } from '../e2e/hub';
import { drawRestaurantRound, gqlOk } from '../e2e/flow';
import { drawPlan, seedCommitment } from '../../shared/domain/draw';

const SHOTS = resolve(__dirname, '../../../test-output');
jest.setTimeout(90_000);

describe('web app in a real browser', () => {
  let hub: TestHub;
  let browser: Browser;
  let page: Page;
  let base: string;
  let office: string;
  let published: { entityName: string; creditCode: string; resultId: string };
  let healthPlanId: string;
  let firePlanId: string;
  let browserRoundId: string;
  const pageErrors: string[] = [];

  const shot = (name: string, p: Page = page) => p.screenshot({ path: resolve(SHOTS, `${name}.png`), fullPage: true });
  const published2 = (department: string) => hub.data.checklistItems.filter((i) => i.department === department && i.status === 'PUBLISHED');

  async function submittedPlan(department: string, title: string) {
    const items = published2(department).slice(0, 2);
    const ratio = Math.min(...items.map((i) => i.maxRatio));
    const { createPlan } = await gqlOk(hub, 'mutation($input: PlanInput!) { createPlan(input: $input) { id } }', {
      input: { department, title, year: 2026, windowStart: '2026-10-01', windowEnd: '2026-12-31', items: items.map((i) => ({ department, code: i.code })), scope: { industrySections: ['H'] }, ratios: { A: ratio, B: ratio, C: ratio, D: ratio } },
    }, office);
    await gqlOk(hub, 'mutation($id: ID!) { submitPlan(id: $id) { id } }', { id: createPlan.id }, office);
    return createPlan.id as string;
  }

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    hub = await startTestHub(['SAMR', 'HEALTH', 'FIRE']);
    base = hub.gatewayUrl.replace(/\/graphql$/, '');
    office = await hub.token({ sub: 'office', role: 'JOINT_OFFICE' });
    const { roundId } = await drawRestaurantRound(hub, ['SAMR', 'HEALTH'], '2026-Q3', office);
    await gqlOk(hub, 'mutation($r: ID!) { dispatchRound(roundId: $r) { department } }', { r: roundId }, office);
    // One published result, entered by the department's staff and published by its admin.
    const { tasks } = await gqlOk(hub, 'query($r: ID!) { tasks(roundId: $r) { id creditCode items { department code } entity { name } } }', { r: roundId }, office);
    const task = tasks[0];
    const staff = await hub.token({ sub: 'staff-samr', role: 'DEPT_STAFF', department: 'SAMR' });
    const admin = await hub.token({ sub: 'admin-samr', role: 'DEPT_ADMIN', department: 'SAMR' });
    const item = task.items.find((i: { department: string }) => i.department === 'SAMR');
    const { enterResult } = await gqlOk(hub, 'mutation($input: ResultInput!) { enterResult(input: $input) { id } }', {
      input: { taskId: task.id, department: 'SAMR', itemCode: item.code, categories: ['NO_PROBLEM'], followUp: 'NONE', findings: '', inspectedOn: '2026-07-02' },
    }, staff);
    await gqlOk(hub, 'mutation($id: ID!) { submitResult(id: $id) { state } }', { id: enterResult.id }, staff);
    await gqlOk(hub, 'mutation($id: ID!) { reviewResult(id: $id, approve: true) { state } }', { id: enterResult.id }, admin);
    await gqlOk(hub, 'mutation($id: ID!) { publishResult(id: $id) { version } }', { id: enterResult.id }, admin);
    published = { entityName: task.entity.name, creditCode: task.creditCode, resultId: enterResult.id };
    // Q4 plans waiting for review: HEALTH's overlaps the plan SAMR makes in the browser, FIRE's gets returned.
    healthPlanId = await submittedPlan('HEALTH', 'HEALTH 餐饮单位第四季度抽查');
    firePlanId = await submittedPlan('FIRE', 'FIRE 餐饮单位第四季度抽查');

    browser = await launchChromium();
    page = await openPage(browser, { width: 1280, height: 900 }, pageErrors);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await hub?.close();
  });

  afterEach(() => {
    // A script error in the page fails the test that caused it.
    expect(pageErrors.splice(0)).toEqual([]);
  });

  async function loginAs(testId: string) {
    await page.goto(`${base}/`);
    await page.evaluate(() => localStorage.clear());
    await page.goto(`${base}/`);
    await page.getByTestId(testId).click();
  }

  test('the joint office sees the overview with real numbers from the hub', async () => {
    await loginAs('login-JOINT_OFFICE');
    await page.getByTestId('dept-SAMR').waitFor();
    expect(await page.getByTestId('total-departments').textContent()).toBe('3');
    const draws = Number(await page.getByTestId('total-draws').textContent());
    const visits = Number(await page.getByTestId('total-visits').textContent());
    const saved = Number(await page.getByTestId('total-saved').textContent());
    const { drawRounds, checklistCoverage } = await gqlOk(hub, '{ drawRounds { stats { visits departmentDraws } } checklistCoverage(year: 2026) { uncovered { department } } }', {}, office);
    expect(draws).toBe(drawRounds[0].stats.departmentDraws);
    expect(visits).toBe(drawRounds[0].stats.visits);
    expect(saved).toBe(draws - visits);
    expect(saved).toBeGreaterThan(0);
    expect(await page.getByTestId('total-plans').textContent()).toBe('4');
    const uncoveredFire = checklistCoverage.uncovered.filter((u: { department: string }) => u.department === 'FIRE').length;
    expect(await page.getByTestId('uncovered-FIRE').textContent()).toBe(String(uncoveredFire));
    const samr = (await page.getByTestId('dept-SAMR').textContent())!;
    expect(samr).toContain('市场监督管理局');
    expect(samr).toContain(String(published2('SAMR').length));
    expect(samr).toContain('已抽取 1');
    expect(await page.getByTestId('nav-department').count()).toBe(0);
    // The gateway's circuit state per department (GET /status), readable by the joint office.
    await page.getByTestId('connection-status').waitFor();
    for (const code of ['SAMR', 'HEALTH', 'FIRE']) expect(await page.getByTestId(`circuit-${code}`).textContent()).toContain('正常');
    await shot('overview');
  });

  test('department staff create and submit a plan from their published checklist, and draft a joint one', async () => {
    await loginAs('login-DEPT_STAFF-SAMR');
    await page.getByTestId('nav-plans').click();
    const items = published2('SAMR').slice(0, 2);
    await page.getByTestId(`plan-item-${items[0].code}`).waitFor();
    // Only its own published items are offered.
    expect(await page.locator('[data-testid=plan-items] input').count()).toBe(published2('SAMR').length);
    await page.getByTestId('plan-title').fill('市场监管局餐饮单位第四季度抽查');
    await page.getByTestId('plan-year').fill('2026');
    await page.getByTestId('plan-start').fill('2026-10-01');
    await page.getByTestId('plan-end').fill('2026-12-31');
    await page.getByTestId('plan-sections').fill('H');
    for (const i of items) await page.getByTestId(`plan-item-${i.code}`).check();
    // The ratio defaults to the chosen items' bound.
    expect(Number(await page.getByTestId('plan-ratio-A').inputValue())).toBeCloseTo(Math.min(...items.map((i) => i.maxRatio)) * 100, 5);
    await page.getByTestId('plan-create-submit').click();
    const row = page.locator('[data-testid=plans] tr', { hasText: '市场监管局餐饮单位第四季度抽查' });
    await row.locator('text=待审查').waitFor();
    // A department sees its own plans only, and no review buttons.
    const titles = await page.locator('[data-testid=plans] tr[data-testid^=plan-] b').allTextContents();
    expect(titles.length).toBe(2); // its Q3 plan and the new one
    expect(titles.every((t) => t.startsWith('SAMR') || t.startsWith('市场监管局'))).toBe(true);
    expect(await page.locator('[data-testid^=approve-]').count()).toBe(0);
    expect(await page.getByTestId('nav-overview').count()).toBe(0);

    // A joint plan led by SAMR with FIRE: FIRE's published items join the list; saved as a draft.
    const fireItem = published2('FIRE')[0];
    await page.getByTestId('plan-title').fill('市场监管局与消防联合抽查');
    await page.getByTestId('plan-joint').check();
    await page.getByTestId('plan-partner-FIRE').check();
    await page.getByTestId(`plan-item-${fireItem.code}`).check();
    await page.getByTestId(`plan-item-${items[0].code}`).check();
    await shot('plan-form');
    await page.getByTestId('plan-save').click();
    await page.locator('[data-testid=plans] tr', { hasText: '市场监管局与消防联合抽查' }).locator('.badge', { hasText: '草稿' }).waitFor();
    const { plans } = await gqlOk(hub, '{ plans(filter: { states: [DRAFT] }) { kind department participants items { department code } } }', {}, office);
    plans[0].participants.sort();
    expect(plans).toEqual([{ kind: 'JOINT', department: 'SAMR', participants: ['FIRE', 'SAMR'], items: [{ department: 'SAMR', code: items[0].code }, { department: 'FIRE', code: fireItem.code }] }]);
  });

  test('the joint office reviews plans: findings with severities, return with a reason, approve', async () => {
    await loginAs('login-JOINT_OFFICE');
    await page.getByTestId('nav-plans').click();
    const { plans } = await gqlOk(hub, '{ plans(filter: { states: [SUBMITTED] }) { id department } }', {}, office);
    expect(plans.length).toBe(3);
    const samrPlan = plans.find((p: { department: string }) => p.department === 'SAMR').id;
    // The overlap with HEALTH's plan in the same window is found and shown as a warning.
    const review = page.getByTestId(`review-${samrPlan}`);
    // Department names and plan titles, not codes and ids.
    const overlap = review.locator('li', { hasText: '与卫生健康局的计划“HEALTH 餐饮单位第四季度抽查”' });
    await overlap.waitFor();
    expect(await overlap.locator('.badge').textContent()).toBe('提示');
    expect(await overlap.textContent()).toContain('建议合并为联合抽查计划');
    await shot('plan-review');
    await page.getByTestId(`return-${firePlanId}`).click();
    await page.getByTestId(`return-reason-${firePlanId}`).fill('请与市场监管局联合制定');
    await page.getByTestId(`return-confirm-${firePlanId}`).click();
    await page.getByTestId(`plan-${firePlanId}`).waitFor({ state: 'detached' });
    for (const id of [samrPlan, healthPlanId]) {
      // Approval asks first and says what will happen.
      await page.getByTestId(`approve-${id}`).click();
      expect(await page.getByTestId(`approve-${id}-ask`).textContent()).toContain('将对社会公开');
      await page.getByTestId(`approve-${id}-confirm`).click();
      await page.getByTestId(`plan-${id}`).waitFor({ state: 'detached' });
    }
    const { a, b, c } = await gqlOk(hub, `query($a: ID!, $b: ID!, $c: ID!) { a: plan(id: $a) { state } b: plan(id: $b) { state } c: plan(id: $c) { state returnReason } }`, { a: samrPlan, b: healthPlanId, c: firePlanId }, office);
    expect([a.state, b.state, c.state, c.returnReason]).toEqual(['APPROVED', 'APPROVED', 'RETURNED', '请与市场监管局联合制定']);
    await page.getByTestId('plans-filter-RETURNED').click();
    await page.getByTestId(`plan-${firePlanId}`).locator('text=请与市场监管局联合制定').waitFor();
  });

  test('the joint office runs a round: open, commit (commitment shown), snapshot, reveal, draw, verify', async () => {
    await page.getByTestId('nav-rounds').click();
    await page.locator('[data-testid^=round-plan-]').first().waitFor();
    expect(await page.locator('[data-testid^=round-plan-]').count()).toBe(2);
    await page.getByTestId('round-name').fill('2026-Q4');
    await page.getByTestId('round-open').click();
    const card = page.locator('section.round', { hasText: '2026-Q4' });
    await card.getByTestId('step-commit').click();
    await card.getByTestId('step-snapshot').waitFor();
    const commitment = (await card.getByTestId('commitment').textContent())!;
    expect(commitment).toMatch(/^[0-9a-f]{64}$/);
    expect(await card.getByTestId('seed').textContent()).toBe('揭示前保密');
    await shot('round-committed');
    await card.getByTestId('step-snapshot').click();
    await card.getByTestId('step-reveal').click();
    await card.getByTestId('step-reveal-confirm').click();
    await card.getByTestId('step-draw').click();
    expect(await card.getByTestId('step-draw-ask').textContent()).toContain('不可撤销');
    await card.getByTestId('step-draw-confirm').click();
    await card.getByTestId('round-stats').waitFor();
    // The rounds page shows the head after the draw (the draw's own entries included).
    const head = (await gqlOk(hub, '{ auditHead { length hash } }', {}, office)).auditHead;
    await page.locator('[data-testid=audit-head-length]', { hasText: new RegExp(`^${head.length}$`) }).waitFor();
    const seed = (await card.getByTestId('seed').textContent())!;
    expect(createHash('sha256').update(seed).digest('hex')).toBe(commitment);
    const { drawRounds } = await gqlOk(hub, '{ drawRounds { id name seedCommitment state draws { id } stats { jointTasks } } }', {}, office);
    const round = drawRounds.find((r: { name: string }) => r.name === '2026-Q4');
    browserRoundId = round.id;
    expect([round.state, round.seedCommitment]).toEqual(['DRAWN', commitment]);
    expect(await card.getByTestId('round-joint').textContent()).toBe(String(round.stats.jointTasks));
    for (const { id } of round.draws) {
      await card.getByTestId(`verify-browser-${id}`).click();
      await card.getByTestId(`verify-result-${id}`).locator('text=验证通过').waitFor();
      expect(await card.getByTestId(`verify-result-${id}`).textContent()).toContain('浏览器');
    }
    await card.getByTestId(`verify-api-${round.draws[0].id}`).click();
    await card.getByTestId(`verify-result-${round.draws[0].id}`).locator('text=服务端').waitFor();
    expect(await card.getByTestId(`verify-result-${round.draws[0].id}`).textContent()).toContain('验证通过');
    await shot('round-drawn');

    // The browser's recomputation notices tampering, with the same reasons as the API.
    const { draw } = await gqlOk(hub, 'query($id: ID!) { draw(id: $id) { exportJson } }', { id: round.draws[0].id });
    // Independent mode, a start that wraps around and every stratum drawn, computed by the server's module.
    const pool = hub.data.poolEntries.filter((e) => e.department === 'SAMR').map((e) => ({ creditCode: e.creditCode, creditClass: e.creditClass }));
    const seedValue = 'browser-check-seed';
    const ratios = { A: 0.3, B: 0.05, C: 0.5, D: 1 };
    const independent = drawPlan({ roundSeed: seedValue, start: 0.9, mode: 'independent', planSalt: '7', pool, ratios });
    const other = {
      seed: seedValue, seedCommitment: seedCommitment(seedValue), start: 0.9, mode: 'independent', planSalt: '7', pool, poolHash: independent.poolHash,
      ratios, algorithmVersion: independent.algorithmVersion, riskRatios: {}, exclusions: [], ordinal: 0, previousRecordHash: null,
      strata: independent.strata, selected: independent.selected.map((e) => e.creditCode),
    };
    // A string, so tsc leaves the browser's dynamic import() alone.
    const verdicts = await page.evaluate(`(async () => {
      const { verifyDrawInBrowser } = await import('/app/verify.js');
      const other = ${JSON.stringify(other)};
      const rec = ${draw.exportJson};
      const notSelected = rec.pool.find((e) => !rec.selected.includes(e.creditCode)).creditCode;
      return Promise.all([
        verifyDrawInBrowser(rec),
        verifyDrawInBrowser({ ...rec, selected: [...rec.selected.slice(1), notSelected] }),
        verifyDrawInBrowser({ ...rec, seed: rec.seed + 'x' }),
        verifyDrawInBrowser({ ...rec, pool: rec.pool.slice(1) }),
        verifyDrawInBrowser(other),
        verifyDrawInBrowser({ ...other, planSalt: '8' }),
      ]);
    })()`) as { ok: boolean; reason?: string }[];
    expect(verdicts.map((v) => v.reason ?? 'ok')).toEqual(['ok', '抽取结果与重新计算不符', '种子与承诺值不符', '名录快照与哈希不符', 'ok', '抽取结果与重新计算不符']);
  });

  test('joint tasks appear with lead and participants; the office dispatches and opens a printable 一企一表', async () => {
    await page.getByTestId(`round-tasks-${browserRoundId}`).click();
    await page.getByTestId('tasks').waitFor();
    const { tasks } = await gqlOk(hub, 'query($r: ID!) { tasks(roundId: $r, jointOnly: true) { id leadDepartment entity { name } } }', { r: browserRoundId }, office);
    expect(tasks.length).toBeGreaterThan(0);
    await page.getByTestId('joint-only').check();
    await page.getByTestId('task-count').locator(`text=共 ${tasks.length} 项任务，其中联合 ${tasks.length} 项`).waitFor();
    const first = page.getByTestId(`task-${tasks[0].id}`);
    const participants = (await first.getByTestId('departments').textContent())!;
    expect(participants).toContain('市场监督管理局');
    expect(participants).toContain('卫生健康局');
    expect(await first.getByTestId('lead').textContent()).toBe({ SAMR: '市场监督管理局', HEALTH: '卫生健康局' }[tasks[0].leadDepartment as string]);
    expect(await first.textContent()).toContain('未派发');
    await page.getByTestId('dispatch').click();
    // Dispatch takes seconds: a progress line says what is happening (done / total once the counts arrive).
    await page.getByTestId('dispatch-progress').waitFor();
    expect(await page.getByTestId('dispatch-progress').textContent()).toContain('正在派发');
    await page.getByTestId('dispatch-row-SAMR').waitFor();
    await first.getByTestId('dispatch-SAMR').waitFor();
    const { dispatchStatus } = await gqlOk(hub, 'query($r: ID!) { dispatchStatus(roundId: $r) { department matched pending } }', { r: browserRoundId }, office);
    const samr = dispatchStatus.find((d: { department: string }) => d.department === 'SAMR');
    expect(samr.matched).toBeGreaterThan(0);
    // The summary reloads on its own after the dispatch; wait for its 已匹配 cell rather than read it early.
    await page.waitForFunction((n) => document.querySelector('[data-testid=dispatch-row-SAMR] td:nth-child(2)')?.textContent === n, String(samr.matched));
    await shot('tasks');
    const [form] = await Promise.all([page.waitForEvent('popup'), page.getByTestId(`form-link-${tasks[0].id}`).click()]);
    await form.waitForLoadState();
    expect(await form.title()).toBe(`一企一表 · ${tasks[0].entity.name}`);
    expect(await form.locator('h1').textContent()).toContain('一企一表');
    await shot('joint-form', form);
    await form.close();
  });

  test('results and deadlines by department match the API; the office reviews and publishes a submitted result', async () => {
    const { tasks } = await gqlOk(hub, 'query($r: ID!) { tasks(roundId: $r, jointOnly: true) { id creditCode items { department code } } }', { r: browserRoundId }, office);
    const task = tasks[tasks.length - 1];
    const staff = await hub.token({ sub: 'staff-health', role: 'DEPT_STAFF', department: 'HEALTH' });
    const { enterResult } = await gqlOk(hub, 'mutation($input: ResultInput!) { enterResult(input: $input) { id } }', {
      input: { taskId: task.id, department: 'HEALTH', itemCode: task.items.find((i: { department: string }) => i.department === 'HEALTH').code, categories: ['NO_PROBLEM'], followUp: 'NONE', findings: '', inspectedOn: '2026-10-20' },
    }, staff);
    await gqlOk(hub, 'mutation($id: ID!) { submitResult(id: $id) { state } }', { id: enterResult.id }, staff);
    await page.getByTestId('nav-deadlines').click();
    await page.getByTestId(`queue-approve-${enterResult.id}`).click();
    await page.getByTestId(`queue-publish-${enterResult.id}`).click();
    await page.getByTestId(`queue-publish-${enterResult.id}-confirm`).click();
    await page.getByTestId(`queue-${enterResult.id}`).waitFor({ state: 'detached' });
    await page.reload();
    const { publishedResults } = await gqlOk(hub, 'query($s: String) { publishedResults(search: $s) { current { department } } }', { s: task.creditCode });
    expect(publishedResults.map((p: { current: { department: string } }) => p.current.department)).toContain('HEALTH');
    await page.getByTestId('deadline-summary').waitFor();
    const { deadlineSummary } = await gqlOk(hub, '{ deadlineSummary { department overdue dueSoon } }', {}, office);
    expect(deadlineSummary.length).toBeGreaterThan(0);
    for (const d of deadlineSummary) {
      const cells = await page.getByTestId(`deadline-${d.department}`).locator('td').allTextContents();
      expect(cells.slice(1, 3)).toEqual([String(d.overdue), String(d.dueSoon)]);
    }
    await shot('deadlines');
  });

  test('a department sees only its own department: checklist, paged and searchable pool, its tasks', async () => {
    await loginAs('login-DEPT_ADMIN-HEALTH');
    await page.getByTestId('checklist').waitFor();
    const rows = await page.locator('[data-testid=checklist] tbody tr').count();
    expect(rows).toBe(hub.data.checklistItems.filter((i) => i.department === 'HEALTH').length);
    const pool = hub.data.poolEntries.filter((e) => e.department === 'HEALTH');
    await page.getByTestId('pool-pager').locator(`text=共 ${pool.length} 条`).waitFor();
    expect(await page.locator('[data-testid=pool] tbody tr').count()).toBe(20);
    const firstPage = await page.locator('[data-testid=pool] tbody tr').first().textContent();
    await page.getByTestId('pool-pager-next').click();
    await page.getByTestId('pool-pager').locator('text=第 2 /').waitFor();
    await page.waitForFunction((first) => document.querySelector('[data-testid=pool] tbody tr')?.textContent !== first, firstPage);
    expect(await page.locator('[data-testid=pool] tbody tr').count()).toBe(20);
    await page.getByTestId('pool-search').fill(pool[7].creditCode);
    await page.getByTestId('pool-search').press('Enter');
    await page.getByTestId('pool-pager').locator('text=共 1 条').waitFor();
    expect(await page.locator('[data-testid=pool] tbody tr').textContent()).toContain(pool[7].name);
    expect(await page.locator('[data-testid=inspectors] tbody tr').count()).toBeGreaterThan(0);
    for (const nav of ['overview', 'review']) expect(await page.getByTestId(`nav-${nav}`).count()).toBe(0);
    await shot('department');

    await page.getByTestId('nav-tasks').click();
    await page.getByTestId('task-round').selectOption(browserRoundId);
    const health = await hub.token({ sub: 'admin-health', role: 'DEPT_ADMIN', department: 'HEALTH' });
    const { tasks } = await gqlOk(hub, 'query($r: ID!) { tasks(roundId: $r) { id joint } }', { r: browserRoundId }, health);
    const { all } = await gqlOk(hub, 'query($r: ID!) { all: tasks(roundId: $r) { id } }', { r: browserRoundId }, office);
    expect(tasks.length).toBeLessThan(all.length);
    await page.getByTestId('task-count').locator(`text=共 ${tasks.length} 项任务`).waitFor();
    const departments = await page.locator('[data-testid=tasks] [data-testid=departments]').allTextContents();
    expect(departments.every((d) => d.includes('卫生健康局'))).toBe(true);
    expect(await page.getByTestId('dispatch').count()).toBe(0);
    await page.getByTestId('nav-rounds').click();
    await page.locator('section.round').first().waitFor();
    expect(await page.getByTestId('open-round').count()).toBe(0);
    expect(await page.locator('[data-testid^=step-]').count()).toBe(0);
  });

  test('department staff enter a result, the admin approves and publishes it, the public finds it', async () => {
    const { tasks } = await gqlOk(hub, 'query($r: ID!) { tasks(roundId: $r, jointOnly: true) { id items { department code } entity { name } creditCode } }', { r: browserRoundId }, office);
    const task = tasks[1] ?? tasks[0];
    const item = task.items.find((i: { department: string }) => i.department === 'SAMR');
    const form = `result-${task.id}-${item.code}`;
    await loginAs('login-DEPT_STAFF-SAMR');
    await page.getByTestId('nav-tasks').click();
    await page.getByTestId('task-round').selectOption(browserRoundId);
    await page.getByTestId('joint-only').check();
    await page.getByTestId(`results-${task.id}`).click();
    await page.getByTestId(`${form}-cat-NO_PROBLEM`).uncheck();
    await page.getByTestId(`${form}-cat-CORRECTED`).check();
    await page.getByTestId(`${form}-followup`).selectOption('ORDERED_TO_CORRECT');
    await page.getByTestId(`${form}-date`).fill('2026-10-12');
    await page.getByTestId(`${form}-findings`).fill('台账记录不全，已当场责令改正，联系电话 13912345678。');
    await page.getByTestId(`${form}-submit`).click();
    await page.getByTestId(form).locator('text=待审核').waitFor();
    expect(await page.getByTestId(`${form}-approve`).count()).toBe(0); // staff may not review
    await shot('result-entry');

    await loginAs('login-DEPT_ADMIN-SAMR');
    await page.getByTestId('nav-tasks').click();
    await page.getByTestId('task-round').selectOption(browserRoundId);
    await page.getByTestId('joint-only').check();
    await page.getByTestId(`results-${task.id}`).click();
    await page.getByTestId(`${form}-approve`).click();
    await page.getByTestId(`${form}-publish`).click();
    await page.getByTestId(`${form}-publish-confirm`).click();
    await page.getByTestId(form).locator('text=已公示').waitFor();

    await loginAs('login-PUBLIC');
    await page.getByTestId('public-search').fill(task.creditCode);
    await page.getByTestId('public-search').press('Enter');
    const row = page.locator('[data-testid=public-results] tbody tr', { hasText: '发现问题已责令改正' });
    await row.waitFor();
    // Masked for the public: the phone number is not shown.
    expect(await row.textContent()).not.toContain('13912345678');
    expect(await row.textContent()).toContain(task.entity.name);
  });

  test('a department imports inspectors from a GBK CSV: check shows the rejected row, then only the valid rows are imported', async () => {
    await loginAs('login-DEPT_ADMIN-HEALTH');
    await page.getByTestId('inspectors').waitFor();
    const totalShown = async () => Number((await page.locator('h2', { hasText: '执法检查人员名录库（' }).textContent())!.match(/（(\d+)）/)![1]);
    const before = await totalShown();
    const csv = ['姓名,性别,职务,执法证号,执法证有效期至,工作单位,联系电话', '导入测试员,女,科员,IMPORT-0001,2028-06-30,卫生健康局,13800138000', '错误人员,男,科员,IMPORT-0002,2028-02-30,卫生健康局,13800138001'].join('\r\n');
    await page.getByTestId('import-kind').selectOption('inspectors');
    await page.getByTestId('import-file').setInputFiles({ name: '人员.csv', mimeType: 'text/csv', buffer: iconv.encode(csv, 'gbk') });
    await page.getByTestId('import-check').click();
    await page.getByTestId('import-issues').waitFor();
    expect(await page.getByTestId('import-issues').textContent()).toContain('3执法证有效期至日期不存在：2028-02-30');
    await page.getByText('仅导入正确的行').click();
    await page.getByTestId('import-run').click();
    await page.getByTestId('import-report').filter({ hasText: '已导入' }).waitFor();
    await page.locator('h2', { hasText: `执法检查人员名录库（${before + 1}）` }).waitFor();
    expect(await totalShown()).toBe(before + 1);
    await page.getByTestId('inspectors-search').fill('导入测试员');
    await page.getByTestId('inspectors-search').press('Enter');
    await page.locator('[data-testid=inspectors] tbody tr', { hasText: '导入测试员' }).waitFor();
    expect(await page.getByTestId('template-link').getAttribute('href')).toBe('/templates/inspectors.xlsx');
    await shot('department-import');
  });

  test('the public searches a published result, sees its correction history and draws verified', async () => {
    await gqlOk(hub, 'mutation($id: ID!, $input: ResultCorrectionInput!, $why: String!) { correctPublishedResult(id: $id, input: $input, reason: $why) { version } }',
      { id: published.resultId, input: { findings: '补充：消毒记录缺一页，已当场补齐' }, why: '补录检查发现' }, office);
    await loginAs('login-PUBLIC');
    await page.getByTestId('public-search').fill(published.entityName);
    await page.getByTestId('public-search').press('Enter');
    await page.locator('[data-testid=public-results] tbody tr', { hasText: published.creditCode }).waitFor();
    // Only results for businesses of that name (the earlier test may have published a second one for it).
    const rows = await page.locator('[data-testid=public-results] tbody tr').allTextContents();
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.includes(published.entityName))).toBe(true);
    const row = page.locator('[data-testid=public-results] tbody tr', { hasText: '补充：消毒记录缺一页' });
    await row.getByTestId('corrected').click();
    expect(await row.getByTestId('corrected').textContent()).toContain('已更正（现为第2版）');
    expect(await row.locator('.history li').allTextContents()).toEqual([expect.stringContaining('第1版'), expect.stringContaining('第2版')]);
    expect(await row.locator('.history li').nth(1).textContent()).toContain('补录检查发现');
    await page.getByTestId('verified').first().waitFor();
    expect(await page.locator('[data-testid=public-draws] .bad').count()).toBe(0);
    // The audit chain's head as the API serves it, with the full 条数:哈希 to note down.
    const { auditHead } = await gqlOk(hub, '{ auditHead { length hash } }', {});
    await page.getByTestId('audit-head-full').waitFor();
    expect(await page.getByTestId('audit-head-full').inputValue()).toBe(`${auditHead.length}:${auditHead.hash}`);
    expect(await page.getByTestId('audit-head-length').textContent()).toBe(String(auditHead.length));
    expect(await page.getByTestId('audit-head').textContent()).toContain('没有被删减或改写');
    expect(await page.getByTestId('nav-plans').count()).toBe(0);
    await shot('public');
  });

  test('a department that is down is named in a banner; the rest of the overview renders', async () => {
    await hub.stopDepartment('HEALTH');
    try {
      await loginAs('login-JOINT_OFFICE');
      await page.getByTestId('department-down').waitFor();
      expect(await page.getByTestId('department-down').textContent()).toContain('卫生健康局');
      expect(await page.getByTestId('total-departments').textContent()).toBe('3');
      const samr = (await page.getByTestId('dept-SAMR').textContent())!;
      expect(samr).toMatch(/\d/);
      await shot('department-down');
    } finally {
      await hub.restartDepartment('HEALTH');
    }
  });

  test('the joint office redraws a plan from the rounds page: an exclusion with its reason, confirmed, then verified in the browser', async () => {
    await loginAs('login-JOINT_OFFICE');
    await page.getByTestId('nav-rounds').click();
    const card = page.locator('section.round', { hasText: '2026-Q4' });
    const { drawRound } = await gqlOk(hub, 'query($id: ID!) { drawRound(id: $id) { draws { id planId seq selected } } }', { id: browserRoundId }, office);
    const first = drawRound.draws[0];
    await card.getByTestId(`redraw-open-${first.id}`).click();
    await card.getByTestId(`redraw-code-${first.id}-0`).fill(first.selected[0]);
    await card.getByTestId(`redraw-why-${first.id}`).fill('该户已注销');
    await card.getByTestId(`redraw-${first.id}`).click();
    const ask = (await card.getByTestId(`redraw-${first.id}-ask`).textContent())!;
    expect(ask).toContain('排除 1 家');
    expect(ask).toContain('不能撤销');
    await shot('redraw-confirm');
    await card.getByTestId(`redraw-${first.id}-confirm`).click();
    await page.getByTestId('redraw-done').waitFor();
    expect(await page.getByTestId('redraw-done').textContent()).toMatch(/离开 1 家/);
    const after = (await gqlOk(hub, 'query($id: ID!) { drawRound(id: $id) { draws { id planId seq exclusions { creditCode reasonText } } } }', { id: browserRoundId }, office)).drawRound;
    const redrawn = after.draws.find((d: { planId: string; seq: number }) => d.planId === first.planId && d.seq === 2);
    expect(redrawn.exclusions).toEqual([{ creditCode: first.selected[0], reasonText: '已注销或被吊销营业执照' }]);
    // The new record shows its exclusion and verifies in this browser against the published anchors.
    await card.getByTestId(`draw-${redrawn.id}`).waitFor();
    expect(await card.getByTestId(`draw-${redrawn.id}`).textContent()).toContain('排除 1 家');
    await card.getByTestId(`verify-browser-${redrawn.id}`).click();
    await card.getByTestId(`verify-result-${redrawn.id}`).locator('text=验证通过').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  });
});

