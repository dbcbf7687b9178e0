import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { PlanItem } from './plan.entity';

export const TASK_STATUSES = ['ACTIVE', 'CANCELLED'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];
export const TaskStatusEnum = Object.fromEntries(TASK_STATUSES.map((s) => [s, s])) as { [K in TaskStatus]: K };
registerEnumType(TaskStatusEnum, { name: 'TaskStatus', description: '有效 / 已取消（重新抽取后该市场主体不再被抽中；已录入的结果仍保留）' });

/** One visit to one business: joint when ≥ 2 departments drew it in overlapping windows (一企一表). */
@ObjectType({ description: '检查任务（联合任务即一企一表）' })
@Entity({ name: 'task' })
export class Task {
  @Field(() => ID)
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Field(() => ID)
  @Column({ name: 'round_id', type: 'integer' })
  roundId!: number;

  @Field({ description: '统一社会信用代码' })
  @Column({ name: 'credit_code', type: 'varchar', length: 18 })
  creditCode!: string;

  @Field({ description: '是否为跨部门联合任务' })
  @Column({ type: 'boolean' })
  joint!: boolean;

  @Field({ description: '牵头部门（组长所在部门）' })
  @Column({ name: 'lead_department', type: 'varchar', length: 20 })
  leadDepartment!: string;

  @Field(() => [String])
  @Column({ type: 'simple-json' })
  departments!: string[];

  @Field(() => [ID])
  @Column({ name: 'plan_ids', type: 'simple-json' })
  planIds!: number[];

  @Field(() => [PlanItem])
  @Column({ type: 'simple-json' })
  items!: PlanItem[];

  @Field()
  @Column({ name: 'window_start', type: 'varchar', length: 10 })
  windowStart!: string;

  @Field()
  @Column({ name: 'window_end', type: 'varchar', length: 10 })
  windowEnd!: string;

  @Field()
  @Column({ name: 'created_at', type: 'datetime' })
  createdAt!: Date;

  @Field(() => TaskStatusEnum)
  @Column({ type: 'varchar', length: 10, default: 'ACTIVE' })
  status!: TaskStatus;

  @Field(() => String, { nullable: true, description: '取消原因' })
  @Column({ name: 'cancel_reason', type: 'varchar', length: 500, nullable: true })
  cancelReason!: string | null;

  @Field(() => Date, { nullable: true })
  @Column({ name: 'cancelled_at', type: 'datetime', nullable: true })
  cancelledAt!: Date | null;

  @Field(() => Int, { nullable: true, description: '最近一次改变本任务的抽取记录编号（重新抽取）' })
  @Column({ name: 'changed_by_draw', type: 'integer', nullable: true })
  changedByDraw!: number | null;
}
