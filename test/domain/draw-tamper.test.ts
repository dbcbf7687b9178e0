// prn-sha256-v2 as an outside auditor meets it: risk strata, exclusions and redraws behave as specified, and
// every tampered record or redraw chain is refused with a reason (the tamper table of docs/draw-algorithm.md).
import {
  VERIFY_REASONS, drawPlan, prn, recordHash, seedCommitment, snapshotHash, verifyDraw, verifyDrawHistory,
  type DrawRecord, type Exclusion, type PoolEntry,
} from '../../shared/domain/draw';
import type { CreditClass } from '../../shared/domain';
import { codes } from './helpers';

const CLASSES: CreditClass[] = ['A', 'B', 'C', 'D'];
const SEED = 'tamper-seed-2026';
const POOL: PoolEntry[] = codes(300).map((creditCode, i) => ({
  creditCode,
  creditClass: CLASSES[i % 4],
  ...(i % 9 === 0 ? { risk: true } : {}),
}));
const RATIOS = { A: 0.03, B: 0.05, C: 0.1, D: 0.3 };
const RISK = { A: 0.06, B: 0.1, C: 0.2, D: 0.6 };

function record(exclusions: Exclusion[] = [], ordinal = 0, previousRecordHash: string | null = null, pool = POOL): DrawRecord {
  const r = drawPlan({ roundSeed: SEED, start: 0.25, mode: 'coordinated', pool, ratios: RATIOS, riskRatios: RISK, exclusions: exclusions.map((x) => x.creditCode) });
  return {
    seed: SEED, seedCommitment: seedCommitment(SEED), start: 0.25, mode: 'coordinated', pool, poolHash: r.poolHash, ratios: RATIOS, riskRatios: RISK,
    algorithmVersion: r.algorithmVersion, exclusions, ordinal, previousRecordHash, strata: r.strata, selected: r.selected.map((s) => s.creditCode),
  };
}

/** A record rebuilt after an edit so it is self-consistent: only published anchors can catch it. */
function recomputed(edit: (pool: PoolEntry[]) => PoolEntry[]): DrawRecord {
  return record([], 0, null, edit(POOL.map((e) => ({ ...e }))));
}

const FIRST = record();
const excludedCode = FIRST.selected[3];
const REDRAW = record([{ creditCode: excludedCode, reason: 'DEREGISTERED' }], 1, recordHash(FIRST));
const REDRAW2 = record(
  [{ creditCode: excludedCode, reason: 'DEREGISTERED' }, { creditCode: FIRST.selected[7], reason: 'OTHER', note: '经营场所已拆迁' }],
  2,
  recordHash(REDRAW),
);
const ANCHORS = { seedCommitment: FIRST.seedCommitment, poolHash: FIRST.poolHash, recordHash: recordHash(FIRST) };

