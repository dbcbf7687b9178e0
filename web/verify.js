// Recomputes a draw in the browser from its public record with Web Crypto's SHA-256, following
// docs/draw-algorithm.md (prn-sha256-v1 and v2) step by step: seed vs commitment, pool vs hash, published anchors,
// exclusions and redraw fields, strata, selection. Same reasons as the API (VERIFY_REASONS in shared/domain/draw.ts).
const VERSIONS = ['prn-sha256-v1', 'prn-sha256-v2'];
const SEP = '\u0000';
const TWO_POW_52 = 2 ** 52;
const CEIL_EPSILON = 1e-9;
const CLASSES = ['A', 'B', 'C', 'D'];
const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];
const REASONS = {
  seed: '种子与承诺值不符', pool: '名录快照与哈希不符', version: '算法版本不受支持', input: '公开输入无效', selection: '抽取结果与重新计算不符',
  strata: '分层统计与重新计算不符', exclusions: '排除名单无效', anchor: '与已公布的值不符', history: '重新抽取的前后记录不衔接',
};
const EXCLUSION_REASONS = ['DEREGISTERED', 'CLOSED', 'OUT_OF_SCOPE', 'RECUSAL', 'OTHER'];

const encoder = new TextEncoder();
export const browserCanVerify = () => Boolean(globalThis.crypto?.subtle);

async function sha256Hex(s) {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(s)));
  let out = '';
  for (const b of digest) out += b.toString(16).padStart(2, '0');
  return out;
}

const compare = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

/** GB 32100 check character and the GB 11714 organisation-code check inside it, as shared/validation.ts. */
function validUscc(code) {
  if (typeof code !== 'string' || code.length !== 18) return false;
  let sum = 0;
  let org = 0;
  for (let i = 0; i < 17; i++) {
    const v = USCC_CHARSET.indexOf(code[i]);
    if (v < 0) return false;
    sum += v * USCC_WEIGHTS[i];
    if (i >= 8 && i < 16) org += parseInt(code[i], 36) * ORG_WEIGHTS[i - 8];
  }
  const check = 31 - (sum % 31);
  if (USCC_CHARSET.indexOf(code[17]) !== (check === 31 ? 0 : check)) return false;
  const oc = 11 - (org % 11);
  return code[16] === (oc === 10 ? 'X' : oc === 11 ? '0' : String(oc));
}

const sampleSize = (ratio, n, v2) => {
  if (!ratio || n === 0) return 0;
  const k = Math.min(n, Math.max(0, Math.ceil(ratio * n - CEIL_EPSILON)));
  return v2 ? Math.max(1, k) : k;
};
// (u − start) mod 1, exactly: see orderKey in draw.ts.
const orderKey = (u, start) => (u >= start ? u : 1 + u);

