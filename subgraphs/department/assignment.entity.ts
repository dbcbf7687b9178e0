import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { Inspector } from './inspector.entity';

/** One department's part of a joint task: the request as matched, kept so a retry returns it unchanged. */
@Entity('task_match')
export class TaskMatch {
  @PrimaryGeneratedColumn({ type: 'integer' }) id!: number;
  @Column({ type: 'varchar', length: 32 }) department!: string;
  @Column({ name: 'task_id', type: 'varchar', length: 40 }) taskId!: string;
  @Column({ name: 'round_id', type: 'varchar', length: 40 }) roundId!: string;
  @Column({ name: 'credit_code', type: 'varchar', length: 18 }) creditCode!: string;
  @Column({ name: 'visit_date', type: 'varchar', length: 10 }) visitDate!: string;
  @Column({ type: 'varchar', length: 200 }) seed!: string;
  @Column({ type: 'boolean' }) leader!: boolean;
  @Column({ name: 'item_codes', type: 'simple-json' }) itemCodes!: string[];
  @Column({ name: 'team_size', type: 'integer' }) teamSize!: number;
  @Column({ name: 'max_tasks_per_round', type: 'integer' }) maxTasksPerRound!: number;
  @Column({ name: 'exclude_previous', type: 'boolean' }) excludePrevious!: boolean;
  @Column({ type: 'varchar', length: 16 }) status!: 'MATCHED' | 'UNDERSTAFFED';
  @Column({ type: 'simple-json' }) problems!: string[];
  @Column({ name: 'algorithm_version', type: 'varchar', length: 40 }) algorithmVersion!: string;
  @Column({ name: 'created_at', type: 'datetime', precision: 3 }) createdAt!: Date;
  @Column({ name: 'updated_at', type: 'datetime', precision: 3 }) updatedAt!: Date;
}

/** An inspector on a task. Replaced rows stay (递补 history) with the reason and who replaced them. */
@ObjectType({ description: '执法检查人员选派记录' })
@Entity('assignment')
export class Assignment {
  @Field(() => ID) @PrimaryGeneratedColumn({ type: 'integer' }) id!: number;
  @Field() @Column({ type: 'varchar', length: 32 }) department!: string;
  @Field(() => ID, { description: '联合检查任务编号' }) @Column({ name: 'task_id', type: 'varchar', length: 40 }) taskId!: string;
  @Field(() => ID) @Column({ name: 'round_id', type: 'varchar', length: 40 }) roundId!: string;
  @Field() @Column({ name: 'credit_code', type: 'varchar', length: 18 }) creditCode!: string;
  @Column({ name: 'inspector_id', type: 'integer' }) inspectorId!: number;
  @Field({ description: 'LEADER 组长 / MEMBER 组员' }) @Column({ type: 'varchar', length: 8 }) role!: 'LEADER' | 'MEMBER';
  @Field({ description: 'ACTIVE 在岗 / REPLACED 已递补' }) @Column({ type: 'varchar', length: 10 }) status!: 'ACTIVE' | 'REPLACED';
  @Field(() => Int, { description: '在种子顺序中的位置（从0起）' }) @Column({ type: 'integer' }) position!: number;
  @Field(() => String, { nullable: true, description: '退出原因（递补时必填）' }) @Column({ type: 'varchar', length: 500, nullable: true }) reason!: string | null;
  @Field(() => ID, { nullable: true, description: '递补者的选派记录' }) @Column({ name: 'replaced_by', type: 'integer', nullable: true }) replacedBy!: number | null;
  @Field() @Column({ name: 'created_at', type: 'datetime', precision: 3 }) createdAt!: Date;
  @Field() @Column({ name: 'updated_at', type: 'datetime', precision: 3 }) updatedAt!: Date;

  // Filled by the resolver through the inspector loader.
  inspector?: Inspector;
}
