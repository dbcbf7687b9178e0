import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { AuditRow } from '../../shared/audit-store';

/** This department's append-only hash chain (docs/audit.md): the joint chain's row shape, keyed by department too. */
@Entity({ name: 'department_audit_entry' })
export class DepartmentAuditEntry implements AuditRow {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  department!: string;

  @PrimaryColumn({ type: 'integer' })
  seq!: number;

  @Column({ type: 'varchar', length: 30 })
  at!: string;

  @Column({ type: 'varchar', length: 100 })
  actor!: string;

  @Column({ type: 'varchar', length: 50 })
  action!: string;

  @Column({ type: 'varchar', length: 100 })
  subject!: string;

  @Column({ type: 'text' })
  payload!: string;

  @Column({ name: 'prev_hash', type: 'varchar', length: 64 })
  prevHash!: string;

  @Column({ type: 'varchar', length: 64 })
  hash!: string;
}
