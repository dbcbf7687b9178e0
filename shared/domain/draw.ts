// Verifiable, coordinated sampling with permanent random numbers (PRN). The exact specification, written for
// people who build their own verifier, is docs/draw-algorithm.md.
// Pure: the only dependency with side effects is node:crypto's hash, which is deterministic.
//
// Every public input (seed, start, mode, salt, pool with classes and risk marks, ratios, exclusions, algorithm
// version) is enough to recompute a draw byte for byte; changing anything in this file that alters a result
// requires a new ALGORITHM_VERSION. Records of older versions keep verifying under their own rules.

import * as crypto from 'node:crypto';
import { CREDIT_CLASSES, type CreditClass } from '../domain';
import { checkUscc, isValidUscc, usccKey } from '../validation';
import { canonicalJson } from './audit';
import { MergeHeap } from './heap';

/**
 * v1: pool hash over USCCs only, n = ceil(r·N).
 * v2: pool hash over (USCC, class, risk mark); risk-marked entities form their own strata with their own ratios;
 *     published exclusions; any ratio > 0 over a non-empty stratum draws at least one; redraw ordinal and the
 *     previous record's hash inside the record.
 */
export const ALGORITHM_VERSIONS = ['prn-sha256-v1', 'prn-sha256-v2'] as const;
export type AlgorithmVersion = (typeof ALGORITHM_VERSIONS)[number];
export const ALGORITHM_VERSION: AlgorithmVersion = 'prn-sha256-v2';

export type DrawMode = 'coordinated' | 'independent';
export type Ratios = Partial<Record<CreditClass, number>>;

export interface PoolEntry {
  creditCode: string;
  creditClass: CreditClass;
  /** v2: a risk flag (complaints, abnormal list, serious violations…) put this entity in its class's risk stratum. */
  risk?: boolean;
}

/** Why an entity of the frozen snapshot may be taken out before a redraw; each is published with the record. */
export const EXCLUSION_REASONS = {
  DEREGISTERED: '已注销或被吊销营业执照',
  CLOSED: '已歇业、停业或迁出本辖区',
  OUT_OF_SCOPE: '经核实不属于本计划的抽查范围',
  RECUSAL: '本部门与该市场主体有利害关系，须整体回避',
  OTHER: '其他情况（须写明）',
} as const;
export type ExclusionReason = keyof typeof EXCLUSION_REASONS;

export interface Exclusion {
  creditCode: string;
  reason: ExclusionReason;
  /** Required for OTHER; published. */
  note?: string;
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
  /** v2: per credit class, the ratio of its risk stratum; a missing class falls back to `ratios`. */
  riskRatios?: Ratios;
  /** v2: USCCs of the pool left out of the draw (each must be in the pool). */
  exclusions?: readonly string[];
  /** Default: ALGORITHM_VERSION. */
  version?: AlgorithmVersion;
}

export interface DrawStratum {
  creditClass: CreditClass;
  /** v2 only: the risk stratum of this class. */
  risk?: boolean;
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
  /** v2: drawn from its class's risk stratum. */
  risk?: boolean;
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
  /** Checked when present (v1 records written before the check may lack it); required in v2. */
  strata?: DrawStratum[];
  selected: string[];
  /** v2 */
  riskRatios?: Ratios;
  /** v2: cumulative over the plan's redraws; empty in a first draw. */
  exclusions?: Exclusion[];
  /** v2: 0 for the first draw of a plan in a round, k for its k-th redraw. */
  ordinal?: number;
  /** v2: recordHash of the draw this one replaces (null for ordinal 0). */
  previousRecordHash?: string | null;
}

/** Values published before the reveal (or locked on the audit chain) that a record must agree with. */
export interface DrawAnchors {
  seedCommitment?: string;
  poolHash?: string;
  recordHash?: string;
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
  strata: '分层统计与重新计算不符',
  exclusions: '排除名单无效',
  anchor: '与已公布的值不符',
  history: '重新抽取的前后记录不衔接',
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
  // Snapshots arrive sorted and unique; checking that is linear, sorting again is not.
  let sortedUnique = true;
  for (let i = 1; i < creditCodes.length && sortedUnique; i++) sortedUnique = creditCodes[i - 1] < creditCodes[i];
  const sorted = sortedUnique ? creditCodes : [...new Set(creditCodes)].sort(compareStrings);
  return sha256Hex(sorted.join('\n'));
}

