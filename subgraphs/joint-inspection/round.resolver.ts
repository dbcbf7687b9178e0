import { Arg, Ctx, Field, FieldResolver, Float, ID, InputType, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { EXCLUSION_REASONS, type Exclusion, type ExclusionReason } from '../../shared/domain/draw';
import { ExclusionReasonEnum } from './enums';
import { In } from 'typeorm';
import { forbidden } from '../../shared/errors';
import { isJointOffice, isService } from '../../shared/identity';
import type { JointContext } from './context';
import { Draw, DrawModeEnum, DrawRound, PoolSnapshot, SeedSourceEnum, type DrawModeName, type SeedSource } from './draw.entity';
import { Plan } from './plan.entity';
import { Task, TaskStatusEnum, type TaskStatus } from './task.entity';
import { MarketEntity } from './market-entity.entity';
import { Department } from './department.entity';
import { AuditEntryRow } from './audit.entity';
import { jointAuditHead } from './audit.service';
import { AuditHeadType } from '../../shared/audit-head.type';
import type { AuditHead } from '../../shared/domain/audit';
import * as rounds from './round.service';
import { canSeePlan } from './plan.service';

@ObjectType({ description: '抽取结果核验' })
class DrawVerification {
  @Field({ description: '验证通过' }) ok!: boolean;
  @Field(() => String, { nullable: true }) reason?: string | null;
  @Field(() => String, { nullable: true, description: '第一处不一致的信用代码' }) firstDifference?: string | null;
}

@InputType({ description: '从冻结的名录快照中排除的市场主体' })
class ExclusionInput {
  @Field({ description: '统一社会信用代码' }) creditCode!: string;
  @Field(() => ExclusionReasonEnum) reason!: ExclusionReason;
  @Field(() => String, { nullable: true, description: '说明（“其他情况”必填，公开）' }) note?: string | null;
}

@ObjectType({ description: '排除对象（随抽取记录公开）' })
class DrawExclusion {
  @Field() creditCode!: string;
  @Field(() => ExclusionReasonEnum) reason!: ExclusionReason;
  @Field({ description: '排除原因（中文）' }) reasonText!: string;
  @Field(() => String, { nullable: true }) note?: string | null;
}

@ObjectType()
class DepartmentJointShare {
  @Field() department!: string;
  @Field(() => Int, { description: '参与的检查户次' }) inspections!: number;
  @Field(() => Int, { description: '其中联合检查' }) joint!: number;
  @Field(() => Float) share!: number;
  @Field({ description: '是否达到 10% 目标' }) meetsGoal!: boolean;
}

@ObjectType({ description: '本轮减负数据：检查户次 vs 部门抽取数，少进的门' })
class RoundStats {
  @Field(() => Int, { description: '实际上门次数（任务数）' }) visits!: number;
  @Field(() => Int, { description: '涉及的市场主体数' }) entities!: number;
  @Field(() => Int, { description: '若各部门单独检查的上门次数' }) departmentDraws!: number;
  @Field(() => Int, { description: '少进的门 = 部门抽取数 − 实际上门次数' }) doorsSaved!: number;
  @Field(() => Int) jointTasks!: number;
  @Field(() => Float, { description: '联合检查占比目标' }) goal!: number;
  @Field(() => [DepartmentJointShare]) jointShare!: DepartmentJointShare[];
}

@ObjectType({ description: '同一轮次在两种抽样方式下的上门次数对比' })
class ModeComparison {
  @Field(() => DrawModeEnum) mode!: DrawModeName;
  @Field(() => Int) visits!: number;
  @Field(() => Int) departmentDraws!: number;
  @Field(() => Int) doorsSaved!: number;
  @Field(() => Int) jointTasks!: number;
}

@ObjectType({ description: '本年度检查次数将超过上限的市场主体' })
class FrequencyWarning {
  @Field() creditCode!: string;
  @Field(() => Int, { description: '本年度检查任务数（含本轮）' }) visits!: number;
  @Field(() => Int) cap!: number;
}

// One head per request, however many draws an answer exports.
const headOfRequest = new WeakMap<JointContext, Promise<AuditHead>>();
function requestHead(ctx: JointContext): Promise<AuditHead> {
  let head = headOfRequest.get(ctx);
  if (!head) headOfRequest.set(ctx, (head = jointAuditHead(ctx.em)));
  return head;
}

const isOffice = (ctx: JointContext) => isJointOffice(ctx.identity) || isService(ctx.identity);

/** Tasks are not public (they would warn businesses); a department sees the tasks it takes part in. */
function visibleTasks(ctx: JointContext, tasks: Task[]): Task[] {
  if (isOffice(ctx)) return tasks;
  const d = ctx.identity.department;
  if (!d) throw forbidden('检查任务不对外公开');
  return tasks.filter((t) => t.departments.includes(d));
}

@Resolver(() => DrawRound)
export class DrawRoundResolver {
  @Query(() => [DrawRound], { description: '摇号轮次（公开：承诺值、快照哈希、揭示后的种子与抽取记录）' })
  drawRounds(@Ctx() ctx: JointContext) {
    return ctx.em.getRepository(DrawRound).find({ order: { id: 'ASC' } });
  }

  @Query(() => DrawRound, { nullable: true })
  drawRound(@Arg('id', () => ID) id: string, @Ctx() ctx: JointContext) {
    return ctx.em.getRepository(DrawRound).findOneBy({ id: Number(id) });
  }

  @Mutation(() => DrawRound, { description: '开启摇号轮次（联席会议办公室）' })
  openDrawRound(
    @Arg('name') name: string,
    @Arg('year', () => Int) year: number,
    @Arg('planIds', () => [ID]) planIds: string[],
    @Arg('mode', () => DrawModeEnum, { nullable: true }) mode: DrawModeName | null,
    @Arg('startPoint', () => Float, { nullable: true }) startPoint: number | null,
    @Ctx() ctx: JointContext,
  ) {
    return rounds.openRound(ctx, { name, year, planIds, mode, startPoint });
  }

  @Mutation(() => DrawRound, { description: '第一步：承诺种子（公布 SHA-256(seed)，或说明外部公开种子来源）' })
  commitSeed(
    @Arg('roundId', () => ID) roundId: string,
    @Arg('source', () => SeedSourceEnum) source: SeedSource,
    @Arg('description', () => String, { nullable: true }) description: string | null,
    @Ctx() ctx: JointContext,
  ) {
    return rounds.commitSeed(ctx, roundId, source, description);
  }

  @Mutation(() => DrawRound, { description: '第二步：冻结各计划的名录快照（可重试：只补未成功的计划）' })
  snapshotPools(@Arg('roundId', () => ID) roundId: string, @Ctx() ctx: JointContext) {
    return rounds.snapshotRound(ctx, roundId);
  }

  @Mutation(() => DrawRound, { description: '第三步：揭示种子（外部种子在此输入）' })
  revealSeed(@Arg('roundId', () => ID) roundId: string, @Arg('seed', () => String, { nullable: true }) seed: string | null, @Ctx() ctx: JointContext) {
    return rounds.revealSeed(ctx, roundId, seed);
  }

  @Mutation(() => DrawRound, { description: '第四步：抽取全部计划并锁定，生成检查任务（重复调用不会再次抽取）' })
  drawAndLock(@Arg('roundId', () => ID) roundId: string, @Ctx() ctx: JointContext) {
    return rounds.drawRound(ctx, roundId);
  }

  @Mutation(() => Draw, {
    description: '重新抽取（联席会议办公室）：从冻结的名录快照中排除市场主体（每家写明原因，随记录公开），用同一种子重新抽取；其余抽中对象与任务不变，原记录保留',
  })
  redrawPlan(
    @Arg('roundId', () => ID) roundId: string,
    @Arg('planId', () => ID) planId: string,
    @Arg('reason') reason: string,
    @Arg('exclusions', () => [ExclusionInput]) exclusions: ExclusionInput[],
    @Ctx() ctx: JointContext,
  ) {
    return rounds.redrawPlan(ctx, roundId, planId, reason, exclusions);
  }

  @Query(() => [Task], { description: '检查任务（联席会议办公室看全部，部门看本部门参与的）' })
  async tasks(
    @Arg('roundId', () => ID, { nullable: true }) roundId: string | null,
    @Arg('department', () => String, { nullable: true }) department: string | null,
    @Arg('jointOnly', () => Boolean, { nullable: true }) jointOnly: boolean | null,
    @Arg('status', () => TaskStatusEnum, { nullable: true, description: '不填则包括已取消的任务' }) status: TaskStatus | null,
    @Ctx() ctx: JointContext,
  ) {
    const where = { ...(roundId ? { roundId: Number(roundId) } : {}), ...(status ? { status } : {}) };
    const all = visibleTasks(ctx, await ctx.em.getRepository(Task).find({ where, order: { id: 'ASC' } }));
    return all.filter((t) => (!department || t.departments.includes(department)) && (!jointOnly || t.joint));
  }

  @Query(() => Draw, { nullable: true, description: '抽取记录；exportJson 可交给 npm run verify-draw 独立核验' })
  draw(@Arg('id', () => ID) id: string, @Ctx() ctx: JointContext) {
    return ctx.em.getRepository(Draw).findOneBy({ id: Number(id) });
  }

  @Query(() => [AuditEntryRow], { description: '审计链（联席会议办公室）' })
  auditLog(@Arg('afterSeq', () => Int, { nullable: true }) afterSeq: number | null, @Arg('first', () => Int, { nullable: true }) first: number | null, @Ctx() ctx: JointContext) {
    if (!isOffice(ctx)) throw forbidden('审计链仅供联席会议办公室查看');
    return ctx.em
      .getRepository(AuditEntryRow)
      .createQueryBuilder('a')
      .where('a.seq > :after', { after: afterSeq ?? 0 })
      .orderBy('a.seq', 'ASC')
      .limit(Math.min(first ?? 100, 1000))
      .getMany();
  }

  @Query(() => AuditHeadType, { description: '审计链头（公开）：任何人可记下，日后用 npm run verify-audit -- --head 条数:哈希 核对记录未被截短或改写' })
  auditHead(@Ctx() ctx: JointContext) {
    return requestHead(ctx);
  }

  @FieldResolver(() => [Plan])
  async plans(@Root() round: DrawRound, @Ctx() ctx: JointContext) {
    const plans = await ctx.em.getRepository(Plan).findBy({ id: In(round.planIds.map(Number)) });
    return plans.filter((p) => canSeePlan(ctx.identity, p)).sort((a, b) => a.id - b.id);
  }

  @FieldResolver(() => [PoolSnapshot], { description: '冻结的名录快照（哈希与数量）' })
  snapshots(@Root() round: DrawRound, @Ctx() ctx: JointContext) {
    return ctx.em.getRepository(PoolSnapshot).find({ where: { roundId: round.id }, order: { planId: 'ASC' } });
  }

  @FieldResolver(() => [Draw], { description: '抽取记录（含重新抽取）' })
  draws(@Root() round: DrawRound, @Ctx() ctx: JointContext) {
    return ctx.em.getRepository(Draw).find({ where: { roundId: round.id }, order: { planId: 'ASC', seq: 'ASC' } });
  }

  @FieldResolver(() => [ModeComparison], { nullable: true, description: '协调抽样与独立抽样的对比（种子揭示后可算）' })
  modeComparison(@Root() round: DrawRound, @Ctx() ctx: JointContext) {
    return rounds.compareModes(ctx, round);
  }

  @FieldResolver(() => [FrequencyWarning], { description: '频次超限提示（联席会议办公室与部门可见）' })
  frequencyWarnings(@Root() round: DrawRound, @Ctx() ctx: JointContext) {
    if (ctx.identity.role === 'PUBLIC') throw forbidden('频次提示不对外公开');
    return rounds.frequencyWarnings(ctx, round);
  }

  @FieldResolver(() => RoundStats, { nullable: true, description: '减负数据（抽取后）' })
  stats(@Root() round: DrawRound, @Ctx() ctx: JointContext) {
    return round.state === 'DRAWN' ? rounds.roundStats(ctx, round) : null;
  }
}

@Resolver(() => Draw)
export class DrawResolver {
  @FieldResolver(() => [String], { description: '抽中的统一社会信用代码（排序）' })
  selected(@Root() draw: Draw) {
    return draw.record.selected as string[];
  }

  @FieldResolver(() => String, { description: '完整公开记录（JSON）：种子、承诺值、名录、名录哈希、参数、算法版本、结果；另附导出时的审计链头 auditHead（不属于记录本身，不计入记录哈希）' })
  async exportJson(@Root() draw: Draw, @Ctx() ctx: JointContext) {
    const { length, hash } = await requestHead(ctx);
    return JSON.stringify({ ...draw.record, auditHead: { length, hash } }, null, 2);
  }

  @FieldResolver(() => String)
  poolHash(@Root() draw: Draw) {
    return draw.record.poolHash as string;
  }

  @FieldResolver(() => DrawVerification, {
    description: '用公开输入重新计算并核对（含冻结时公布的名录哈希与锁定时的记录哈希）：记录未被改动时返回锁定时的核验结果，否则重新计算；recheck: true 总是重新计算（仅联席会议办公室）',
  })
  async verification(@Root() draw: Draw, @Arg('recheck', () => Boolean, { nullable: true }) recheck: boolean | null, @Ctx() ctx: JointContext) {
    // The verdict kept at lock holds while the record still hashes to its locked value (one hash, not a redraw).
    if (draw.verification && !recheck && rounds.recordHash(draw.record) === draw.recordHash)
      return { ok: draw.verification.ok, reason: draw.verification.reason ?? null, firstDifference: draw.verification.firstDifference ?? null };
    // Recomputing costs a whole draw: the public reads the verdict kept at lock; the office may ask again.
    if (recheck && !isOffice(ctx)) throw forbidden('重新核验仅供联席会议办公室发起；任何人都可以下载公开记录自行核验');
    const snapshot = await ctx.em.getRepository(PoolSnapshot).findOneBy({ roundId: draw.roundId, planId: draw.planId });
    const v = rounds.verifyStoredDraw(draw, snapshot);
    return v.ok ? { ok: true } : { ok: false, reason: v.detail ? `${v.reason}：${v.detail}` : v.reason, firstDifference: v.firstDifference ?? null };
  }

  @FieldResolver(() => String, { description: '抽取算法版本' })
  algorithmVersion(@Root() draw: Draw) {
    return draw.record.algorithmVersion as string;
  }

  @FieldResolver(() => Int, { description: '0 = 首次抽取；k = 第 k 次重新抽取' })
  ordinal(@Root() draw: Draw) {
    return (draw.record.ordinal as number | undefined) ?? draw.seq - 1;
  }

  @FieldResolver(() => [DrawExclusion], { description: '排除对象（累计）' })
  exclusions(@Root() draw: Draw) {
    return ((draw.record.exclusions as Exclusion[] | undefined) ?? []).map((x) => ({ ...x, reasonText: EXCLUSION_REASONS[x.reason] ?? x.reason, note: x.note ?? null }));
  }

  @FieldResolver(() => String, { description: '本计划到这一份为止的全部抽取记录（JSON 数组），npm run verify-draw 可核验重新抽取的前后衔接' })
  async exportHistoryJson(@Root() draw: Draw, @Ctx() ctx: JointContext) {
    const chain = await ctx.em.getRepository(Draw).find({ where: { roundId: draw.roundId, planId: draw.planId }, order: { seq: 'ASC' } });
    return JSON.stringify(chain.filter((d) => d.seq <= draw.seq).map((d) => d.record), null, 2);
  }
}

@Resolver(() => Task)
export class TaskResolver {
  @FieldResolver(() => MarketEntity, { nullable: true })
  entity(@Root() task: Task, @Ctx() ctx: JointContext) {
    return ctx.loaders.marketEntityByCreditCode.load(task.creditCode);
  }

  // The registry rows of the task's departments: through federation a client goes on to each department's
  // own data (inspectors, checklist) in the same query.
  @FieldResolver(() => [Department], { description: '参与部门（可继续查询各部门的事项清单与执法检查人员）' })
  async participatingDepartments(@Root() task: Task, @Ctx() ctx: JointContext) {
    const rows = await ctx.loaders.departmentByCode.loadMany(task.departments);
    return rows.filter((d): d is Department => !!d && !(d instanceof Error));
  }
}