describe('prn-sha256-v2 behaviour', () => {
  it('draws risk-marked entities from their own stratum at the risk ratio', () => {
    const r = drawPlan({ roundSeed: SEED, start: 0.25, mode: 'coordinated', pool: POOL, ratios: RATIOS, riskRatios: RISK });
    for (const cls of CLASSES) {
      for (const risk of [false, true]) {
        const members = POOL.filter((e) => e.creditClass === cls && !!e.risk === risk);
        const stratum = r.strata.find((s) => s.creditClass === cls && s.risk === risk)!;
        const ratio = (risk ? RISK : RATIOS)[cls as 'A'];
        expect(stratum).toEqual({ creditClass: cls, risk, poolSize: members.length, ratio, drawn: Math.max(1, Math.ceil(ratio * members.length - 1e-9)) });
        expect(r.selected.filter((s) => s.creditClass === cls && !!s.risk === risk)).toHaveLength(stratum.drawn);
      }
    }
  });

  it('an exclusion hands its place to the next entity of the same stratum; everyone else stays', () => {
    const excluded = POOL.find((e) => e.creditCode === excludedCode)!;
    const before = new Set(FIRST.selected);
    const after = new Set(REDRAW.selected);
    expect(after.has(excludedCode)).toBe(false);
    const left = [...before].filter((c) => !after.has(c));
    const came = [...after].filter((c) => !before.has(c));
    expect(left).toEqual([excludedCode]);
    // n = ceil(r·N) over the smaller stratum: either the same n (one newcomer) or one fewer (none).
    const stratum = (r: DrawRecord) => r.strata!.find((s) => s.creditClass === excluded.creditClass && s.risk === !!excluded.risk)!;
    expect(stratum(REDRAW).poolSize).toBe(stratum(FIRST).poolSize - 1);
    expect(came).toHaveLength(stratum(REDRAW).drawn - stratum(FIRST).drawn + 1);
    // A newcomer is the first not-yet-selected member of the excluded entity's stratum in (u − start) mod 1 order.
    const key = (c: string) => { const u = prn(SEED, c); return u >= 0.25 ? u : 1 + u; };
    const next = POOL.filter((e) => e.creditClass === excluded.creditClass && !!e.risk === !!excluded.risk && !before.has(e.creditCode))
      .sort((a, b) => key(a.creditCode) - key(b.creditCode))[0];
    if (came.length) expect(came[0]).toBe(next.creditCode);
  });

  it('an exclusion that keeps n brings in exactly the next entity', () => {
    // Find a selected entity whose stratum keeps its n when it shrinks by one, and check its replacement.
    const key = (c: string) => { const u = prn(SEED, c); return u >= 0.25 ? u : 1 + u; };
    const candidate = FIRST.selected.find((c) => {
      const e = POOL.find((x) => x.creditCode === c)!;
      const s = FIRST.strata!.find((x) => x.creditClass === e.creditClass && x.risk === !!e.risk)!;
      return Math.max(1, Math.ceil(s.ratio * (s.poolSize - 1) - 1e-9)) === s.drawn && s.drawn < s.poolSize - 1;
    })!;
    const e = POOL.find((x) => x.creditCode === candidate)!;
    const redraw = record([{ creditCode: candidate, reason: 'CLOSED' }], 1, recordHash(FIRST));
    const came = redraw.selected.filter((c) => !FIRST.selected.includes(c));
    const next = POOL.filter((x) => x.creditClass === e.creditClass && !!x.risk === !!e.risk && !FIRST.selected.includes(x.creditCode))
      .sort((a, b) => key(a.creditCode) - key(b.creditCode))[0];
    expect(came).toEqual([next.creditCode]);
    expect(FIRST.selected.filter((c) => !redraw.selected.includes(c))).toEqual([candidate]);
  });

  it('accepts the faithful records and the redraw chain', () => {
    expect(verifyDraw(FIRST, ANCHORS)).toEqual({ ok: true });
    expect(verifyDraw(REDRAW, { seedCommitment: ANCHORS.seedCommitment, poolHash: ANCHORS.poolHash, recordHash: recordHash(REDRAW) })).toEqual({ ok: true });
    expect(verifyDrawHistory([FIRST, REDRAW, REDRAW2], ANCHORS)).toEqual({ ok: true });
  });
});

const selectedB = FIRST.selected.find((c) => POOL.find((e) => e.creditCode === c)!.creditClass === 'B')!;
const notSelected = POOL.find((e) => !FIRST.selected.includes(e.creditCode) && !e.risk)!.creditCode;
const classTo = (cls: CreditClass, targets: string[]) => (p: PoolEntry[]) => p.map((e) => (targets.includes(e.creditCode) ? { ...e, creditClass: cls } : e));
const threeB = FIRST.selected.filter((c) => POOL.find((e) => e.creditCode === c)!.creditClass === 'B').slice(0, 3);

