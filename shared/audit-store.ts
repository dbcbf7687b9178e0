// Persistence of an audit hash chain (shared/domain/audit.ts) in one table: joint-inspection keeps one chain,
// each department keeps its own (scoped by the `department` column). Same row shape everywhere; see docs/audit.md.
import type { EntityManager, EntityTarget, FindOptionsWhere } from 'typeorm';
import { appendEntry, canonicalJson, headOf, type AuditEntry, type AuditHead } from './domain/audit';

export interface AuditRow {
  seq: number;
  at: string;
  actor: string;
  action: string;
  subject: string;
  /** Canonical JSON of the payload. */
  payload: string;
  prevHash: string;
  hash: string;
}

/** `SELECT … FOR UPDATE` where the driver has it (MySQL/MariaDB); SQLite is already single-writer. */
export function lockingRead(em: EntityManager): boolean {
  const type = em.connection.options.type;
  return type === 'mysql' || type === 'mariadb';
}

export function toAuditEntry(row: AuditRow): AuditEntry {
  return { seq: row.seq, at: row.at, actor: row.actor, action: row.action, subject: row.subject, payload: JSON.parse(row.payload), prevHash: row.prevHash, hash: row.hash };
}

export interface NewEvent {
  actor: string;
  action: string;
  subject: string;
  payload: unknown;
}

const PAGE = 1000;

/** One chain table; `scope` selects the chain inside it (e.g. `{ department }`), `{}` when the table holds one. */
export class AuditStore<R extends AuditRow> {
  constructor(private readonly target: EntityTarget<R>) {}

  private last(em: EntityManager, scope: Partial<R>, lock: boolean): Promise<R | null> {
    return em.getRepository(this.target).findOne({
      where: scope as FindOptionsWhere<R>,
      order: { seq: 'DESC' } as never,
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
  }

  /**
   * Appends inside the caller's transaction, so the entry commits with the change it records. The last row is
   * read FOR UPDATE (MySQL), so concurrent writers queue behind it instead of forking the chain.
   */
  async append(tx: EntityManager, scope: Partial<R>, e: NewEvent): Promise<AuditEntry> {
    const last = await this.last(tx, scope, lockingRead(tx));
    const entry = appendEntry(last ? toAuditEntry(last) : null, { at: new Date().toISOString(), ...e });
    await tx.getRepository(this.target).insert({
      ...scope,
      seq: entry.seq,
      at: entry.at,
      actor: entry.actor,
      action: entry.action,
      subject: entry.subject,
      payload: canonicalJson(entry.payload),
      prevHash: entry.prevHash,
      hash: entry.hash,
    } as never);
    return entry;
  }

  /** Length and hash of the chain from its last row only (primary-key lookup, no scan). */
  async head(em: EntityManager, scope: Partial<R>): Promise<AuditHead> {
    return headOf(await this.last(em, scope, false));
  }

  /** Every row in seq order, read a page at a time by seq (for verification). */
  async rows(em: EntityManager, scope: Partial<R>): Promise<R[]> {
    const out: R[] = [];
    for (;;) {
      const after = out.length ? out[out.length - 1].seq : 0;
      const page = await em
        .getRepository(this.target)
        .createQueryBuilder('a')
        .where(scope as FindOptionsWhere<R>)
        .andWhere('a.seq > :after', { after })
        .orderBy('a.seq', 'ASC')
        .limit(PAGE)
        .getMany();
      out.push(...page);
      if (page.length < PAGE) return out;
    }
  }
}
