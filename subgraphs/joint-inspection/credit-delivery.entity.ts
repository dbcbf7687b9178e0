import { Field, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type CreditDeliveryStatus = 'PENDING' | 'DELIVERED';

/** Outbox row: one effective credit-class change for one department (docs/credit-classes.md). */
@Entity({ name: 'credit_delivery' })
export class CreditDelivery {
  @PrimaryGeneratedColumn({ type: 'integer' }) id!: number;
  @Column({ name: 'change_id', type: 'integer' }) changeId!: number;
  @Column({ type: 'varchar', length: 20 }) department!: string;
  @Column({ type: 'varchar', length: 10 }) status!: CreditDeliveryStatus;
  @Column({ type: 'integer' }) attempts!: number;
  @Column({ name: 'last_error', type: 'varchar', length: 500, nullable: true }) lastError!: string | null;
  /** What the department answered: APPLIED, ALREADY_APPLIED or NOT_IN_POOL. */
  @Column({ type: 'varchar', length: 16, nullable: true }) outcome!: string | null;
  @Column({ name: 'created_at', type: 'datetime', precision: 3 }) createdAt!: Date;
  @Column({ name: 'updated_at', type: 'datetime', precision: 3 }) updatedAt!: Date;
  @Column({ name: 'delivered_at', type: 'datetime', precision: 3, nullable: true }) deliveredAt!: Date | null;
}

@ObjectType({ description: '某部门尚未同步的信用风险分类调整' })
export class PendingCreditDelivery {
  @Field() department!: string;
  @Field({ description: '部门名称' }) departmentName!: string;
  @Field(() => Int, { description: '待同步条数' }) pending!: number;
  @Field({ description: '最早一条待同步调整的生效时间' }) oldestAt!: Date;
  @Field(() => Int, { description: '已尝试同步的次数（最多的一条）' }) attempts!: number;
  @Field(() => String, { nullable: true, description: '最近一次失败原因（供运维排查）' }) lastError!: string | null;
}

@ObjectType({ description: '一次同步中某部门的情况' })
export class DepartmentCreditDelivery {
  @Field() department!: string;
  @Field({ description: '部门名称' }) departmentName!: string;
  @Field(() => Int, { description: '本次送达条数' }) delivered!: number;
  @Field(() => Int, { description: '仍待同步条数' }) pending!: number;
  @Field({ description: '部门系统本次是否可以访问' }) reachable!: boolean;
}

@ObjectType({ description: '信用风险分类调整同步结果' })
export class CreditDeliverySummary {
  @Field(() => Int, { description: '本次送达条数（各部门合计）' }) delivered!: number;
  @Field(() => Int, { description: '仍待同步条数（各部门合计）' }) pending!: number;
  @Field(() => [DepartmentCreditDelivery]) departments!: DepartmentCreditDelivery[];
}
