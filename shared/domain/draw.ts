// Verifiable, coordinated sampling with permanent random numbers (PRN).
// See ../docs/ARCHITECTURE.md, "The draw, verifiably and coordinated", and DOMAIN.md rule 7.
// Pure: the only dependency with side effects is node:crypto's hash, which is deterministic.
//
// Every public input (seed, start, mode, salt, pool, ratios, algorithm version) is enough to recompute a
// draw byte for byte; changing anything in this file that alters a result requires a new ALGORITHM_VERSION.

import * as crypto from 'node:crypto';
import { CREDIT_CLASSES, type CreditClass } from '../domain';
import { checkUscc, isValidUscc } from '../validation';

export const ALGORITHM_VERSION = 'prn-sha256-v1';

export type DrawMode = 'coordinated' | 'independent';
export type Ratios = Partial<Record<CreditClass, number>>;

export interface PoolEntry {
  creditCode: string;
  creditClass: CreditClass;
}

export interface DrawInput {
  /** The revealed round seed (checked against its commitment before drawing). */
  roundSeed: string;
  /** Round start point in [0,1); the same for every plan of a round. */
  start: number;
  mode: DrawMode;
  /** Required in independent mode (e.g. the plan id); ignored in coordinated mode. */
  planSalt?: string;
  pool: PoolEntry[];
  /** Per credit class, in [0,1]; a missing class draws nobody. */
  ratios: Ratios;
}

export interface DrawStratum {
  creditClass: CreditClass;
  poolSize: number;
  ratio: number;
  drawn: number;
}

export interface DrawnEntity {
  creditCode: string;
  creditClass: CreditClass;
  u: number;
  /** 1-based position within its stratum's order ((u − start) mod 1, then creditCode). */
  rank: number;
}

export interface DrawResult {
  algorithmVersion: string;
  poolHash: string;
  /** Always the four classes A–D in that order, so results have one shape. */
  strata: DrawStratum[];
  /** Sorted by creditCode. */
  selected: DrawnEntity[];
}

export interface DrawRecord {
  seed: string;
  seedCommitment: string;
  start: number;
  mode: DrawMode;
  planSalt?: string;
  pool: PoolEntry[];
  poolHash: string;
  ratios: Ratios;
  algorithmVersion: string;
  selected: string[];
}

export type VerifyResult =
  | { ok: true }
  | { ok: false; reason: string; firstDifference?: string; detail?: string };

export const VERIFY_REASONS = {
  seed: '种子与承诺值不符',
  pool: '名录快照与哈希不符',
  version: '算法版本不受支持',
  input: '公开输入无效',
  selection: '抽取结果与重新计算不符',
} as const;

const SEP = '\u0000';
const TWO_POW_52 = 2 ** 52;
// ratio × N in binary floating point can land just above an integer (0.07 × 100 = 7.000000000000001).
const CEIL_EPSILON = 1e-9;

// One-shot crypto.hash (Node ≥ 20.12) skips the Hash object: several times faster for a million short keys.
const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: 'hex') => string }).hash;

function sha256Hex(s: string): string {
  return oneShot ? oneShot('sha256', s, 'hex') : crypto.createHash('sha256').update(s, 'utf8').digest('hex');
}

/** Hex SHA-256 of the UTF-8 seed; published before the seed is revealed. */
export function seedCommitment(seed: string): string {
  return sha256Hex(seed);
}

export function checkSeed(seed: string, commitment: string): boolean {
  return typeof seed === 'string' && typeof commitment === 'string' && seedCommitment(seed) === commitment.toLowerCase();
}

/**
 * Hex SHA-256 of the pool snapshot: the USCCs sorted (by UTF-16 code unit, which for the ASCII-only USCC
 * alphabet is plain byte order), de-duplicated and joined with '\n' (no trailing newline). Order-independent,
 * so any department can recompute it from its own export. Credit classes are not part of this hash.
 */
export function poolHash(creditCodes: string[]): string {
  const sorted = [...new Set(creditCodes)].sort(compareStrings);
  return sha256Hex(sorted.join('\n'));
}

/** Permanent random number in [0,1): the first 52 bits of SHA-256(roundSeed ‖ NUL ‖ creditCode) / 2^52. */
export function prn(roundSeed: string, creditCode: string): number {
  // 13 hex digits = 52 bits, exactly representable in a double.
  return parseInt(sha256Hex(roundSeed + SEP + creditCode).slice(0, 13), 16) / TWO_POW_52;
}

