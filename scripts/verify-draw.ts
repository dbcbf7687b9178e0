// npm run verify-draw -- <draw-export.json>
// Recomputes a draw from its public inputs alone (seed, commitment, pool, pool hash, parameters, algorithm
// version) and prints VERIFIED, or MISMATCH with the first difference. No database, no network.
import { readFileSync } from 'node:fs';
import { verifyDraw, type DrawRecord } from '../shared/domain/draw';

export function verifyDrawExport(json: string): { ok: boolean; message: string } {
  let record: DrawRecord;
  let head: { length?: unknown; hash?: unknown } | undefined;
  try {
    // The export carries the audit head current at export time beside the record; it is not part of the record.
    ({ auditHead: head, ...record } = JSON.parse(json) as DrawRecord & { auditHead?: { length?: unknown; hash?: unknown } });
  } catch (e) {
    return { ok: false, message: `MISMATCH: 文件不是合法的 JSON（${(e as Error).message}）` };
  }
  const v = verifyDraw(record);
  const headNote = head && typeof head === 'object' ? `；导出时审计链头 ${String(head.length)}:${String(head.hash)}（可用 npm run verify-audit -- --head 核对）` : '';
  if (v.ok) return { ok: true, message: `VERIFIED: ${record.selected.length} 家市场主体，名录 ${record.pool.length} 家，算法 ${record.algorithmVersion}${headNote}` };
  const parts = [v.reason, v.firstDifference ? `第一处不同：${v.firstDifference}` : '', v.detail ?? ''].filter(Boolean);
  return { ok: false, message: `MISMATCH: ${parts.join('；')}` };
}

if (require.main === module) {
  const file = process.argv[2];
  if (!file) {
    console.error('用法：npm run verify-draw -- <抽取记录.json>（由 GraphQL 查询 draw(id) { exportJson } 导出）');
    process.exit(2);
  }
  const result = verifyDrawExport(readFileSync(file, 'utf8'));
  console.log(result.message);
  process.exit(result.ok ? 0 : 1);
}
