import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** 检查对象名录库 membership, with the department's own snapshot of the entity's attributes. */
@Directive('@key(fields: "department id")')
@ObjectType({ description: '检查对象名录库条目' })
@Entity('pool_entry')
export class PoolEntry {
  @Field(() => ID)
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Field()
  @Column({ type: 'varchar', length: 32 })
  department!: string;

  @Field({ description: '统一社会信用代码' })
  @Column({ name: 'credit_code', type: 'varchar', length: 18 })
  creditCode!: string;

  @Field()
  @Column({ type: 'varchar', length: 100 })
  name!: string;

  @Field({ description: '国民经济行业门类 A–T' })
  @Column({ name: 'industry_section', type: 'varchar', length: 1 })
  industrySection!: string;

  @Field({ description: '行政区划代码（6–12位）' })
  @Column({ name: 'region_code', type: 'varchar', length: 12 })
  regionCode!: string;

  @Field({ description: '信用风险分类 A–D' })
  @Column({ name: 'credit_class', type: 'varchar', length: 1 })
  creditClass!: string;

  @Field(() => [String])
  @Column({ name: 'licence_numbers', type: 'simple-json' })
  licenceNumbers!: string[];

  @Field(() => String, { nullable: true })
  @Column({ name: 'risk_notes', type: 'text', nullable: true })
  riskNotes!: string | null;

  @Field(() => [String])
  @Column({ type: 'simple-json' })
  tags!: string[];

  @Field()
  @Column({ name: 'added_at', type: 'datetime', precision: 3 })
  addedAt!: Date;

  @Column({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt!: Date;
}