/** Canonical JSON (sorted keys, no spaces), as the record hash on the audit chain is computed. */
function canonical(v) {
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  return `{${Object.keys(v).filter((k) => v[k] !== undefined).sort().map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`).join(',')}}`;
}

async function poolHashOf(pool, v2) {
  if (!v2) return sha256Hex([...new Set(pool.map((e) => e?.creditCode))].sort(compare).join('\n'));
  const lines = [...pool].sort((a, b) => compare(a?.creditCode, b?.creditCode)).map((e) => `${e?.creditCode}\t${e?.creditClass}\t${e?.risk === true ? 1 : 0}`);
  return sha256Hex(lines.join('\n'));
}

function checkExclusions(record) {
  const bad = (detail) => ({ ok: false, reason: REASONS.exclusions, detail });
  const list = record.exclusions;
  if (!Array.isArray(list)) return bad('记录缺少排除名单');
  if (!Number.isInteger(record.ordinal) || record.ordinal < 0) return { ok: false, reason: REASONS.history, detail: '重新抽取序号无效' };
  if (record.ordinal === 0) {
    if (record.previousRecordHash != null) return { ok: false, reason: REASONS.history, detail: '首次抽取不应引用前一份记录' };
    if (list.length) return bad('首次抽取不能有排除对象');
  } else {
    if (!/^[0-9a-f]{64}$/.test(String(record.previousRecordHash))) return { ok: false, reason: REASONS.history, detail: '重新抽取须引用前一份记录的哈希' };
    if (!list.length) return bad('重新抽取至少要有一个排除对象');
  }
  const members = new Set(record.pool.map((e) => e?.creditCode));
  const seen = new Set();
  for (const x of list) {
    if (!members.has(x?.creditCode)) return bad(`排除对象不在冻结的名录快照中：${x?.creditCode}`);
    if (seen.has(x.creditCode)) return bad(`排除名单中重复出现 ${x.creditCode}`);
    seen.add(x.creditCode);
    if (!EXCLUSION_REASONS.includes(x.reason)) return bad(`${x.creditCode} 的排除原因无效`);
    if (x.reason === 'OTHER' && !String(x.note ?? '').trim()) return bad(`${x.creditCode} 以“其他情况”排除，须写明情况`);
  }
  return { codes: seen };
}

/**
 * Returns { ok: true, detail } or { ok: false, reason, detail }. `anchors` are values published outside the record:
 * the pool hash shown when the snapshot was frozen and the record hash locked on the audit chain.
 */
export async function verifyDrawInBrowser(exported, anchors = {}) {
  const { auditHead: _head, ...record } = exported ?? {};
  if (typeof record.seed !== 'string' || (await sha256Hex(record.seed)) !== String(record.seedCommitment).toLowerCase()) return { ok: false, reason: REASONS.seed };
  if (!VERSIONS.includes(record.algorithmVersion)) return { ok: false, reason: REASONS.version, detail: `记录使用 ${record.algorithmVersion}，本页面实现 ${VERSIONS.join('、')}` };
  const v2 = record.algorithmVersion !== 'prn-sha256-v1';
  if (!Array.isArray(record.pool) || (await poolHashOf(record.pool, v2)) !== String(record.poolHash).toLowerCase()) return { ok: false, reason: REASONS.pool };
  if (anchors.poolHash && anchors.poolHash.toLowerCase() !== String(record.poolHash).toLowerCase()) return { ok: false, reason: REASONS.anchor, detail: '名录哈希与冻结时公布的不同' };
  if (anchors.recordHash && (await sha256Hex(canonical(record))) !== anchors.recordHash.toLowerCase()) return { ok: false, reason: REASONS.anchor, detail: '记录哈希与锁定时写入审计链的不同' };
  if (typeof record.start !== 'number' || record.start < 0 || record.start >= 1) return { ok: false, reason: REASONS.input, detail: '起始点应在 [0,1) 区间内' };
  if (record.mode !== 'coordinated' && record.mode !== 'independent') return { ok: false, reason: REASONS.input, detail: `未知的抽取模式：${record.mode}` };
  const excluded = v2 ? checkExclusions(record) : { codes: new Set() };
  if (excluded.ok === false) return excluded;
  const seed = record.mode === 'independent' ? record.seed + SEP + (record.planSalt ?? '') : record.seed;
  const seen = new Set();
  for (const e of record.pool) {
    if (!validUscc(e.creditCode)) return { ok: false, reason: REASONS.input, detail: `名录中的统一社会信用代码无效（${e.creditCode}）` };
    if (!CLASSES.includes(e.creditClass)) return { ok: false, reason: REASONS.input, detail: `${e.creditCode} 的信用风险分类无效` };
    if (seen.has(e.creditCode)) return { ok: false, reason: REASONS.input, detail: `名录中统一社会信用代码重复：${e.creditCode}` };
    seen.add(e.creditCode);
  }
  const eligible = record.pool.filter((e) => !excluded.codes.has(e.creditCode));
  const us = await Promise.all(eligible.map(async (e) => parseInt((await sha256Hex(seed + SEP + e.creditCode)).slice(0, 13), 16) / TWO_POW_52));
  const expected = [];
  const strata = [];
  for (const cls of CLASSES) {
    for (const risk of v2 ? [false, true] : [false]) {
      const ratio = (risk ? record.riskRatios?.[cls] ?? record.ratios?.[cls] : record.ratios?.[cls]) ?? 0;
      const members = eligible.map((e, i) => ({ code: e.creditCode, key: orderKey(us[i], record.start), cls: e.creditClass, risk: e.risk === true }))
        .filter((e) => e.cls === cls && e.risk === risk);
      members.sort((a, b) => a.key - b.key || compare(a.code, b.code));
      const n = sampleSize(ratio, members.length, v2);
      strata.push(v2 ? { creditClass: cls, risk, poolSize: members.length, ratio, drawn: n } : { creditClass: cls, poolSize: members.length, ratio, drawn: n });
      expected.push(...members.slice(0, n).map((e) => e.code));
    }
  }
  if (v2 || record.strata !== undefined) {
    if (!Array.isArray(record.strata) || canonical(record.strata.map((s) => (v2 ? { ...s, risk: s.risk ?? false } : s))) !== canonical(strata)) {
      return { ok: false, reason: REASONS.strata, detail: '分层的名录数、比例或抽取数与重新计算不同' };
    }
  }
  expected.sort(compare);
  const recorded = [...(record.selected ?? [])].sort(compare);
  for (let i = 0; i < Math.max(expected.length, recorded.length); i++) {
    if (expected[i] !== recorded[i]) {
      const code = expected[i] === undefined || (recorded[i] !== undefined && recorded[i] < expected[i]) ? recorded[i] : expected[i];
      return { ok: false, reason: REASONS.selection, detail: `第一处不一致：${code}` };
    }
  }
  const out = excluded.codes.size ? `，排除 ${excluded.codes.size} 家` : '';
  return { ok: true, detail: `重新计算 ${eligible.length} 户的随机数${out}，抽中 ${expected.length} 户，与记录一致` };
}
