// Recomputes a draw in the browser from its public record, following shared/domain/draw.ts (prn-sha256-v1)
// step by step with Web Crypto's SHA-256: seed vs commitment, pool vs hash, algorithm version, selection.
const ALGORITHM_VERSION = 'prn-sha256-v1';
const SEP = '\u0000';
const TWO_POW_52 = 2 ** 52;
const CEIL_EPSILON = 1e-9;
const CLASSES = ['A', 'B', 'C', 'D'];
const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];
// The same wording as VERIFY_REASONS in draw.ts, so browser and API say the same thing.
const REASONS = { seed: '种子与承诺值不符', pool: '名录快照与哈希不符', version: '算法版本不受支持', input: '公开输入无效', selection: '抽取结果与重新计算不符' };

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

const sampleSize = (ratio, n) => (!ratio || n === 0 ? 0 : Math.min(n, Math.max(0, Math.ceil(ratio * n - CEIL_EPSILON))));
// (u − start) mod 1, exactly: see orderKey in draw.ts.
const orderKey = (u, start) => (u >= start ? u : 1 + u);

/** Returns { ok: true } or { ok: false, reason, detail }. */
export async function verifyDrawInBrowser(record) {
  if (typeof record.seed !== 'string' || (await sha256Hex(record.seed)) !== String(record.seedCommitment).toLowerCase()) return { ok: false, reason: REASONS.seed };
  const codes = Array.isArray(record.pool) ? record.pool.map((e) => e?.creditCode) : null;
  if (!codes || (await sha256Hex([...new Set(codes)].sort(compare).join('\n'))) !== String(record.poolHash).toLowerCase()) return { ok: false, reason: REASONS.pool };
  if (record.algorithmVersion !== ALGORITHM_VERSION) return { ok: false, reason: REASONS.version, detail: `记录使用 ${record.algorithmVersion}，本页面实现 ${ALGORITHM_VERSION}` };
  if (typeof record.start !== 'number' || record.start < 0 || record.start >= 1) return { ok: false, reason: REASONS.input, detail: '起始点应在 [0,1) 区间内' };
  if (record.mode !== 'coordinated' && record.mode !== 'independent') return { ok: false, reason: REASONS.input, detail: `未知的抽取模式：${record.mode}` };
  const seed = record.mode === 'independent' ? record.seed + SEP + (record.planSalt ?? '') : record.seed;
  const seen = new Set();
  for (const e of record.pool) {
    if (!validUscc(e.creditCode)) return { ok: false, reason: REASONS.input, detail: `名录中的统一社会信用代码无效（${e.creditCode}）` };
    if (!CLASSES.includes(e.creditClass)) return { ok: false, reason: REASONS.input, detail: `${e.creditCode} 的信用风险分类无效` };
    if (seen.has(e.creditCode)) return { ok: false, reason: REASONS.input, detail: `名录中统一社会信用代码重复：${e.creditCode}` };
    seen.add(e.creditCode);
  }
  const us = await Promise.all(record.pool.map(async (e) => parseInt((await sha256Hex(seed + SEP + e.creditCode)).slice(0, 13), 16) / TWO_POW_52));
  const expected = [];
  for (const cls of CLASSES) {
    const stratum = record.pool.map((e, i) => ({ code: e.creditCode, key: orderKey(us[i], record.start), cls: e.creditClass })).filter((e) => e.cls === cls);
    stratum.sort((a, b) => a.key - b.key || compare(a.code, b.code));
    expected.push(...stratum.slice(0, sampleSize(record.ratios?.[cls] ?? 0, stratum.length)).map((e) => e.code));
  }
  expected.sort(compare);
  const recorded = [...(record.selected ?? [])].sort(compare);
  for (let i = 0; i < Math.max(expected.length, recorded.length); i++) {
    if (expected[i] !== recorded[i]) {
      const code = expected[i] === undefined || (recorded[i] !== undefined && recorded[i] < expected[i]) ? recorded[i] : expected[i];
      return { ok: false, reason: REASONS.selection, detail: `第一处不一致：${code}` };
    }
  }
  return { ok: true, detail: `重新计算 ${record.pool.length} 户的随机数，抽中 ${expected.length} 户，与记录一致` };
}