/** The seed whose PRNs a plan uses: shared by the round (coordinated) or salted per plan (independent). */
export function effectiveSeed(roundSeed: string, mode: DrawMode, planSalt?: string): string {
  return mode === 'independent' ? roundSeed + SEP + (planSalt ?? '') : roundSeed;
}

function validatedPrn(seed: string, creditCode: string): number {
  // The fast boolean check on the hot path; the wording of the reason only when it fails.
  if (!isValidUscc(creditCode)) throw new Error(`名录中的统一社会信用代码无效（${String(creditCode)}）：${checkUscc(creditCode) ?? '格式错误'}`);
  return prn(seed, creditCode);
}

/**
 * Memoised PRNs for one effective seed. Plans of a coordinated round share every u, so a round that draws
 * many plans over overlapping pools can hash each entity once.
 */
export class PrnTable {
  // Open addressing over an exact numeric key of the USCC (two base-31 numbers, see isValidUscc), with u and a
  // per-draw mark beside it in typed arrays: one probe per pool member gives its u and the duplicate check,
  // without a string comparison or a heap number per entity. A Map<string, number> was 2–3× slower here.
  private capacity = 1 << 12;
  private size = 0;
  private keys = new Float64Array(this.capacity * 2);
  private used = new Uint8Array(this.capacity);
  private u = new Float64Array(this.capacity);
  private mark = new Int32Array(this.capacity);
  private draws = 0;
  private readonly key = new Float64Array(2);
  constructor(readonly seed: string) {}

  private static hash(a: number, b: number): number {
    let x = Math.imul(a >>> 0, 0x9e3779b1) ^ Math.imul((a / 4294967296) >>> 0, 0x85ebca6b);
    x ^= Math.imul(b >>> 0, 0xc2b2ae35) ^ Math.imul((b / 4294967296) >>> 0, 0x27d4eb2f);
    return (x ^ (x >>> 15)) >>> 0;
  }

  private find(a: number, b: number): number {
    const mask = this.capacity - 1;
    let j = PrnTable.hash(a, b) & mask;
    while (this.used[j] && !(this.keys[2 * j] === a && this.keys[2 * j + 1] === b)) j = (j + 1) & mask;
    return j;
  }

  private grow(): void {
    const { keys, used, u, mark } = this;
    this.capacity *= 2;
    this.keys = new Float64Array(this.capacity * 2);
    this.used = new Uint8Array(this.capacity);
    this.u = new Float64Array(this.capacity);
    this.mark = new Int32Array(this.capacity);
    for (let i = 0; i < used.length; i++) {
      if (!used[i]) continue;
      const j = this.find(keys[2 * i], keys[2 * i + 1]);
      this.keys[2 * j] = keys[2 * i];
      this.keys[2 * j + 1] = keys[2 * i + 1];
      this.used[j] = 1;
      this.u[j] = u[i];
      this.mark[j] = mark[i];
    }
  }

  private slot(creditCode: string): number {
    // Every lookup validates (the key is exact only for valid codes); it is the same pass that builds the key.
    if (!isValidUscc(creditCode, this.key)) validatedPrn(this.seed, creditCode);
    const a = this.key[0];
    const b = this.key[1];
    let j = this.find(a, b);
    if (!this.used[j]) {
      if ((this.size + 1) * 2 > this.capacity) {
        this.grow();
        j = this.find(a, b);
      }
      this.used[j] = 1;
      this.keys[2 * j] = a;
      this.keys[2 * j + 1] = b;
      this.u[j] = prn(this.seed, creditCode);
      this.size++;
    }
    return j;
  }

  /** The entity's u; the USCC is validated once, on first sight. */
  get(creditCode: string): number {
    return this.u[this.slot(creditCode)];
  }

  /** A fresh mark for one draw's duplicate check. */
  beginDraw(): number {
    return ++this.draws;
  }

  /** Like get, but throws when the code was already seen under this mark (a duplicate in one pool). */
  getOnce(creditCode: string, mark: number): number {
    const i = this.slot(creditCode);
    if (this.mark[i] === mark) throw new Error(`名录中统一社会信用代码重复：${creditCode}`);
    this.mark[i] = mark;
    return this.u[i];
  }
}

/** n = ceil(ratio × N), guarded against floating-point error. */
export function sampleSize(ratio: number, poolSize: number): number {
  if (!ratio || poolSize === 0) return 0;
  return Math.min(poolSize, Math.max(0, Math.ceil(ratio * poolSize - CEIL_EPSILON)));
}

/**
 * Sort key equivalent to (u − start) mod 1, but exact: u = k / 2^52, so both u and 1 + u are exactly
 * representable, and entities at or after start (key u) precede the wrapped ones (key 1 + u), each by u.
 * Subtracting start instead could round a tiny negative difference up to 1.0 and misplace an entity.
 */
