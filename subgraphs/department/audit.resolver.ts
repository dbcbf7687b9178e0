import { Args, Ctx, Query, Resolver } from 'type-graphql';
import { AuditHeadType } from '../../shared/audit-head.type';
import type { DepartmentContext } from './context';
import { DepartmentArgs } from './department.args';
import { departmentAuditHead } from './department.audit';
import { assertOwnDepartment } from './department.guards';

@Resolver()
export class DepartmentAuditResolver {
  @Query(() => AuditHeadType, {
    description: '本部门审计链头（公开）：事项清单、名录库、执法检查人员、导入与选派的每次变更都记在链上；任何人可记下，日后用 npm run verify-audit -- --department 部门代码 --head 条数:哈希 核对',
  })
  departmentAuditHead(@Args(() => DepartmentArgs) { department }: DepartmentArgs, @Ctx() ctx: DepartmentContext) {
    assertOwnDepartment(ctx, department);
    return departmentAuditHead(ctx.em, department);
  }
}
