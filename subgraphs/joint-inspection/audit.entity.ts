import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Append-only hash chain (see shared/domain/audit.ts): each entry holds the previous entry's hash. */
@ObjectType({ description: '审计链条目' })
@Entity({ name: 'audit_entry' })
export class AuditEntryRow {
  @Field(() => Int)
  @PrimaryColumn({ type: 'integer' })
  seq!: number;

  @Field({ description: 'ISO 时间' })
  @Column({ type: 'varchar', length: 30 })
  at!: string;

  @Field()
  @Column({ type: 'varchar', length: 100 })
  actor!: string;

  @Field()
  @Column({ type: 'varchar', length: 50 })
  action!: string;

  @Field()
  @Column({ type: 'varchar', length: 100 })
  subject!: string;

  @Field({ description: '载荷（JSON）' })
  @Column({ type: 'text' })
  payload!: string;

  @Field(() => ID)
  @Column({ name: 'prev_hash', type: 'varchar', length: 64 })
  prevHash!: string;

  @Field(() => ID)
  @Column({ type: 'varchar', length: 64 })
  hash!: string;
}
