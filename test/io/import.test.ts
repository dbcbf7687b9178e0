// Import through the department subgraph (GraphQL, as the dashboard does) and through the CLI (service layer):
// all-or-nothing, valid-rows mode, dry run, idempotent re-import, updates, refused edits, authorization.
import 'reflect-metadata';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { samplePoolRows, sampleUscc } from '../../shared/io/sample';
import { sheetsToXlsx } from '../../shared/io/sheet';
import { readTable } from '../../shared/io/table';
import { openJointDatabase } from '../../subgraphs/joint-inspection/joint.db';
import { MarketEntity } from '../../subgraphs/joint-inspection/market-entity.entity';
import { parseArgs, runImport } from '../../scripts/import';
import { testDbName, testDbUrl } from '../helpers';
import { admin, errorCode, inspectorRole, JOINT, PUBLIC, rowCount, staff, startDepartment, stopAll, type DepartmentHarness } from '../department/fixture';

const IMPORT = `mutation($d: String!, $kind: String!, $name: String!, $b64: String!, $mode: ImportMode, $dry: Boolean) {
  importFile(department: $d, kind: $kind, fileName: $name, contentBase64: $b64, mode: $mode, dryRun: $dry) {
    kind format encoding mode dryRun totalRows acceptedRows rejectedRows issueCount issues { row column reason }
    warnings committed added updated unchanged message } }`;

let h: DepartmentHarness;
const d = 'SAMR';
beforeAll(async () => {
  h = await startDepartment(d);
});
afterAll(() => stopAll(h));

const csvOf = (headers: string[], rows: string[][]) => [headers, ...rows].map((r) => r.join(',')).join('\r\n');
const b64 = (s: string | Buffer, encoding: 'utf-8' | 'gbk' = 'utf-8') =>
  (typeof s === 'string' ? (encoding === 'gbk' ? iconv.encode(s, 'gbk') : Buffer.from(s)) : s).toString('base64');
const importFile = (kind: string, name: string, content: string, vars: Record<string, unknown> = {}, who = staff(d)) =>
  h.call(IMPORT, { d, kind, name, b64: content, ...vars }, who);

