import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { forbidden } from '../../shared/errors';
import { isJointOffice, isService } from '../../shared/identity';
import type { JointContext } from './context';
import { CreditChange, InspectionResult, PublishedResult } from './result.entity';
import { CalendarDayInput, DepartmentDeadlines, PublicResult, ResultCorrectionInput, ResultDeadline, ResultInput } from './result.inputs';
import { Task } from './task.entity';
import * as results from './result.service';

const office = (ctx: JointContext) => isJointOffice(ctx.identity) || isService(ctx.identity);

@Resolver(() => InspectionResult)
export class ResultResolver {
  @Mutation(() => InspectionResult, { description: '录入（或修改未提交的）检查结果' })
  enterResult(@Arg('input', () => ResultInput) input: ResultInput, @Ctx() ctx: JointContext) {
    return results.enterResult(ctx, input);
  }

  @Mutation(() => InspectionResult, { description: '提交审核' })
  submitResult(@Arg('id', () => ID) id: string, @Ctx() ctx: JointContext) {
    return results.submitResult(ctx, id);
  }

  @Mutation(() => InspectionResult, { description: '撤回已提交、尚未审核的结果（回到“已录入”，可修改后再提交）' })
  withdrawResult(@Arg('id', () => ID) id: string, @Ctx() ctx: JointContext) {
    return results.withdrawResult(ctx, id);
  }

  @Mutation(() => InspectionResult, { description: '审核：通过，或退回（须填理由）' })
  reviewResult(@Arg('id', () => ID) id: string, @Arg('approve') approve: boolean, @Arg('reason', () => String, { nullable: true }) reason: string | null, @Ctx() ctx: JointContext) {
    return results.reviewResult(ctx, id, approve, reason);
  }

  @Mutation(() => PublishedResult, { description: '公示（个人信息自动脱敏）' })
  publishResult(@Arg('id', () => ID) id: string, @Ctx() ctx: JointContext) {
    return results.publishResult(ctx, id);
  }

  @Mutation(() => PublishedResult, { description: '更正已公示结果：生成新版本，记录原因与批准人，历史保留' })
  correctPublishedResult(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => ResultCorrectionInput) input: ResultCorrectionInput,
    @Arg('reason') reason: string,
    @Ctx() ctx: JointContext,
  ) {
    return results.correctPublishedResult(ctx, id, input, reason);
  }

  @Query(() => [InspectionResult], { description: '检查结果（联席会议办公室看全部，部门看本部门）' })
  async results(@Arg('taskId', () => ID, { nullable: true }) taskId: string | null, @Ctx() ctx: JointContext) {
    if (!office(ctx) && !ctx.identity.department) throw forbidden('检查结果在公示前不对外公开');
    const where: Record<string, unknown> = taskId ? { taskId: Number(taskId) } : {};
    if (!office(ctx)) where.department = ctx.identity.department;
    return ctx.em.getRepository(InspectionResult).find({ where, order: { id: 'ASC' } });
  }

  @Query(() => [PublicResult], { description: '一公开：已公示的检查结果（按企业名称或统一社会信用代码搜索）' })
  publishedResults(@Arg('search', () => String, { nullable: true }) search: string | null, @Arg('first', () => Int, { nullable: true }) first: number | null, @Ctx() ctx: JointContext) {
    return results.publicResults(ctx, search, first ?? 50);
  }

  @Query(() => [ResultDeadline], { description: '结果录入期限：逾期与即将到期（检查后20个工作日）' })
  resultDeadlines(@Arg('department', () => String, { nullable: true }) department: string | null, @Ctx() ctx: JointContext) {
    return results.resultDeadlines(ctx, department);
  }

  @Query(() => [DepartmentDeadlines], { description: '各部门逾期与即将到期的结果数' })
  async deadlineSummary(@Ctx() ctx: JointContext) {
    const rows = await results.resultDeadlines(ctx, null);
    const by = new Map<string, DepartmentDeadlines>();
    for (const r of rows) {
      const s = by.get(r.department) ?? { department: r.department, overdue: 0, dueSoon: 0 };
      if (r.status === 'OVERDUE') s.overdue++;
      if (r.status === 'DUE_SOON') s.dueSoon++;
      by.set(r.department, s);
    }
    return [...by.values()].sort((a, b) => a.department.localeCompare(b.department));
  }

  @Query(() => [CreditChange], { description: '信用风险分类调整记录' })
  creditChanges(@Arg('creditCode', () => String, { nullable: true }) creditCode: string | null, @Ctx() ctx: JointContext) {
    if (ctx.identity.role === 'PUBLIC') throw forbidden('信用分类调整记录不对外公开');
    return ctx.em.getRepository(CreditChange).find({ where: creditCode ? { creditCode } : {}, order: { id: 'ASC' } });
  }

  @Mutation(() => CreditChange, { description: '确认或不采纳信用分类调整建议（联席会议办公室）' })
  decideCreditChange(@Arg('id', () => ID) id: string, @Arg('accept') accept: boolean, @Ctx() ctx: JointContext) {
    return results.decideCreditChange(ctx, id, accept);
  }

  @Mutation(() => Boolean, { description: '修改工作日历（放假 / 调休上班 / 恢复）' })
  setCalendarDay(@Arg('input', () => CalendarDayInput) input: CalendarDayInput, @Ctx() ctx: JointContext) {
    return results.setCalendarDay(ctx, input);
  }
}

@Resolver(() => Task)
export class TaskResultsResolver {
  @FieldResolver(() => [InspectionResult], { description: '该任务的检查结果（本部门或联席会议办公室可见）' })
  async results(@Root() task: Task, @Ctx() ctx: JointContext) {
    const rows = await ctx.loaders.resultsByTask.load(task.id);
    return office(ctx) ? rows : rows.filter((r) => r.department === ctx.identity.department);
  }
}
