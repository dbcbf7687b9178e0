// Append-only audit log as a SHA-256 hash chain: each entry commits to its own content and to the previous
// entry's hash, so altering, removing or reordering any entry breaks the chain from that point on.

import { createHash } from 'node:crypto';

export interface AuditEntry {
  seq: number;
  /** ISO 8601 timestamp. */
  at: string;
  actor: string;
  action: string;
  subject: string;
  payload: unknown;
  prevHash: string;
  hash: string;
}

export type NewAuditEntry = Pick<AuditEntry, 'at' | 'actor' | 'action' | 'subject' | 'payload'>;

export type AuditFailureReason = '内容被篡改' | '链接断裂' | '序号缺失';
export type ChainVerdict = { ok: true; count: number } | { ok: false; seq: number; reason: AuditFailureReason };

export const GENESIS = '0'.repeat(64);

/**
 * Deterministic JSON: object keys sorted (by UTF-16 code unit), no whitespace, `toJSON` honoured (Dates become
 * ISO strings), undefined object members omitted as JSON does. Values JSON cannot represent faithfully
 * (NaN, ±Infinity, bigint, functions, symbols, cycles, undefined in arrays or at top level) throw instead of
 * silently turning into null — a hash must cover exactly what was logged.
 */
export function canonicalJson(value: unknown): string {
  const stack = new Set<object>();
  const walk = (v: unknown, where: string): string => {
    if (v !== null && typeof v === 'object' && typeof (v as { toJSON?: unknown }).toJSON === 'function') {
      v = (v as { toJSON: () => unknown }).toJSON();
    }
    if (v === null) return 'null';
    switch (typeof v) {
      case 'string':
        return JSON.stringify(v);
      case 'boolean':
        return v ? 'true' : 'false';
      case 'number':
        if (!Number.isFinite(v)) throw new Error(`无法规范化的数值（${where}）：${v}`);
        return JSON.stringify(v);
      case 'object': {
        if (stack.has(v as object)) throw new Error(`存在循环引用（${where}）`);
        stack.add(v as object);
        let out: string;
        if (Array.isArray(v)) {
          out = `[${v.map((x, i) => walk(x, `${where}[${i}]`)).join(',')}]`;
        } else {
          const obj = v as Record<string, unknown>;
          const keys = Object.keys(obj).filter((k) => obj[k] !== undefined).sort();
          out = `{${keys.map((k) => `${JSON.stringify(k)}:${walk(obj[k], `${where}.${k}`)}`).join(',')}}`;
        }
        stack.delete(v as object);
        return out;
      }
      default:
        throw new Error(`无法规范化的值（${where}）：${typeof v}`);
    }
  };
  return walk(value, '$');
}

function sha256Hex(s: string): string {
  return createHash('sha256').update(s, 'utf8').digest('hex');
}

/** Hash of everything but the hash field. */
export function entryHash(e: Omit<AuditEntry, 'hash'>): string {
  const { seq, at, actor, action, subject, payload, prevHash } = e;
  return sha256Hex(canonicalJson({ seq, at, actor, action, subject, payload, prevHash }));
}

/** The next entry after `prev` (null for the first). The payload is stored as its canonical copy. */
export function appendEntry(prev: AuditEntry | null, e: NewAuditEntry): AuditEntry {
  if (typeof e.at !== 'string' || Number.isNaN(Date.parse(e.at))) throw new Error(`审计时间应为 ISO 8601 格式：${String(e.at)}`);
  for (const k of ['actor', 'action', 'subject'] as const) {
    if (typeof e[k] !== 'string' || e[k].length === 0) throw new Error(`审计记录缺少 ${k}`);
  }
  // A copy, so later changes to the caller's object cannot drift from what was hashed.
  const payload: unknown = e.payload === undefined ? null : JSON.parse(canonicalJson(e.payload));
  const body = {
    seq: prev ? prev.seq + 1 : 1,
    at: e.at,
    actor: e.actor,
    action: e.action,
    subject: e.subject,
    payload,
    prevHash: prev ? prev.hash : GENESIS,
  };
  return { ...body, hash: entryHash(body) };
}

/**
 * Walks the chain from seq 1 and names the first bad entry:
 * - 内容被篡改: an entry's hash does not match its content (or its content cannot be hashed);
 * - 序号缺失: the expected seq is absent from the log (deleted), reported as that missing seq;
 * - 链接断裂: an entry does not link to the one before it (reordered, or rewritten after a deletion).
 * An optional anchor (a head hash published or stored elsewhere) also catches truncation at the end and a
 * wholesale rewrite, which no chain can reveal on its own.
 */