/**
 * v2 pool hash: hex SHA-256 of the UTF-8 lines `USCC TAB class TAB risk` (risk '1' or '0'), sorted by USCC and
 * joined with '\n' (no trailing newline). It binds every input that decides a stratum, not only membership.
 */
export function snapshotHash(pool: readonly PoolEntry[], version: AlgorithmVersion = ALGORITHM_VERSION): string {
  if (version === 'prn-sha256-v1') return poolHash(pool.map((e) => e?.creditCode));
  let sorted = true;
  for (let i = 1; i < pool.length && sorted; i++) sorted = pool[i - 1].creditCode < pool[i].creditCode;
  const list = sorted ? pool : [...pool].sort((a, b) => compareStrings(a.creditCode, b.creditCode));
  const lines = new Array<string>(list.length);
  for (let i = 0; i < list.length; i++) {
    const e = list[i];
    lines[i] = `${String(e?.creditCode)}\t${String(e?.creditClass)}\t${e?.risk === true ? 1 : 0}`;
  }
  return sha256Hex(lines.join('\n'));
}

/** The hash a draw record is locked under (SHA-256 of its canonical JSON), also written to the audit chain. */
export function recordHash(record: unknown): string {
  return sha256Hex(canonicalJson(record));
}

/** Permanent random number in [0,1): the first 52 bits of SHA-256(roundSeed ‖ NUL ‖ creditCode) / 2^52. */
export function prn(roundSeed: string, creditCode: string): number {
  return prnOfHex(sha256Hex(roundSeed + SEP + creditCode));
}

const HEX_VALUE = new Int8Array(128);
for (let i = 0; i < 16; i++) HEX_VALUE['0123456789abcdef'.charCodeAt(i)] = i;

// The first 13 hex digits = 52 bits, exactly representable in a double (as parseInt would give, 3× faster).
function prnOfHex(hex: string): number {
  let v = 0;
  for (let i = 0; i < 13; i++) v = v * 16 + HEX_VALUE[hex.charCodeAt(i)];
  return v / TWO_POW_52;
}

/** The seed whose PRNs a plan uses: shared by the round (coordinated) or salted per plan (independent). */
export function effectiveSeed(roundSeed: string, mode: DrawMode, planSalt?: string): string {
  return mode === 'independent' ? roundSeed + SEP + (planSalt ?? '') : roundSeed;
}

/** A pool snapshot over an EntityIndex: dense entity ids and their strata (2 × class index + risk: A=0, A risk=1 … D risk=7). */
export interface IndexedPool {
  ids: Int32Array;
  classes: Uint8Array;
}

const STRATA = 8;

/**
 * A round's entities, each USCC validated and given a dense id in code order. The snapshot step indexes every
 * pool (no seed needed); after the reveal u is computed once per entity, not once per pool membership, and
 * every plan is drawn over typed arrays, where comparing ids is comparing codes.
 */
export class EntityIndex {
  private constructor(
    /** By id, ascending. */
    readonly codes: string[],
  ) {}

  get size(): number {
    return this.codes.length;
  }

