import { createHash } from 'node:crypto';
import { GENESIS, appendEntry, canonicalJson, entryHash, verifyChain, type AuditEntry } from '../../shared/domain/audit';

function chain(n: number): AuditEntry[] {
  const out: AuditEntry[] = [];
  for (let i = 0; i < n; i++) {
    out.push(appendEntry(out[i - 1] ?? null, {
      at: `2026-07-0${1 + (i % 9)}T09:00:00+08:00`,
      actor: i % 2 ? 'joint-office:wang' : 'SAMR:li',
      action: ['PLAN_SUBMIT', 'ROUND_COMMIT', 'POOL_SNAPSHOT', 'SEED_REVEAL', 'DRAW', 'TASK_CREATE'][i % 6],
      subject: `round:2026-Q3/${i}`,
      payload: { step: i, list: [i, 'x'], nested: { z: 1, a: [true, null] } },
    }));
  }
  return out;
}

const clone = (entries: AuditEntry[]) => JSON.parse(JSON.stringify(entries)) as AuditEntry[];

describe('canonicalJson', () => {
  it('sorts keys at every depth and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, 1, { y: 2, x: 1 }], c: 'é' } })).toBe('{"a":{"c":"é","d":[3,1,{"x":1,"y":2}]},"b":1}');
    expect(canonicalJson({ x: 1, y: 2 })).toBe(canonicalJson({ y: 2, x: 1 }));
    expect(canonicalJson([])).toBe('[]');
    expect(canonicalJson('a"b')).toBe('"a\\"b"');
    expect(canonicalJson(null)).toBe('null');
  });

  it('follows JSON for Dates and omitted members, and refuses what JSON would silently change', () => {
    expect(canonicalJson({ at: new Date('2026-07-01T00:00:00Z'), skip: undefined })).toBe('{"at":"2026-07-01T00:00:00.000Z"}');
    expect(() => canonicalJson({ n: NaN })).toThrow('无法规范化的数值');
    expect(() => canonicalJson({ n: Infinity })).toThrow('无法规范化的数值');
    expect(() => canonicalJson([undefined])).toThrow('无法规范化的值');
    expect(() => canonicalJson({ b: BigInt(1) })).toThrow('无法规范化的值');
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => canonicalJson(cyclic)).toThrow('循环引用');
    const shared = { k: 1 };
    expect(canonicalJson({ a: shared, b: shared })).toBe('{"a":{"k":1},"b":{"k":1}}'); // shared, not cyclic
  });
});