export function verifyChain(entries: AuditEntry[], anchor?: { seq: number; hash: string }): ChainVerdict {
  const present = new Set(entries.map((e) => e?.seq));
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i];
    const expectedSeq = i + 1;
    let ok: boolean;
    try {
      ok = typeof e.hash === 'string' && entryHash(e) === e.hash;
    } catch {
      ok = false;
    }
    if (!ok) return { ok: false, seq: Number.isInteger(e?.seq) ? e.seq : expectedSeq, reason: '内容被篡改' };
    if (e.seq !== expectedSeq) {
      if (!present.has(expectedSeq)) return { ok: false, seq: expectedSeq, reason: '序号缺失' };
      return { ok: false, seq: e.seq, reason: '链接断裂' };
    }
    const prevHash = i === 0 ? GENESIS : entries[i - 1].hash;
    if (e.prevHash !== prevHash) return { ok: false, seq: e.seq, reason: '链接断裂' };
  }
  if (anchor) {
    const at = entries[anchor.seq - 1];
    if (!at) return { ok: false, seq: entries.length + 1, reason: '序号缺失' };
    if (at.hash !== anchor.hash) return { ok: false, seq: anchor.seq, reason: '内容被篡改' };
  }
  return { ok: true, count: entries.length };
}

/**
 * The published head of a chain: how many entries it has and the last entry's hash (GENESIS for an empty chain).
 * Anyone who notes it down can later prove the chain was neither shortened nor rewritten up to that point,
 * which the chain alone cannot show (see docs/audit.md).
 */
export interface AuditHead {
  length: number;
  hash: string;
  /** When the last entry was written; null for an empty chain. */
  at: string | null;
}

export function headOf(last: Pick<AuditEntry, 'seq' | 'hash' | 'at'> | null): AuditHead {
  return last ? { length: last.seq, hash: last.hash, at: last.at } : { length: 0, hash: GENESIS, at: null };
}

/** `<length>:<hash>` as printed on the public page and carried in draw exports; a Chinese error otherwise. */
export function parseHead(text: string): { length: number; hash: string } {
  const m = /^\s*(\d{1,12}):([0-9a-fA-F]{64})\s*$/.exec(text);
  if (!m) throw new Error(`链头格式应为 <条数>:<64 位十六进制哈希>，实际为 "${text.slice(0, 100)}"`);
  const length = Number(m[1]);
  const hash = m[2].toLowerCase();
  if (length === 0 && hash !== GENESIS) throw new Error('空链的链头哈希应为 64 个 0');
  return { length, hash };
}

export type HeadVerdict =
  | { ok: true; count: number; added: number }
  | { ok: false; kind: 'broken'; seq: number; reason: AuditFailureReason; message: string }
  | { ok: false; kind: 'truncated' | 'rewritten'; seq: number; message: string };

/**
 * The chain must verify on its own and be the published head or an extension of it. A chain that is shorter
 * than the head was truncated; one whose entry at the head's length has another hash was rewritten at or
 * before that entry (a consistent rewrite with recomputed hashes leaves no other trace).
 */
export function verifyAgainstHead(entries: AuditEntry[], head: { length: number; hash: string }): HeadVerdict {
  const own = verifyChain(entries);
  if (!own.ok) return { ok: false, kind: 'broken', seq: own.seq, reason: own.reason, message: `第 ${own.seq} 条审计记录${own.reason}` };
  if (head.length === 0) {
    if (head.hash !== GENESIS) return { ok: false, kind: 'rewritten', seq: 0, message: '空链的链头哈希应为 64 个 0' };
    return { ok: true, count: entries.length, added: entries.length };
  }
  const anchored = verifyChain(entries, { seq: head.length, hash: head.hash.toLowerCase() });
  if (anchored.ok) return { ok: true, count: entries.length, added: entries.length - head.length };
  if (entries.length < head.length) {
    return { ok: false, kind: 'truncated', seq: entries.length + 1, message: `审计链被截短：公布的链头有 ${head.length} 条，现在只有 ${entries.length} 条（第 ${entries.length + 1} 条起缺失）` };
  }
  return {
    ok: false,
    kind: 'rewritten',
    seq: head.length,
    message: `审计链在第 ${head.length} 条或之前被改写：现存第 ${head.length} 条的哈希与公布的链头不符，链本身虽自洽，已不是公布时的那条链`,
  };
}
