import { Field, InputType } from 'type-graphql';
import { badInput } from '../../shared/errors';
import { checkPhone } from '../../shared/validation';
import { DepartmentRoleEnum, type DepartmentRole } from './enums';

@InputType({ description: '登记成员单位' })
export class RegisterDepartmentInput {
  @Field({ description: '部门代码：大写字母、数字或下划线，2–20位' })
  code!: string;

  @Field()
  name!: string;

  @Field(() => DepartmentRoleEnum, { defaultValue: 'MEMBER' })
  role!: DepartmentRole;

  @Field(() => String, { nullable: true })
  contactName?: string | null;

  @Field(() => String, { nullable: true })
  contactPhone?: string | null;

  @Field({ defaultValue: true })
  active!: boolean;
}

@InputType({ description: '修改成员单位；省略的字段不变，可空字段传 null 表示清除。部门代码是主键，不可修改' })
export class UpdateDepartmentInput {
  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => DepartmentRoleEnum, { nullable: true })
  role?: DepartmentRole | null;

  @Field(() => String, { nullable: true })
  contactName?: string | null;

  @Field(() => String, { nullable: true })
  contactPhone?: string | null;

  @Field(() => Boolean, { nullable: true })
  active?: boolean | null;
}

const CODE = /^[A-Z0-9_]{2,20}$/;

export function checkDepartmentCode(code: string): void {
  if (!CODE.test(code)) throw badInput('部门代码', '应为2–20位大写字母、数字或下划线');
}

/** Trims and validates; returns only the fields that were given, ready to assign to the entity. */
export function cleanDepartmentFields(input: UpdateDepartmentInput) {
  const out: { name?: string; role?: DepartmentRole; contactName?: string | null; contactPhone?: string | null; active?: boolean } = {};
  if (input.name !== undefined) {
    const name = input.name?.trim();
    if (!name) throw badInput('部门名称', '不能为空');
    if (name.length > 100) throw badInput('部门名称', '不能超过100个字符');
    out.name = name;
  }
  if (input.role !== undefined) {
    if (input.role === null) throw badInput('联席会议角色', '不能为空');
    out.role = input.role;
  }
  if (input.contactName !== undefined) {
    const v = input.contactName?.trim() || null;
    if (v && v.length > 50) throw badInput('联络人', '不能超过50个字符');
    out.contactName = v;
  }
  if (input.contactPhone !== undefined) {
    const v = input.contactPhone?.trim() || null;
    const reason = v === null ? null : checkPhone(v);
    if (reason) throw badInput('联系电话', reason);
    out.contactPhone = v;
  }
  if (input.active !== undefined) {
    if (input.active === null) throw badInput('是否成员单位', '不能为空');
    out.active = input.active;
  }
  return out;
}