describe('hash chain', () => {
  it('links entries from the genesis hash and verifies, also after a JSON round trip', () => {
    const c = chain(8);
    expect(c[0]).toMatchObject({ seq: 1, prevHash: GENESIS });
    expect(c[3].prevHash).toBe(c[2].hash);
    const { hash, ...rest } = c[4];
    expect(hash).toBe(createHash('sha256').update(canonicalJson(rest)).digest('hex'));
    expect(entryHash(rest)).toBe(hash);
    expect(verifyChain(c)).toEqual({ ok: true, count: 8 });
    expect(verifyChain(clone(c))).toEqual({ ok: true, count: 8 });
    expect(verifyChain([])).toEqual({ ok: true, count: 0 });
  });

  it('stores a copy of the payload, so later changes to the caller\u2019s object do not break it', () => {
    const payload = { list: ['a'] };
    const e = appendEntry(null, { at: '2026-07-01T00:00:00Z', actor: 'a', action: 'X', subject: 's', payload });
    payload.list.push('b');
    expect(verifyChain([e])).toEqual({ ok: true, count: 1 });
    expect(appendEntry(null, { at: '2026-07-01T00:00:00Z', actor: 'a', action: 'X', subject: 's', payload: undefined }).payload).toBeNull();
    expect(() => appendEntry(null, { at: 'yesterday', actor: 'a', action: 'X', subject: 's', payload: 1 })).toThrow('ISO 8601');
    expect(() => appendEntry(null, { at: '2026-07-01T00:00:00Z', actor: '', action: 'X', subject: 's', payload: 1 })).toThrow('actor');
  });

  it('a tampered payload is named by its seq', () => {
    const c = clone(chain(8));
    (c[2].payload as { step: number }).step = 99;
    expect(verifyChain(c)).toEqual({ ok: false, seq: 3, reason: '内容被篡改' });
    const d = clone(chain(8));
    d[5].actor = 'someone-else';
    expect(verifyChain(d)).toEqual({ ok: false, seq: 6, reason: '内容被篡改' });
    const h = clone(chain(8));
    h[6].hash = h[6].hash.replace(/^./, (ch) => (ch === '0' ? '1' : '0'));
    expect(verifyChain(h)).toEqual({ ok: false, seq: 7, reason: '内容被篡改' });
  });

  it('a tampered entry whose own hash was recomputed breaks the link to the next one', () => {
    const c = clone(chain(8));
    (c[2].payload as { step: number }).step = 99;
    c[2].hash = entryHash(c[2]);
    expect(verifyChain(c)).toEqual({ ok: false, seq: 4, reason: '链接断裂' });
  });

  it('a deleted entry is named as missing', () => {
    const c = chain(8);
    expect(verifyChain([...c.slice(0, 3), ...c.slice(4)])).toEqual({ ok: false, seq: 4, reason: '序号缺失' });
    expect(verifyChain(c.slice(1))).toEqual({ ok: false, seq: 1, reason: '序号缺失' });
  });

  it('a deletion rewritten to hide the gap (renumbered and rehashed) breaks the link', () => {
    const c = chain(8);
    const rest = c.slice(4).map((e) => {
      const moved = { ...e, seq: e.seq - 1 };
      return { ...moved, hash: entryHash(moved) };
    });
    expect(verifyChain([...c.slice(0, 3), ...rest])).toEqual({ ok: false, seq: 4, reason: '链接断裂' });
  });

  it('reordered entries are detected at the first one out of place', () => {
    const c = chain(8);
    const swapped = [c[0], c[1], c[3], c[2], ...c.slice(4)];
    expect(verifyChain(swapped)).toEqual({ ok: false, seq: 4, reason: '链接断裂' });
    const duplicated = [c[0], c[1], c[1], ...c.slice(2)];
    expect(verifyChain(duplicated)).toEqual({ ok: false, seq: 2, reason: '链接断裂' });
  });

  it('an anchored head hash catches truncation and a wholesale rewrite', () => {
    const c = chain(8);
    const anchor = { seq: 8, hash: c[7].hash };
    expect(verifyChain(c, anchor)).toEqual({ ok: true, count: 8 });
    expect(verifyChain(c.slice(0, 6))).toEqual({ ok: true, count: 6 }); // undetectable without an anchor
    expect(verifyChain(c.slice(0, 6), anchor)).toEqual({ ok: false, seq: 7, reason: '序号缺失' });
    // Rewrite everything from entry 5 on, consistently: the chain is self-consistent, the anchor is not.
    const forged: AuditEntry[] = c.slice(0, 4);
    for (let i = 4; i < 8; i++) forged.push(appendEntry(forged[i - 1], { at: c[i].at, actor: c[i].actor, action: c[i].action, subject: c[i].subject, payload: { forged: true } }));
    expect(verifyChain(forged)).toEqual({ ok: true, count: 8 });
    expect(verifyChain(forged, anchor)).toEqual({ ok: false, seq: 8, reason: '内容被篡改' });
  });

  it('a malformed entry counts as tampered', () => {
    const c = clone(chain(3));
    (c[1] as { payload: unknown }).payload = undefined;
    expect(verifyChain(c)).toEqual({ ok: false, seq: 2, reason: '内容被篡改' });
  });
});
