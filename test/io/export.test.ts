// Files through the gateway with the caller's token: templates, exports (a department only its own private
// lists, the public only masked published data), an export imported back unchanged, and the work report.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { readTable } from '../../shared/io/table';
import { KINDS } from '../../shared/io/kinds';
import { callGateway } from '../helpers';
import { drawRestaurantRound, gqlOk } from '../e2e/flow';
import { startTestHub, type TestHub } from '../e2e/hub';

describe('export and reports through the gateway', () => {
  let hub: TestHub;
  let office: string;
  let samrStaff: string;
  let healthStaff: string;
  let roundId: string;
  const get = (path: string, token?: string) => fetch(`${hub.gatewayUrl.replace(/\/graphql$/, '')}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const table = async (res: Response, name: string) => readTable(Buffer.from(await res.arrayBuffer()), name);

  beforeAll(async () => {
    hub = await startTestHub(['SAMR', 'HEALTH']);
    office = await hub.token({ sub: 'office', role: 'JOINT_OFFICE' });
    samrStaff = await hub.token({ sub: 'staff-samr', role: 'DEPT_STAFF', department: 'SAMR' });
    healthStaff = await hub.token({ sub: 'staff-health', role: 'DEPT_STAFF', department: 'HEALTH' });
    ({ roundId } = await drawRestaurantRound(hub, ['SAMR', 'HEALTH'], '2026-Q3', office));
    await gqlOk(hub, 'mutation($r: ID!) { dispatchRound(roundId: $r) { department } }', { r: roundId }, office);
    // One SAMR result through to publication, with personal data in the findings.
    const { tasks } = await gqlOk(hub, 'query($r: ID!) { tasks(roundId: $r) { id items { department code } } }', { r: roundId }, office);
    const t = tasks.find((x: any) => x.items.some((i: any) => i.department === 'SAMR'));
    const input = { taskId: t.id, department: 'SAMR', itemCode: t.items.find((i: any) => i.department === 'SAMR').code, categories: ['CORRECTED'], followUp: 'ORDERED_TO_CORRECT', findings: '后厨卫生不达标，已责令改正。联系人电话 13812345678。', inspectedOn: '2026-07-02' };
    const { enterResult } = await gqlOk(hub, 'mutation($input: ResultInput!) { enterResult(input: $input) { id } }', { input }, samrStaff);
    const admin = await hub.token({ sub: 'admin-samr', role: 'DEPT_ADMIN', department: 'SAMR' });
    await gqlOk(hub, 'mutation($id: ID!) { submitResult(id: $id) { state } }', { id: enterResult.id }, samrStaff);
    await gqlOk(hub, 'mutation($id: ID!) { reviewResult(id: $id, approve: true) { state } }', { id: enterResult.id }, admin);
    await gqlOk(hub, 'mutation($id: ID!) { publishResult(id: $id) { version } }', { id: enterResult.id }, admin);
  });
  afterAll(async () => hub?.close());

  test('templates are public XLSX files with the import headers', async () => {
    const res = await get('/templates/inspectors.xlsx');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain(encodeURIComponent('执法检查人员名录库导入模板.xlsx'));
    expect((await table(res, 't.xlsx')).headers).toEqual(KINDS.inspectors.columns.map((c) => c.header));
    expect((await get('/templates/plans.xlsx')).status).toBe(404);
  });

  test('pool: the department exports its own pool; another department, the public or a bad token cannot', async () => {
    const res = await get('/export/pool.xlsx?department=SAMR', samrStaff);
    expect(res.status).toBe(200);
    const t = await table(res, 'p.xlsx');
    expect(t.headers.slice(0, 8)).toEqual(KINDS.pool.columns.map((c) => c.header));
    const expected = hub.data.poolEntries.filter((p) => p.department === 'SAMR');
    expect(t.rows).toHaveLength(expected.length);
    expect(new Set(t.rows.map((r) => r.cells[0]))).toEqual(new Set(expected.map((p) => p.creditCode)));
    expect((await get('/export/pool.csv?department=SAMR', healthStaff)).status).toBe(403);
    expect((await get('/export/pool.csv?department=SAMR')).status).toBe(403);
    expect((await get('/export/pool.csv?department=SAMR', 'not-a-token')).status).toBe(401);
    expect((await get('/export/pool.csv', samrStaff)).status).toBe(400);
    expect((await get('/export/plans.csv', samrStaff)).status).toBe(404);
  });

  test('an exported pool CSV (GBK) imports back with nothing to change', async () => {
    const csv = Buffer.from(await (await get('/export/pool.csv?department=SAMR&encoding=gbk', samrStaff)).arrayBuffer());
    const r = await callGateway(hub.gatewayUrl, `mutation($b: String!) { importFile(department: "SAMR", kind: "pool", fileName: "pool.csv", contentBase64: $b) { encoding committed added updated unchanged warnings rejectedRows } }`, { b: csv.toString('base64') }, samrStaff);
    expect(r.errors).toBeUndefined();
    const n = hub.data.poolEntries.filter((p) => p.department === 'SAMR').length;
    expect(r.data.importFile).toMatchObject({ encoding: 'gb18030', committed: true, added: 0, updated: 0, unchanged: n, rejectedRows: 0 });
    expect(r.data.importFile.warnings[0]).toMatch(/行业门类名称、加入日期/);
  });

  test('inspectors: phones and ID numbers in full for the department, masked for the joint office', async () => {
    const own = await table(await get('/export/inspectors.csv?department=SAMR', samrStaff), 'i.csv');
    const seen = await table(await get('/export/inspectors.csv?department=SAMR', office), 'i.csv');
    const phone = own.headers.indexOf('联系电话');
    expect(own.rows[0].cells[phone]).toMatch(/^1\d{10}$/);
    expect(seen.rows[0].cells[phone]).toContain('****');
    expect(own.rows.length).toBe(seen.rows.length);
  });

  test('draws are public records: one row per drawn business', async () => {
    const res = await get(`/export/draws.csv?roundId=${roundId}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const t = await table(res, 'd.csv');
    const { drawRound } = await gqlOk(hub, 'query($r: ID!) { drawRound(id: $r) { draws { selected } } }', { r: roundId });
    expect(t.rows).toHaveLength(drawRound.draws.reduce((s: number, d: any) => s + d.selected.length, 0));
    expect(t.rows.every((r) => r.cells[15] === '通过')).toBe(true);
  });

  test('tasks: none for the public, own department only for staff, all for the joint office', async () => {
    expect((await get('/export/tasks.csv')).status).toBe(403);
    const all = await table(await get(`/export/tasks.xlsx?roundId=${roundId}`, office), 't.xlsx');
    const health = await table(await get(`/export/tasks.xlsx?roundId=${roundId}`, healthStaff), 't.xlsx');
    const depts = all.headers.indexOf('参与部门');
    expect(health.rows.length).toBeLessThan(all.rows.length);
    expect(health.rows.every((r) => r.cells[depts].includes('HEALTH'))).toBe(true);
    expect(health.rows.length).toBe(all.rows.filter((r) => r.cells[depts].includes('HEALTH')).length);
  });

  test('results: the public gets the masked published result; each department only its own results', async () => {
    const pub = await table(await get('/export/results.csv'), 'r.csv');
    expect(pub.headers[0]).toBe('统一社会信用代码');
    expect(pub.rows).toHaveLength(1);
    expect(JSON.stringify(pub.rows)).toContain('138****5678');
    expect(JSON.stringify(pub.rows)).not.toContain('13812345678');
    const samr = await table(await get('/export/results.csv', samrStaff), 'r.csv');
    expect(samr.rows).toHaveLength(1);
    expect(samr.rows[0].cells[4]).toBe('发现问题已责令改正');
    expect((await table(await get('/export/results.csv', healthStaff), 'r.csv')).rows).toHaveLength(0);
  });

  test('一企一表 as PDF: for the joint office and the participating departments only', async () => {
    const { tasks } = await gqlOk(hub, 'query($r: ID!) { tasks(roundId: $r) { id departments } }', { r: roundId }, office);
    const samrOnly = tasks.find((t: any) => t.departments.length === 1 && t.departments[0] === 'SAMR');
    const res = await get(`/forms/task/${samrOnly.id}.pdf`, office);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await res.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
    expect((await get(`/forms/task/${samrOnly.id}.pdf`, samrStaff)).status).toBe(200);
    expect((await get(`/forms/task/${samrOnly.id}.pdf`, healthStaff)).status).toBe(403);
    expect((await get(`/forms/task/${samrOnly.id}.pdf`)).status).toBe(403);
    expect((await get('/forms/task/999999.pdf', office)).status).toBe(404);
  });

  test('work report: county for the joint office, own department for staff, nothing for the public', async () => {
    const html = await get('/reports/work.html?period=2026', office);
    expect(html.status).toBe(200);
    const page = await html.text();
    expect(page).toContain('全县“双随机、一公开”监管工作年度总结');
    const xlsx = await get('/reports/work.xlsx?period=2026', office);
    const buf = Buffer.from(await xlsx.arrayBuffer());
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as never);
    const overview = wb.getWorksheet('全县概况')!;
    const { tasks } = await gqlOk(hub, 'query($r: ID!) { tasks(roundId: $r) { id } }', { r: roundId }, office);
    expect(overview.getRow(4).values).toEqual([undefined, '实际入户检查次数', tasks.length]);
    const summary = wb.getWorksheet('总体情况')!;
    const samrRow = summary.getRow(4).values as unknown[];
    expect(samrRow[1]).toBe('市场监督管理局');
    expect(samrRow[14]).toBe(1); // 发现问题: the one published result

    expect((await get('/reports/work.html?period=2026-H1&department=SAMR', samrStaff)).status).toBe(200);
    expect((await get('/reports/work.html?period=2026', samrStaff)).status).toBe(403);
    expect((await get('/reports/work.html?period=2026&department=HEALTH', samrStaff)).status).toBe(403);
    expect((await get('/reports/work.html?period=2026')).status).toBe(401);
    expect((await get('/reports/work.html?period=later', office)).status).toBe(400);

    const out = join(process.cwd(), 'test-output');
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'work-report-2026-hub.html'), page);
    writeFileSync(join(out, 'work-report-2026-hub.xlsx'), buf);
  });
});