describe('target pool import over GraphQL', () => {
  const pool = samplePoolRows(30);
  const csv = csvOf(pool.headers, pool.rows);

  it('imports a GBK CSV in one go, and re-importing it changes nothing', async () => {
    const first = await importFile('pool', '名录.csv', b64(csv, 'gbk'));
    expect(first.errors).toBeUndefined();
    expect(first.data.importFile).toMatchObject({ format: 'csv', encoding: 'gb18030', totalRows: 30, acceptedRows: 30, rejectedRows: 0, committed: true, added: 30, updated: 0, unchanged: 0 });
    expect(await rowCount(h.dataSource, 'pool_entry')).toBe(30);
    const again = await importFile('pool', '名录.csv', b64(csv, 'gbk'));
    expect(again.data.importFile).toMatchObject({ committed: true, added: 0, updated: 0, unchanged: 30 });
    expect(await rowCount(h.dataSource, 'pool_entry')).toBe(30);
  });

  it('an XLSX with one changed row updates exactly that row', async () => {
    const rows = pool.rows.map((r) => [...r]);
    rows[4][4] = 'D';
    const xlsx = await sheetsToXlsx([{ name: '名录', headers: pool.headers, rows }]);
    const r = await importFile('pool', '名录.xlsx', b64(xlsx));
    expect(r.data.importFile).toMatchObject({ format: 'xlsx', committed: true, added: 0, updated: 1, unchanged: 29 });
    const [row] = await h.dataSource.query(`SELECT credit_class AS c FROM pool_entry WHERE credit_code = '${rows[4][0]}'`);
    expect(row.c).toBe('D');
  });

  it('all-or-nothing: one bad row and nothing of the file is written, with the row, column and reason reported', async () => {
    const rows = samplePoolRows(5, 100).rows;
    rows[2][3] = '36';
    const r = await importFile('pool', 'bad.csv', b64(csvOf(pool.headers, rows)));
    expect(r.data.importFile).toMatchObject({ committed: false, totalRows: 5, acceptedRows: 4, rejectedRows: 1, added: 0 });
    expect(r.data.importFile.issues).toEqual([{ row: 4, column: '行政区划代码', reason: '行政区划代码应为6–12位数字' }]);
    expect(r.data.importFile.message).toMatch(/未导入/);
    expect(await rowCount(h.dataSource, 'pool_entry')).toBe(30);

    const dry = await importFile('pool', 'bad.csv', b64(csvOf(pool.headers, rows)), { mode: 'VALID_ROWS', dry: true });
    expect(dry.data.importFile).toMatchObject({ dryRun: true, committed: false, added: 4 });
    expect(await rowCount(h.dataSource, 'pool_entry')).toBe(30);

    const valid = await importFile('pool', 'bad.csv', b64(csvOf(pool.headers, rows)), { mode: 'VALID_ROWS' });
    expect(valid.data.importFile).toMatchObject({ mode: 'VALID_ROWS', committed: true, added: 4, rejectedRows: 1 });
    expect(await rowCount(h.dataSource, 'pool_entry')).toBe(34);
  });

  it('a file without the required columns is a BAD_USER_INPUT naming them', async () => {
    const r = await importFile('pool', 'x.csv', b64('企业名称\n某公司\n'));
    expect(errorCode(r)).toBe('BAD_USER_INPUT');
    expect(r.errors![0].message).toMatch(/缺少必填列：统一社会信用代码/);
    expect(errorCode(await importFile('pool', 'x.csv', b64('x'.repeat(3_600_000))))).toBe('BAD_USER_INPUT');
    expect(errorCode(await importFile('plans', 'x.csv', b64(csv)))).toBe('BAD_USER_INPUT');
  });

  it('only the department itself (or a service) may import; not the public, an inspector, another department or the joint office', async () => {
    for (const who of [PUBLIC, inspectorRole(d), staff('ECO'), JOINT]) {
      expect(errorCode(await importFile('pool', '名录.csv', b64(csv), {}, who))).toBe('FORBIDDEN');
    }
    expect(errorCode(await h.call(IMPORT, { d: 'ECO', kind: 'pool', name: 'a.csv', b64: b64(csv) }, staff('ECO')))).toBe('MISROUTED');
  });
});

describe('inspectors and checklist import', () => {
  const INSPECTORS = [
    '姓名,性别,职务,执法证号,执法证有效期至,工作单位,联系电话,身份证号码,业务专长',
    '张三,男,科员,361129000101,2028-06-30,市场监管局,13800138000,,食品安全',
    '李四,女,副科长,361129000102,2027/12/31,市场监管局,0793-7654321,,特种设备；广告',
  ].join('\n');

  it('new inspectors start ACTIVE with their 入库 history; a re-import leaves status and history alone', async () => {
    const r = await importFile('inspectors', '人员.csv', b64(INSPECTORS, 'gbk'));
    expect(r.data.importFile).toMatchObject({ committed: true, added: 2 });
    const people = await h.call(`query($d: String!) { inspectors(department: $d) { edges { node { name status certificateExpiry expertise statusHistory { to reason } } } } }`, { d }, admin(d));
    expect(people.errors).toBeUndefined();
    const li = people.data.inspectors.edges.map((e: any) => e.node).find((n: any) => n.name === '李四');
    expect(li).toMatchObject({ status: 'ACTIVE', certificateExpiry: '2027-12-31', expertise: ['特种设备', '广告'], statusHistory: [{ to: 'ACTIVE', reason: '入库（导入）' }] });
    expect((await importFile('inspectors', '人员.csv', b64(INSPECTORS, 'gbk'))).data.importFile).toMatchObject({ added: 0, unchanged: 2 });
    expect(await rowCount(h.dataSource, 'inspector_status_change')).toBe(2);
  });

  it('a published checklist item cannot be changed by import: the row is refused and, all-or-nothing, nothing is written', async () => {
    const header = '事项编号,事项名称,事项类别,检查依据,检查对象,检查内容,检查方式,最低抽查比例,最高抽查比例,检查频次';
    const v1 = [header, 'IM-01,食品经营,重点,食品安全法,食品经营者,许可,实地核查,5%,100%,每年一次', 'IM-02,广告发布,一般,广告法,广告主,广告内容,书面检查,3%,10%,每年一次'].join('\n');
    expect((await importFile('checklist', '清单.csv', b64(v1))).data.importFile).toMatchObject({ committed: true, added: 2 });
    const items = await h.call(`query($d: String!) { checklist(department: $d) { id code status } }`, { d }, admin(d));
    const first = items.data.checklist.find((i: any) => i.code === 'IM-01');
    expect((await h.call(`mutation($d: String!, $id: ID!) { publishChecklistItem(department: $d, id: $id) { status } }`, { d, id: first.id }, admin(d))).errors).toBeUndefined();

    const v2 = v1.replace('许可,实地核查', '许可证照,实地核查').replace('3%,10%', '3%,15%');
    const r = await importFile('checklist', '清单.csv', b64(v2));
    expect(r.data.importFile).toMatchObject({ committed: false, rejectedRows: 1 });
    expect(r.data.importFile.issues).toEqual([{ row: 2, column: '事项编号', reason: expect.stringContaining('已公布，不能通过导入修改') }]);
    const [draft] = await h.dataSource.query(`SELECT max_ratio AS m FROM checklist_item WHERE code = 'IM-02'`);
    expect(Number(draft.m)).toBeCloseTo(0.1);
    // The same file once more (the published row unchanged) is accepted and idempotent.
    expect((await importFile('checklist', '清单.csv', b64(v1))).data.importFile).toMatchObject({ committed: true, unchanged: 2 });
  });
});

