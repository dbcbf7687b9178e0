import { Arg, Ctx, Field, FieldResolver, ID, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { JointContext } from './context';
import { Task } from './task.entity';
import { TaskDispatch } from './result.entity';
import * as dispatch from './dispatch.service';
import { forbidden, hubError } from '../../shared/errors';
import { mustFindRound } from './round.service';
import { jointFormData } from './form.service';
import { renderJointForm } from './form.render';
import { findCjkFont, renderJointFormPdf } from './form.pdf';
import { MyTaskConnection, myTasks } from './my-tasks';

@ObjectType({ description: '某部门在本轮的派发情况' })
class DepartmentDispatch {
  @Field() department!: string;
  @Field(() => Int, { description: '已匹配' }) matched!: number;
  @Field(() => Int, { description: '人员不足（已标注原因）' }) understaffed!: number;
  @Field(() => Int, { description: '待派（部门未响应，可再次派发）' }) pending!: number;
}

@Resolver(() => Task)
export class DispatchResolver {
  @Mutation(() => [DepartmentDispatch], { description: '派发本轮任务：各部门随机匹配执法检查人员；可重复调用，只补未完成的部分' })
  dispatchRound(@Arg('roundId', () => ID) roundId: string, @Ctx() ctx: JointContext) {
    return dispatch.dispatchRound(ctx, roundId);
  }

  @Mutation(() => TaskDispatch, { description: '递补：人员退出（须填原因），由该部门按同一种子顺序的下一位符合条件者替补' })
  replaceTaskInspector(
    @Arg('taskId', () => ID) taskId: string,
    @Arg('department') department: string,
    @Arg('inspectorId', () => ID) inspectorId: string,
    @Arg('reason') reason: string,
    @Ctx() ctx: JointContext,
  ) {
    return dispatch.replaceTaskInspector(ctx, taskId, department, inspectorId, reason);
  }

  @Query(() => MyTaskConnection, { description: '我的任务：执法检查人员本人被选派（在岗）的检查任务，新任务在前' })
  myTasks(
    @Arg('first', () => Int, { nullable: true }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: JointContext,
  ) {
    return myTasks(ctx, first, after);
  }

  @Query(() => [DepartmentDispatch], { description: '各部门派发状态' })
  async dispatchStatus(@Arg('roundId', () => ID) roundId: string, @Ctx() ctx: JointContext) {
    if (ctx.identity.role === 'PUBLIC') throw forbidden('派发情况不对外公开');
    return dispatch.dispatchSummary(ctx, (await mustFindRound(ctx.em, roundId)).id);
  }

  @Query(() => String, { description: '一企一表（A4 可打印 HTML）；网页可直接打开 /forms/task/<id>' })
  async jointFormHtml(@Arg('taskId', () => ID) taskId: string, @Ctx() ctx: JointContext) {
    return renderJointForm(await jointFormData(ctx, taskId));
  }

  @Query(() => String, { description: '一企一表 PDF（base64）；网页可直接下载 /forms/task/<id>.pdf。服务器需有中文字体（fonts-wqy-microhei 或 CJK_FONT）' })
  async jointFormPdf(@Arg('taskId', () => ID) taskId: string, @Ctx() ctx: JointContext) {
    const data = await jointFormData(ctx, taskId);
    const font = findCjkFont();
    if (!font) throw hubError('FEATURE_UNAVAILABLE', '服务器未安装中文字体（fonts-wqy-microhei 或 fonts-noto-cjk，或用 CJK_FONT 指定），无法生成 PDF；请打开网页版一企一表，用浏览器“打印 → 另存为 PDF”');
    return (await renderJointFormPdf(data, font)).toString('base64');
  }

  @FieldResolver(() => [TaskDispatch], { description: '各部门派发状态与匹配的执法检查人员' })
  dispatch(@Root() task: Task, @Ctx() ctx: JointContext) {
    return ctx.loaders.dispatchByTask.load(task.id);
  }
}
