import { ArgsType, Field, ID, InputType, ObjectType } from 'type-graphql';
import type { CreditClass } from '../../shared/domain';
import type { CreditSyncOutcome } from '../../shared/domain/credit-sync';
import { DepartmentArgs } from './department.args';
import { CreditClassEnum, CreditSyncOutcomeEnum } from './enums';

@InputType({ description: '联合登记库中生效的一次信用风险分类调整' })
export class CreditClassChangeInput {
  @Field(() => ID, { description: '联合登记库中的调整编号（按生效先后递增）' }) changeId!: string;
  @Field({ description: '统一社会信用代码' }) creditCode!: string;
  @Field(() => CreditClassEnum, { description: '调整后的信用风险分类' }) creditClass!: CreditClass;
}

@ObjectType({ description: '一次调整在本部门名录库中的处理结果' })
export class CreditClassApplied {
  @Field(() => ID) changeId!: string;
  @Field() creditCode!: string;
  @Field(() => CreditSyncOutcomeEnum) outcome!: CreditSyncOutcome;
  @Field(() => String, { nullable: true, description: '处理前名录库中的分类；不在名录库中为空' }) previousClass!: string | null;
}

@ArgsType()
export class ApplyCreditClassesArgs extends DepartmentArgs {
  @Field(() => [CreditClassChangeInput], { description: '每次最多500条' })
  changes!: CreditClassChangeInput[];
}
