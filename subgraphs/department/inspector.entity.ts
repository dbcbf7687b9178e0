import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Gender, InspectorStatus } from '../../shared/domain';
import { GenderEnum, InspectorStatusEnum } from './enums';

/** 执法检查人员名录库. phone/idNumber/statusHistory/conflicts are field resolvers (masking, batching). */
@Directive('@key(fields: "department id")')
@ObjectType({ description: '执法检查人员' })
@Entity('inspector')
export class Inspector {
  @Field(() => ID)
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Field()
  @Column({ type: 'varchar', length: 32 })
  department!: string;

  @Field()
  @Column({ type: 'varchar', length: 50 })
  name!: string;

  @Field(() => GenderEnum)
  @Column({ type: 'varchar', length: 8 })
  gender!: Gender;

  @Field()
  @Column({ type: 'varchar', length: 50 })
  position!: string;

  @Field({ description: '执法证号，部门内唯一' })
  @Column({ name: 'certificate_number', type: 'varchar', length: 50 })
  certificateNumber!: string;

  @Field({ description: '执法证有效期至（YYYY-MM-DD）' })
  @Column({ name: 'certificate_expiry', type: 'varchar', length: 10 })
  certificateExpiry!: string;

  @Field()
  @Column({ type: 'varchar', length: 100 })
  unit!: string;

  @Column({ type: 'varchar', length: 30 })
  phone!: string;

  @Column({ name: 'id_number', type: 'varchar', length: 18, nullable: true })
  idNumber!: string | null;

  @Field(() => [String], { description: '业务专长' })
  @Column({ type: 'simple-json' })
  expertise!: string[];

  @Field(() => InspectorStatusEnum)
  @Column({ type: 'varchar', length: 16 })
  status!: InspectorStatus;

  @Field()
  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt!: Date;

  @Field()
  @Column({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt!: Date;
}

/** 出入库 dynamic management: every status change is kept, the first one on creation (null → ACTIVE). */
@ObjectType({ description: '人员状态变更记录' })
@Entity('inspector_status_change')
export class InspectorStatusChange {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ name: 'inspector_id', type: 'integer' })
  inspectorId!: number;

  @Field(() => InspectorStatusEnum, { nullable: true })
  @Column({ name: 'from_status', type: 'varchar', length: 16, nullable: true })
  from!: InspectorStatus | null;

  @Field(() => InspectorStatusEnum)
  @Column({ name: 'to_status', type: 'varchar', length: 16 })
  to!: InspectorStatus;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 500, nullable: true })
  reason!: string | null;

  @Field({ description: '操作人（身份标识 sub）' })
  @Column({ name: 'changed_by', type: 'varchar', length: 100 })
  changedBy!: string;

  @Field()
  @Column({ name: 'changed_at', type: 'datetime', precision: 3 })
  changedAt!: Date;
}

/** Declared conflict of interest (回避): own table so "who is conflicted with X" is an index lookup. */
@Entity('inspector_conflict')
export class InspectorConflict {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ name: 'inspector_id', type: 'integer' })
  inspectorId!: number;

  @Column({ name: 'credit_code', type: 'varchar', length: 18 })
  creditCode!: string;

  @Column({ name: 'declared_by', type: 'varchar', length: 100 })
  declaredBy!: string;

  @Column({ name: 'declared_at', type: 'datetime', precision: 3 })
  declaredAt!: Date;
}
