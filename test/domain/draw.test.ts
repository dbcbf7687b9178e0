import { createHash } from 'node:crypto';
import {
  ALGORITHM_VERSION, EntityIndex, VERIFY_REASONS, checkSeed, drawIndexed, drawPlan, drawPlans, effectiveSeed, nextStart, poolHash, prn,
  sampleSize, seedCommitment, snapshotHash, verifyDraw, type DrawInput, type DrawRecord,
} from '../../shared/domain/draw';
import type { CreditClass } from '../../shared/domain';
import { chiSquarePValue, codes, pool, rng, shuffle } from './helpers';
import { makeUscc } from '../../shared/validation';

const sha = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
const CLASSES: CreditClass[] = ['A', 'B', 'C', 'D'];

/** A mixed pool: 400 entities spread over the four classes. */
const CODES = codes(400);
const MIXED = CODES.map((creditCode, i) => ({ creditCode, creditClass: CLASSES[i % 7 === 0 ? 3 : i % 3] }));

function input(over: Partial<DrawInput> = {}): DrawInput {
  return { roundSeed: '2026-Q3 sealed seed', start: 0.3125, mode: 'coordinated', pool: MIXED, ratios: { A: 0.01, B: 0.02, C: 0.1, D: 0.3 }, ...over };
}

/** Full order of a single-class pool: ratio 1 ranks everyone. */
function order(inp: DrawInput): string[] {
  const all = drawPlan({ ...inp, ratios: { A: 1, B: 1, C: 1, D: 1 } });
  return [...all.selected].sort((a, b) => a.rank - b.rank).map((s) => s.creditCode);
}

const selectedCodes = (inp: DrawInput) => drawPlan(inp).selected.map((s) => s.creditCode);

