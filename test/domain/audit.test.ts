import { createHash } from 'node:crypto';
import { GENESIS, appendEntry, canonicalJson, entryHash, headOf, parseHead, verifyAgainstHead, verifyChain, type AuditEntry } from '../../shared/domain/audit';

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


describe('published head', () => {
  const head = (c: AuditEntry[]) => {
    const { length, hash } = headOf(c[c.length - 1] ?? null);
    return { length, hash };
  };
  /** Entries from `from` (1-based) on replaced by the project's own append, so every hash is recomputed. */
  const rewriteFrom = (c: AuditEntry[], from: number, n = c.length - from + 1) => {
    const out = c.slice(0, from - 1);
    for (let i = 0; i < n; i++) out.push(appendEntry(out[out.length - 1] ?? null, { at: '2026-08-01T00:00:00Z', actor: 'x', action: 'FORGED', subject: 's', payload: { i } }));
    return out;
  };

  it('is the length and last hash, GENESIS for an empty chain', () => {
    const c = chain(5);
    expect(headOf(c[4])).toEqual({ length: 5, hash: c[4].hash, at: c[4].at });
    expect(headOf(null)).toEqual({ length: 0, hash: GENESIS, at: null });
  });

  it('parses length:hash and refuses anything else in Chinese', () => {
    const c = chain(3);
    expect(parseHead(`3:${c[2].hash.toUpperCase()}`)).toEqual({ length: 3, hash: c[2].hash });
    expect(parseHead(`0:${GENESIS}`)).toEqual({ length: 0, hash: GENESIS });
    expect(() => parseHead('3')).toThrow('链头格式');
    expect(() => parseHead(`x:${c[2].hash}`)).toThrow('链头格式');
    expect(() => parseHead(`3:${c[2].hash.slice(1)}`)).toThrow('链头格式');
    expect(() => parseHead(`0:${c[2].hash}`)).toThrow('空链');
  });

  it('accepts the same chain and any extension of it', () => {
    const c = chain(8);
    expect(verifyAgainstHead(c, head(c))).toEqual({ ok: true, count: 8, added: 0 });
    expect(verifyAgainstHead(c, head(c.slice(0, 5)))).toEqual({ ok: true, count: 8, added: 3 });
    expect(verifyAgainstHead(c, head([]))).toEqual({ ok: true, count: 8, added: 8 });
    expect(verifyAgainstHead([], head([]))).toEqual({ ok: true, count: 0, added: 0 });
  });

  it('names a chain shorter than the head as truncated: the last entry, the last three, everything', () => {
    const c = chain(8);
    const h = head(c);
    expect(verifyChain(c.slice(0, 7))).toEqual({ ok: true, count: 7 }); // the chain alone cannot tell
    expect(verifyAgainstHead(c.slice(0, 7), h)).toMatchObject({ ok: false, kind: 'truncated', seq: 8, message: expect.stringContaining('审计链被截短') });
    const three = verifyAgainstHead(c.slice(0, 5), h);
    expect(three).toMatchObject({ ok: false, kind: 'truncated', seq: 6 });
    expect(three.ok ? '' : three.message).toContain('公布的链头有 8 条，现在只有 5 条');
    expect(verifyAgainstHead([], h)).toMatchObject({ ok: false, kind: 'truncated', seq: 1 });
  });

  it('names a consistent rewrite (hashes recomputed by appendEntry) as rewritten at or before the head', () => {
    const c = chain(8);
    const h = head(c);
    for (const from of [1, 4, 8]) {
      const forged = rewriteFrom(c, from);
      expect(verifyChain(forged)).toEqual({ ok: true, count: 8 });
      const v = verifyAgainstHead(forged, h);
      expect(v).toMatchObject({ ok: false, kind: 'rewritten', seq: 8 });
      expect(v.ok ? '' : v.message).toContain('审计链在第 8 条或之前被改写');
    }
    // Truncated and then padded back to the same length: still a rewrite.
    expect(verifyAgainstHead(rewriteFrom(c, 6), h)).toMatchObject({ ok: false, kind: 'rewritten' });
    // Rewritten and grown longer than the head: the entry at the head's length gives it away.
    expect(verifyAgainstHead(rewriteFrom(c, 3, 10), h)).toMatchObject({ ok: false, kind: 'rewritten', seq: 8 });
    // A rewrite after the head is an extension as far as the head can tell.
    expect(verifyAgainstHead(rewriteFrom(c, 6), head(c.slice(0, 5)))).toMatchObject({ ok: true, added: 3 });
  });

  it('reports a chain broken on its own before comparing with the head', () => {
    const c = clone(chain(8));
    c[2].actor = 'someone-else';
    expect(verifyAgainstHead(c, head(chain(8)))).toMatchObject({ ok: false, kind: 'broken', seq: 3, reason: '内容被篡改' });
    expect(verifyAgainstHead(chain(3), { length: 0, hash: chain(1)[0].hash })).toMatchObject({ ok: false });
  });
});
