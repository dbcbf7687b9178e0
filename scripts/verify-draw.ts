// npm run verify-draw -- <draw-export.json> [--pool-hash H] [--record-hash H] [--commitment H]
// Recomputes a draw from its public inputs alone (seed, commitment, pool with classes and risk marks, pool hash,
// parameters, exclusions, algorithm version) and prints VERIFIED, or MISMATCH with the first difference. A file
// holding an array (exportHistoryJson) is a plan's draws in order: each redraw must follow the one before it.
// The anchors are values published before the reveal (commitment, pool hash) or at lock (record hash, on the
// audit chain): with them a record rebuilt consistently from edited inputs is caught too. No database, no network.
import { readFileSync } from 'node:fs';
import { verifyDraw, verifyDrawHistory, type DrawAnchors, type DrawRecord } from '../shared/domain/draw';

/** The export carries the audit head current when it was downloaded; it is not part of the locked record. */
function lockedRecord(x: unknown): DrawRecord {
  if (!x || typeof x !== 'object' || Array.isArray(x)) return x as DrawRecord;
  const { auditHead: _head, ...record } = x as Record<string, unknown>;
  return record as unknown as DrawRecord;
}

export function verifyDrawExport(json: string, anchors: DrawAnchors = {}): { ok: boolean; message: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (e) {
    return { ok: false, message: `MISMATCH: 文件不是合法的 JSON（${(e as Error).message}）` };
  }
  const records = Array.isArray(parsed) ? parsed.map(lockedRecord) : [lockedRecord(parsed)];
  const v = Array.isArray(parsed) ? verifyDrawHistory(records, anchors) : verifyDraw(records[0], anchors);
  if (v.ok) {
    const last = records[records.length - 1];
    const what = Array.isArray(parsed) ? `${records.length} 份记录前后衔接，最后一份` : '';
    return { ok: true, message: `VERIFIED: ${what}${last.selected.length} 家市场主体，名录 ${last.pool.length} 家，算法 ${last.algorithmVersion}` };
  }
  const parts = [v.reason, v.firstDifference ? `第一处不同：${v.firstDifference}` : '', v.detail ?? ''].filter(Boolean);
  return { ok: false, message: `MISMATCH: ${parts.join('；')}` };
}

const FLAGS: Record<string, keyof DrawAnchors> = { '--pool-hash': 'poolHash', '--record-hash': 'recordHash', '--commitment': 'seedCommitment' };

if (require.main === module) {
  const args = process.argv.slice(2);
  const anchors: DrawAnchors = {};
  let file: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const key = FLAGS[args[i]];
    if (key) anchors[key] = args[++i];
    else file ??= args[i];
  }
  if (!file || Object.values(anchors).some((v) => !v)) {
    console.error('用法：npm run verify-draw -- <抽取记录.json> [--pool-hash 冻结时公布的名录哈希] [--record-hash 审计链中锁定的记录哈希] [--commitment 种子承诺值]');
    process.exit(2);
  }
  const result = verifyDrawExport(readFileSync(file, 'utf8'), anchors);
  console.log(result.message);
  process.exit(result.ok ? 0 : 1);
}
