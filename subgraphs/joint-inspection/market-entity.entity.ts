import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { CreditClassEnum, EntityTypeEnum, IndustrySectionEnum, type CreditClass, type EntityType } from './enums';

/** Market-entity master data (public registration information), shared by every department. */
@Directive('@key(fields: "creditCode")')
@ObjectType({ description: '市场主体（检查对象）' })
@Entity({ name: 'market_entity' })
export class MarketEntity {
  /** Stable numeric sort key for cursors; never exposed. */
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Field(() => ID, { description: '统一社会信用代码' })
  @Column({ name: 'credit_code', type: 'varchar', length: 18, unique: true })
  creditCode!: string;

  @Field({ description: '名称' })
  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Field(() => EntityTypeEnum, { nullable: true })
  @Column({ name: 'entity_type', type: 'varchar', length: 20, nullable: true })
  entityType!: EntityType | null;

  @Field(() => IndustrySectionEnum, { nullable: true, description: '行业门类（GB/T 4754）' })
  @Column({ name: 'industry_section', type: 'varchar', length: 1, nullable: true })
  industrySection!: string | null;

  @Field(() => String, { nullable: true, description: '行政区划代码' })
  @Column({ name: 'region_code', type: 'varchar', length: 12, nullable: true })
  regionCode!: string | null;

  @Field(() => String, { nullable: true, description: '住所（经营场所）' })
  @Column({ type: 'varchar', length: 300, nullable: true })
  address!: string | null;

  @Field(() => String, { nullable: true, description: '法定代表人（负责人、经营者）' })
  @Column({ name: 'legal_representative', type: 'varchar', length: 50, nullable: true })
  legalRepresentative!: string | null;

  @Field(() => CreditClassEnum, { nullable: true, description: '信用风险分类' })
  @Column({ name: 'credit_class', type: 'varchar', length: 1, nullable: true })
  creditClass!: CreditClass | null;

  @Field({ description: '是否有投诉举报' })
  @Column({ name: 'has_complaints', type: 'boolean', default: false })
  hasComplaints!: boolean;

  @Field({ description: '是否列入经营异常名录' })
  @Column({ name: 'on_abnormal_list', type: 'boolean', default: false })
  onAbnormalList!: boolean;

  @Field({ description: '是否有严重违法失信记录' })
  @Column({ name: 'has_serious_violations', type: 'boolean', default: false })
  hasSeriousViolations!: boolean;

  @Column({ name: 'created_at', type: 'datetime' })
  createdAt!: Date;

  @Field({ description: '最后更新时间' })
  @Column({ name: 'updated_at', type: 'datetime' })
  updatedAt!: Date;
}