type Case = [name: string, check: () => ReturnType<typeof verifyDraw>, reason: string];
const tamper: Case[] = [
  ['selection: one selected entity dropped', () => verifyDraw({ ...FIRST, selected: FIRST.selected.slice(1) }), VERIFY_REASONS.selection],
  ['selection: an outsider added', () => verifyDraw({ ...FIRST, selected: [...FIRST.selected, notSelected] }), VERIFY_REASONS.selection],
  ['selection: one swapped for an outsider', () => verifyDraw({ ...FIRST, selected: [notSelected, ...FIRST.selected.slice(1)] }), VERIFY_REASONS.selection],
  ['selection: one listed twice', () => verifyDraw({ ...FIRST, selected: [...FIRST.selected, FIRST.selected[0]] }), VERIFY_REASONS.selection],
  ['class: a selected B moved to D, hash kept', () => verifyDraw({ ...FIRST, pool: classTo('D', [selectedB])(POOL) }), VERIFY_REASONS.pool],
  ['class: three selected B moved to D, hash, strata and selection recomputed', () => verifyDraw(recomputed(classTo('D', threeB)), ANCHORS), VERIFY_REASONS.anchor],
  ['class: same, checked against the locked record hash only', () => verifyDraw(recomputed(classTo('D', threeB)), { recordHash: ANCHORS.recordHash }), VERIFY_REASONS.anchor],
  ['risk mark removed from a member, hash kept', () => verifyDraw({ ...FIRST, pool: POOL.map((e) => ({ creditCode: e.creditCode, creditClass: e.creditClass })) }), VERIFY_REASONS.pool],
  ['risk mark added with everything recomputed', () => verifyDraw(recomputed((p) => p.map((e) => (e.creditCode === notSelected ? { ...e, risk: true } : e))), ANCHORS), VERIFY_REASONS.anchor],
  ['pool: a member removed, hash recomputed', () => verifyDraw(recomputed((p) => p.filter((e) => e.creditCode !== FIRST.selected[0])), ANCHORS), VERIFY_REASONS.anchor],
  ['pool: a member removed, hash kept', () => verifyDraw({ ...FIRST, pool: POOL.filter((e) => e.creditCode !== notSelected) }), VERIFY_REASONS.pool],
  ['strata: poolSize edited', () => verifyDraw({ ...FIRST, strata: FIRST.strata!.map((s, i) => (i === 2 ? { ...s, poolSize: s.poolSize + 1 } : s)) }), VERIFY_REASONS.strata],
  ['strata: drawn edited', () => verifyDraw({ ...FIRST, strata: FIRST.strata!.map((s, i) => (i === 4 ? { ...s, drawn: s.drawn - 1 } : s)) }), VERIFY_REASONS.strata],
  ['strata: ratio edited', () => verifyDraw({ ...FIRST, strata: FIRST.strata!.map((s, i) => (i === 6 ? { ...s, ratio: 0.5 } : s)) }), VERIFY_REASONS.strata],
  ['strata: missing', () => verifyDraw({ ...FIRST, strata: undefined }), VERIFY_REASONS.strata],
  ['ratios raised with strata and selection recomputed', () => {
    const r = drawPlan({ roundSeed: SEED, start: 0.25, mode: 'coordinated', pool: POOL, ratios: { ...RATIOS, B: 0.2 }, riskRatios: RISK });
    return verifyDraw({ ...FIRST, ratios: { ...RATIOS, B: 0.2 }, strata: r.strata, selected: r.selected.map((s) => s.creditCode) }, ANCHORS);
  }, VERIFY_REASONS.anchor],
  ['riskRatios edited', () => verifyDraw({ ...FIRST, riskRatios: { ...RISK, D: 1 } }), VERIFY_REASONS.strata],
  ['start edited', () => verifyDraw({ ...FIRST, start: 0.26 }), VERIFY_REASONS.selection],
  ['seed edited', () => verifyDraw({ ...FIRST, seed: 'another seed' }), VERIFY_REASONS.seed],
  ['seed and commitment replaced together', () => verifyDraw({ ...FIRST, seed: 'x', seedCommitment: seedCommitment('x') }, ANCHORS), VERIFY_REASONS.anchor],
  ['mode switched to independent', () => verifyDraw({ ...FIRST, mode: 'independent', planSalt: 'plan-1' }), VERIFY_REASONS.selection],
  ['downgraded to v1 (classes no longer hashed)', () => verifyDraw({ ...FIRST, algorithmVersion: 'prn-sha256-v1' }), VERIFY_REASONS.pool],
  ['exclusions in a first draw', () => verifyDraw({ ...FIRST, exclusions: [{ creditCode: excludedCode, reason: 'CLOSED' }] }), VERIFY_REASONS.exclusions],
  ['exclusion of a USCC not in the snapshot', () => verifyDraw({ ...REDRAW, exclusions: [{ creditCode: codes(1, 9100)[0], reason: 'CLOSED' }] }), VERIFY_REASONS.exclusions],
  ['exclusion with an unknown reason', () => verifyDraw({ ...REDRAW, exclusions: [{ creditCode: excludedCode, reason: 'DISLIKED' as never }] }), VERIFY_REASONS.exclusions],
  ['exclusion listed twice', () => verifyDraw({ ...REDRAW, exclusions: [...REDRAW.exclusions!, ...REDRAW.exclusions!] }), VERIFY_REASONS.exclusions],
  ['exclusion “other” without a note', () => verifyDraw({ ...REDRAW, exclusions: [{ creditCode: excludedCode, reason: 'OTHER' }] }), VERIFY_REASONS.exclusions],
  ['exclusion removed from a redraw, selection kept', () => verifyDraw({ ...REDRAW, exclusions: [] }), VERIFY_REASONS.exclusions],
  ['redraw without a previous record hash', () => verifyDraw({ ...REDRAW, previousRecordHash: null }), VERIFY_REASONS.history],
  ['redraw ordinal wrong', () => verifyDrawHistory([FIRST, { ...REDRAW, ordinal: 2 }]), VERIFY_REASONS.history],
  ['redraw pointing at another record', () => verifyDrawHistory([FIRST, { ...REDRAW, previousRecordHash: recordHash(REDRAW2) }]), VERIFY_REASONS.history],
  ['second redraw drops the first exclusion', () => {
    const bad = record([{ creditCode: FIRST.selected[7], reason: 'OTHER', note: '经营场所已拆迁' }], 2, recordHash(REDRAW));
    return verifyDrawHistory([FIRST, REDRAW, bad]);
  }, VERIFY_REASONS.history],
  ['redraw with a changed start, all recomputed', () => {
    const r = drawPlan({ roundSeed: SEED, start: 0.5, mode: 'coordinated', pool: POOL, ratios: RATIOS, riskRatios: RISK, exclusions: [excludedCode] });
    return verifyDrawHistory([FIRST, { ...REDRAW, start: 0.5, strata: r.strata, selected: r.selected.map((s) => s.creditCode) }]);
  }, VERIFY_REASONS.history],
  ['history missing its first draw', () => verifyDrawHistory([REDRAW, REDRAW2]), VERIFY_REASONS.history],
  ['first draw replaced wholesale (locked hash differs)', () => verifyDrawHistory([recomputed(classTo('D', threeB)), REDRAW], ANCHORS), VERIFY_REASONS.anchor],
];

describe('tampered records and chains are refused', () => {
  it.each(tamper)('%s', (_name, check, reason) => {
    const v = check();
    expect(v.ok).toBe(false);
    expect(v).toMatchObject({ reason });
  });

  it('covers at least 30 cases', () => expect(tamper.length).toBeGreaterThanOrEqual(30));

  it('the v2 pool hash is SHA-256 of “USCC TAB class TAB risk” lines in code order', () => {
    const p: PoolEntry[] = [{ creditCode: POOL[1].creditCode, creditClass: 'B' }, { creditCode: POOL[0].creditCode, creditClass: 'A', risk: true }];
    const lines = [`${POOL[0].creditCode}\tA\t1`, `${POOL[1].creditCode}\tB\t0`].sort().join('\n');
    const { createHash } = require('node:crypto') as typeof import('node:crypto');
    expect(snapshotHash(p)).toBe(createHash('sha256').update(lines, 'utf8').digest('hex'));
  });
});