function orderKey(u: number, start: number): number {
  return u >= start ? u : 1 + u;
}

/** Quickselect (Hoare partition, median-of-three): the k-th smallest value; reorders `a`. */
function nthSmallest(a: Float64Array, k: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (hi > lo) {
    const mid = (lo + hi) >>> 1;
    const x = a[lo], y = a[mid], z = a[hi];
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const t = a[i];
        a[i] = a[j];
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k];
  }
  return a[k];
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function validate(input: DrawInput): void {
  const { roundSeed, start, mode, planSalt, pool, ratios } = input;
  if (typeof roundSeed !== 'string' || roundSeed.length === 0) throw new Error('抽取种子不能为空');
  if (roundSeed.includes(SEP)) throw new Error('抽取种子不能包含 NUL 字符');
  if (typeof start !== 'number' || !Number.isFinite(start) || start < 0 || start >= 1) {
    throw new Error(`起始点应在 [0,1) 区间内：${start}`);
  }
  if (mode !== 'coordinated' && mode !== 'independent') throw new Error(`未知的抽取模式：${String(mode)}`);
  if (mode === 'independent') {
    if (typeof planSalt !== 'string' || planSalt.length === 0) throw new Error('独立抽取模式需要计划盐值（如计划编号）');
    if (planSalt.includes(SEP)) throw new Error('计划盐值不能包含 NUL 字符');
  }
  if (!ratios || typeof ratios !== 'object') throw new Error('抽查比例缺失');
  for (const [cls, r] of Object.entries(ratios)) {
    if (!(CREDIT_CLASSES as readonly string[]).includes(cls)) throw new Error(`未知的信用风险分类：${cls}`);
    if (r === undefined) continue;
    if (typeof r !== 'number' || !Number.isFinite(r) || r < 0 || r > 1) {
      throw new Error(`${cls} 类抽查比例应在 0 到 1 之间：${String(r)}`);
    }
  }
  if (!Array.isArray(pool)) throw new Error('检查对象名录缺失');
  for (const e of pool) {
    // The USCC format and duplicates are checked where its u is computed (validatedPrn, drawPlan).
    if (typeof e?.creditCode !== 'string') throw new Error(`名录中的统一社会信用代码无效：${String(e?.creditCode)}`);
    if (!CLASS_INDEX.has(e.creditClass)) throw new Error(`${e.creditCode} 的信用风险分类无效：${String(e.creditClass)}`);
  }
}

const CLASS_INDEX = new Map<string, number>(CREDIT_CLASSES.map((c, i) => [c, i]));

/**
 * Draws one plan. Per credit-class stratum of size N it takes the n = ceil(ratio × N) entities with the
 * smallest (u − start) mod 1, ties by creditCode. With a common u (coordinated mode) and a common start,
 * two plans' orders agree on every shared entity, so their samples overlap as much as their scopes allow,
 * while each sample stays a simple random sample of its own stratum (u is i.i.d. uniform per entity).
 */
export function drawPlan(input: DrawInput, options: { prnTable?: PrnTable; /** The snapshot's hash, already computed over this pool. */ poolHash?: string } = {}): DrawResult {
  validate(input);
  const seed = effectiveSeed(input.roundSeed, input.mode, input.planSalt);
  const table = options.prnTable;
  if (table && table.seed !== seed) throw new Error('PRN 表与本次抽取的种子不一致');
  // Without a shared table, hash directly (a one-off cache would only cost memory) and check duplicates in a Set.
  const mark = table?.beginDraw() ?? 0;
  const seen = table ? null : new Set<string>();
  const uOf = table
    ? (code: string) => table.getOnce(code, mark)
    : (code: string) => {
        if (seen!.has(code)) throw new Error(`名录中统一社会信用代码重复：${code}`);
        seen!.add(code);
        return validatedPrn(seed, code);
      };

  // One pass: every USCC in the snapshot is validated (also in strata that draw nobody) and keyed.
  const codesBy: string[][] = CREDIT_CLASSES.map(() => []);
  const keysBy: number[][] = CREDIT_CLASSES.map(() => []);
  for (const e of input.pool) {
    const c = CLASS_INDEX.get(e.creditClass)!;
    codesBy[c].push(e.creditCode);
    keysBy[c].push(orderKey(uOf(e.creditCode), input.start));
  }

  const strata: DrawStratum[] = [];
  const selected: DrawnEntity[] = [];
  for (const [c, cls] of CREDIT_CLASSES.entries()) {
    const members = codesBy[c];
    const keys = keysBy[c];
    const ratio = input.ratios[cls] ?? 0;
    const n = sampleSize(ratio, members.length);
    strata.push({ creditClass: cls, poolSize: members.length, ratio, drawn: n });
    if (n === 0) continue;
    // The n-th smallest key in linear time, then only the winners are ordered with the creditCode tie-break.
    const threshold = nthSmallest(Float64Array.from(keys), n - 1);
    const winners: { creditCode: string; key: number }[] = [];
    for (let i = 0; i < members.length; i++) {
      if (keys[i] <= threshold) winners.push({ creditCode: members[i], key: keys[i] });
    }
    winners.sort((a, b) => a.key - b.key || compareStrings(a.creditCode, b.creditCode));
    for (let i = 0; i < n; i++) {
      const w = winners[i];
      // 1 + u is exact, so subtracting 1 recovers u exactly.
      selected.push({ creditCode: w.creditCode, creditClass: cls, u: w.key >= 1 ? w.key - 1 : w.key, rank: i + 1 });
    }
  }
  selected.sort((a, b) => compareStrings(a.creditCode, b.creditCode));
  return {
    algorithmVersion: ALGORITHM_VERSION,
    poolHash: options.poolHash ?? poolHash(input.pool.map((e) => e.creditCode)),
    strata,
    selected,
  };
}