  /**
   * Indexes the pool snapshots of a round: every USCC validated, credit classes checked, duplicates within a
   * pool refused. Snapshots arrive sorted, which makes this a linear check and a k-way merge; any other order
   * is sorted first.
   */
  static fromPools(pools: readonly (readonly PoolEntry[])[]): { index: EntityIndex; pools: IndexedPool[] } {
    const prepared = pools.map(preparePool);
    const codes: string[] = [];
    const ids = prepared.map((p) => new Int32Array(p.order.length));
    // A k-way merge of the pools by the key under their cursors: each step emits one membership in code order.
    const cursor = new Int32Array(prepared.length);
    const curHi = new Float64Array(prepared.length);
    const curLo = new Float64Array(prepared.length);
    const load = (q: number) => {
      const pos = prepared[q].order[cursor[q]];
      curHi[q] = prepared[q].hi[pos];
      curLo[q] = prepared[q].lo[pos];
    };
    const nonEmpty = [...prepared.keys()].filter((q) => prepared[q].order.length > 0);
    nonEmpty.forEach(load);
    const heap = new MergeHeap(nonEmpty, (x, y) => curHi[x] < curHi[y] || (curHi[x] === curHi[y] && curLo[x] < curLo[y]));
    let lastHi = -1;
    let lastLo = -1;
    while (heap.size) {
      const q = heap.top;
      const p = prepared[q];
      const pos = p.order[cursor[q]];
      const code = pools[q][pos].creditCode;
      if (curHi[q] !== lastHi || curLo[q] !== lastLo) {
        lastHi = curHi[q];
        lastLo = curLo[q];
        if (!isValidUscc(code)) throw invalidUscc(code);
        codes.push(code);
      } else if (code !== codes[codes.length - 1]) {
        // Same first 17 characters as a valid code, another 18th: a wrong check character.
        throw invalidUscc(code);
      }
      ids[q][pos] = codes.length - 1;
      if (++cursor[q] === p.order.length) heap.popTop();
      else (load(q), heap.advanced());
    }
    return { index: new EntityIndex(codes), pools: prepared.map((p, q) => ({ ids: ids[q], classes: p.classes })) };
  }

  private rank?: Int32Array;
  private classOf?: Uint8Array;
  /** Per-id scratch for one draw at a time (a draw writes, then reads, only its own selection). */
  scratchRank(): Int32Array {
    return (this.rank ??= new Int32Array(this.codes.length));
  }
  scratchClass(): Uint8Array {
    return (this.classOf ??= new Uint8Array(this.codes.length));
  }

  /** u = prn(seed, code) for the given ids (default: every entity), into `out` (indexed by id). */
  prns(seed: string, ids?: Int32Array, out = new Float64Array(this.codes.length)): Float64Array {
    const prefix = seed + SEP;
    if (ids) for (let i = 0; i < ids.length; i++) out[ids[i]] = prnOfHex(sha256Hex(prefix + this.codes[ids[i]]));
    else for (let id = 0; id < this.codes.length; id++) out[id] = prnOfHex(sha256Hex(prefix + this.codes[id]));
    return out;
  }
}

/** One pool's numeric keys and classes (in pool order) and its positions in code order. */
function preparePool(pool: readonly PoolEntry[]): { hi: Float64Array; lo: Float64Array; classes: Uint8Array; order: Int32Array } {
  const n = pool.length;
  const hi = new Float64Array(n);
  const lo = new Float64Array(n);
  const classes = new Uint8Array(n);
  const key = new Float64Array(2);
  let sorted = true;
  for (let i = 0; i < n; i++) {
    const e = pool[i];
    const c = CLASS_INDEX.get(e?.creditClass as string);
    if (c === undefined) throw new Error(`${String(e?.creditCode)} 的信用风险分类无效：${String(e?.creditClass)}`);
    // The check digits are verified once per entity, in the merge (fromPools).
    if (!usccKey(e.creditCode, key)) throw invalidUscc(e.creditCode);
    hi[i] = key[0];
    lo[i] = key[1];
    classes[i] = 2 * c + (e.risk === true ? 1 : 0);
    if (i > 0 && sorted) sorted = hi[i - 1] < hi[i] || (hi[i - 1] === hi[i] && lo[i - 1] < lo[i]);
  }
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  if (!sorted) {
    const byKey = Array.from(order).sort((x, y) => hi[x] - hi[y] || lo[x] - lo[y]);
    order.set(byKey);
  }
  for (let k = 1; k < n; k++) {
    const x = order[k - 1];
    const y = order[k];
    if (hi[x] === hi[y] && lo[x] === lo[y]) throw new Error(`名录中统一社会信用代码重复：${pool[y].creditCode}`);
  }
  return { hi, lo, classes, order };
}

