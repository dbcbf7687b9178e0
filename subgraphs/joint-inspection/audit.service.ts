import type { EntityManager } from 'typeorm';
import { appendEntry, canonicalJson, type AuditEntry } from '../../shared/domain/audit';
import { AuditEntryRow } from './audit.entity';
import { lockingRead } from './joint.tx';

export function toAuditEntry(row: AuditEntryRow): AuditEntry {
  return { seq: row.seq, at: row.at, actor: row.actor, action: row.action, subject: row.subject, payload: JSON.parse(row.payload), prevHash: row.prevHash, hash: row.hash };
}

/** Appends to the hash chain inside the caller's transaction, so the entry commits with the change it records. */
export async function appendAudit(tx: EntityManager, actor: string, action: string, subject: string, payload: unknown): Promise<AuditEntry> {
  const qb = tx.getRepository(AuditEntryRow).createQueryBuilder('a').orderBy('a.seq', 'DESC').limit(1);
  if (lockingRead(tx)) qb.setLock('pessimistic_write');
  const last = await qb.getOne();
  const entry = appendEntry(last ? toAuditEntry(last) : null, { at: new Date().toISOString(), actor, action, subject, payload });
  await tx.getRepository(AuditEntryRow).insert({
    seq: entry.seq,
    at: entry.at,
    actor: entry.actor,
    action: entry.action,
    subject: entry.subject,
    payload: canonicalJson(entry.payload),
    prevHash: entry.prevHash,
    hash: entry.hash,
  });
  return entry;
}