/**
 * Recomputes a draw from its public record. Checks, in order: seed against commitment, pool against its
 * hash, algorithm version, then the selection (naming the first differing USCC in sort order).
 */
export function verifyDraw(record: DrawRecord): VerifyResult {
  if (!checkSeed(record.seed, record.seedCommitment)) return { ok: false, reason: VERIFY_REASONS.seed };
  if (!Array.isArray(record.pool) || typeof record.poolHash !== 'string' ||
      poolHash(record.pool.map((e) => e?.creditCode)) !== record.poolHash.toLowerCase()) {
    return { ok: false, reason: VERIFY_REASONS.pool };
  }
  if (record.algorithmVersion !== ALGORITHM_VERSION) {
    return { ok: false, reason: VERIFY_REASONS.version, detail: `记录使用 ${String(record.algorithmVersion)}，本程序实现 ${ALGORITHM_VERSION}` };
  }
  let result: DrawResult;
  try {
    result = drawPlan(
      { roundSeed: record.seed, start: record.start, mode: record.mode, planSalt: record.planSalt, pool: record.pool, ratios: record.ratios },
      // The pool was just checked against its hash.
      { poolHash: record.poolHash.toLowerCase() },
    );
  } catch (e) {
    return { ok: false, reason: VERIFY_REASONS.input, detail: (e as Error).message };
  }
  const expected = result.selected.map((s) => s.creditCode);
  const recorded = Array.isArray(record.selected) ? [...record.selected].sort(compareStrings) : [];
  // Walk both sorted lists; the first code present in only one of them (or listed twice) is the difference.
  let i = 0;
  let j = 0;
  while (i < expected.length || j < recorded.length) {
    const a = expected[i];
    const b = recorded[j];
    if (a !== undefined && a === b) {
      i++;
      j++;
      if (recorded[j] === b) return mismatch(b, `记录中重复列出 ${b}`);
      continue;
    }
    if (b === undefined || (a !== undefined && a < b)) return mismatch(a, `重新计算应抽中 ${a}，记录中没有`);
    return mismatch(b, `记录中有 ${b}，重新计算未抽中`);
  }
  return { ok: true };
}

function mismatch(code: string, detail: string): VerifyResult {
  return { ok: false, reason: VERIFY_REASONS.selection, firstDifference: code, detail };
}

/**
 * The next round's start point: shifted by 1/roundsPerYear, mod 1. With the same yearly seed this walks the
 * PRN circle in consecutive arcs, so successive rounds pick different entities (spreading visits over the year
 * and keeping clear of the frequency cap) instead of the same lowest-u entities each time.
 */
export function nextStart(previousStart: number, roundsPerYear: number): number {
  if (!Number.isFinite(previousStart) || previousStart < 0 || previousStart >= 1) {
    throw new Error(`起始点应在 [0,1) 区间内：${previousStart}`);
  }
  if (!Number.isInteger(roundsPerYear) || roundsPerYear < 1) throw new Error(`每年轮次应为正整数：${roundsPerYear}`);
  let s = previousStart + 1 / roundsPerYear;
  if (s >= 1) s -= 1;
  // Guard the float edge (e.g. 0.9999999999999999 + tiny) so the result stays in [0,1).
  return s >= 1 || s < 0 ? 0 : s;
}