describe('commitment, pool hash, PRN', () => {
  it('commits to the seed with hex SHA-256 of its UTF-8 bytes', () => {
    expect(seedCommitment('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(seedCommitment('福彩3D 2026187期 4 1 9')).toBe(sha('福彩3D 2026187期 4 1 9'));
    expect(checkSeed('abc', seedCommitment('abc'))).toBe(true);
    expect(checkSeed('abc', seedCommitment('abc').toUpperCase())).toBe(true);
    expect(checkSeed('abd', seedCommitment('abc'))).toBe(false);
    expect(checkSeed('abc', '')).toBe(false);
  });

  it('hashes the sorted, de-duplicated USCCs joined by newlines, whatever the order', () => {
    const c = codes(5);
    expect(poolHash(c)).toBe(sha([...c].sort().join('\n')));
    expect(poolHash([c[3], c[1], c[4], c[0], c[2], c[1]])).toBe(poolHash(c));
    expect(poolHash([])).toBe(sha(''));
    expect(poolHash(c.slice(1))).not.toBe(poolHash(c));
  });

  it('maps SHA-256(seed ‖ NUL ‖ USCC) to [0,1) with 52 bits', () => {
    const code = CODES[0];
    const expected = parseInt(sha('s' + '\u0000' + code).slice(0, 13), 16) / 2 ** 52;
    expect(prn('s', code)).toBe(expected);
    for (const c of CODES.slice(0, 50)) {
      const u = prn('seed', c);
      expect(u >= 0 && u < 1).toBe(true);
    }
    expect(prn('seed', CODES[1])).not.toBe(prn('seed', CODES[2]));
    expect(effectiveSeed('r', 'independent', 'P1')).toBe('r\u0000P1');
    expect(effectiveSeed('r', 'coordinated', 'P1')).toBe('r');
  });

  it('indexes overlapping pools into one EntityIndex: ids in code order, one per entity, same u as prn()', () => {
    // Mixed prefixes so all 17 characters matter; one pool shuffled (snapshots are sorted, but need not be).
    const all = [...codes(3000), ...Array.from({ length: 300 }, (_, i) => makeUscc('92350100', String(i * 13).padStart(8, '0')))];
    const random = rng(7);
    const lists = [all.filter(() => random() < 0.5).sort(), shuffle(all.filter(() => random() < 0.3), random), all.slice(2900).sort()];
    const { index, pools } = EntityIndex.fromPools(lists.map((l) => pool(l)));
    const union = [...new Set(lists.flat())].sort();
    expect(index.codes).toEqual(union);
    lists.forEach((l, q) => expect(Array.from(pools[q].ids, (id) => index.codes[id])).toEqual(l));
    const u = index.prns('x');
    for (const id of [0, 1, 17, union.length - 1]) expect(u[id]).toBe(prn('x', index.codes[id]));
    expect(() => EntityIndex.fromPools([pool(['91350100M000100Y44'])])).toThrow('统一社会信用代码无效');
    expect(() => EntityIndex.fromPools([pool([CODES[0], CODES[1], CODES[0]])])).toThrow(`名录中统一社会信用代码重复：${CODES[0]}`);
    // The same entity in two pools is one entity, not a duplicate.
    expect(EntityIndex.fromPools([pool([CODES[0], CODES[1]]), pool([CODES[1]])]).index.size).toBe(2);
  });

  it('computes n = ceil(ratio × N) without floating-point overshoot', () => {
    expect(0.07 * 100).toBeGreaterThan(7); // the reason for the guard
    expect(sampleSize(0.07, 100)).toBe(7);
    expect(sampleSize(0.1, 30)).toBe(3);
    expect(sampleSize(0.1, 31)).toBe(4);
    expect(sampleSize(0, 100)).toBe(0);
    expect(sampleSize(1, 100)).toBe(100);
    expect(sampleSize(0.5, 0)).toBe(0);
    expect(sampleSize(0.0001, 1)).toBe(1);
  });

  it('draws at least one wherever a ratio > 0 meets a non-empty stratum (v2); v1 kept its tolerance', () => {
    expect(sampleSize(1e-10, 10)).toBe(1);
    expect(sampleSize(Number.MIN_VALUE, 1)).toBe(1);
    expect(sampleSize(1e-10, 0)).toBe(0);
    expect(sampleSize(0, 10)).toBe(0);
    expect(sampleSize(1e-10, 10, 'prn-sha256-v1')).toBe(0);
  });
});

describe('drawPlan', () => {
  it('is deterministic and byte-identical whatever the pool order', () => {
    const base = JSON.stringify(drawPlan(input()));
    expect(JSON.stringify(drawPlan(input()))).toBe(base);
    const random = rng(1);
    for (let k = 0; k < 10; k++) {
      expect(JSON.stringify(drawPlan(input({ pool: shuffle(MIXED, random) })))).toBe(base);
    }
    const r = drawPlan(input());
    expect(r.algorithmVersion).toBe(ALGORITHM_VERSION);
    expect(r.poolHash).toBe(snapshotHash(MIXED));
    expect(r.selected.map((s) => s.creditCode)).toEqual([...r.selected.map((s) => s.creditCode)].sort());
    expect(JSON.stringify(drawPlan(input({ roundSeed: 'another seed' })))).not.toBe(base);
    expect(JSON.stringify(drawPlan(input({ start: 0.5 })))).not.toBe(base);
  });

  it('takes per stratum the n entities with the smallest (u − start) mod 1, ranked from 1', () => {
    for (const start of [0, 0.3125, 0.999, 0.5]) {
      const r = drawPlan(input({ start }));
      for (const cls of CLASSES) {
        const members = MIXED.filter((e) => e.creditClass === cls).map((e) => {
          const u = prn('2026-Q3 sealed seed', e.creditCode);
          return { code: e.creditCode, d: (((u - start) % 1) + 1) % 1 };
        });
        members.sort((a, b) => a.d - b.d);
        const stratum = r.strata.find((s) => s.creditClass === cls)!;
        const mine = r.selected.filter((s) => s.creditClass === cls);
        expect(mine.length).toBe(stratum.drawn);
        expect(new Set(mine.map((s) => s.creditCode))).toEqual(new Set(members.slice(0, stratum.drawn).map((m) => m.code)));
        expect(mine.map((s) => s.rank).sort((a, b) => a - b)).toEqual(Array.from({ length: stratum.drawn }, (_, i) => i + 1));
        for (const s of mine) expect(s.u).toBe(prn('2026-Q3 sealed seed', s.creditCode));
      }
    }
  });

  it('wraps around the circle: entities just below start come last', () => {
    const list = codes(20);
    const us = list.map((c) => ({ c, u: prn('wrap', c) })).sort((a, b) => a.u - b.u);
    const start = us[10].u; // exactly on an entity: it is first (distance 0)
    const ord = order({ roundSeed: 'wrap', start, mode: 'coordinated', pool: pool(list), ratios: {} });
    expect(ord[0]).toBe(us[10].c);
    expect(ord[9]).toBe(us[19].c);
    expect(ord[10]).toBe(us[0].c);
    expect(ord[19]).toBe(us[9].c);
  });

  it('gives exact stratified counts for many sizes and ratios', () => {
    const percents = [0, 1, 2, 3, 7, 10, 29, 30, 33, 50, 99, 100];
    const sizes = [0, 1, 2, 7, 10, 30, 33, 99, 100, 101];
    const all = codes(101 * 4);
    for (const pct of percents) {
      const ratios = { A: pct / 100, B: pct / 100, C: pct / 100, D: pct / 100 };
      for (let k = 0; k < sizes.length; k += 1) {
        const sz = [sizes[k], sizes[(k + 3) % sizes.length], sizes[(k + 5) % sizes.length], sizes[(k + 7) % sizes.length]];
        let offset = 0;
        const p = CLASSES.flatMap((cls, i) => {
          const part = all.slice(offset, offset + sz[i]).map((creditCode) => ({ creditCode, creditClass: cls }));
          offset += sz[i];
          return part;
        });
        const r = drawPlan({ roundSeed: `s${pct}-${k}`, start: 0.7, mode: 'coordinated', pool: p, ratios });
        const plain = r.strata.filter((x) => !x.risk);
        CLASSES.forEach((cls, i) => {
          const want = Math.floor((pct * sz[i] + 99) / 100); // exact integer ceil(pct × N / 100)
          expect([cls, pct, sz[i], plain[i].drawn]).toEqual([cls, pct, sz[i], want]);
          expect(plain[i]).toEqual({ creditClass: cls, risk: false, poolSize: sz[i], ratio: pct / 100, drawn: want });
          expect(r.selected.filter((s) => s.creditClass === cls).length).toBe(want);
        });
      }
    }
  });

  it('treats a missing ratio as 0 and lists all eight strata (each class, then its risk stratum)', () => {
    const r = drawPlan(input({ ratios: { C: 0.5 } }));
    expect(r.strata.map((s) => [s.creditClass, s.risk, s.drawn > 0])).toEqual([
      ['A', false, false], ['A', true, false], ['B', false, false], ['B', true, false],
      ['C', false, true], ['C', true, false], ['D', false, false], ['D', true, false],
    ]);
    expect(r.selected.every((s) => s.creditClass === 'C')).toBe(true);
  });

  it('rejects invalid input with a clear error', () => {
    expect(() => drawPlan(input({ ratios: { B: 1.5 } }))).toThrow('B 类抽查比例应在 0 到 1 之间');
    expect(() => drawPlan(input({ ratios: { A: -0.1 } }))).toThrow('A 类抽查比例');
    expect(() => drawPlan(input({ ratios: { A: NaN } }))).toThrow('A 类抽查比例');
    expect(() => drawPlan(input({ ratios: { E: 0.1 } as never }))).toThrow('未知的信用风险分类：E');
    expect(() => drawPlan(input({ start: 1 }))).toThrow('起始点应在 [0,1) 区间内');
    expect(() => drawPlan(input({ start: -0.01 }))).toThrow('起始点');
    expect(() => drawPlan(input({ start: NaN }))).toThrow('起始点');
    expect(() => drawPlan(input({ pool: [...MIXED, { ...MIXED[5], creditClass: 'A' }] }))).toThrow(`名录中统一社会信用代码重复：${MIXED[5].creditCode}`);
    expect(() => drawPlan(input({ pool: [{ creditCode: '91350100M000100Y44', creditClass: 'A' }] }))).toThrow('统一社会信用代码无效');
    expect(() => drawPlan(input({ pool: [{ creditCode: CODES[0], creditClass: 'E' as CreditClass }] }))).toThrow('信用风险分类无效');
    expect(() => drawPlan(input({ mode: 'independent' }))).toThrow('独立抽取模式需要计划盐值');
    expect(() => drawPlan(input({ roundSeed: '' }))).toThrow('抽取种子不能为空');
    expect(() => drawPlan(input({ roundSeed: 'a\u0000b' }))).toThrow('NUL');
  });
});

describe('stability: changing one pool entry changes only what it must', () => {
  const list = codes(120);
  const ratio = 0.1;

  it('removing an entity keeps the first n\u2032 of the same order (so a non-selected one changes nothing unless n moves)', () => {
    const random = rng(7);
    let unchangedChecked = 0;
    for (let s = 0; s < 60; s++) {
      const base: DrawInput = { roundSeed: `rm${s}`, start: random(), mode: 'coordinated', pool: pool(list), ratios: { B: ratio } };
      const ord = order(base);
      const before = drawPlan(base);
      const removed = list[Math.floor(random() * list.length)];
      const after = drawPlan({ ...base, pool: pool(list.filter((c) => c !== removed)) });
      const n2 = sampleSize(ratio, list.length - 1);
      expect(new Set(after.selected.map((x) => x.creditCode))).toEqual(new Set(ord.filter((c) => c !== removed).slice(0, n2)));
      const wasSelected = before.selected.some((x) => x.creditCode === removed);
      if (!wasSelected && n2 === sampleSize(ratio, list.length)) {
        expect(after.selected).toEqual(before.selected);
        unchangedChecked++;
      }
    }
    // 120 → 119 keeps n = 12; most removals hit a non-selected entity.
    expect(unchangedChecked).toBeGreaterThan(40);
  });

  it('removing a non-selected entity when n shifts drops exactly the last-ranked one', () => {
    const l = codes(21); // n = ceil(0.1 × 21) = 3, ceil(0.1 × 20) = 2
    const base: DrawInput = { roundSeed: 'shift', start: 0.2, mode: 'coordinated', pool: pool(l), ratios: { B: 0.1 } };
    const ord = order(base);
    const before = selectedCodes(base);
    const after = selectedCodes({ ...base, pool: pool(l.filter((c) => c !== ord[20])) });
    expect(before.length).toBe(3);
    expect(after).toEqual(before.filter((c) => c !== ord[2]));
  });

  it('adding an entity inserts it by its own u only', () => {
    const extra = codes(1, 5000)[0];
    for (let s = 0; s < 20; s++) {
      const base: DrawInput = { roundSeed: `add${s}`, start: 0.9, mode: 'coordinated', pool: pool(list), ratios: { B: ratio } };
      const grown = { ...base, pool: pool([...list, extra]) };
      const ord = order(grown);
      expect(new Set(selectedCodes(grown))).toEqual(new Set(ord.slice(0, sampleSize(ratio, 121))));
      expect(new Set(selectedCodes(base))).toEqual(new Set(ord.filter((c) => c !== extra).slice(0, 12)));
    }
  });

  it('moving an entity to another credit class touches only those two strata', () => {
    const base = input();
    const before = drawPlan(base);
    const moved = MIXED.findIndex((e) => e.creditClass === 'B');
    const changed = MIXED.map((e, i) => (i === moved ? { ...e, creditClass: 'C' as CreditClass } : e));
    const after = drawPlan({ ...base, pool: changed });
    for (const cls of ['A', 'D'] as CreditClass[]) {
      expect(after.selected.filter((s) => s.creditClass === cls)).toEqual(before.selected.filter((s) => s.creditClass === cls));
    }
    // v2 binds classes: the snapshot hash changes with the class (v1's did not, which let a class move pass).
    expect(after.poolHash).not.toBe(before.poolHash);
    expect(drawPlan({ ...base, pool: changed, version: 'prn-sha256-v1' }).poolHash).toBe(drawPlan({ ...base, version: 'prn-sha256-v1' }).poolHash);
  });
});

describe('uniformity (χ²)', () => {
  function chiSquare(mode: 'coordinated' | 'independent', seeds: number): { stat: number; p: number; counts: number[] } {
    const list = codes(50);
    const index = new Map(list.map((c, i) => [c, i]));
    const counts = new Array(50).fill(0);
    for (let s = 0; s < seeds; s++) {
      const r = drawPlan({ roundSeed: `uniform-${s}`, start: 0.25, mode, planSalt: 'PLAN-7', pool: pool(list), ratios: { B: 0.1 } });
      expect(r.selected.length).toBe(5);
      for (const x of r.selected) counts[index.get(x.creditCode)!]++;
    }
    const expected = (seeds * 5) / 50;
    const stat = counts.reduce((acc, o) => acc + (o - expected) ** 2 / expected, 0);
    return { stat, p: chiSquarePValue(stat, 49), counts };
  }

  it('the p-value helper matches known χ² quantiles', () => {
    expect(chiSquarePValue(74.92, 49)).toBeCloseTo(0.01, 3);
    expect(chiSquarePValue(48.33, 49)).toBeCloseTo(0.5, 2);
    expect(chiSquarePValue(3.841, 1)).toBeCloseTo(0.05, 3);
  });

  it('each entity of a 50-entity pool is drawn equally often over 2,000 seeds (coordinated), p > 0.01', () => {
    const { stat, p, counts } = chiSquare('coordinated', 2000);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(10000);
    expect(stat).toBeLessThan(74.92);
    expect(p).toBeGreaterThan(0.01);
  });

  it('and in independent mode over 1,000 seeds, p > 0.01', () => {
    const { p } = chiSquare('independent', 1000);
    expect(p).toBeGreaterThan(0.01);
  });
});

describe('coordination between departments', () => {
  /*
   * Why coordinated overlap is maximal: in one stratum both plans order entities by the same key
   * ((u − start) mod 1, then USCC). Restricted to the shared part S∩ of their scopes, plan i's sample is
   * {x ∈ S∩ : key(x) < its n_i-th key over its own scope} — a prefix of S∩'s common order. Two prefixes of
   * one order are nested, so overlap = min(k1, k2) exactly, where k_i = how many of plan i's draws fall in S∩.
   * No pair of samples can share more than min(k1, k2), so this is the theoretical maximum; in expectation it is
   * ≈ min(p1, p2) × |S∩|. For the same scope (S∩ = both scopes) with p1 ≤ p2, the smaller sample is a subset
   * of the larger. Independent mode shares nothing but chance: E[overlap] = n1·n2/N ≈ p1·p2·N.
   */
  const list = codes(1000);

  it('same scope, ratios p1 ≤ p2: the smaller sample is a subset of the larger, for every seed', () => {
    for (let s = 0; s < 50; s++) {
      const common = { roundSeed: `same-${s}`, start: (s * 0.137) % 1, mode: 'coordinated' as const, pool: pool(list) };
      const a = new Set(selectedCodes({ ...common, ratios: { B: 0.05 } }));
      const b = new Set(selectedCodes({ ...common, ratios: { B: 0.2 } }));
      expect(a.size).toBe(50);
      expect(b.size).toBe(200);
      expect([...a].every((c) => b.has(c))).toBe(true);
    }
  });

  it('overlapping scopes: overlap = min(k1, k2) per seed, and its mean ≥ min(p1, p2)·|S∩| − tolerance', () => {
    const scope1 = list.slice(0, 600);
    const scope2 = list.slice(300, 1000); // S∩ = 300 entities
    const shared = new Set(list.slice(300, 600));
    const p1 = 0.1;
    const p2 = 0.05;
    let sum = 0;
    let sumIndependent = 0;
    const seeds = 200;
    for (let s = 0; s < seeds; s++) {
      const base = { roundSeed: `scope-${s}`, start: 0.6 };
      const [a, b] = drawPlans({ ...base, mode: 'coordinated' }, [
        { pool: pool(scope1), ratios: { B: p1 } },
        { pool: pool(scope2), ratios: { B: p2 } },
      ]).map((r) => r.selected.map((x) => x.creditCode));
      const k1 = a.filter((c) => shared.has(c)).length;
      const k2 = b.filter((c) => shared.has(c)).length;
      const bs = new Set(b);
      const overlap = a.filter((c) => bs.has(c)).length;
      expect(overlap).toBe(Math.min(k1, k2));
      sum += overlap;
      const ia = selectedCodes({ ...base, mode: 'independent', planSalt: 'P1', pool: pool(scope1), ratios: { B: p1 } });
      const ib = new Set(selectedCodes({ ...base, mode: 'independent', planSalt: 'P2', pool: pool(scope2), ratios: { B: p2 } }));
      sumIndependent += ia.filter((c) => ib.has(c)).length;
    }
    const theoretical = Math.min(p1, p2) * shared.size; // 15
    expect(sum / seeds).toBeGreaterThanOrEqual(theoretical - 1.5);
    // min(k1, k2) ≤ k2, whose mean is exactly 15; the mean of the min sits a little below.
    expect(sum / seeds).toBeLessThanOrEqual(theoretical + 0.5);
    // Independent: (60·300/600)·(35·300/700)/300 = 30·15/300 = 1.5 shared on average.
    expect(sumIndependent / seeds).toBeGreaterThan(0.9);
    expect(sumIndependent / seeds).toBeLessThan(2.1);
  });

  it('independent mode overlap ≈ p1·p2·N on the same scope (averaged over seeds)', () => {
    let sum = 0;
    const seeds = 200;
    for (let s = 0; s < seeds; s++) {
      const common = { roundSeed: `ind-${s}`, start: 0.1, mode: 'independent' as const, pool: pool(list) };
      const a = selectedCodes({ ...common, planSalt: 'SAMR-2026-01', ratios: { B: 0.1 } });
      const b = new Set(selectedCodes({ ...common, planSalt: 'ECO-2026-03', ratios: { B: 0.2 } }));
      sum += a.filter((c) => b.has(c)).length;
    }
    // Hypergeometric mean n1·n2/N = 100·200/1000 = 20; sd of the mean over 200 seeds ≈ 0.25.
    expect(Math.abs(sum / seeds - 0.1 * 0.2 * 1000)).toBeLessThan(1.5);
  });
});

describe('verifyDraw', () => {
  const seed = 'sealed-seed-2026Q3';
  function record(over: Partial<DrawRecord> = {}): DrawRecord {
    const base = { seed, start: 0.42, mode: 'coordinated' as const, pool: MIXED, ratios: { A: 0.05, B: 0.05, C: 0.2, D: 0.5 } };
    const r = drawPlan({ roundSeed: base.seed, ...base });
    return {
      ...base,
      seedCommitment: seedCommitment(seed),
      poolHash: r.poolHash,
      algorithmVersion: r.algorithmVersion,
      riskRatios: {},
      exclusions: [],
      ordinal: 0,
      previousRecordHash: null,
      strata: r.strata,
      selected: r.selected.map((s) => s.creditCode),
      ...over,
    };
  }

  it('accepts a faithful record, in any listed order', () => {
    expect(verifyDraw(record())).toEqual({ ok: true });
    const rec = record();
    expect(verifyDraw({ ...rec, selected: [...rec.selected].reverse(), pool: shuffle(rec.pool, rng(3)) })).toEqual({ ok: true });
  });

  it('accepts an independent-mode record and rejects it under another salt', () => {
    const base = { seed, start: 0.1, mode: 'independent' as const, planSalt: 'PLAN-9', pool: MIXED, ratios: { C: 0.3 } };
    const r = drawPlan({ roundSeed: seed, ...base });
    const rec: DrawRecord = {
      ...base, seedCommitment: seedCommitment(seed), poolHash: r.poolHash, algorithmVersion: ALGORITHM_VERSION, riskRatios: {}, exclusions: [], ordinal: 0,
      previousRecordHash: null, strata: r.strata, selected: r.selected.map((s) => s.creditCode),
    };
    expect(verifyDraw(rec)).toEqual({ ok: true });
    expect(verifyDraw({ ...rec, planSalt: 'PLAN-10' })).toMatchObject({ ok: false, reason: VERIFY_REASONS.selection });
  });

  it('detects a wrong seed', () => {
    expect(verifyDraw(record({ seed: 'sealed-seed-2026Q4' }))).toEqual({ ok: false, reason: '种子与承诺值不符' });
    expect(verifyDraw(record({ seedCommitment: seedCommitment('x') }))).toEqual({ ok: false, reason: '种子与承诺值不符' });
  });

  it('detects a tampered pool snapshot', () => {
    const rec = record();
    const pool2 = rec.pool.map((e, i) => (i === 17 ? { ...e, creditCode: codes(1, 9000)[0] } : e));
    expect(verifyDraw({ ...rec, pool: pool2 })).toEqual({ ok: false, reason: '名录快照与哈希不符' });
    expect(verifyDraw({ ...rec, pool: rec.pool.slice(1) })).toEqual({ ok: false, reason: '名录快照与哈希不符' });
    expect(verifyDraw({ ...rec, poolHash: poolHash(codes(3)) })).toEqual({ ok: false, reason: '名录快照与哈希不符' });
  });

  it('rejects an unknown algorithm version', () => {
    expect(verifyDraw(record({ algorithmVersion: 'prn-sha256-v0' }))).toMatchObject({ ok: false, reason: VERIFY_REASONS.version });
  });

  it('names the first differing USCC of a tampered selection', () => {
    const rec = record();
    const sorted = [...rec.selected].sort();
    const outsider = [...CODES].sort().find((c) => !rec.selected.includes(c))!;
    // Swap the 3rd selected entity for a non-selected one: the first difference in sort order is reported.
    const tampered = rec.selected.map((c) => (c === sorted[2] ? outsider : c));
    const firstDiff = [sorted[2], outsider].sort()[0];
    expect(verifyDraw({ ...rec, selected: tampered })).toMatchObject({ ok: false, reason: '抽取结果与重新计算不符', firstDifference: firstDiff });
    // Dropping one: the dropped code is named.
    expect(verifyDraw({ ...rec, selected: rec.selected.filter((c) => c !== sorted[5]) })).toMatchObject({ ok: false, firstDifference: sorted[5] });
    // Adding one: the added code is named.
    const last = [...CODES].sort().reverse().find((c) => !rec.selected.includes(c))!;
    expect(verifyDraw({ ...rec, selected: [...rec.selected, last] })).toMatchObject({ ok: false, firstDifference: last });
    // Listing one twice.
    expect(verifyDraw({ ...rec, selected: [...rec.selected, sorted[0]] })).toMatchObject({ ok: false, firstDifference: sorted[0] });
  });

  it('detects altered plan parameters and invalid inputs', () => {
    // A changed ratio changes the recomputed strata first.
    expect(verifyDraw(record({ ratios: { A: 0.05, B: 0.05, C: 0.25, D: 0.5 } }))).toMatchObject({ ok: false, reason: VERIFY_REASONS.strata });
    expect(verifyDraw(record({ start: 0.43 }))).toMatchObject({ ok: false, reason: VERIFY_REASONS.selection });
    expect(verifyDraw(record({ ratios: { A: 2 } }))).toMatchObject({ ok: false, reason: VERIFY_REASONS.input });
    const rec = record();
    const reclassed = rec.pool.map((e) => (e.creditCode === rec.selected[0] ? { ...e, creditClass: (e.creditClass === 'A' ? 'B' : 'A') as CreditClass } : e));
    expect(verifyDraw({ ...rec, pool: reclassed })).toMatchObject({ ok: false, reason: VERIFY_REASONS.pool });
  });
});

describe('nextStart', () => {
  it('shifts by 1/roundsPerYear modulo 1', () => {
    expect(nextStart(0, 4)).toBe(0.25);
    expect(nextStart(0.75, 4)).toBe(0);
    expect(nextStart(0.9, 4)).toBeCloseTo(0.15, 12);
    expect(nextStart(0.5, 1)).toBe(0.5);
    let s = 0.123;
    for (let i = 0; i < 1000; i++) {
      s = nextStart(s, 3);
      expect(s >= 0 && s < 1).toBe(true);
    }
    expect(() => nextStart(1, 4)).toThrow('起始点');
    expect(() => nextStart(0.5, 0)).toThrow('每年轮次');
    expect(() => nextStart(0.5, 2.5)).toThrow('每年轮次');
  });

  it('with one yearly seed, successive rounds draw disjoint samples when ratio < 1/roundsPerYear', () => {
    const list = codes(1000);
    for (let y = 0; y < 5; y++) {
      let start = 0.05 * y;
      const seen = new Set<string>();
      for (let round = 0; round < 4; round++) {
        for (const c of selectedCodes({ roundSeed: `year-${y}`, start, mode: 'coordinated', pool: pool(list), ratios: { B: 0.2 } })) {
          expect(seen.has(c)).toBe(false);
          seen.add(c);
        }
        start = nextStart(start, 4);
      }
      expect(seen.size).toBe(800);
    }
  });
});

describe('algorithm stability (prn-sha256-v1 and v2)', () => {
  // SHA-256 of JSON.stringify(drawPlan(...)) computed with the first implementation of this version; any
  // change here means results changed and ALGORITHM_VERSION must change with them.
  const C4: CreditClass[] = ['A', 'B', 'C', 'D'];
  const prefixes = ['91361129', '92350100', '12100000', '91110108', '52440300'];
  const golden = Array.from({ length: 3000 }, (_, i) => ({
    creditCode: makeUscc(prefixes[i % 5], String((i * 7919) % 100000).padStart(8, '0')),
    creditClass: C4[(i * 31) % 4],
  }));
  const cases: [DrawInput['mode'], number, string][] = [
    ['coordinated', 0, 'e16e019465033ced903d405047867122e8957e82e1b04d6ea9dd72d4bb19acda'],
    ['coordinated', 0.7, '64b029a6aa0c3f3378dd42c2e27ee2329a139cbae86da944943826d200928528'],
    ['independent', 0.3125, 'd8a02b8cd77d47fc873174b16bb2501ea43b9c29f4866a362adc3c4795efde78'],
  ];
  it.each(cases)('v1: %s from %p gives the pinned result', (mode, start, hash) => {
    const r = drawPlan({
      roundSeed: 'golden-seed', start, mode, planSalt: mode === 'independent' ? 'P7' : undefined, pool: golden, ratios: { A: 0.03, B: 0.05, C: 0.1, D: 0.5 },
      version: 'prn-sha256-v1',
    });
    expect(sha(JSON.stringify(r))).toBe(hash);
  });

  // v2 over the same pool with every 11th entity risk-marked, risk strata at twice the ratio, three exclusions.
  const goldenV2 = golden.map((e, i) => (i % 11 === 0 ? { ...e, risk: true } : e));
  const excluded = [goldenV2[5].creditCode, goldenV2[500].creditCode, goldenV2[2999].creditCode];
  const casesV2: [DrawInput['mode'], number, string][] = [
    ['coordinated', 0, '546dbad2485bc35f1bfcd25550a037ca5973bfa0a247cccf247a54cb6579f643'],
    ['coordinated', 0.7, 'f4d50b8f3abdd662c90e26ad66be534d0fc1317ce19e2e4b30de77e655409c8f'],
    ['independent', 0.3125, 'f6ccd343a662e628afd9fbf6e44d04cf851c16c74e467d15fda3ef94793a5fb2'],
  ];
  it.each(casesV2)('v2: %s from %p gives the pinned result', (mode, start, hash) => {
    const r = drawPlan({
      roundSeed: 'golden-seed', start, mode, planSalt: mode === 'independent' ? 'P7' : undefined, pool: goldenV2,
      ratios: { A: 0.03, B: 0.05, C: 0.1, D: 0.5 }, riskRatios: { A: 0.06, B: 0.1, C: 0.2, D: 1 }, exclusions: excluded, version: 'prn-sha256-v2',
    });
    expect(sha(JSON.stringify(r))).toBe(hash);
  });

  it('v2 without risk marks or exclusions selects what v1 selects (only the pool hash and strata shape differ)', () => {
    for (const [mode, start] of [['coordinated', 0], ['independent', 0.3125]] as const) {
      const common = { roundSeed: 'golden-seed', start, mode, planSalt: 'P7', pool: golden, ratios: { A: 0.03, B: 0.05, C: 0.1, D: 0.5 } };
      const v1 = drawPlan({ ...common, version: 'prn-sha256-v1' });
      const v2 = drawPlan(common);
      expect(v2.selected.map((x) => x.creditCode)).toEqual(v1.selected.map((x) => x.creditCode));
    }
  });

  it('drawPlans over a shared index gives what drawPlan gives for each plan alone', () => {
    const random = rng(11);
    const pools = [0, 1, 2, 3].map(() => golden.filter(() => random() < 0.4));
    for (const mode of ['coordinated', 'independent'] as const) {
      const plans = pools.map((p, i) => ({ pool: p, planSalt: `P${i}`, ratios: { A: 0.1, B: 0.05, C: 0.2, D: 0.5 } }));
      const together = drawPlans({ roundSeed: 'r', start: 0.4, mode }, plans);
      plans.forEach((p, i) => expect(JSON.stringify(together[i])).toBe(JSON.stringify(drawPlan({ roundSeed: 'r', start: 0.4, mode, ...p }))));
    }
  });
});

describe('drawIndexed selects exactly the n smallest keys, whatever u looks like', () => {
  // Brute force: every member's key, full sort by (key, code), first n per stratum.
  function reference(codesIn: string[], cls: CreditClass[], u: Float64Array, start: number, ratios: Record<string, number>) {
    const { index } = EntityIndex.fromPools([codesIn.map((c, i) => ({ creditCode: c, creditClass: cls[i] }))]);
    const out: string[] = [];
    for (const k of CLASSES) {
      const members = codesIn.map((c, i) => ({ c, i })).filter((m) => cls[m.i] === k);
      const key = (m: { c: string }) => { const x = u[index.codes.indexOf(m.c)]; return x >= start ? x : 1 + x; };
      members.sort((a, b) => key(a) - key(b) || (a.c < b.c ? -1 : 1));
      out.push(...members.slice(0, sampleSize(ratios[k] ?? 0, members.length)).map((m) => m.c));
    }
    return out.sort();
  }
  const list = codes(500);
  const cls = list.map((_, i) => CLASSES[i % 4]);
  const ratios = { A: 0.02, B: 0.1, C: 0.3, D: 1 };
  const shapes: [string, (i: number, r: () => number) => number][] = [
    ['uniform', (_i, r) => r()],
    // Everything just below the start point: all keys wrap past 1, far beyond the fast path's bound.
    ['clustered below start', (_i, r) => 0.5 - r() * 1e-6],
    ['many ties', (i) => (i % 3) / 4],
  ];
  it.each(shapes)('%s', (_name, gen) => {
    const r = rng(3);
    const { index, pools } = EntityIndex.fromPools([list.map((c, i) => ({ creditCode: c, creditClass: cls[i] }))]);
    const u = new Float64Array(index.size);
    for (let i = 0; i < list.length; i++) u[pools[0].ids[i]] = gen(i, r);
    const got = drawIndexed(index, u, pools[0], { start: 0.5, ratios }, 'h');
    expect(got.selected.map((x) => x.creditCode)).toEqual(reference(list, cls, u, 0.5, ratios));
    // Ranks are 1..n within each stratum.
    for (const k of CLASSES) {
      const ranks = got.selected.filter((x) => x.creditClass === k).map((x) => x.rank).sort((a, b) => a - b);
      expect(ranks).toEqual(ranks.map((_, i) => i + 1));
    }
  });
});