function invalidUscc(creditCode: unknown): Error {
  return new Error(`名录中的统一社会信用代码无效（${String(creditCode)}）：${checkUscc(creditCode as string) ?? '格式错误'}`);
}

/**
 * n = ceil(ratio × N), guarded against floating-point error; from v2 on, any ratio > 0 over a non-empty stratum
 * draws at least one (v1 drew none where ratio × N fell below the tolerance, e.g. 1e-10 × 10).
 */
export function sampleSize(ratio: number, poolSize: number, version: AlgorithmVersion = ALGORITHM_VERSION): number {
  if (!ratio || poolSize === 0) return 0;
  const n = Math.min(poolSize, Math.max(0, Math.ceil(ratio * poolSize - CEIL_EPSILON)));
  return version === 'prn-sha256-v1' ? n : Math.max(1, n);
}

/**
 * Sort key equivalent to (u − start) mod 1, but exact: u = k / 2^52, so both u and 1 + u are exactly
 * representable, and entities at or after start (key u) precede the wrapped ones (key 1 + u), each by u.
 * Subtracting start instead could round a tiny negative difference up to 1.0 and misplace an entity.
 */
function orderKey(u: number, start: number): number {
  return u >= start ? u : 1 + u;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function validate(input: DrawInput): void {
  const { roundSeed, start, mode, planSalt, pool, ratios, riskRatios } = input;
  const version = input.version ?? ALGORITHM_VERSION;
  if (!(ALGORITHM_VERSIONS as readonly string[]).includes(version)) throw new Error(`算法版本不受支持：${String(version)}`);
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
  validateRatios(ratios, '');
  if (riskRatios !== undefined) {
    if (version === 'prn-sha256-v1') throw new Error('v1 算法没有风险分层');
    if (!riskRatios || typeof riskRatios !== 'object') throw new Error('风险对象抽查比例无效');
    validateRatios(riskRatios, '风险对象');
  }
  // Each entry's USCC, credit class and uniqueness are checked as the pool is indexed (EntityIndex.fromPools).
  if (!Array.isArray(pool)) throw new Error('检查对象名录缺失');
  if (version === 'prn-sha256-v1' && (pool.some((e) => e?.risk !== undefined) || input.exclusions?.length)) {
    throw new Error('v1 算法没有风险分层和排除名单');
  }
}

function validateRatios(ratios: Ratios, label: string): void {
  for (const [cls, r] of Object.entries(ratios)) {
    if (!(CREDIT_CLASSES as readonly string[]).includes(cls)) throw new Error(`未知的信用风险分类：${cls}`);
    if (r === undefined) continue;
    if (typeof r !== 'number' || !Number.isFinite(r) || r < 0 || r > 1) {
      throw new Error(`${cls} 类${label}抽查比例应在 0 到 1 之间：${String(r)}`);
    }
  }
}

/** The pool without its exclusions; every excluded USCC must be a member, listed once. */
function withoutExclusions(pool: PoolEntry[], exclusions: readonly string[] | undefined): PoolEntry[] {
  if (!exclusions?.length) return pool;
  const out = new Set(exclusions);
  if (out.size !== exclusions.length) throw new Error('排除名单中有重复的信用代码');
  const kept = pool.filter((e) => !out.has(e?.creditCode));
  if (pool.length - kept.length !== out.size) {
    const members = new Set(pool.map((e) => e?.creditCode));
    throw new Error(`排除对象不在冻结的名录快照中：${exclusions.find((c) => !members.has(c))}`);
  }
  return kept;
}

const CLASS_INDEX = new Map<string, number>(CREDIT_CLASSES.map((c, i) => [c, i]));

/**
 * Draws one plan. Per credit-class stratum of size N it takes the n = ceil(ratio × N) entities with the
 * smallest (u − start) mod 1, ties by creditCode. With a common u (coordinated mode) and a common start,
 * two plans' orders agree on every shared entity, so their samples overlap as much as their scopes allow,
 * while each sample stays a simple random sample of its own stratum (u is i.i.d. uniform per entity).
 */
export function drawPlan(input: DrawInput, options: { /** The snapshot's hash, already computed over this pool. */ poolHash?: string } = {}): DrawResult {
  return drawPlans(input, [{ ...input, poolHash: options.poolHash }])[0];
}

export interface PlanDrawInput {
  /** Required in independent mode (e.g. the plan id). */
  planSalt?: string;
  pool: PoolEntry[];
  ratios: Ratios;
  riskRatios?: Ratios;
  exclusions?: readonly string[];
  /** The snapshot's hash (over the whole pool, exclusions included), when already computed. */
  poolHash?: string;
}

/**
 * Draws every plan of a round. Pools are indexed once into a shared EntityIndex, so in coordinated mode each
 * entity is hashed once however many plans include it; independent mode hashes per plan (its salt changes u).
 * Gives exactly what drawPlan gives for each plan alone.
 */
export function drawPlans(
  round: { roundSeed: string; start: number; mode: DrawMode; version?: AlgorithmVersion },
  plans: PlanDrawInput[],
): DrawResult[] {
  const version = round.version ?? ALGORITHM_VERSION;
  for (const p of plans) validate({ ...round, ...p, version });
  const eligible = plans.map((p) => withoutExclusions(p.pool, p.exclusions));
  const { index, pools } = EntityIndex.fromPools(eligible);
  const hashes = plans.map((p) => p.poolHash ?? snapshotHash(p.pool, version));
  const params = (p: PlanDrawInput) => ({ start: round.start, ratios: p.ratios, riskRatios: p.riskRatios, version });
  if (round.mode === 'coordinated') {
    const u = index.prns(round.roundSeed);
    return plans.map((p, i) => drawIndexed(index, u, pools[i], params(p), hashes[i]));
  }
  // Independent: u is per plan; one scratch array, of which each plan fills and reads only its own members.
  const scratch = new Float64Array(index.size);
  return plans.map((p, i) => {
    index.prns(effectiveSeed(round.roundSeed, 'independent', p.planSalt), pools[i].ids, scratch);
    return drawIndexed(index, scratch, pools[i], params(p), hashes[i]);
  });
}

/**
 * The selection over an indexed pool, given u per entity id (inputs already validated). Every key lies in
 * [start, start + 1) and the n-th smallest of N uniform keys falls near start + n/N, so one pass keeps only the
 * keys below a bound far past that (8 standard deviations and more): if a stratum then has at least n of them,
 * its n smallest are exactly the n smallest overall; if not (never seen, but possible), that stratum is redone
 * without a bound. Only the candidates are sorted.
 */
export function drawIndexed(
  index: EntityIndex,
  u: Float64Array,
  pool: IndexedPool,
  params: { start: number; ratios: Ratios; riskRatios?: Ratios; version?: AlgorithmVersion },
  hash: string,
): DrawResult {
  const { ids, classes } = pool;
  const { start } = params;
  const version = params.version ?? ALGORITHM_VERSION;
  const counts = new Array<number>(STRATA).fill(0);
  for (let i = 0; i < classes.length; i++) counts[classes[i]]++;
  const ratios = CREDIT_CLASSES.flatMap((cls) => {
    const r = params.ratios[cls] ?? 0;
    return [r, params.riskRatios?.[cls] ?? r];
  });
  const want = counts.map((size, s) => sampleSize(ratios[s], size, version));
  const bound = want.map((n, s) => (n === 0 ? -Infinity : n === counts[s] ? Infinity : start + (n + 8 * Math.sqrt(n) + 16) / counts[s]));
  let keys: number[][] = [];
  let members: number[][] = [];
  for (;;) {
    keys = Array.from({ length: STRATA }, () => []);
    members = Array.from({ length: STRATA }, () => []);
    for (let i = 0; i < ids.length; i++) {
      const s = classes[i];
      const key = orderKey(u[ids[i]], start);
      if (key < bound[s]) {
        keys[s].push(key);
        members[s].push(ids[i]);
      }
    }
    const short = want.map((n, s) => keys[s].length < n);
    if (!short.includes(true)) break;
    short.forEach((x, s) => x && (bound[s] = Infinity));
  }

  const strata: DrawStratum[] = [];
  const picked: number[] = [];
  const rank = index.scratchRank();
  const classOf = index.scratchClass();
  for (let s = 0; s < STRATA; s++) {
    const cls = CREDIT_CLASSES[s >> 1];
    const risk = (s & 1) === 1;
    const n = want[s];
    // v1 has no risk strata (its pools carry no marks), and its records list the four classes only.
    if (version === 'prn-sha256-v1') {
      if (!risk) strata.push({ creditClass: cls, poolSize: counts[s], ratio: ratios[s], drawn: n });
    } else strata.push({ creditClass: cls, risk, poolSize: counts[s], ratio: ratios[s], drawn: n });
    if (n === 0) continue;
    const k = keys[s];
    const m = members[s];
    const order = orderCandidates(k, m);
    for (let i = 0; i < n; i++) {
      const id = m[order[i]];
      rank[id] = i + 1;
      classOf[id] = s;
      picked.push(id);
    }
  }
  // Ids are in code order, so a numeric sort puts the selection in creditCode order.
  const sorted = Int32Array.from(picked).sort();
  const selected: DrawnEntity[] = new Array(sorted.length);
  for (let i = 0; i < sorted.length; i++) {
    const id = sorted[i];
    const s = classOf[id];
    selected[i] = { creditCode: index.codes[id], creditClass: CREDIT_CLASSES[s >> 1], u: u[id], rank: rank[id], ...(s & 1 ? { risk: true } : {}) };
  }
  return { algorithmVersion: version, poolHash: hash, strata, selected };
}

/**
 * Positions of the candidates ordered by (key, id). Keys are uniform over their range, so a bucket sort with
 * one bucket per candidate is linear; buckets are then tiny and sorted exactly (any tie goes to the smaller id).
 */
function orderCandidates(keys: number[], ids: number[]): Int32Array {
  const n = keys.length;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    if (keys[i] < min) min = keys[i];
    if (keys[i] > max) max = keys[i];
  }
  const scale = max > min ? n / (max - min) : 0;
  const bucket = new Int32Array(n);
  const start = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) {
    const b = Math.min(n - 1, Math.floor((keys[i] - min) * scale));
    bucket[i] = b;
    start[b + 1]++;
  }
  for (let b = 0; b < n; b++) start[b + 1] += start[b];
  const order = new Int32Array(n);
  const fill = start.slice(0, n);
  for (let i = 0; i < n; i++) order[fill[bucket[i]]++] = i;
  const before = (x: number, y: number) => keys[x] < keys[y] || (keys[x] === keys[y] && ids[x] < ids[y]);
  for (let b = 0; b < n; b++) {
    const from = start[b];
    const to = start[b + 1];
    if (to - from < 2) continue;
    if (to - from > 16) {
      order.set(Array.from(order.subarray(from, to)).sort((x, y) => keys[x] - keys[y] || ids[x] - ids[y]), from);
      continue;
    }
    for (let i = from + 1; i < to; i++) {
      const v = order[i];
      let j = i - 1;
      while (j >= from && before(v, order[j])) {
        order[j + 1] = order[j];
        j--;
      }
      order[j + 1] = v;
    }
  }
  return order;
}

