// npm run verify-audit
// Walks the joint-inspection audit chain and names the first altered or missing entry; also checks that every
// stored draw still hashes to the value its DRAW_LOCKED / REDRAW_LOCKED entry recorded.
import type { DataSource } from 'typeorm';
import { verifyChain } from '../shared/domain/audit';
import { AuditEntryRow } from '../subgraphs/joint-inspection/audit.entity';
import { toAuditEntry } from '../subgraphs/joint-inspection/audit.service';
import { Draw } from '../subgraphs/joint-inspection/draw.entity';
import { openJointDatabase } from '../subgraphs/joint-inspection/joint.db';
import { recordHash } from '../subgraphs/joint-inspection/round.service';

export async function verifyAudit(ds: DataSource): Promise<{ ok: boolean; message: string }> {
  const rows = await ds.getRepository(AuditEntryRow).find({ order: { seq: 'ASC' } });
  let entries;
  try {
    entries = rows.map(toAuditEntry);
  } catch {
    return { ok: false, message: 'TAMPERED: 审计条目载荷无法解析' };
  }
  const chain = verifyChain(entries);
  if (!chain.ok) return { ok: false, message: `TAMPERED: 第 ${chain.seq} 条审计记录${chain.reason}` };
  const locked = new Map<string, string>();
  for (const e of entries)
    if (e.action === 'DRAW_LOCKED' || e.action === 'REDRAW_LOCKED') locked.set(e.subject, (e.payload as { recordHash: string }).recordHash);
  for (const d of await ds.getRepository(Draw).find({ order: { id: 'ASC' } })) {
    const expected = locked.get(`draw:${d.id}`);
    if (!expected) return { ok: false, message: `TAMPERED: 抽取记录 ${d.id} 在审计链中没有锁定条目` };
    if (recordHash(d.record) !== expected || d.recordHash !== expected)
      return { ok: false, message: `TAMPERED: 抽取记录 ${d.id}（计划 ${d.planId}，第 ${d.seq} 次）与审计链中锁定的哈希不符` };
  }
  return { ok: true, message: `INTACT: ${entries.length} 条审计记录，${locked.size} 条抽取记录均与审计链一致` };
}

if (require.main === module) {
  openJointDatabase({})
    .then(async (ds) => {
      const r = await verifyAudit(ds);
      await ds.destroy();
      console.log(r.message);
      process.exit(r.ok ? 0 : 1);
    })
    .catch((e) => {
      console.error(e.message);
      process.exit(2);
    });
}
