// The overview tells the joint office, by department name, which credit-class moves a department's pool has not
// received yet, and 立即重试 delivers them once the department is back (docs/credit-classes.md). Phone width.
import { chromium, type Browser, type Page } from 'playwright-core';
import { startTestHub, type TestHub } from '../e2e/hub';
import { gqlOk } from '../e2e/flow';

jest.setTimeout(90_000);

describe('web: pending credit-class deliveries on the overview', () => {
  let hub: TestHub;
  let browser: Browser;
  let page: Page;
  let office: string;
  let creditCode = '';
  const pageErrors: string[] = [];
  const healthClass = async () =>
    (await hub.departments.get('HEALTH')!.dataSource.query('SELECT credit_class AS c FROM pool_entry WHERE credit_code = ?', [creditCode]))[0]?.c;

  beforeAll(async () => {
    hub = await startTestHub(['SAMR', 'HEALTH']);
    office = await hub.token({ sub: 'office', role: 'JOINT_OFFICE' });
    const service = await hub.token({ sub: 'svc', role: 'SERVICE' });
    creditCode = (await gqlOk(hub, '{ targetPool(department: "HEALTH", first: 1) { edges { node { creditCode creditClass } } } }', {}, service)).targetPool.edges[0].node.creditCode;
    const to = (await healthClass()) === 'D' ? 'C' : 'D';
    // An effective move already recorded in the registry, queued for both departments (what the result flow writes).
    const now = new Date();
    await hub.joint.dataSource.query(
      "INSERT INTO credit_change (credit_code, from_class, to_class, reason, task_id, status, decided_by, created_at) VALUES (?, 'A', ?, '抽查发现严重问题', 1, 'APPLIED', 'office', ?)",
      [creditCode, to, now],
    );
    const [{ id }] = await hub.joint.dataSource.query('SELECT MAX(id) AS id FROM credit_change');
    for (const d of ['SAMR', 'HEALTH'])
      await hub.joint.dataSource.query("INSERT INTO credit_delivery (change_id, department, status, attempts, created_at, updated_at) VALUES (?, ?, 'PENDING', 0, ?, ?)", [id, d, now, now]);
    await hub.stopDepartment('HEALTH');
    const first = await gqlOk(hub, 'mutation { deliverCreditChanges { delivered pending } }', {}, office);
    expect(first.deliverCreditChanges).toEqual({ delivered: 1, pending: 1 });

    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    page = await browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
    page.on('pageerror', (e) => pageErrors.push(e.message));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await hub?.close();
  });

  test('the department is named in plain Chinese; after it returns, 立即重试 delivers and the notice goes away', async () => {
    const base = hub.gatewayUrl.replace(/\/graphql$/, '');
    await page.goto(`${base}/`);
    await page.getByTestId('login-JOINT_OFFICE').click();
    const line = page.getByTestId('credit-sync-HEALTH');
    await line.waitFor();
    const text = (await line.textContent())!;
    expect(text).toBe('卫生健康局 1 条（部门系统暂不可用，恢复后在下次调整或抽取前自动补发）');
    expect(await page.getByTestId('credit-sync-SAMR').count()).toBe(0);
    const notice = (await page.getByTestId('credit-sync').textContent())!;
    expect(notice).toContain('信用分类调整待同步');
    expect(notice).not.toMatch(/HEALTH|Error|fetch|DEPARTMENT_UNAVAILABLE/);
    // The notice and its button fit the phone (the department table below scrolls on its own).
    for (const id of ['credit-sync', 'credit-sync-retry']) {
      const box = (await page.getByTestId(id).boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(390);
    }
    await page.screenshot({ path: require('node:path').resolve(__dirname, '../../../test-output/credit-sync.png') });

    await hub.restartDepartment('HEALTH');
    await page.getByTestId('credit-sync-retry').click();
    await page.getByTestId('credit-sync-note').waitFor();
    expect(await page.getByTestId('credit-sync-note').textContent()).toBe('已全部同步到各部门名录库（本次补发 1 条）。');
    expect(await page.getByTestId('credit-sync-HEALTH').count()).toBe(0);
    expect(await healthClass()).toMatch(/^[CD]$/);
    expect((await gqlOk(hub, '{ pendingCreditDeliveries { department } }', {}, office)).pendingCreditDeliveries).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