/**
 * Recomputes a draw from its public record. Checks, in order: seed against commitment, algorithm version, pool
 * against its hash, the published anchors, exclusions and redraw fields (v2), then strata and the selection
 * (naming the first differing USCC in sort order). Each version is checked by its own rules.
 */
export function verifyDraw(record: DrawRecord, anchors: DrawAnchors = {}): VerifyResult {
  if (!record || typeof record !== 'object') return { ok: false, reason: VERIFY_REASONS.input, detail: '记录不是对象' };
  if (!checkSeed(record.seed, record.seedCommitment)) return { ok: false, reason: VERIFY_REASONS.seed };
  const version = record.algorithmVersion as AlgorithmVersion;
  if (!(ALGORITHM_VERSIONS as readonly string[]).includes(version)) {
    return { ok: false, reason: VERIFY_REASONS.version, detail: `记录使用 ${String(record.algorithmVersion)}，本程序实现 ${ALGORITHM_VERSIONS.join('、')}` };
  }
  let hashOk = false;
  try {
    hashOk = Array.isArray(record.pool) && typeof record.poolHash === 'string' && snapshotHash(record.pool, version) === record.poolHash.toLowerCase();
  } catch {
    hashOk = false;
  }
  if (!hashOk) return { ok: false, reason: VERIFY_REASONS.pool };
  const anchored = checkAnchors(record, anchors);
  if (anchored) return anchored;
  const v2 = version !== 'prn-sha256-v1';
  const exclusions = v2 ? checkExclusions(record) : { codes: [] as string[] };
  if ('reason' in exclusions) return exclusions;
  if (v2 && !Array.isArray(record.strata)) return { ok: false, reason: VERIFY_REASONS.strata, detail: '记录缺少分层统计' };
  let result: DrawResult;
  try {
    result = drawPlan(
      {
        roundSeed: record.seed, start: record.start, mode: record.mode, planSalt: record.planSalt, pool: record.pool, ratios: record.ratios,
        ...(v2 ? { riskRatios: record.riskRatios ?? {}, exclusions: exclusions.codes } : {}),
        version,
      },
      // The pool was just checked against its hash.
      { poolHash: record.poolHash.toLowerCase() },
    );
  } catch (e) {
    return { ok: false, reason: VERIFY_REASONS.input, detail: (e as Error).message };
  }
  if (record.strata !== undefined) {
    const strataDiff = compareStrata(result.strata, record.strata);
    if (strataDiff) return { ok: false, reason: VERIFY_REASONS.strata, detail: strataDiff };
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

function checkAnchors(record: DrawRecord, anchors: DrawAnchors): VerifyResult | null {
  const same = (a: string | undefined, b: unknown) => a === undefined || (typeof b === 'string' && a.toLowerCase() === b.toLowerCase());
  if (!same(anchors.seedCommitment, record.seedCommitment)) return { ok: false, reason: VERIFY_REASONS.anchor, detail: '种子承诺值与承诺时公布的不同' };
  if (!same(anchors.poolHash, record.poolHash)) return { ok: false, reason: VERIFY_REASONS.anchor, detail: '名录哈希与冻结时公布的不同' };
  if (anchors.recordHash !== undefined) {
    let hash = '';
    try {
      hash = recordHash(record);
    } catch {
      hash = '';
    }
    if (!same(anchors.recordHash, hash)) return { ok: false, reason: VERIFY_REASONS.anchor, detail: '记录哈希与锁定时写入审计链的不同' };
  }
  return null;
}

const HEX64 = /^[0-9a-f]{64}$/;

/** v2: exclusions are snapshot members with a known reason, listed once; only a redraw has them, and it must. */
function checkExclusions(record: DrawRecord): { codes: string[] } | (VerifyResult & { ok: false }) {
  const bad = (detail: string) => ({ ok: false as const, reason: VERIFY_REASONS.exclusions, detail });
  const list = record.exclusions;
  const ordinal = record.ordinal;
  if (!Array.isArray(list)) return bad('记录缺少排除名单');
  if (!Number.isInteger(ordinal) || (ordinal as number) < 0) return { ok: false, reason: VERIFY_REASONS.history, detail: `重新抽取序号无效：${String(ordinal)}` };
  if (ordinal === 0) {
    if (record.previousRecordHash != null) return { ok: false, reason: VERIFY_REASONS.history, detail: '首次抽取不应引用前一份记录' };
    if (list.length) return bad('首次抽取不能有排除对象：排除只能通过重新抽取并公布原因');
  } else {
    if (typeof record.previousRecordHash !== 'string' || !HEX64.test(record.previousRecordHash)) {
      return { ok: false, reason: VERIFY_REASONS.history, detail: '重新抽取须引用前一份记录的哈希' };
    }
    if (!list.length) return bad('重新抽取至少要有一个排除对象');
  }
  const members = new Set(record.pool.map((e) => e?.creditCode));
  const seen = new Set<string>();
  for (const x of list) {
    const code = x?.creditCode;
    if (typeof code !== 'string' || !members.has(code)) return bad(`排除对象不在冻结的名录快照中：${String(code)}`);
    if (seen.has(code)) return bad(`排除名单中重复出现 ${code}`);
    seen.add(code);
    const problem = exclusionReasonProblem(x);
    if (problem) return bad(problem);
  }
  return { codes: [...seen] };
}

/** A known reason, and a note for OTHER: the rule the API applies on entry and the verifier applies to a record. */
export function exclusionReasonProblem(x: { creditCode: string; reason: unknown; note?: unknown }): string | null {
  if (!Object.prototype.hasOwnProperty.call(EXCLUSION_REASONS, x.reason as string)) return `${x.creditCode} 的排除原因无效：${String(x.reason)}`;
  if (x.reason === 'OTHER' && (typeof x.note !== 'string' || !x.note.trim())) return `${x.creditCode} 以“其他情况”排除，须写明情况`;
  return null;
}

function compareStrata(expected: DrawStratum[], recorded: unknown): string | null {
  if (!Array.isArray(recorded) || recorded.length !== expected.length) return `应有 ${expected.length} 个分层，记录中为 ${Array.isArray(recorded) ? recorded.length : 0} 个`;
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i];
    const r = recorded[i] as Partial<DrawStratum> | null;
    const label = `${e.creditClass} 类${e.risk ? '风险对象' : ''}`;
    if (!r || r.creditClass !== e.creditClass || (r.risk ?? false) !== (e.risk ?? false)) return `第 ${i + 1} 个分层应为 ${label}`;
    for (const [k, name] of [['poolSize', '名录数'], ['ratio', '比例'], ['drawn', '抽取数']] as const) {
      if (r[k] !== e[k]) return `${label}的${name}应为 ${e[k]}，记录中为 ${String(r[k])}`;
    }
  }
  return null;
}

