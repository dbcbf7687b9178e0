import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { RecordedOutcome } from '../../shared/domain/credit-sync';

/** One credit-class change from the joint registry, as this department processed it (docs/credit-classes.md). */
@Entity('credit_class_applied')
export class CreditClassRecord {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ type: 'varchar', length: 32 })
  department!: string;

  @Column({ name: 'change_id', type: 'integer' })
  changeId!: number;

  @Column({ name: 'credit_code', type: 'varchar', length: 18 })
  creditCode!: string;

  @Column({ name: 'credit_class', type: 'varchar', length: 1 })
  creditClass!: string;

  @Column({ name: 'previous_class', type: 'varchar', length: 1, nullable: true })
  previousClass!: string | null;

  @Column({ type: 'varchar', length: 16 })
  outcome!: RecordedOutcome;

  @Column({ name: 'applied_by', type: 'varchar', length: 100 })
  appliedBy!: string;

  @Column({ name: 'applied_at', type: 'datetime', precision: 3 })
  appliedAt!: Date;
}
