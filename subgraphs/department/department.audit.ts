// Every change to this department's checklist, target pool, inspectors, imports and assignments is appended to
// its own audit hash chain in the same transaction (docs/audit.md). Personal fields go on the chain by name only.
import type { DataSource, EntityManager } from 'typeorm';
import { AuditStore } from '../../shared/audit-store';
import type { AuditEntry, AuditHead } from '../../shared/domain/audit';
import { DepartmentAuditEntry } from './audit.entity';
import type { DepartmentContext } from './context';

export const departmentAudit = new AuditStore(DepartmentAuditEntry);

/** Fields whose values stay out of the chain: an entry says that they changed, never what they are. */
export const PERSONAL_FIELDS: ReadonlySet<string> = new Set(['phone', 'idNumber', 'gender']);

// SQLite serves one connection, so interleaved transactions would nest; appends read the last row and must not
// interleave either. One queue per database: a department's write never waits on another database's.
const tails = new WeakMap<DataSource, Promise<unknown>>();

/** Runs `fn` in a transaction after this database's earlier writes; `fn` gets the context bound to the transaction. */
export function departmentTransaction<T>(ctx: DepartmentContext, fn: (tx: DepartmentContext) => Promise<T>): Promise<T> {
  const ds = ctx.em.connection;
  const run = (tails.get(ds) ?? Promise.resolve()).then(() => ctx.em.transaction((em) => fn({ ...ctx, em })));
  tails.set(ds, run.catch(() => undefined));
  return run;
}

/** Appends to this department's chain inside `tx` (a context from departmentTransaction). */
export function appendDepartmentAudit(tx: DepartmentContext, action: string, subject: string, payload: unknown): Promise<AuditEntry> {
  return departmentAudit.append(tx.em, { department: tx.department }, { actor: tx.identity.sub, action, subject, payload });
}

export function departmentAuditHead(em: EntityManager, department: string): Promise<AuditHead> {
  return departmentAudit.head(em, { department });
}

/** The values worth recording: personal fields by name only, the rest as they are. */
export function auditedValues(values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const personal: string[] = [];
  for (const [k, v] of Object.entries(values)) {
    if (v === undefined) continue;
    if (PERSONAL_FIELDS.has(k)) personal.push(k);
    else out[k] = v instanceof Date ? v.toISOString() : v;
  }
  if (personal.length) out.personalFieldsSet = personal.sort();
  return out;
}

/** What an update changed: old → new for ordinary fields, only the names of changed personal fields. */
export function auditedChanges(before: Record<string, unknown>, after: Record<string, unknown>): Record<string, unknown> {
  const changed: Record<string, { from: unknown; to: unknown }> = {};
  const personal: string[] = [];
  for (const [k, v] of Object.entries(after)) {
    if (v === undefined || JSON.stringify(before[k] ?? null) === JSON.stringify(v ?? null)) continue;
    if (PERSONAL_FIELDS.has(k)) personal.push(k);
    else changed[k] = { from: before[k] ?? null, to: v ?? null };
  }
  return { changed, ...(personal.length ? { personalFieldsChanged: personal.sort() } : {}) };
}
