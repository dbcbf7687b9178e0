import { ArgsType, Field, InputType, Int, ObjectType } from 'type-graphql';
import { GENDERS, INSPECTOR_STATUSES, type Gender, type InspectorStatus } from '../../shared/domain';
import { checkDate, checkPhone, checkResidentId } from '../../shared/validation';
import { PageInfo } from './connection';
import { DepartmentArgs, DepartmentIdArgs, DepartmentPageArgs, PageArgs } from './department.args';
import { GenderEnum, InspectorStatusEnum } from './enums';
import { Inspector } from './inspector.entity';
import { check, oneOf, requireText, textList } from './department.validation';

@InputType({ description: '新增执法检查人员' })
export class InspectorInput {
  @Field() name!: string;
  @Field(() => GenderEnum) gender!: Gender;
  @Field() position!: string;
  @Field() certificateNumber!: string;
  @Field({ description: 'YYYY-MM-DD' }) certificateExpiry!: string;
  @Field() unit!: string;
  @Field() phone!: string;
  @Field(() => String, { nullable: true }) idNumber?: string | null;
  @Field(() => [String], { nullable: true }) expertise?: string[] | null;
}

@InputType({ description: '修改人员信息（状态请用 changeInspectorStatus）：只传要改的字段' })
export class InspectorUpdateInput {
  @Field({ nullable: true }) name?: string;
  @Field(() => GenderEnum, { nullable: true }) gender?: Gender;
  @Field({ nullable: true }) position?: string;
  @Field({ nullable: true }) certificateNumber?: string;
  @Field({ nullable: true }) certificateExpiry?: string;
  @Field({ nullable: true }) unit?: string;
  @Field({ nullable: true }) phone?: string;
  @Field(() => String, { nullable: true }) idNumber?: string | null;
  @Field(() => [String], { nullable: true }) expertise?: string[] | null;
}

@InputType()
export class InspectorFilter {
  @Field(() => InspectorStatusEnum, { nullable: true }) status?: InspectorStatus;
  @Field({ nullable: true, description: '具备该业务专长' }) expertise?: string;
  @Field({ nullable: true, description: '姓名或执法证号包含' }) search?: string;
}

@ObjectType()
export class InspectorEdge {
  @Field() cursor!: string;
  @Field(() => Inspector) node!: Inspector;
}

@ObjectType()
export class InspectorConnection {
  @Field(() => [InspectorEdge]) edges!: InspectorEdge[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
  @Field(() => Int) totalCount!: number;
}

export type InspectorValues = Required<Omit<InspectorInput, 'idNumber' | 'expertise'>> & {
  idNumber: string | null;
  expertise: string[];
};

export function validateInspector(input: InspectorInput): InspectorValues {
  const idNumber = input.idNumber == null || input.idNumber.trim() === '' ? null : input.idNumber.trim().toUpperCase();
  return {
    name: requireText('name', input.name, 50),
    gender: oneOf('gender', input.gender, GENDERS),
    position: requireText('position', input.position, 50),
    certificateNumber: requireText('certificateNumber', input.certificateNumber, 50),
    certificateExpiry: check('certificateExpiry', input.certificateExpiry, checkDate),
    unit: requireText('unit', input.unit, 100),
    phone: check('phone', (input.phone ?? '').trim(), checkPhone),
    idNumber: idNumber === null ? null : check('idNumber', idNumber, checkResidentId),
    expertise: textList('expertise', input.expertise, 20, 30),
  };
}

export const validStatus = (s: string) => oneOf('status', s, INSPECTOR_STATUSES);

@ArgsType()
export class InspectorsArgs extends DepartmentPageArgs {
  @Field(() => InspectorFilter, { nullable: true })
  filter?: InspectorFilter | null;
}

/** Department.inspectors: the department is the parent entity. */
@ArgsType()
export class InspectorsFieldArgs extends PageArgs {
  @Field(() => InspectorFilter, { nullable: true })
  filter?: InspectorFilter | null;
}

@ArgsType()
export class CreateInspectorArgs extends DepartmentArgs {
  @Field(() => InspectorInput)
  input!: InspectorInput;
}

@ArgsType()
export class UpdateInspectorArgs extends DepartmentIdArgs {
  @Field(() => InspectorUpdateInput)
  input!: InspectorUpdateInput;
}

@ArgsType()
export class ChangeInspectorStatusArgs extends DepartmentIdArgs {
  @Field(() => InspectorStatusEnum)
  status!: InspectorStatus;

  @Field({ description: '变更原因（必填）' })
  reason!: string;
}

@ArgsType()
export class InspectorConflictArgs extends DepartmentIdArgs {
  @Field({ description: '统一社会信用代码' })
  creditCode!: string;
}
