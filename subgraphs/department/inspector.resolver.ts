import { Args, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { maskPhone, maskResidentId } from '../../shared/validation';
import type { DepartmentContext } from './context';
import { assertOwnDepartment, seesPersonalData } from './department.guards';
import { DepartmentIdArgs } from './department.args';
import { Inspector, InspectorStatusChange } from './inspector.entity';
import {
  ChangeInspectorStatusArgs,
  CreateInspectorArgs,
  InspectorConflictArgs,
  InspectorConnection,
  InspectorsArgs,
  UpdateInspectorArgs,
} from './inspector.input';
import * as inspectors from './inspector.service';

@Resolver(() => Inspector)
export class InspectorResolver {
  @Query(() => InspectorConnection, { description: '执法检查人员名录库' })
  inspectors(@Args(() => InspectorsArgs) { department, first, after, filter }: InspectorsArgs, @Ctx() ctx: DepartmentContext) {
    assertOwnDepartment(ctx, department);
    return inspectors.listInspectors(ctx, first, after, filter);
  }

  @Query(() => Inspector, { nullable: true })
  inspector(@Args(() => DepartmentIdArgs) { department, id }: DepartmentIdArgs, @Ctx() ctx: DepartmentContext) {
    assertOwnDepartment(ctx, department);
    return inspectors.getInspector(ctx, id);
  }

  @Mutation(() => Inspector, { description: '人员入库（状态 ACTIVE，写入第一条状态记录）' })
  createInspector(@Args(() => CreateInspectorArgs) { department, input }: CreateInspectorArgs, @Ctx() ctx: DepartmentContext) {
    assertOwnDepartment(ctx, department);
    return inspectors.createInspector(ctx, input);
  }

  @Mutation(() => Inspector, { description: '修改人员信息（状态请用 changeInspectorStatus）' })
  updateInspector(@Args(() => UpdateInspectorArgs) { department, id, input }: UpdateInspectorArgs, @Ctx() ctx: DepartmentContext) {
    assertOwnDepartment(ctx, department);
    return inspectors.updateInspector(ctx, id, input);
  }

  @Mutation(() => Inspector, { description: '出入库动态管理：变更人员状态并留痕（部门管理员）' })
  changeInspectorStatus(
    @Args(() => ChangeInspectorStatusArgs) { department, id, status, reason }: ChangeInspectorStatusArgs,
    @Ctx() ctx: DepartmentContext,
  ) {
    assertOwnDepartment(ctx, department);
    return inspectors.changeInspectorStatus(ctx, id, status, reason);
  }

  @Mutation(() => Inspector, { description: '申报利害关系（回避）' })
  declareConflict(@Args(() => InspectorConflictArgs) { department, id, creditCode }: InspectorConflictArgs, @Ctx() ctx: DepartmentContext) {
    assertOwnDepartment(ctx, department);
    return inspectors.declareConflict(ctx, id, creditCode);
  }

  @Mutation(() => Inspector, { description: '撤销利害关系申报' })
  removeConflict(@Args(() => InspectorConflictArgs) { department, id, creditCode }: InspectorConflictArgs, @Ctx() ctx: DepartmentContext) {
    assertOwnDepartment(ctx, department);
    return inspectors.removeConflict(ctx, id, creditCode);
  }

  // Personal data: in full only for the department's own staff/admin and services.
  @FieldResolver(() => String)
  phone(@Root() inspector: Inspector, @Ctx() ctx: DepartmentContext): string {
    return seesPersonalData(ctx.identity, inspector.department) ? inspector.phone : maskPhone(inspector.phone);
  }

  @FieldResolver(() => String, { nullable: true, description: '身份证号码' })
  idNumber(@Root() inspector: Inspector, @Ctx() ctx: DepartmentContext): string | null {
    if (!inspector.idNumber) return null;
    return seesPersonalData(ctx.identity, inspector.department) ? inspector.idNumber : maskResidentId(inspector.idNumber);
  }

  @FieldResolver(() => [InspectorStatusChange])
  statusHistory(@Root() inspector: Inspector, @Ctx() ctx: DepartmentContext) {
    return ctx.loaders.statusHistoryByInspector.load(inspector.id);
  }

  @FieldResolver(() => [String], { description: '申报存在利害关系的统一社会信用代码' })
  async conflicts(@Root() inspector: Inspector, @Ctx() ctx: DepartmentContext): Promise<string[]> {
    return (await ctx.loaders.conflictsByInspector.load(inspector.id)).map((c) => c.creditCode);
  }
}
