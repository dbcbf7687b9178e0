import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { JointContext } from './context';
import { Plan } from './plan.entity';
import { PlanFilter, PlanInput, PlanReview } from './plan.inputs';
import * as plans from './plan.service';
import { forbidden } from '../../shared/errors';
import { isJointOffice, isService } from '../../shared/identity';
import { getRules, saveRules, SupervisionRules, SupervisionRulesInput, validateRules } from './rules';
import { serialTransaction } from './joint.tx';
import { appendAudit } from './audit.service';
import { ChecklistCoverage, checklistCoverage } from './coverage';

@Resolver(() => Plan)
export class PlanResolver {
  @Query(() => [Plan], { description: '抽查计划（联席会议办公室看全部；部门看本部门参与的；公众看已批准的）' })
  plans(@Arg('filter', () => PlanFilter, { nullable: true }) filter: PlanFilter | null, @Ctx() ctx: JointContext) {
    return plans.listPlans(ctx, filter);
  }

  @Query(() => Plan, { nullable: true })
  plan(@Arg('id', () => ID) id: string, @Ctx() ctx: JointContext) {
    return plans.mustFindPlan(ctx, id).catch(() => null);
  }

  @Query(() => PlanReview, { description: '自动审查：清单合法性、比例上限、频次上限、安静期、跨部门范围重叠' })
  async planReview(@Arg('id', () => ID) id: string, @Ctx() ctx: JointContext) {
    const plan = await plans.mustFindPlan(ctx, id);
    // The review fans out to every department and names other departments' plans: the office and the plan's own departments only.
    const mine = !!ctx.identity.department && plan.participants.includes(ctx.identity.department);
    if (!isJointOffice(ctx.identity) && !isService(ctx.identity) && !mine) throw forbidden('只有联席会议办公室和参与部门可以查看计划审查');
    return plans.runReview(ctx, plan);
  }

  @Mutation(() => Plan, { description: '新建计划（草稿）' })
  createPlan(@Arg('input', () => PlanInput) input: PlanInput, @Ctx() ctx: JointContext) {
    return plans.createPlan(ctx, input);
  }

  @Mutation(() => Plan, { description: '修改草稿或已退回的计划' })
  updatePlan(@Arg('id', () => ID) id: string, @Arg('input', () => PlanInput) input: PlanInput, @Ctx() ctx: JointContext) {
    return plans.updatePlan(ctx, id, input);
  }

  @Mutation(() => Boolean, { description: '删除草稿（未提交的计划）' })
  deletePlan(@Arg('id', () => ID) id: string, @Ctx() ctx: JointContext) {
    return plans.deletePlan(ctx, id);
  }

  @Mutation(() => Plan, { description: '提交联席会议办公室审查' })
  submitPlan(@Arg('id', () => ID) id: string, @Ctx() ctx: JointContext) {
    return plans.submitPlan(ctx, id);
  }

  @Mutation(() => Plan, { description: '批准（有阻断性审查发现时报 CONFLICT）' })
  approvePlan(@Arg('id', () => ID) id: string, @Ctx() ctx: JointContext) {
    return plans.approvePlan(ctx, id);
  }

  @Mutation(() => Plan, { description: '退回（必须填写理由）' })
  returnPlan(@Arg('id', () => ID) id: string, @Arg('reason') reason: string, @Ctx() ctx: JointContext) {
    return plans.returnPlan(ctx, id, reason);
  }

  @Mutation(() => Plan, { description: '结束已抽取的计划' })
  closePlan(@Arg('id', () => ID) id: string, @Ctx() ctx: JointContext) {
    return plans.closePlan(ctx, id);
  }

  @Query(() => ChecklistCoverage, { description: '清单覆盖：本年度没有计划的已公布事项（联席会议办公室）' })
  checklistCoverage(@Arg('year', () => Int) year: number, @Ctx() ctx: JointContext) {
    if (!isJointOffice(ctx.identity) && !isService(ctx.identity)) throw forbidden('清单覆盖情况仅供联席会议办公室查看');
    return checklistCoverage(ctx, year);
  }

  @Query(() => SupervisionRules, { description: '频次上限与安静期规则' })
  supervisionRules(@Ctx() ctx: JointContext) {
    return getRules(ctx.em);
  }

  @Mutation(() => SupervisionRules, { description: '修改频次上限与安静期规则（联席会议办公室）' })
  async updateSupervisionRules(@Arg('input', () => SupervisionRulesInput) input: SupervisionRulesInput, @Ctx() ctx: JointContext) {
    if (!isJointOffice(ctx.identity) && !isService(ctx.identity)) throw forbidden('只有联席会议办公室可以修改抽查规则');
    const next = validateRules(await getRules(ctx.em), input);
    await serialTransaction(ctx.em, async (tx) => {
      await saveRules(tx, next);
      await appendAudit(tx, ctx.identity.sub, 'RULES_UPDATED', 'rules', next);
    });
    return next;
  }

}
