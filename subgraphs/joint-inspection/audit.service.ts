import type { EntityManager } from 'typeorm';
import { AuditStore, toAuditEntry } from '../../shared/audit-store';
import type { AuditEntry, AuditHead } from '../../shared/domain/audit';
import { AuditEntryRow } from './audit.entity';

export { toAuditEntry };

/** The joint office's chain: the whole `audit_entry` table. */
export const jointAudit = new AuditStore(AuditEntryRow);

/** Appends to the hash chain inside the caller's transaction, so the entry commits with the change it records. */
export function appendAudit(tx: EntityManager, actor: string, action: string, subject: string, payload: unknown): Promise<AuditEntry> {
  return jointAudit.append(tx, {}, { actor, action, subject, payload });
}

export function jointAuditHead(em: EntityManager): Promise<AuditHead> {
  return jointAudit.head(em, {});
}
