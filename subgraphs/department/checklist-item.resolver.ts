import { Args, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { DepartmentContext } from './context';
import { DepartmentIdArgs } from './department.args';
import { ChecklistItem } from './checklist-item.entity';
import { ChecklistArgs, CreateChecklistItemArgs, UpdateChecklistItemArgs } from './checklist-item.input';
import * as items from './checklist-item.service';
import { assertOwnDepartment } from './department.guards';

// Every root field takes `department` first: the gateway routes on it, and we refuse what is not ours.
@Resolver(() => ChecklistItem)
export class ChecklistItemResolver {
  @Query(() => [ChecklistItem], { description: '随机抽查事项清单（未登录只能看到已公布的事项）' })
  checklist(@Args(() => ChecklistArgs) { department, status }: ChecklistArgs, @Ctx() ctx: DepartmentContext) {
    assertOwnDepartment(ctx, department);
    return items.listChecklist(ctx, status);
  }

  @Query(() => ChecklistItem, { nullable: true })
  checklistItem(@Args(() => DepartmentIdArgs) { department, id }: DepartmentIdArgs, @Ctx() ctx: DepartmentContext) {
    assertOwnDepartment(ctx, department);
    return items.getChecklistItem(ctx, id);
  }

  @Mutation(() => ChecklistItem, { description: '新建事项（草稿）' })
  createChecklistItem(@Args(() => CreateChecklistItemArgs) { department, input }: CreateChecklistItemArgs, @Ctx() ctx: DepartmentContext) {
    assertOwnDepartment(ctx, department);
    return items.createChecklistItem(ctx, input);
  }

  @Mutation(() => ChecklistItem, { description: '修改草稿事项（已公布的事项不可修改）' })
  updateChecklistItem(@Args(() => UpdateChecklistItemArgs) { department, id, input }: UpdateChecklistItemArgs, @Ctx() ctx: DepartmentContext) {
    assertOwnDepartment(ctx, department);
    return items.updateChecklistItem(ctx, id, input);
  }

  @Mutation(() => ChecklistItem, { description: '公布事项（部门管理员）' })
  publishChecklistItem(@Args(() => DepartmentIdArgs) { department, id }: DepartmentIdArgs, @Ctx() ctx: DepartmentContext) {
    assertOwnDepartment(ctx, department);
    return items.publishChecklistItem(ctx, id);
  }

  @Mutation(() => ChecklistItem, { description: '停用已公布的事项（部门管理员）' })
  retireChecklistItem(@Args(() => DepartmentIdArgs) { department, id }: DepartmentIdArgs, @Ctx() ctx: DepartmentContext) {
    assertOwnDepartment(ctx, department);
    return items.retireChecklistItem(ctx, id);
  }

  @Mutation(() => Boolean, { description: '删除草稿事项' })
  deleteChecklistItem(@Args(() => DepartmentIdArgs) { department, id }: DepartmentIdArgs, @Ctx() ctx: DepartmentContext) {
    assertOwnDepartment(ctx, department);
    return items.deleteChecklistItem(ctx, id);
  }
}
