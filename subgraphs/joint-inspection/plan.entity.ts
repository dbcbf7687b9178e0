import { Field, Float, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { CreditClassEnum, type CreditClass } from './enums';

export const PLAN_STATES = ['DRAFT', 'SUBMITTED', 'APPROVED', 'RETURNED', 'DRAWN', 'CLOSED'] as const;
export type PlanState = (typeof PLAN_STATES)[number];
export const PlanStateEnum = Object.fromEntries(PLAN_STATES.map((s) => [s, s])) as { [K in PlanState]: K };
registerEnumType(PlanStateEnum, { name: 'PlanState', description: '计划状态：草稿 / 已提交 / 已批准 / 已退回 / 已抽取 / 已结束' });

export const PLAN_KINDS = ['DEPARTMENT', 'JOINT'] as const;
export type PlanKind = (typeof PLAN_KINDS)[number];
export const PlanKindEnum = { DEPARTMENT: 'DEPARTMENT', JOINT: 'JOINT' } as const;
registerEnumType(PlanKindEnum, { name: 'PlanKind', description: '部门计划 / 联合抽查计划' });

export const PlanCategoryEnum = { KEY: 'KEY', GENERAL: 'GENERAL' } as const;
registerEnumType(PlanCategoryEnum, { name: 'PlanCategory', description: '重点 / 一般' });

@ObjectType({ description: '计划中的一项抽查事项（部门 + 事项编号）' })
@InputType('PlanItemInput')
export class PlanItem {
  @Field({ description: '部门代码' }) department!: string;
  @Field({ description: '事项编号（须为该部门已公布的清单事项）' }) code!: string;
}

@ObjectType({ description: '抽查范围（对名录库的筛选）' })
@InputType('PlanScopeInput')
export class PlanScope {
  @Field(() => [String], { nullable: true, description: '行业门类' }) industrySections?: string[] | null;
  @Field(() => [String], { nullable: true, description: '行政区划代码前缀' }) regionCodes?: string[] | null;
  @Field(() => [CreditClassEnum], { nullable: true }) creditClasses?: CreditClass[] | null;
  @Field(() => [String], { nullable: true }) tags?: string[] | null;
}

@ObjectType({ description: '按信用风险分类的抽查比例（0–1）' })
@InputType('PlanRatiosInput')
export class PlanRatios {
  @Field(() => Float, { nullable: true }) A?: number | null;
  @Field(() => Float, { nullable: true }) B?: number | null;
  @Field(() => Float, { nullable: true }) C?: number | null;
  @Field(() => Float, { nullable: true }) D?: number | null;
}

/** 抽查计划: a department's own, or a joint plan led by one department with participants. */
@ObjectType({ description: '抽查计划' })
@Entity({ name: 'plan' })
export class Plan {
  @Field(() => ID)
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Field(() => PlanKindEnum)
  @Column({ type: 'varchar', length: 12 })
  kind!: PlanKind;

  @Field({ description: '计划部门；联合计划为牵头部门' })
  @Column({ type: 'varchar', length: 20 })
  department!: string;

  @Field(() => [String], { description: '参与部门（含牵头部门）' })
  @Column({ type: 'simple-json' })
  participants!: string[];

  @Field()
  @Column({ type: 'varchar', length: 200 })
  title!: string;

  @Field()
  @Column({ type: 'integer' })
  year!: number;

  @Field({ description: '检查时间窗口开始 YYYY-MM-DD' })
  @Column({ name: 'window_start', type: 'varchar', length: 10 })
  windowStart!: string;

  @Field({ description: '检查时间窗口结束 YYYY-MM-DD' })
  @Column({ name: 'window_end', type: 'varchar', length: 10 })
  windowEnd!: string;

  @Field(() => [PlanItem])
  @Column({ type: 'simple-json' })
  items!: PlanItem[];

  @Field(() => PlanScope)
  @Column({ type: 'simple-json' })
  scope!: PlanScope;

  @Field(() => PlanRatios)
  @Column({ type: 'simple-json' })
  ratios!: PlanRatios;

  @Field(() => PlanCategoryEnum)
  @Column({ type: 'varchar', length: 8 })
  category!: 'KEY' | 'GENERAL';

  @Field(() => PlanStateEnum)
  @Column({ type: 'varchar', length: 12 })
  state!: PlanState;

  @Field(() => String, { nullable: true, description: '退回原因' })
  @Column({ name: 'return_reason', type: 'varchar', length: 500, nullable: true })
  returnReason!: string | null;

  @Field()
  @Column({ name: 'created_by', type: 'varchar', length: 100 })
  createdBy!: string;

  @Field(() => String, { nullable: true })
  @Column({ name: 'reviewed_by', type: 'varchar', length: 100, nullable: true })
  reviewedBy!: string | null;

  @Field()
  @Column({ name: 'created_at', type: 'datetime' })
  createdAt!: Date;

  @Field()
  @Column({ name: 'updated_at', type: 'datetime' })
  updatedAt!: Date;
}
