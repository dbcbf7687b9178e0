// The web app in headless Chromium (Debian's, driven by playwright-core): joint-office overview with real
// numbers, a department's own view, the public 一公开 page, and a banner naming a department that is down.
import { mkdirSync } from 'node:fs';
import iconv from 'iconv-lite';
import { resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startTestHub, type TestHub } from '../e2e/hub';
import { drawRestaurantRound, gqlOk } from '../e2e/flow';

const SHOTS = resolve(__dirname, '../../../test-output');

describe('web app in a real browser', () => {
  let hub: TestHub;
  let browser: Browser;
  let page: Page;
  let base: string;
  let published: { entityName: string; creditCode: string };

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    hub = await startTestHub(['SAMR', 'HEALTH', 'FIRE']);
    base = hub.gatewayUrl.replace(/\/graphql$/, '');
    const office = await hub.token({ sub: 'office', role: 'JOINT_OFFICE' });
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
    published = { entityName: task.entity.name, creditCode: task.creditCode };

    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await hub?.close();
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
    expect(draws).toBeGreaterThan(0);
    expect(saved).toBe(draws - visits);
    const samr = (await page.getByTestId('dept-SAMR').textContent())!;
    const published = hub.data.checklistItems.filter((i) => i.department === 'SAMR' && i.status === 'PUBLISHED').length;
    expect(samr).toContain('市场监督管理局');
    expect(samr).toContain(String(published));
    expect(await page.getByTestId('nav-department').count()).toBe(0);
    await page.screenshot({ path: resolve(SHOTS, 'overview.png'), fullPage: true });
  });

  test('a department sees its own checklist and inspectors, and no overview', async () => {
    await loginAs('login-DEPT_ADMIN-HEALTH');
    await page.getByTestId('checklist').waitFor();
    const rows = await page.locator('[data-testid=checklist] tbody tr').count();
    expect(rows).toBe(hub.data.checklistItems.filter((i) => i.department === 'HEALTH').length);
    expect(await page.locator('[data-testid=inspectors] tbody tr').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('nav-overview').count()).toBe(0);
    await page.screenshot({ path: resolve(SHOTS, 'department.png'), fullPage: true });
  });

  test('a department imports inspectors from a GBK CSV: check shows the rejected row, then only the valid rows are imported', async () => {
    await loginAs('login-DEPT_ADMIN-HEALTH');
    await page.getByTestId('inspectors').waitFor();
    const before = await page.locator('[data-testid=inspectors] tbody tr').count();
    const csv = ['姓名,性别,职务,执法证号,执法证有效期至,工作单位,联系电话', '导入测试员,女,科员,IMPORT-0001,2028-06-30,卫生健康局,13800138000', '错误人员,男,科员,IMPORT-0002,2028-02-30,卫生健康局,13800138001'].join('\r\n');
    await page.getByTestId('import-kind').selectOption('inspectors');
    await page.getByTestId('import-file').setInputFiles({ name: '人员.csv', mimeType: 'text/csv', buffer: iconv.encode(csv, 'gbk') });
    await page.getByTestId('import-check').click();
    await page.getByTestId('import-issues').waitFor();
    expect(await page.getByTestId('import-issues').textContent()).toContain('3执法证有效期至日期不存在：2028-02-30');
    await page.getByText('仅导入正确的行').click();
    await page.getByTestId('import-run').click();
    await page.getByTestId('import-report').filter({ hasText: '已导入' }).waitFor();
    await page.locator('[data-testid=inspectors] tbody tr', { hasText: '导入测试员' }).waitFor();
    expect(await page.locator('[data-testid=inspectors] tbody tr').count()).toBe(before + 1);
    expect(await page.getByTestId('template-link').getAttribute('href')).toBe('/templates/inspectors.xlsx');
    await page.screenshot({ path: resolve(SHOTS, 'department-import.png'), fullPage: true });
  });

  test('the public searches a published result and sees draws verified', async () => {
    await loginAs('login-PUBLIC');
    await page.getByTestId('public-search').fill(published.entityName);
    await page.getByTestId('public-search').press('Enter');
    await page.locator('[data-testid=public-results] tbody tr', { hasText: published.creditCode }).waitFor();
    expect(await page.locator('[data-testid=public-results] tbody tr').count()).toBe(1);
    await page.getByTestId('verified').first().waitFor();
    expect(await page.locator('[data-testid=public-draws] .bad').count()).toBe(0);
    await page.screenshot({ path: resolve(SHOTS, 'public.png'), fullPage: true });
  });

  test('a department that is down is named in a banner; the rest of the overview renders', async () => {
    await hub.stopDepartment('HEALTH');
    try {
      await loginAs('login-JOINT_OFFICE');
      await page.getByTestId('department-down').waitFor();
      expect(await page.getByTestId('department-down').textContent()).toContain('HEALTH');
      expect(await page.getByTestId('total-departments').textContent()).toBe('3');
      const samr = (await page.getByTestId('dept-SAMR').textContent())!;
      expect(samr).toMatch(/\d/);
      await page.screenshot({ path: resolve(SHOTS, 'department-down.png'), fullPage: true });
    } finally {
      await hub.restartDepartment('HEALTH');
    }
  });
});
