// The web app as a county uses it through a year (issue 15), in headless Chromium at desktop and phone width:
// no page wider than a phone, an inspector who sees only her own tasks under her own name, sessions that end
// on the login with a message, confirmations before irreversible steps, understaffed dispatch counted, and
// corrections from the browser (a returned plan edited and approved, a draft deleted, a submitted result
// withdrawn, a published result corrected) — and never an error code, field path or raw network text on screen.
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { SignJWT } from 'jose';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, openPage } from './chromium';
import { startTestHub, type TestHub } from '../e2e/hub';
import { drawRestaurantRound, gqlOk } from '../e2e/flow';

const SHOTS = process.env.SHOTS_DIR ?? resolve(__dirname, '../../../test-output');
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1366, height: 900 };
// What must never reach a user's screen.
const RAW_TEXT = /FORBIDDEN|BAD_USER_INPUT|INTERNAL_SERVER_ERROR|UNAUTHENTICATED|ECONNREFUSED|HTTP [45]\d\d|\b(title|windowStart|windowEnd|ratios\.[A-D]|categories|inspectedOn)：/;
jest.setTimeout(120_000);

describe('web app for a county\'s real work (phones, inspectors, plain words, sessions, corrections)', () => {
  let hub: TestHub;
  let browser: Browser;
  let page: Page;
  let base: string;
  let office: string;
  let roundId: string;
  let inspector: { label: string; name: string; token: string; department: string };
  const pageErrors: string[] = [];

  // Whole pages, except very long lists (then the first screens).
  const shot = async (name: string) => {
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    const { width } = page.viewportSize()!;
    await page.screenshot({ path: resolve(SHOTS, `${name}.png`), fullPage: true, clip: { x: 0, y: 0, width, height: Math.min(height, 2600) } });
  };
  const published = (department: string) => hub.data.checklistItems.filter((i) => i.department === department && i.status === 'PUBLISHED');

  async function plan(department: string, title: string, state: 'DRAFT' | 'SUBMITTED' | 'RETURNED') {
    const items = published(department).slice(0, 2);
    const ratio = Math.min(...items.map((i) => i.maxRatio));
    const { createPlan } = await gqlOk(hub, 'mutation($input: PlanInput!) { createPlan(input: $input) { id } }', {
      input: { department, title, year: 2026, windowStart: '2026-10-01', windowEnd: '2026-12-31', items: items.map((i) => ({ department, code: i.code })), scope: { industrySections: ['H'] }, ratios: { A: ratio, B: ratio, C: ratio, D: ratio } },
    }, office);
    if (state !== 'DRAFT') await gqlOk(hub, 'mutation($id: ID!) { submitPlan(id: $id) { id } }', { id: createPlan.id }, office);
    if (state === 'RETURNED') await gqlOk(hub, 'mutation($id: ID!) { returnPlan(id: $id, reason: "请缩小行业范围") { id } }', { id: createPlan.id }, office);
    return createPlan.id as string;
  }

  async function loginAs(testId: string, viewport = DESKTOP) {
    await page.setViewportSize(viewport);
    await page.goto(`${base}/`);
    await page.evaluate(() => localStorage.clear());
    await page.goto(`${base}/`);
    await page.getByTestId(testId).click();
  }

  /** The page is no wider than the window, and says nothing a clerk could not read. */
  async function expectFitsAndPlain(where: string) {
    const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
    expect({ where, overflow: scrollWidth > innerWidth ? `${scrollWidth} > ${innerWidth}` : 'none' }).toEqual({ where, overflow: 'none' });
    const text = await page.evaluate(() => document.body.innerText);
    expect(`${where}: ${text.match(RAW_TEXT)?.[0] ?? 'plain'}`).toBe(`${where}: plain`);
  }

  /** Waits until nothing on the page says it is loading. */
  const settled = () => page.waitForFunction(() => !document.querySelector('.loading, .progress') && !document.body.innerText.includes('正在加载'));

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    hub = await startTestHub(['SAMR', 'HEALTH']);
    base = hub.gatewayUrl.replace(/\/graphql$/, '');
    office = await hub.token({ sub: 'office', role: 'JOINT_OFFICE' });
    ({ roundId } = await drawRestaurantRound(hub, ['SAMR', 'HEALTH'], '2026-Q3', office));
    await gqlOk(hub, 'mutation($r: ID!) { dispatchRound(roundId: $r) { department } }', { r: roundId }, office);
    const demo = await (await fetch(`${base}/auth/demo`)).json() as { label: string; name?: string; role: string; department: string | null; token: string }[];
    const samr = demo.find((p) => p.role === 'INSPECTOR' && p.department === 'SAMR')!;
    inspector = { label: samr.label, name: samr.name!, token: samr.token, department: 'SAMR' };
    browser = await launchChromium();
    page = await openPage(browser, DESKTOP, pageErrors);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await hub?.close();
  });

  afterEach(() => {
    expect(pageErrors.splice(0)).toEqual([]);
  });

  test('the demo login offers each department\'s inspector by name; her token\'s subject is her certificate number', async () => {
    const claims = JSON.parse(Buffer.from(inspector.token.split('.')[1], 'base64url').toString('utf8'));
    expect(claims.role).toBe('INSPECTOR');
    // She is on tasks of the drawn round under that certificate number.
    const { tasks } = await gqlOk(hub, 'query($r: ID!) { tasks(roundId: $r) { dispatch { department inspectors { name certificateNumber status } } } }', { r: roundId }, office);
    const hers = tasks.filter((t: any) => t.dispatch.some((d: any) => d.department === 'SAMR' && d.inspectors.some((i: any) => i.certificateNumber === claims.sub && i.status === 'ACTIVE')));
    expect(hers.length).toBeGreaterThan(0);
    expect(hers[0].dispatch.flatMap((d: any) => d.inspectors).find((i: any) => i.certificateNumber === claims.sub).name).toBe(inspector.name);
    expect(inspector.label).toContain(inspector.name);
  });

  test('one mapping turns codes, field paths and raw network texts into plain Chinese (web/messages.js)', async () => {
    await page.goto(`${base}/`);
    // A string, so tsc leaves the browser's dynamic import() alone.
    const out = await page.evaluate(`(async () => {
      const { errorText, findingText } = await import('/app/messages.js');
      const names = { SAMR: '市场监督管理局', ECO: '生态环境局' };
      return [
        errorText({ message: 'title：不能为空', extensions: { code: 'BAD_USER_INPUT', field: 'title' } }),
        errorText({ message: 'ratios.A：抽查比例应在 0–1 之间（如 0.05 表示 5%）', extensions: { code: 'BAD_USER_INPUT', field: 'ratios.A' } }),
        errorText({ message: 'items[1].code：事项编号不能为空', extensions: { code: 'BAD_USER_INPUT' } }),
        errorText({ message: 'windowEnd：日期不存在', extensions: { code: 'BAD_USER_INPUT' } }),
        errorText({ message: 'connect ECONNREFUSED 127.0.0.1:7102' }),
        errorText({ message: 'HTTP 401' }),
        errorText({ message: '只有联席会议办公室可以审查计划', extensions: { code: 'FORBIDDEN' } }),
        errorText({ message: 'Unexpected error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } }),
        errorText({ message: '', extensions: { code: 'NETWORK' } }),
        errorText({ message: '检查事项“ECO-001”不在ECO已公布的随机抽查事项清单中', extensions: { code: 'CONFLICT' } }, names),
        findingText({ type: 'SCOPE_OVERLAP', message: '与ECO的计划“1”时间窗重叠', details: JSON.stringify({ otherPlanId: '1', otherDepartment: 'ECO', sharedEntities: 3, window: { start: '2026-10-01', end: '2026-12-31' } }) }, names, { 1: '生态环境局四季度抽查' }),
      ];
    })()`) as string[];
    expect(out).toEqual([
      '计划名称：不能为空',
      'A 类抽查比例：抽查比例应在 0%–100% 之间',
      '抽查事项：事项编号不能为空',
      '检查时间窗口结束：日期不存在',
      '操作未能完成，请稍后再试；如反复出现请联系系统管理员。',
      '操作未能完成，请稍后再试；如反复出现请联系系统管理员。',
      '您没有权限执行此操作。',
      '服务器处理出错，请稍后再试；如反复出现请联系系统管理员。',
      '无法连接服务器，请检查网络后重试。',
      '检查事项“ECO-001”不在生态环境局已公布的随机抽查事项清单中',
      '与生态环境局的计划“生态环境局四季度抽查”时间窗重叠（2026-10-01 至 2026-12-31），预计有 3 户市场主体同在双方检查范围内，建议合并为联合抽查计划',
    ]);
  });

  for (const [size, viewport] of [['desktop', DESKTOP], ['phone', PHONE]] as const) {
    test(`an inspector sees only her tasks, under her name, and enters, submits and withdraws a result (${size})`, async () => {
      await loginAs('login-INSPECTOR-SAMR', viewport);
      const who = (await page.getByTestId('who').textContent())!;
      const sub = JSON.parse(Buffer.from(inspector.token.split('.')[1], 'base64url').toString('utf8')).sub as string;
      expect(who).toContain(inspector.name);
      expect(who).not.toContain(sub);
      await page.getByTestId('my-tasks').waitFor();
      const me = await hub.token({ sub, role: 'INSPECTOR', department: 'SAMR' });
      const { myTasks } = await gqlOk(hub, '{ myTasks(first: 100) { totalCount edges { node { id items { department code } } } } }', {}, me);
      const { all } = await gqlOk(hub, 'query($r: ID!) { all: tasks(roundId: $r, department: "SAMR") { id } }', { r: roundId }, office);
      expect(myTasks.totalCount).toBeLessThan(all.length);
      expect(await page.locator('h2', { hasText: `我的检查任务（${myTasks.totalCount}）` }).count()).toBe(1);
      const cards = page.locator('[data-testid^=my-task-]');
      expect(await cards.count()).toBe(Math.min(10, myTasks.totalCount));
      // Every card is one of hers, names her in its team, and names its items.
      const ids = new Set(myTasks.edges.map((e: any) => `my-task-${e.node.id}`));
      for (const card of await cards.all()) {
        expect(ids.has((await card.getAttribute('data-testid'))!)).toBe(true);
        expect(await card.getByTestId('team').textContent()).toContain(inspector.name);
      }
      const task = myTasks.edges[0].node;
      const item = task.items.find((i: any) => i.department === 'SAMR');
      const itemName = published('SAMR').find((i) => i.code === item.code)!.name;
      const card = page.getByTestId(`my-task-${task.id}`);
      expect(await card.textContent()).toContain(`${item.code} ${itemName}`);
      await expectFitsAndPlain(`我的任务 ${size}`);
      await shot(`inspector-tasks-${size}`);

      await card.getByTestId(`my-results-${task.id}`).click();
      const form = `result-${task.id}-${item.code}`;
      // On a phone every category and the date are on screen without panning.
      for (const id of [`${form}-cat-CORRECTED`, `${form}-date`, `${form}-submit`]) {
        const box = (await page.getByTestId(id).boundingBox())!;
        expect(box.x).toBeGreaterThanOrEqual(0);
        expect(box.x + box.width).toBeLessThanOrEqual(viewport.width);
      }
      if (size === 'phone') {
        const button = (await page.getByTestId(`${form}-submit`).boundingBox())!;
        expect(button.height).toBeGreaterThanOrEqual(44);
      }
      const { results: before } = await gqlOk(hub, '{ results { id taskId itemCode state } }', {}, office);
      const existing = before.find((r: any) => r.taskId === task.id && r.itemCode === item.code);
      if (!existing || existing.state === 'ENTERED') {
        await page.getByTestId(`${form}-cat-NO_PROBLEM`).uncheck();
        await page.getByTestId(`${form}-cat-CORRECTED`).check();
        await page.getByTestId(`${form}-date`).fill('2026-07-15');
        await page.getByTestId(`${form}-findings`).fill('灭火器过期，已当场责令更换。');
        await expectFitsAndPlain(`结果录入 ${size}`);
        await shot(`inspector-result-form-${size}`);
        await page.getByTestId(`${form}-submit`).click();
      }
      await page.getByTestId(form).locator('.badge', { hasText: '待审核' }).waitFor();
      // Withdrawn before review: back to 已录入 and editable again.
      await page.getByTestId(`${form}-withdraw`).click();
      expect(await page.getByTestId(`${form}-withdraw-ask`).textContent()).toContain('重新提交');
      await page.getByTestId(`${form}-withdraw-confirm`).click();
      await page.getByTestId(form).locator('.badge', { hasText: '已录入' }).waitFor();
      const { results } = await gqlOk(hub, '{ results { taskId itemCode state categories enteredBy } }', {}, office);
      const mine = results.find((r: any) => r.taskId === task.id && r.itemCode === item.code);
      expect([mine.state, mine.categories, mine.enteredBy]).toEqual(['ENTERED', ['CORRECTED'], sub]);
      expect(await page.getByTestId(`${form}-submit`).isEnabled()).toBe(true);
    });
  }

  test('an expired token returns to the login with a message; so does a token the gateway refuses', async () => {
    const enc = new TextEncoder();
    const expired = await new SignJWT({ role: 'JOINT_OFFICE' }).setProtectedHeader({ alg: 'HS256' }).setSubject('office')
      .setIssuedAt(Math.floor(Date.now() / 1000) - 7200).setExpirationTime(Math.floor(Date.now() / 1000) - 3600).sign(enc.encode('irrelevant'));
    const forged = await new SignJWT({ role: 'JOINT_OFFICE' }).setProtectedHeader({ alg: 'HS256' }).setSubject('office')
      .setIssuedAt().setExpirationTime('1h').sign(enc.encode('not-the-gateway-secret'));
    for (const [what, token] of [['expired', expired], ['forged', forged]] as const) {
      for (const viewport of [DESKTOP, PHONE]) {
        await page.setViewportSize(viewport);
        await page.goto(`${base}/`);
        await page.evaluate((t) => localStorage.setItem('hub.session', JSON.stringify({ label: '联席会议办公室', role: 'JOINT_OFFICE', department: null, token: t })), token);
        await page.goto(`${base}/`);
        await page.getByTestId('login-notice').waitFor();
        expect(await page.getByTestId('login-notice').textContent()).toMatch(/登录已过期|登录凭据无效/);
        expect(await page.getByTestId('total-departments').count()).toBe(0);
        expect(await page.evaluate(() => localStorage.getItem('hub.session'))).toBeNull();
        await expectFitsAndPlain(`登录（${what}）`);
      }
    }
    await shot('session-expired-login');
  });

  test('a returned plan is edited in the browser (ratio checked against the item bound before sending) and approved', async () => {
    const id = await plan('HEALTH', '卫生健康局第四季度抽查（初稿）', 'RETURNED');
    for (const viewport of [PHONE, DESKTOP]) {
      await loginAs('login-DEPT_STAFF-HEALTH', viewport);
      await page.getByTestId('nav-plans').click();
      await page.getByTestId(`edit-${id}`).click();
      await page.getByTestId('plan-form').locator('text=退回理由：请缩小行业范围').waitFor();
      await expectFitsAndPlain('计划修改');
    }
    await shot('plan-edit-returned');
    const bound = Math.min(...published('HEALTH').slice(0, 2).map((i) => i.maxRatio));
    // 80% next to a lower bound: shown at once, nothing is sent.
    await page.getByTestId('plan-ratio-A').fill('80');
    await page.getByTestId('plan-problems').locator(`text=A 类抽查比例 80% 超过所选事项的上限`).waitFor();
    await page.getByTestId('plan-create-submit').click();
    const { plan: still } = await gqlOk(hub, 'query($id: ID!) { plan(id: $id) { state title } }', { id }, office);
    expect(still).toEqual({ state: 'RETURNED', title: '卫生健康局第四季度抽查（初稿）' });
    const within = +(bound * 100 / 2).toFixed(2);
    await page.getByTestId('plan-ratio-A').fill(String(within));
    await page.getByTestId('plan-title').fill('卫生健康局第四季度餐饮抽查');
    expect(await page.getByTestId('plan-problems').count()).toBe(0);
    await page.getByTestId('plan-create-submit').click();
    await page.locator('[data-testid=plans] tr', { hasText: '卫生健康局第四季度餐饮抽查' }).locator('.badge', { hasText: '待审查' }).waitFor();
    const { plan: resubmitted } = await gqlOk(hub, 'query($id: ID!) { plan(id: $id) { state title ratios { A B } } }', { id }, office);
    expect(resubmitted.state).toBe('SUBMITTED');
    expect(resubmitted.title).toBe('卫生健康局第四季度餐饮抽查');
    expect(resubmitted.ratios.A).toBeCloseTo(within / 100, 6);
    expect(resubmitted.ratios.B).toBeCloseTo(bound, 6);

    await loginAs('login-JOINT_OFFICE', PHONE);
    await page.getByTestId('nav-plans').click();
    await page.getByTestId(`approve-${id}`).click();
    expect(await page.getByTestId(`approve-${id}-ask`).textContent()).toContain('批准后');
    await expectFitsAndPlain('计划审查（确认批准）');
    await shot('plan-approve-confirm-phone');
    // Nothing happened before the confirmation.
    expect((await gqlOk(hub, 'query($id: ID!) { plan(id: $id) { state } }', { id }, office)).plan.state).toBe('SUBMITTED');
    await page.getByTestId(`approve-${id}-confirm`).click();
    await page.getByTestId(`plan-${id}`).waitFor({ state: 'detached' });
    expect((await gqlOk(hub, 'query($id: ID!) { plan(id: $id) { state } }', { id }, office)).plan.state).toBe('APPROVED');
  });

  test('a draft is deleted from the browser after a confirmation', async () => {
    const id = await plan('SAMR', '市场监管局待删除的草稿', 'DRAFT');
    await loginAs('login-DEPT_STAFF-SAMR');
    await page.getByTestId('nav-plans').click();
    await page.getByTestId(`delete-${id}`).click();
    expect(await page.getByTestId(`delete-${id}-ask`).textContent()).toContain('删除后不能恢复');
    await page.getByTestId(`delete-${id}-confirm`).click();
    await page.getByTestId(`plan-${id}`).waitFor({ state: 'detached' });
    expect((await gqlOk(hub, 'query($id: ID!) { plan(id: $id) { id } }', { id }, office)).plan).toBeNull();
  });

  test('a published result is corrected from the browser: reason required, a new public version', async () => {
    const { tasks } = await gqlOk(hub, 'query($r: ID!) { tasks(roundId: $r, department: "HEALTH") { id items { department code } } }', { r: roundId }, office);
    const task = tasks[tasks.length - 1];
    const item = task.items.find((i: any) => i.department === 'HEALTH');
    const admin = await hub.token({ sub: 'admin-health', role: 'DEPT_ADMIN', department: 'HEALTH' });
    const { enterResult } = await gqlOk(hub, 'mutation($input: ResultInput!) { enterResult(input: $input) { id } }', {
      input: { taskId: task.id, department: 'HEALTH', itemCode: item.code, categories: ['NO_PROBLEM'], followUp: 'NONE', findings: '', inspectedOn: '2026-07-20' },
    }, admin);
    for (const q of ['mutation($id: ID!) { submitResult(id: $id) { id } }', 'mutation($id: ID!) { reviewResult(id: $id, approve: true) { id } }', 'mutation($id: ID!) { publishResult(id: $id) { id } }'])
      await gqlOk(hub, q, { id: enterResult.id }, admin);
    await loginAs('login-DEPT_ADMIN-HEALTH', PHONE);
    await page.getByTestId('nav-tasks').click();
    const creditCode = (await gqlOk(hub, 'query($r: ID!) { t: tasks(roundId: $r) { id creditCode } }', { r: roundId }, office)).t.find((t: any) => t.id === task.id).creditCode;
    await page.getByTestId('task-search').fill(creditCode);
    await page.getByTestId(`results-${task.id}`).click();
    const form = `result-${task.id}-${item.code}`;
    await page.getByTestId(`${form}-correct`).click();
    await page.getByTestId(`${form}-cat-NO_PROBLEM`).uncheck();
    await page.getByTestId(`${form}-cat-PENDING_FOLLOW_UP`).check();
    await page.getByTestId(`${form}-findings`).fill('复核发现经营台账缺失，待后续处理。');
    expect(await page.getByTestId(`${form}-correct-save`).isDisabled()).toBe(true); // no reason yet
    await page.getByTestId(`${form}-correct-reason`).fill('复核后更正检查结论');
    await page.getByTestId(`${form}-correct-save`).click();
    await page.getByTestId(`${form}-correct-save-confirm`).click();
    await page.getByTestId(`${form}-correct`).waitFor();
    await expectFitsAndPlain('更正公示结果');
    const { publishedResults } = await gqlOk(hub, 'query($s: String) { publishedResults(search: $s) { corrected current { resultId version categories correctionReason } } }', { s: creditCode });
    const mine = publishedResults.find((p: any) => p.current.resultId === enterResult.id);
    expect(mine).toMatchObject({ corrected: true, current: { version: 2, categories: ['发现问题待后续处理'], correctionReason: '复核后更正检查结论' } });
  });

  test('understaffed parts are counted on the dispatch button, the tasks page and the overview, as the API reports them', async () => {
    const { dispatchStatus } = await gqlOk(hub, 'query($r: ID!) { dispatchStatus(roundId: $r) { department matched understaffed pending } }', { r: roundId }, office);
    const short = dispatchStatus.reduce((n: number, d: any) => n + d.understaffed, 0);
    await loginAs('login-JOINT_OFFICE');
    await page.getByTestId('total-understaffed').locator(`text=${short}`).waitFor();
    for (const d of dispatchStatus) expect(await page.getByTestId(`understaffed-${d.department}`).textContent()).toBe(String(d.understaffed));
    await page.getByTestId('nav-tasks').click();
    await page.getByTestId('dispatch').waitFor();
    await page.getByTestId('dispatch-row-SAMR').waitFor();
    const button = (await page.getByTestId('dispatch').textContent())!;
    if (short) {
      expect(button).toContain(`人员不足 ${short} 项`);
      expect(await page.getByTestId('task-understaffed').textContent()).toBe(`人员不足 ${short} 项`);
      expect(await page.getByTestId('understaffed').textContent()).toContain(`人员不足 ${short} 项`);
    } else {
      expect(button).toBe('已全部派发');
    }
    await shot('dispatch-understaffed');
    // The same counts on a phone, where the summary table and the button must fit.
    await page.setViewportSize(PHONE);
    await page.reload();
    await page.getByTestId('dispatch-row-SAMR').waitFor();
    if (short) expect(await page.getByTestId('task-understaffed').textContent()).toBe(`人员不足 ${short} 项`);
    await expectFitsAndPlain('派发（手机）');
    await shot('dispatch-understaffed-phone');
  });

  test('every page each role reaches fits a 390 px phone (and 1366 px) and shows no codes, field paths or raw network text', async () => {
    const roles: [string, string][] = [['login-JOINT_OFFICE', 'office'], ['login-DEPT_ADMIN-SAMR', 'admin'], ['login-DEPT_STAFF-HEALTH', 'staff'], ['login-INSPECTOR-SAMR', 'inspector'], ['login-PUBLIC', 'public']];
    await page.setViewportSize(PHONE);
    await page.goto(`${base}/`);
    await page.evaluate(() => localStorage.clear());
    await page.goto(`${base}/`);
    await page.getByTestId('login-PUBLIC').waitFor();
    await expectFitsAndPlain('登录');
    await shot('phone-login');
    for (const [login, who, viewport] of [...roles.map(([l, w]) => [l, w, PHONE] as const), ...roles.map(([l, w]) => [l, w, DESKTOP] as const)]) {
      await loginAs(login, viewport);
      const navs = await page.locator('[data-testid^=nav-]').evaluateAll((as) => as.map((a) => a.getAttribute('data-testid')!));
      expect(navs.length).toBeGreaterThan(0);
      for (const nav of navs) {
        await page.getByTestId(nav).click();
        await page.waitForLoadState('networkidle');
        await settled();
        await expectFitsAndPlain(`${who} ${nav} ${viewport.width}px`);
        if (viewport === PHONE && ['office:nav-overview', 'office:nav-rounds', 'office:nav-tasks', 'admin:nav-deadlines', 'staff:nav-plans', 'public:nav-public', 'admin:nav-department'].includes(`${who}:${nav}`)) await shot(`phone-${who}-${nav.slice(4)}`);
      }
    }
  });

  test('with a department down, the banner names it and nothing on the page shows a raw error (phone)', async () => {
    await hub.stopDepartment('HEALTH');
    try {
      await loginAs('login-JOINT_OFFICE', PHONE);
      await page.getByTestId('department-down').waitFor();
      expect(await page.getByTestId('department-down').textContent()).toContain('卫生健康局');
      await page.waitForLoadState('networkidle');
      await expectFitsAndPlain('总览（部门停机）');
      await page.getByTestId('nav-plans').click();
      await page.waitForLoadState('networkidle');
      await expectFitsAndPlain('计划审查（部门停机）');
      await shot('phone-department-down');
    } finally {
      await hub.restartDepartment('HEALTH');
    }
  });
});
