import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const DISPATCH_STATES = ['PENDING', 'MATCHED', 'UNDERSTAFFED', 'CANCELLED'] as const;
export type DispatchState = (typeof DISPATCH_STATES)[number];
export const DispatchStateEnum = Object.fromEntries(DISPATCH_STATES.map((s) => [s, s])) as { [K in DispatchState]: K };
registerEnumType(DispatchStateEnum, { name: 'DispatchState', description: '派发：待派（部门未响应）/ 已匹配 / 人员不足 / 已取消（重新抽取后本部门不再参加）' });

export const RESULT_STATES = ['ENTERED', 'SUBMITTED', 'APPROVED', 'RETURNED', 'PUBLISHED'] as const;
export type ResultState = (typeof RESULT_STATES)[number];
export const ResultStateEnum = Object.fromEntries(RESULT_STATES.map((s) => [s, s])) as { [K in ResultState]: K };
registerEnumType(ResultStateEnum, { name: 'ResultState', description: '结果：已录入 / 已提交 / 已审核 / 已退回 / 已公示' });

@ObjectType({ description: '派发到部门的执法检查人员' })
export class DispatchedInspector {
  @Field(() => ID, { nullable: true, description: '部门名录库中的人员编号' }) inspectorId?: string;
  @Field() name!: string;
  @Field({ description: '执法证号' }) certificateNumber!: string;
  @Field({ description: 'LEADER 组长 / MEMBER 组员' }) role!: string;
  @Field({ description: 'ACTIVE / REPLACED' }) status!: string;
  @Field(() => String, { nullable: true, description: '递补原因' }) reason?: string | null;
}

/** One department's part of a task's dispatch: idempotent by (task, department). */
@ObjectType({ description: '任务派发状态（按部门）' })
@Entity({ name: 'task_dispatch' })
export class TaskDispatch {
  @PrimaryGeneratedColumn({ type: 'integer' }) id!: number;
  @Field(() => ID) @Column({ name: 'task_id', type: 'integer' }) taskId!: number;
  @Field() @Column({ type: 'varchar', length: 20 }) department!: string;
  @Field(() => DispatchStateEnum) @Column({ type: 'varchar', length: 16 }) status!: DispatchState;
  @Field(() => Int) @Column({ type: 'integer' }) attempts!: number;
  @Field(() => String, { nullable: true, description: '最近一次失败原因' }) @Column({ name: 'last_error', type: 'varchar', length: 500, nullable: true }) lastError!: string | null;
  @Field(() => [DispatchedInspector]) @Column({ type: 'simple-json' }) inspectors!: DispatchedInspector[];
  @Field(() => [String], { description: '人员不足等问题' }) @Column({ type: 'simple-json' }) problems!: string[];
  @Field() @Column({ name: 'updated_at', type: 'datetime' }) updatedAt!: Date;
}

/** 谁检查、谁录入: one row per task, department and checklist item. */
@ObjectType({ description: '检查结果（按部门、按事项）' })
@Entity({ name: 'inspection_result' })
export class InspectionResult {
  @Field(() => ID) @PrimaryGeneratedColumn({ type: 'integer' }) id!: number;
  @Field(() => ID) @Column({ name: 'task_id', type: 'integer' }) taskId!: number;
  @Field() @Column({ type: 'varchar', length: 20 }) department!: string;
  @Field() @Column({ name: 'item_code', type: 'varchar', length: 40 }) itemCode!: string;
  @Field(() => [String], { description: '结果类别代码（可多选）' }) @Column({ type: 'simple-json' }) categories!: string[];
  @Field({ description: '检查发现' }) @Column({ type: 'text' }) findings!: string;
  @Field({ description: '后续处理' }) @Column({ name: 'follow_up', type: 'varchar', length: 30 }) followUp!: string;
  @Field(() => [String], { description: '附件引用' }) @Column({ type: 'simple-json' }) attachments!: string[];
  @Field({ description: '实际检查日期' }) @Column({ name: 'inspected_on', type: 'varchar', length: 10 }) inspectedOn!: string;
  @Field({ description: '录入期限（检查后20个工作日）' }) @Column({ name: 'due_date', type: 'varchar', length: 10 }) dueDate!: string;
  @Field(() => ResultStateEnum) @Column({ type: 'varchar', length: 12 }) state!: ResultState;
  @Field(() => String, { nullable: true }) @Column({ name: 'return_reason', type: 'varchar', length: 500, nullable: true }) returnReason!: string | null;
  @Field() @Column({ name: 'entered_by', type: 'varchar', length: 100 }) enteredBy!: string;
  @Field(() => String, { nullable: true }) @Column({ name: 'reviewed_by', type: 'varchar', length: 100, nullable: true }) reviewedBy!: string | null;
  @Field() @Column({ name: 'created_at', type: 'datetime' }) createdAt!: Date;
  @Field() @Column({ name: 'updated_at', type: 'datetime' }) updatedAt!: Date;
}