describe('npm run import (CLI, service layer)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hub-import-'));
  const quiet = () => undefined;

  it('parses its arguments', () => {
    expect(parseArgs(['a.csv', '--kind', 'pool', '--department', 'samr', '--valid-rows', '--dry-run', '--encoding', 'GBK'])).toMatchObject({
      file: 'a.csv', kind: 'pool', department: 'SAMR', mode: 'VALID_ROWS', dryRun: true, encoding: 'gbk',
    });
    expect(() => parseArgs(['--kind'])).toThrow(/需要一个值/);
  });

  it('--template writes the XLSX template', async () => {
    const out = join(dir, 'pool.xlsx');
    expect((await runImport(parseArgs(['--template', 'pool', '--out', out]), quiet)).exitCode).toBe(0);
    expect((await readTable(readFileSync(out), out)).headers[0]).toBe('统一社会信用代码');
  });

  it('imports market entities into the joint registry, idempotently, and writes the rejected rows to --report', async () => {
    const name = testDbName('joint_cli');
    const db = { url: testDbUrl(name), name };
    const file = join(dir, '主体.csv');
    const lines = ['统一社会信用代码,企业名称,主体类型,行业门类,信用风险分类,是否列入经营异常名录'];
    for (let i = 0; i < 20; i++) lines.push(`${sampleUscc(500 + i)},万年县示例${i}号公司,公司,F,B,否`);
    writeFileSync(file, iconv.encode(lines.join('\r\n'), 'gb18030'));
    const first = await runImport(parseArgs([file, '--kind', 'entities', '--quiet']), quiet, db);
    expect(first.exitCode).toBe(0);
    expect(first.report).toMatchObject({ committed: true, added: 20 });
    const again = await runImport(parseArgs([file, '--kind', 'entities', '--quiet']), quiet, db);
    expect(again.report).toMatchObject({ committed: true, added: 0, unchanged: 20 });

    writeFileSync(file, iconv.encode([...lines, `${sampleUscc(900)},异常公司,公司,F,B,不知道`].join('\r\n'), 'gb18030'));
    const report = join(dir, 'issues.csv');
    const bad = await runImport(parseArgs([file, '--kind', 'entities', '--quiet', '--report', report]), quiet, db);
    expect(bad.exitCode).toBe(1);
    expect(readFileSync(report, 'utf8')).toBe('\ufeff行号,列,原因\r\n22,是否列入经营异常名录,“不知道”应为 是 或 否\r\n');
    const ds = await openJointDatabase(db);
    try {
      expect(await ds.getRepository(MarketEntity).count()).toBe(20);
    } finally {
      await ds.destroy();
    }
  });

  it('unknown department is a usage error', async () => {
    const r = await runImport(parseArgs([join(dir, '主体.csv'), '--kind', 'pool', '--department', 'NOPE', '--quiet']), quiet);
    expect(r.exitCode).toBe(2);
  });
});
