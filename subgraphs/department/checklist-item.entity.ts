import { Directive, Field, Float, ID, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { InspectionMethod, ItemCategory, ItemStatus } from '../../shared/domain';
import { InspectionMethodEnum, ItemCategoryEnum, ItemStatusEnum } from './enums';

/** 随机抽查事项清单: one item of what the department may inspect. */
@Directive('@key(fields: "department id")')
@ObjectType({ description: '随机抽查事项' })
@Entity('checklist_item')
export class ChecklistItem {
  @Field(() => ID)
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Field({ description: '部门代码' })
  @Column({ type: 'varchar', length: 32 })
  department!: string;

  @Field({ description: '事项编号，部门内唯一' })
  @Column({ type: 'varchar', length: 32 })
  code!: string;

  @Field()
  @Column({ type: 'varchar', length: 100 })
  name!: string;

  @Field(() => ItemCategoryEnum)
  @Column({ type: 'varchar', length: 16 })
  category!: ItemCategory;

  @Field({ description: '抽查依据' })
  @Column({ name: 'legal_basis', type: 'varchar', length: 500 })
  legalBasis!: string;

  @Field({ description: '抽查对象类型' })
  @Column({ name: 'target_type', type: 'varchar', length: 100 })
  targetType!: string;

  @Field({ description: '抽查内容' })
  @Column({ type: 'text' })
  content!: string;

  @Field(() => InspectionMethodEnum)
  @Column({ type: 'varchar', length: 16 })
  method!: InspectionMethod;

  @Field(() => Float)
  @Column({ name: 'min_ratio', type: 'double' })
  minRatio!: number;

  @Field(() => Float)
  @Column({ name: 'max_ratio', type: 'double' })
  maxRatio!: number;

  @Field({ description: '抽查频次，如“每年不少于1次”' })
  @Column({ type: 'varchar', length: 100 })
  frequency!: string;

  @Field(() => ItemStatusEnum)
  @Column({ type: 'varchar', length: 16 })
  status!: ItemStatus;

  @Field()
  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt!: Date;

  @Field()
  @Column({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt!: Date;

  @Field(() => Date, { nullable: true })
  @Column({ name: 'published_at', type: 'datetime', precision: 3, nullable: true })
  publishedAt!: Date | null;
}
