// Run by verify-differential.test.ts: the browser verifier (web/verify.js, Web Crypto) and the server's
// (shared/domain/draw.ts) judge the same faithful and tampered records; prints one JSON line per case.
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const dist = process.argv[2];
const d = require(`${dist}/shared/domain/draw.js`);
const { makeUscc } = require(`${dist}/shared/validation.js`);
const { verifyDrawInBrowser } = await import(process.argv[3]);

const C = ['A', 'B', 'C', 'D'];
const pool = Array.from({ length: 240 }, (_, i) => ({
  creditCode: makeUscc('91361129', String((i * 7919) % 100000).padStart(8, '0')),
  creditClass: C[i % 4],
  ...(i % 9 === 0 ? { risk: true } : {}),
})).sort((a, b) => (a.creditCode < b.creditCode ? -1 : 1));
const ratios = { A: 0.03, B: 0.05, C: 0.1, D: 0.3 };
const riskRatios = { A: 0.06, B: 0.1, C: 0.2, D: 0.6 };
const record = (exclusions = [], ordinal = 0, previousRecordHash = null, mode = 'coordinated') => {
  const planSalt = mode === 'independent' ? 'plan-7' : undefined;
  const r = d.drawPlan({ roundSeed: 's', start: 0.25, mode, planSalt, pool, ratios, riskRatios, exclusions: exclusions.map((x) => x.creditCode) });
  return {
    seed: 's', seedCommitment: d.seedCommitment('s'), start: 0.25, mode, ...(planSalt ? { planSalt } : {}), pool, poolHash: r.poolHash, ratios, riskRatios,
    algorithmVersion: r.algorithmVersion, exclusions, ordinal, previousRecordHash, strata: r.strata, selected: r.selected.map((s) => s.creditCode),
  };
};
const first = record();
const redraw = record([{ creditCode: first.selected[2], reason: 'CLOSED' }], 1, d.recordHash(first));
const flip = (c) => (c === 'D' ? 'A' : 'D');
const v1 = (() => {
  const plain = pool.map(({ creditCode, creditClass }) => ({ creditCode, creditClass }));
  const r = d.drawPlan({ roundSeed: 's', start: 0.5, mode: 'coordinated', pool: plain, ratios, version: 'prn-sha256-v1' });
  return { seed: 's', seedCommitment: d.seedCommitment('s'), start: 0.5, mode: 'coordinated', pool: plain, poolHash: r.poolHash, ratios, algorithmVersion: 'prn-sha256-v1', selected: r.selected.map((s) => s.creditCode) };
})();
const cases = {
  faithful: [first, { poolHash: first.poolHash, recordHash: d.recordHash(first) }],
  independent: [record([], 0, null, 'independent'), {}],
  redraw: [redraw, { recordHash: d.recordHash(redraw) }],
  v1: [v1, {}],
  classMoved: [{ ...first, pool: pool.map((e) => (e.creditCode === first.selected[0] ? { ...e, creditClass: flip(e.creditClass) } : e)) }, {}],
  riskDropped: [{ ...first, pool: pool.map(({ creditCode, creditClass }) => ({ creditCode, creditClass })) }, {}],
  strataEdited: [{ ...first, strata: first.strata.map((s, i) => (i === 2 ? { ...s, poolSize: s.poolSize + 1 } : s)) }, {}],
  selectionDropped: [{ ...first, selected: first.selected.slice(1) }, {}],
  exclusionInFirst: [{ ...first, exclusions: [{ creditCode: first.selected[0], reason: 'CLOSED' }] }, {}],
  exclusionUnknownReason: [{ ...redraw, exclusions: [{ creditCode: first.selected[2], reason: 'WHIM' }] }, {}],
  redrawWithoutPrevious: [{ ...redraw, previousRecordHash: null }, {}],
  riskRatiosEdited: [{ ...first, riskRatios: { ...riskRatios, D: 1 } }, {}],
  startEdited: [{ ...first, start: 0.26 }, {}],
  wrongPublishedPoolHash: [first, { poolHash: '0'.repeat(64) }],
  wrongLockedRecordHash: [first, { recordHash: '0'.repeat(64) }],
  downgraded: [{ ...first, algorithmVersion: 'prn-sha256-v1' }, {}],
};
for (const [name, [rec, anchors]] of Object.entries(cases)) {
  const browser = await verifyDrawInBrowser({ ...rec, auditHead: { length: 1, hash: 'x' } }, anchors);
  const server = d.verifyDraw(rec, anchors);
  console.log(JSON.stringify({ name, browser: { ok: browser.ok, reason: browser.reason ?? null }, server: { ok: server.ok, reason: server.reason ?? null } }));
}
