// The write half of an import, shared by the subgraphs: classify every accepted row against what is stored
// (new / changed / same / refused), then — only if the import may go ahead — write it all in the caller's
// transaction. Reads and inserts go in chunks so a 100,000-row file stays within driver limits.
import type { ImportIssue } from './io/columns';
import type { AcceptedRow, WriteOutcome } from './io/import';

export interface UpsertSpec<V, E> {
  rows: AcceptedRow<V>[];
  /** Stored records for these keys. */
  find(keys: string[]): Promise<E[]>;
  keyOf(e: E): string;
  /** True when the stored record already holds these values (re-import changes nothing). */
  same(e: E, v: V): boolean;
  /** A reason when the stored record may not be changed by import; the row is then rejected. */
  refuse?(e: E, v: V): string | null;
  refuseColumn?: string;
  insert(rows: V[]): Promise<void>;
  update(e: E, v: V): Promise<void>;
  /** Decided after classification: false = write nothing (all-or-nothing with errors, or a dry run). */
  mayWrite(conflicts: number): boolean;
  onProgress?(done: number, total: number): void;
  chunkSize?: number;
}

export async function upsertRows<V, E>(s: UpsertSpec<V, E>): Promise<WriteOutcome> {
  const size = s.chunkSize ?? 500;
  const fresh: V[] = [];
  const changed: { e: E; v: V }[] = [];
  const conflicts: ImportIssue[] = [];
  let unchanged = 0;
  const total = s.rows.length * 2;
  for (let i = 0; i < s.rows.length; i += size) {
    const part = s.rows.slice(i, i + size);
    const stored = new Map((await s.find(part.map((r) => r.key))).map((e) => [s.keyOf(e), e]));
    for (const r of part) {
      const e = stored.get(r.key);
      if (!e) fresh.push(r.values);
      else if (s.same(e, r.values)) unchanged++;
      else {
        const reason = s.refuse?.(e, r.values);
        if (reason) conflicts.push({ row: r.row, column: s.refuseColumn ?? '', reason });
        else changed.push({ e, v: r.values });
      }
    }
    s.onProgress?.(i + part.length, total);
  }
  if (!s.mayWrite(conflicts.length)) {
    s.onProgress?.(total, total);
    return { added: fresh.length, updated: changed.length, unchanged, conflicts, committed: false };
  }
  let done = 0;
  const work = fresh.length + changed.length;
  const report = () => s.onProgress?.(s.rows.length + Math.round((done / Math.max(work, 1)) * s.rows.length), total);
  for (let i = 0; i < fresh.length; i += size) {
    await s.insert(fresh.slice(i, i + size));
    done += Math.min(size, fresh.length - i);
    report();
  }
  for (const c of changed) {
    await s.update(c.e, c.v);
    if (++done % size === 0) report();
  }
  s.onProgress?.(total, total);
  return { added: fresh.length, updated: changed.length, unchanged, conflicts, committed: true };
}

/** Field-by-field equality for the plain values an import writes (arrays and null/undefined normalised). */
export function sameFields(stored: object, values: object, fields: string[]): boolean {
  const a = stored as Record<string, unknown>;
  const b = values as Record<string, unknown>;
  return fields.every((f) => JSON.stringify(a[f] ?? null) === JSON.stringify(b[f] ?? null));
}
