import { Args, Ctx, Mutation, Resolver } from 'type-graphql';
import type { DepartmentContext } from './context';
import { assertOwnDepartment } from './department.guards';
import { ApplyCreditClassesArgs, CreditClassApplied } from './credit-class.input';
import { applyCreditClasses } from './credit-class.service';

@Resolver()
export class CreditClassResolver {
  @Mutation(() => [CreditClassApplied], {
    description: '同步联合登记库中生效的信用风险分类调整到本部门名录库（仅联合抽查系统服务身份；按调整编号幂等，旧调整不覆盖新调整）',
  })
  applyCreditClasses(@Args(() => ApplyCreditClassesArgs) { department, changes }: ApplyCreditClassesArgs, @Ctx() ctx: DepartmentContext) {
    assertOwnDepartment(ctx, department);
    return applyCreditClasses(ctx, changes);
  }
}
