// npm run verify-audit [-- --head <length>:<hash>] [-- --department <code>]
// Walks an audit chain and names the first altered or missing entry. The joint-inspection chain (default) is also
// checked against every stored draw (each must still hash to the value its DRAW_LOCKED / REDRAW_LOCKED entry
// recorded); --department walks that department's own chain instead. With --head (a head published earlier, see
// the auditHead / departmentAuditHead queries) it also fails when the chain was shortened or rewritten since.
// Exit 0 INTACT, 1 TAMPERED, 2 cannot run. See docs/audit.md.
import { parseArgs } from 'node:util';
import type { DataSource } from 'typeorm';
import { toAuditEntry, type AuditRow } from '../shared/audit-store';
import { loadHubConfig } from '../shared/config';
import { parseHead, verifyAgainstHead, verifyChain, type AuditEntry } from '../shared/domain/audit';
import { departmentAudit } from '../subgraphs/department/department.audit';
import { openDepartmentDatabase } from '../subgraphs/department/server';
import { jointAudit } from '../subgraphs/joint-inspection/audit.service';
import { Draw } from '../subgraphs/joint-inspection/draw.entity';
import { openJointDatabase } from '../subgraphs/joint-inspection/joint.db';
import { recordHash } from '../subgraphs/joint-inspection/round.service';

export interface VerifyOptions {
  /** A published head; the chain must be it or an extension of it. */
  head?: { length: number; hash: string };
}
type Verdict = { ok: boolean; message: string };
type Walked = { ok: false; problem: string } | { ok: true; entries: AuditEntry[]; note: string };

/** The chain's own links, then (with a head) truncation and rewriting since the head was published. */
function walk(rows: AuditRow[], opts: VerifyOptions): Walked {
  let entries: AuditEntry[];
  try {
    entries = rows.map(toAuditEntry);
  } catch {
    return { ok: false, problem: '审计条目载荷无法解析' };
  }
  if (!opts.head) {
    const chain = verifyChain(entries);
    if (!chain.ok) return { ok: false, problem: `第 ${chain.seq} 条审计记录${chain.reason}` };
    return { ok: true, entries, note: '' };
  }
  const v = verifyAgainstHead(entries, opts.head);
  if (!v.ok) return { ok: false, problem: v.message };
  const note = `；与链头 ${opts.head.length}:${opts.head.hash.slice(0, 12)}… 一致${v.added ? `（其后新增 ${v.added} 条）` : ''}`;
  return { ok: true, entries, note };
}

export async function verifyAudit(ds: DataSource, opts: VerifyOptions = {}): Promise<Verdict> {
  const walked = walk(await jointAudit.rows(ds.manager, {}), opts);
  if (!walked.ok) return { ok: false, message: `TAMPERED: ${walked.problem}` };
  const { entries, note } = walked;
  const locked = new Map<string, string>();
  for (const e of entries)
    if (e.action === 'DRAW_LOCKED' || e.action === 'REDRAW_LOCKED') locked.set(e.subject, (e.payload as { recordHash: string }).recordHash);
  for (const d of await ds.getRepository(Draw).find({ order: { id: 'ASC' } })) {
    const expected = locked.get(`draw:${d.id}`);
    if (!expected) return { ok: false, message: `TAMPERED: 抽取记录 ${d.id} 在审计链中没有锁定条目` };
    if (recordHash(d.record) !== expected || d.recordHash !== expected)
      return { ok: false, message: `TAMPERED: 抽取记录 ${d.id}（计划 ${d.planId}，第 ${d.seq} 次）与审计链中锁定的哈希不符` };
  }
  return { ok: true, message: `INTACT: ${entries.length} 条审计记录，${locked.size} 条抽取记录均与审计链一致${note}` };
}

export async function verifyDepartmentAudit(ds: DataSource, department: string, opts: VerifyOptions = {}): Promise<Verdict> {
  const walked = walk(await departmentAudit.rows(ds.manager, { department }), opts);
  if (!walked.ok) return { ok: false, message: `TAMPERED: 部门 ${department}：${walked.problem}` };
  return { ok: true, message: `INTACT: 部门 ${department} 的 ${walked.entries.length} 条审计记录完好${walked.note}` };
}

const USAGE = '用法：npm run verify-audit [-- --head 条数:哈希] [-- --department 部门代码]';

export interface Openers {
  joint(): Promise<DataSource>;
  department(code: string): Promise<DataSource>;
  /** Closes what an opener returned (tests keep their own database open). */
  close(ds: DataSource): Promise<void>;
}

const DEFAULT_OPENERS: Openers = {
  joint: () => openJointDatabase({}),
  department: (code) => openDepartmentDatabase({ code }),
  close: (ds) => ds.destroy(),
};

/** The CLI: exit code 0 intact, 1 tampered, 2 wrong usage; messages go to `out` / `err`. */
export async function runVerifyAudit(argv: string[], openers: Openers = DEFAULT_OPENERS, out = console.log, err = console.error): Promise<number> {
  let values: { head?: string; department?: string };
  let opts: VerifyOptions;
  try {
    ({ values } = parseArgs({ args: argv, options: { head: { type: 'string' }, department: { type: 'string' } }, strict: true }));
    opts = values.head === undefined ? {} : { head: parseHead(values.head) };
  } catch (e) {
    err(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  let ds: DataSource;
  let run: (ds: DataSource) => Promise<Verdict>;
  if (values.department !== undefined) {
    const code = values.department.trim().toUpperCase();
    const configured = loadHubConfig().departments.map((d) => d.code);
    if (!configured.includes(code)) {
      err(`未配置的部门：${values.department.slice(0, 40)}（已配置：${configured.join('、')}）`);
      return 2;
    }
    ds = await openers.department(code);
    run = (d) => verifyDepartmentAudit(d, code, opts);
  } else {
    ds = await openers.joint();
    run = (d) => verifyAudit(d, opts);
  }
  try {
    const r = await run(ds);
    out(r.message);
    return r.ok ? 0 : 1;
  } finally {
    await openers.close(ds);
  }
}

if (require.main === module) {
  runVerifyAudit(process.argv.slice(2))
    .then((code) => process.exit(code))
    .catch((e) => {
      console.error(e.message);
      process.exit(2);
    });
}
