// The published audit head end to end: draw exports carry it, anyone may read it, and verify-audit --head catches
// what the chain alone cannot (truncation, a rewrite with recomputed hashes); departments keep their own chain.
import type { DataSource } from 'typeorm';
import { startTestHub, type TestHub } from './hub';
import { drawRestaurantRound, gqlOk } from './flow';
import { callGateway } from '../helpers';
import { freshUscc, nextSeq, targetInput } from '../authz/fixture';
import { runVerifyAudit, verifyAudit, verifyDepartmentAudit, type Openers } from '../../scripts/verify-audit';
import { verifyDrawExport } from '../../scripts/verify-draw';
import { GENESIS, type AuditHead } from '../../shared/domain/audit';
import { toAuditEntry } from '../../shared/audit-store';
import { recordHash } from '../../subgraphs/joint-inspection/round.service';
import { AuditEntryRow } from '../../subgraphs/joint-inspection/audit.entity';
import { appendAudit, jointAudit } from '../../subgraphs/joint-inspection/audit.service';
import { departmentAudit } from '../../subgraphs/department/department.audit';

const HEAD = '{ auditHead { length hash at } }';
const DEPT_HEAD = 'query($d: String!) { departmentAuditHead(department: $d) { length hash at } }';

describe('published audit head', () => {
  let hub: TestHub;
  let office: string;
  let joint: DataSource;
  let drawId: string;

  /** The CLI run in this process against the test databases (which it must not close). */
  async function cli(...argv: string[]): Promise<{ code: number; out: string }> {
    const lines: string[] = [];
    const openers: Openers = {
      joint: async () => joint,
      department: async (code) => hub.departments.get(code)!.dataSource,
      close: async () => undefined,
    };
    const code = await runVerifyAudit(argv, openers, (m) => lines.push(m), (m) => lines.push(m));
    return { code, out: lines.join('\n') };
  }
  const publicHead = async (): Promise<AuditHead> => (await gqlOk(hub, HEAD, {})).auditHead;
  const calendarEdit = (day: number) =>
    gqlOk(hub, 'mutation($d: String!) { setCalendarDay(input: { date: $d, kind: "HOLIDAY", name: "审计测试" }) }', { d: `2027-12-${String(day).padStart(2, '0')}` }, office);

  beforeAll(async () => {
    hub = await startTestHub(['SAMR', 'ECO']);
    office = await hub.token({ sub: 'office', role: 'JOINT_OFFICE' });
    joint = hub.joint.dataSource;
    const { roundId } = await drawRestaurantRound(hub, ['SAMR'], '审计链头', office);
    drawId = (await gqlOk(hub, 'query($r: ID!) { drawRound(id: $r) { draws { id } } }', { r: roundId }, office)).drawRound.draws[0].id;
  });
  afterAll(() => hub.close());

  test('auditHead is public and is the last entry: its seq and hash', async () => {
    const res = await callGateway(hub.gatewayUrl, HEAD, {});
    expect(res.errors).toBeUndefined();
    const head = res.data.auditHead as AuditHead;
    const last = await joint.getRepository(AuditEntryRow).findOneOrFail({ where: {}, order: { seq: 'DESC' } });
    const count = await joint.getRepository(AuditEntryRow).count();
    expect(head).toEqual({ length: last.seq, hash: last.hash, at: last.at });
    expect(head.length).toBe(count);
    expect(head.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  test('a draw export carries the head current at export time, outside the hashed record', async () => {
    const before = await publicHead();
    const { draw } = await gqlOk(hub, 'query($id: ID!) { draw(id: $id) { recordHash exportJson } }', { id: drawId });
    const exported = JSON.parse(draw.exportJson);
    expect(exported.auditHead).toEqual({ length: before.length, hash: before.hash });
    const { auditHead: _head, ...record } = exported;
    expect(recordHash(record)).toBe(draw.recordHash);
    expect(verifyDrawExport(draw.exportJson).ok).toBe(true);

    // After another write the next export carries the longer head, and the old one is a prefix of it.
    await calendarEdit(1);
    const again = JSON.parse((await gqlOk(hub, 'query($id: ID!) { draw(id: $id) { exportJson } }', { id: drawId })).draw.exportJson);
    expect(again.auditHead.length).toBe(before.length + 1);
    expect((await verifyAudit(joint, { head: before })).message).toContain('其后新增 1 条');
  });

  test('verify-audit --head catches truncation and a rewrite with recomputed hashes, and accepts an extension', async () => {
    for (const day of [2, 3, 4, 5]) await calendarEdit(day);
    const head = await publicHead();
    const arg = `${head.length}:${head.hash}`;
    expect(await cli('--head', arg)).toMatchObject({ code: 0, out: expect.stringMatching(/^INTACT: .*与链头/) });
    const saved = await jointAudit.rows(joint.manager, {});
    const restore = async () => {
      await joint.query('DELETE FROM audit_entry WHERE seq > ?', [head.length - 4]);
      await joint.getRepository(AuditEntryRow).insert(saved.slice(head.length - 4));
      expect((await cli('--head', arg)).code).toBe(0);
    };

    // The last entry removed: nothing in the chain itself shows it, the head does.
    await joint.query('DELETE FROM audit_entry WHERE seq = ?', [head.length]);
    expect((await cli()).code).toBe(0);
    let r = await cli('--head', arg);
    expect(r.code).toBe(1);
    expect(r.out).toContain(`审计链被截短：公布的链头有 ${head.length} 条，现在只有 ${head.length - 1} 条`);
    await restore();

    // The last three removed.
    await joint.query('DELETE FROM audit_entry WHERE seq > ?', [head.length - 3]);
    r = await cli('--head', arg);
    expect(r.code).toBe(1);
    expect(r.out).toContain(`现在只有 ${head.length - 3} 条`);
    await restore();

    // Rewritten from entry N on with the project's own append function: hashes recomputed, links intact.
    const n = head.length - 2;
    await joint.query('DELETE FROM audit_entry WHERE seq >= ?', [n]);
    await joint.transaction(async (tx) => {
      for (let i = n; i <= head.length; i++) await appendAudit(tx, 'intruder', 'CALENDAR_EDITED', `calendar:2027-12-0${i - n + 2}`, { kind: 'NORMAL', name: '' });
    });
    expect((await cli()).out).toMatch(/^INTACT/);
    r = await cli('--head', arg);
    expect(r.code).toBe(1);
    expect(r.out).toContain(`审计链在第 ${head.length} 条或之前被改写`);
    await restore();

    // Later writes extend the chain: the old head still checks out.
    await calendarEdit(6);
    r = await cli('--head', arg);
    expect(r).toMatchObject({ code: 0 });
    expect(r.out).toContain('其后新增 1 条');

    // A malformed head is a usage error, not a verdict.
    expect((await cli('--head', `${head.length}:abc`)).code).toBe(2);
    expect((await cli('--head', `0:${GENESIS}`)).code).toBe(0);
  });

  test('department changes go on the department\'s own chain, personal data by field name only; tampering fails', async () => {
    const samr = hub.departments.get('SAMR')!.dataSource;
    const staff = await hub.token({ sub: 'samr-staff', role: 'DEPT_STAFF', department: 'SAMR' });
    const start = (await callGateway(hub.gatewayUrl, DEPT_HEAD, { d: 'SAMR' })).data.departmentAuditHead as AuditHead;
    expect(start.length).toBe(1); // the demo seed, one batch
    const eco = (await callGateway(hub.gatewayUrl, DEPT_HEAD, { d: 'ECO' })).data.departmentAuditHead as AuditHead;
    expect(eco.hash).not.toBe(start.hash);

    const creditCode = freshUscc(nextSeq());
    await gqlOk(hub, 'mutation($d: String!, $input: TargetInput!) { addTarget(department: $d, input: $input) { id } }', { d: 'SAMR', input: targetInput(creditCode) }, staff);
    const [inspector] = await samr.query("SELECT id, phone, id_number AS idNumber FROM inspector WHERE department = 'SAMR' ORDER BY id LIMIT 1");
    await gqlOk(
      hub,
      'mutation($d: String!, $id: ID!) { updateInspector(department: $d, id: $id, input: { position: "三级主任科员", phone: "13912345678" }) { id } }',
      { d: 'SAMR', id: String(inspector.id) },
      staff,
    );
    const csv = ['统一社会信用代码,企业名称,行业门类,行政区划代码,信用风险分类', `${freshUscc(nextSeq())},导入一有限公司,F,361129,B`, `${freshUscc(nextSeq())},导入二有限公司,H,361129,A`];
    const imported = await gqlOk(
      hub,
      'mutation($d: String!, $b: String!) { importFile(department: $d, kind: "pool", fileName: "名录.csv", contentBase64: $b) { committed } }',
      { d: 'SAMR', b: Buffer.from(csv.join('\r\n'), 'utf8').toString('base64') },
      staff,
    );
    expect(imported.importFile.committed).toBe(true);

    const head = (await callGateway(hub.gatewayUrl, DEPT_HEAD, { d: 'SAMR' })).data.departmentAuditHead as AuditHead;
    expect(head.length).toBe(start.length + 3);
    const entries = (await departmentAudit.rows(samr.manager, { department: 'SAMR' })).map(toAuditEntry);
    expect(entries.slice(-3).map((e) => [e.action, e.subject])).toEqual([
      ['TARGET_ADDED', `pool:${creditCode}`],
      ['INSPECTOR_UPDATED', `inspector:${inspector.id}`],
      ['IMPORT_POOL', 'import:pool'],
    ]);
    expect(entries[entries.length - 2].payload).toEqual({ changed: { position: { from: expect.any(String), to: '三级主任科员' } }, personalFieldsChanged: ['phone'] });
    expect(entries[entries.length - 1].payload).toMatchObject({ rows: 2, added: 2, updated: 0 });
    const stored = JSON.stringify(await samr.query('SELECT payload FROM department_audit_entry'));
    for (const secret of ['13912345678', inspector.phone, inspector.idNumber].filter(Boolean)) expect(stored).not.toContain(secret);
    expect((await cli('--department', 'SAMR', '--head', `${head.length}:${head.hash}`)).code).toBe(0);

    // A refused write leaves no entry: the append shares the write's transaction.
    const dup = await callGateway(hub.gatewayUrl, 'mutation($d: String!, $input: TargetInput!) { addTarget(department: $d, input: $input) { id } }', { d: 'SAMR', input: targetInput(creditCode) }, staff);
    expect(dup.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect((await departmentAudit.head(samr.manager, { department: 'SAMR' })).length).toBe(head.length);

    // Someone with database access edits what an entry says, then removes the last one.
    await samr.query("UPDATE department_audit_entry SET actor = 'someone-else' WHERE department = 'SAMR' AND seq = ?", [head.length - 1]);
    let r = await cli('--department', 'SAMR');
    expect(r.code).toBe(1);
    expect(r.out).toContain(`部门 SAMR：第 ${head.length - 1} 条审计记录内容被篡改`);
    await samr.query("UPDATE department_audit_entry SET actor = 'samr-staff' WHERE department = 'SAMR' AND seq = ?", [head.length - 1]);
    expect((await verifyDepartmentAudit(samr, 'SAMR')).ok).toBe(true);
    await samr.query("DELETE FROM department_audit_entry WHERE department = 'SAMR' AND seq = ?", [head.length]);
    expect((await cli('--department', 'SAMR')).code).toBe(0);
    r = await cli('--department', 'SAMR', '--head', `${head.length}:${head.hash}`);
    expect(r.code).toBe(1);
    expect(r.out).toContain('审计链被截短');
    expect((await cli('--department', 'NOWHERE')).code).toBe(2);
  });
});