/**
 * A plan's draws in a round, first draw to last redraw: each redraw follows the one before it (ordinal + 1,
 * its record hash), keeps every public input but the exclusions, and keeps every earlier exclusion. Each record
 * must also verify on its own (verifyDraw), which this does first.
 */
export function verifyDrawHistory(records: DrawRecord[], anchors: DrawAnchors = {}): VerifyResult {
  if (!records.length) return { ok: false, reason: VERIFY_REASONS.input, detail: '没有抽取记录' };
  const fixed = ['seed', 'seedCommitment', 'start', 'mode', 'planSalt', 'poolHash', 'ratios', 'riskRatios', 'algorithmVersion'] as const;
  for (const [k, r] of records.entries()) {
    const own = verifyDraw(r, k === 0 ? anchors : { seedCommitment: anchors.seedCommitment, poolHash: anchors.poolHash });
    if (!own.ok) return { ...own, detail: `第 ${k + 1} 份记录：${own.detail ?? own.reason}` };
    if (k === 0) {
      if (r.algorithmVersion !== 'prn-sha256-v1' && r.ordinal !== 0) return { ok: false, reason: VERIFY_REASONS.history, detail: '第一份记录应为首次抽取（序号 0）' };
      continue;
    }
    const prev = records[k - 1];
    const history = (detail: string): VerifyResult => ({ ok: false, reason: VERIFY_REASONS.history, detail: `第 ${k + 1} 份记录：${detail}` });
    if (r.algorithmVersion === 'prn-sha256-v1') return history('v1 记录不支持按排除名单重新抽取');
    if (r.ordinal !== k) return history(`重新抽取序号应为 ${k}，记录中为 ${String(r.ordinal)}`);
    if (r.previousRecordHash !== recordHash(prev)) return history('引用的前一份记录哈希不符');
    for (const f of fixed) if (canonicalJson(r[f] ?? null) !== canonicalJson(prev[f] ?? null)) return history(`公开输入 ${f} 与前一份记录不同`);
    const now = new Set((r.exclusions ?? []).map((x) => x.creditCode));
    const dropped = (prev.exclusions ?? []).find((x) => !now.has(x.creditCode));
    if (dropped) return history(`丢失了此前的排除对象 ${dropped.creditCode}`);
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
