import { Args, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { DepartmentContext } from './context';
import { assertOwnDepartment } from './department.guards';
import { Assignment } from './assignment.entity';
import { AssignmentsArgs, MatchInspectorsArgs, MatchResult, ReplaceInspectorArgs, TaskArgs, validateMatch } from './assignment.input';
import * as matching from './assignment.service';
import { Inspector } from './inspector.entity';

@Resolver(() => Assignment)
export class AssignmentResolver {
  @Mutation(() => MatchResult, { description: '按轮次种子随机选派本部门执法人员（按任务幂等：重复调用返回首次结果）' })
  matchInspectors(@Args(() => MatchInspectorsArgs) { department, input }: MatchInspectorsArgs, @Ctx() ctx: DepartmentContext) {
    assertOwnDepartment(ctx, department);
    return matching.matchInspectors(ctx, validateMatch(input));
  }

  @Mutation(() => MatchResult, { description: '递补：退出人员留痕，按同一种子顺序由下一位符合条件的人员替补' })
  replaceInspector(@Args(() => ReplaceInspectorArgs) { department, taskId, inspectorId, reason }: ReplaceInspectorArgs, @Ctx() ctx: DepartmentContext) {
    assertOwnDepartment(ctx, department);
    return matching.replaceInspector(ctx, taskId, inspectorId, reason);
  }

  @Query(() => MatchResult, { nullable: true, description: '某任务的本部门选派结果' })
  taskMatch(@Args(() => TaskArgs) { department, taskId }: TaskArgs, @Ctx() ctx: DepartmentContext) {
    assertOwnDepartment(ctx, department);
    return matching.getMatch(ctx, taskId);
  }

  @Query(() => [Assignment], { description: '选派记录（按任务、轮次或人员）' })
  assignments(@Args(() => AssignmentsArgs) { department, ...filter }: AssignmentsArgs, @Ctx() ctx: DepartmentContext) {
    assertOwnDepartment(ctx, department);
    return matching.listAssignments(ctx, filter);
  }

  @FieldResolver(() => Inspector, { nullable: true })
  inspector(@Root() a: Assignment, @Ctx() ctx: DepartmentContext) {
    return ctx.loaders.inspectorById.load(a.inspectorId);
  }
}
