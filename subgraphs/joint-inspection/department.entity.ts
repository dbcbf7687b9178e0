import { Directive, Field, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { DepartmentRoleEnum, type DepartmentRole } from './enums';

/**
 * A member of the joint meeting. The `department` subgraph contributes checklist, pool, inspectors and
 * summary to this type; only the registry fields live here.
 */
@Directive('@key(fields: "code")')
@ObjectType({ description: '联席会议成员单位（执法检查部门）' })
@Entity({ name: 'department' })
export class Department {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Field({ description: '部门代码，如 SAMR' })
  @Column({ type: 'varchar', length: 20, unique: true })
  code!: string;

  @Field({ description: '部门名称' })
  @Column({ type: 'varchar', length: 100 })
  name!: string;

  @Field(() => DepartmentRoleEnum)
  @Column({ type: 'varchar', length: 16 })
  role!: DepartmentRole;

  @Field(() => String, { nullable: true, description: '联络人' })
  @Column({ name: 'contact_name', type: 'varchar', length: 50, nullable: true })
  contactName!: string | null;

  // Resolved (and masked) by DepartmentResolver.contactPhone.
  @Field(() => String, { nullable: true, description: '联系电话（非本部门、联席办或服务身份时脱敏）' })
  @Column({ name: 'contact_phone', type: 'varchar', length: 30, nullable: true })
  contactPhone!: string | null;

  @Field({ description: '是否仍为成员单位' })
  @Column({ type: 'boolean', default: true })
  active!: boolean;

  /** Registration order: `departments` lists members as the joint office registered them. */
  @Column({ name: 'sort_order', type: 'integer' })
  sortOrder!: number;

  @Column({ name: 'created_at', type: 'datetime' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'datetime' })
  updatedAt!: Date;
}