/** What the public sees: masked, versioned; a correction is a new version with reason and approver. */
@ObjectType({ description: '公示的检查结果（一个版本）' })
@Entity({ name: 'published_result' })
export class PublishedResult {
  @Field(() => ID) @PrimaryGeneratedColumn({ type: 'integer' }) id!: number;
  @Field(() => ID) @Column({ name: 'result_id', type: 'integer' }) resultId!: number;
  @Field(() => Int) @Column({ type: 'integer' }) version!: number;
  @Field({ description: '是否为当前版本' }) @Column({ type: 'boolean' }) current!: boolean;
  @Field() @Column({ name: 'credit_code', type: 'varchar', length: 18 }) creditCode!: string;
  @Field() @Column({ name: 'entity_name', type: 'varchar', length: 200 }) entityName!: string;
  @Field() @Column({ type: 'varchar', length: 20 }) department!: string;
  @Field() @Column({ name: 'item_code', type: 'varchar', length: 40 }) itemCode!: string;
  @Field(() => [String], { description: '结果（公示用语）' }) @Column({ type: 'simple-json' }) categories!: string[];
  @Field({ description: '检查发现（已脱敏）' }) @Column({ type: 'text' }) findings!: string;
  @Field() @Column({ name: 'follow_up', type: 'varchar', length: 60 }) followUp!: string;
  @Field(() => [String], { description: '检查人员（姓名 + 执法证号）' }) @Column({ type: 'simple-json' }) inspectors!: string[];
  @Field() @Column({ name: 'inspected_on', type: 'varchar', length: 10 }) inspectedOn!: string;
  @Field(() => String, { nullable: true, description: '更正原因' }) @Column({ name: 'correction_reason', type: 'varchar', length: 500, nullable: true }) correctionReason!: string | null;
  @Field() @Column({ name: 'approved_by', type: 'varchar', length: 100 }) approvedBy!: string;
  @Field() @Column({ name: 'published_at', type: 'datetime' }) publishedAt!: Date;
}

@ObjectType({ description: '信用风险分类调整' })
@Entity({ name: 'credit_change' })
export class CreditChange {
  @Field(() => ID) @PrimaryGeneratedColumn({ type: 'integer' }) id!: number;
  @Field() @Column({ name: 'credit_code', type: 'varchar', length: 18 }) creditCode!: string;
  @Field() @Column({ name: 'from_class', type: 'varchar', length: 1 }) fromClass!: string;
  @Field() @Column({ name: 'to_class', type: 'varchar', length: 1 }) toClass!: string;
  @Field() @Column({ type: 'varchar', length: 500 }) reason!: string;
  @Field(() => ID) @Column({ name: 'task_id', type: 'integer' }) taskId!: number;
  @Field({ description: 'PROPOSED 待确认 / APPLIED 已调整 / REJECTED 未采纳' }) @Column({ type: 'varchar', length: 10 }) status!: string;
  @Field(() => String, { nullable: true }) @Column({ name: 'decided_by', type: 'varchar', length: 100, nullable: true }) decidedBy!: string | null;
  @Field() @Column({ name: 'created_at', type: 'datetime' }) createdAt!: Date;
}

/** Edits to the shipped holiday calendar (shared/data/holidays-cn.json); the file stays the default. */
@Entity({ name: 'calendar_override' })
export class CalendarOverride {
  @Column({ primary: true, type: 'varchar', length: 10 }) date!: string;
  /** HOLIDAY, WORKDAY, or NORMAL (back to the weekday/weekend rule). */
  @Column({ type: 'varchar', length: 10 }) kind!: string;
  @Column({ type: 'varchar', length: 50 }) name!: string;
}
