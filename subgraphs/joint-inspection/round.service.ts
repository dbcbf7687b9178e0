// Draw rounds: commit → snapshot → reveal → draw, each step audited; a locked draw never changes.
import { createHash, randomBytes } from 'node:crypto';
import { In } from 'typeorm';
import type { EntityManager } from 'typeorm';
import { ALGORITHM_VERSION, drawPlan, drawPlans, seedCommitment, checkSeed, poolHash, verifyDraw, type DrawMode, type DrawRecord, type DrawResult, type PoolEntry } from '../../shared/domain/draw';
import { detectJointTasks, type OverlapPlan } from '../../shared/domain/overlap';
import { roundBurden, JOINT_SHARE_GOAL } from '../../shared/domain/stats';
import { canonicalJson } from '../../shared/domain/audit';
import { badInput, conflict, forbidden, hubError, notFound } from '../../shared/errors';
import { isJointOffice, isService } from '../../shared/identity';
import type { JointContext } from './context';
import { Draw, DrawRound, PoolSnapshot, type DrawModeName, type SeedSource } from './draw.entity';
import { Plan } from './plan.entity';
import { Task } from './task.entity';
import { appendAudit } from './audit.service';
import { lockingRead, serialTransaction } from './joint.tx';
import { planScopeMembers } from './plan.service';
import { getRules } from './rules';

const requireOffice = (ctx: JointContext) => {
  if (!isJointOffice(ctx.identity) && !isService(ctx.identity)) throw forbidden('只有联席会议办公室可以组织摇号');
};

export async function mustFindRound(em: EntityManager, id: number | string): Promise<DrawRound> {
  const round = await em.getRepository(DrawRound).findOneBy({ id: Number(id) });
  if (!round) throw notFound('摇号轮次', String(id));
  return round;
}

/** Reads the round inside a transaction with a row lock, so concurrent steps on one round serialize. */
async function lockRound(tx: EntityManager, id: number | string): Promise<DrawRound> {
  const qb = tx.getRepository(DrawRound).createQueryBuilder('r').where('r.id = :id', { id: Number(id) });
  if (lockingRead(tx)) qb.setLock('pessimistic_write');
  const round = await qb.getOne();
  if (!round) throw notFound('摇号轮次', String(id));
  return round;
}

const STATE_ERROR: Record<string, string> = {
  OPEN: '尚未承诺种子',
  COMMITTED: '名录快照尚未冻结',
  SNAPSHOT_TAKEN: '种子尚未揭示',
  REVEALED: '尚未抽取',
  DRAWN: '已抽取并锁定',
};
function expectState(round: DrawRound, state: DrawRound['state'], action: string) {
  if (round.state !== state) throw conflict(`轮次「${round.name}」${STATE_ERROR[round.state]}，不能${action}`);
}

export interface OpenRoundInput {
  name: string;
  year: number;
  planIds: string[];
  mode?: DrawModeName | null;
  startPoint?: number | null;
}

/** Quarterly rounds default to start points 0, ¼, ½, ¾: each round's sample starts elsewhere on the PRN circle. */
export function defaultStartPoint(name: string): number {
  const q = /Q([1-4])\b/i.exec(name);
  return q ? (Number(q[1]) - 1) / 4 : 0;
}

export async function openRound(ctx: JointContext, input: OpenRoundInput): Promise<DrawRound> {
  requireOffice(ctx);
  const name = input.name?.trim();
  if (!name || name.length > 50) throw badInput('name', '轮次名称不能为空，且不超过50字（如 2026-Q3）');
  if (!Number.isInteger(input.year) || input.year < 2000 || input.year > 2100) throw badInput('year', '年度应为 2000–2100');
  const ids = [...new Set(input.planIds.map(Number))];
  if (!ids.length || ids.some((i) => !Number.isInteger(i))) throw badInput('planIds', '至少选择一个已批准的计划');
  const start = input.startPoint ?? defaultStartPoint(name);
  if (!Number.isFinite(start) || start < 0 || start >= 1) throw badInput('startPoint', '起点应在 [0, 1) 之间');
  return serialTransaction(ctx.em, async (tx) => {
    const plans = await tx.getRepository(Plan).findBy({ id: In(ids) });
    for (const id of ids) {
      const p = plans.find((x) => x.id === id);
      if (!p) throw badInput('planIds', `计划不存在：${id}`);
      if (p.state !== 'APPROVED') throw badInput('planIds', `计划 ${id}「${p.title}」尚未批准（当前：${p.state}）`);
      if (p.year !== input.year) throw badInput('planIds', `计划 ${id} 属于 ${p.year} 年度`);
    }
    const busy = (await tx.getRepository(DrawRound).find()).filter((r) => r.state !== 'DRAWN' && r.planIds.some((i) => ids.includes(Number(i))));
    if (busy.length) throw conflict(`计划已在未完成的轮次「${busy[0]!.name}」中`);
    if (await tx.getRepository(DrawRound).existsBy({ name })) throw conflict(`轮次名称已存在：${name}`);
    const now = new Date();
    const round = await tx.getRepository(DrawRound).save(
      tx.getRepository(DrawRound).create({
        name, year: input.year, mode: input.mode ?? 'COORDINATED', startPoint: start, planIds: ids, state: 'OPEN',
        seedSource: null, seedCommitment: null, seedDescription: null, sealedSeed: null, seed: null,
        createdBy: ctx.identity.sub, createdAt: now, updatedAt: now,
      }),
    );
    await appendAudit(tx, ctx.identity.sub, 'ROUND_OPENED', `round:${round.id}`, { name, year: input.year, mode: round.mode, startPoint: start, planIds: ids });
    return round;
  });
}

/** Step 1: publish SHA-256(seed) for a generated, sealed seed; or name the external public value to come. */
export async function commitSeed(ctx: JointContext, roundId: string, source: SeedSource, description?: string | null): Promise<DrawRound> {
  requireOffice(ctx);
  if (source === 'EXTERNAL' && !description?.trim()) throw badInput('description', '外部种子须说明来源（如“2026-07-01 福彩3D开奖号码”）');
  return serialTransaction(ctx.em, async (tx) => {
    const round = await lockRound(tx, roundId);
    expectState(round, 'OPEN', '承诺种子');
    round.seedSource = source;
    if (source === 'GENERATED') {
      round.sealedSeed = randomBytes(32).toString('hex');
      round.seedCommitment = seedCommitment(round.sealedSeed);
    } else {
      round.seedDescription = description!.trim();
    }
    round.state = 'COMMITTED';
    round.updatedAt = new Date();
    await tx.getRepository(DrawRound).save(round);
    await appendAudit(tx, ctx.identity.sub, 'SEED_COMMITTED', `round:${round.id}`, { source, seedCommitment: round.seedCommitment, description: round.seedDescription });
    return round;
  });
}

/**
 * Step 2: freeze every plan's pool (sorted USCCs → poolHash) before anyone knows the seed. Idempotent per plan:
 * a department that is down leaves its plans pending; calling again snapshots only those.
 */
export async function snapshotRound(ctx: JointContext, roundId: string): Promise<DrawRound> {
  requireOffice(ctx);
  const round = await mustFindRound(ctx.em, roundId);
  expectState(round, 'COMMITTED', '冻结名录');
  const done = new Set((await ctx.em.getRepository(PoolSnapshot).findBy({ roundId: round.id })).map((s) => s.planId));
  const plans = await ctx.em.getRepository(Plan).findBy({ id: In(round.planIds.map(Number)) });
  const failures: string[] = [];
  const taken: { plan: Plan; members: { creditCode: string; creditClass: string }[] }[] = [];
  await Promise.all(
    plans
      .filter((p) => !done.has(p.id))
      .map(async (plan) => {
        try {
          taken.push({ plan, members: await planScopeMembers(ctx, plan) });
        } catch (e) {
          failures.push(`计划 ${plan.id}：${(e as Error).message}`);
        }
      }),
  );
  const updated = await serialTransaction(ctx.em, async (tx) => {
    const locked = await lockRound(tx, roundId);
    expectState(locked, 'COMMITTED', '冻结名录');
    for (const { plan, members } of taken.sort((a, b) => a.plan.id - b.plan.id)) {
      if (await tx.getRepository(PoolSnapshot).existsBy({ roundId: locked.id, planId: plan.id })) continue;
      const sorted = [...members].sort((a, b) => (a.creditCode < b.creditCode ? -1 : a.creditCode > b.creditCode ? 1 : 0));
      const hash = poolHash(sorted.map((m) => m.creditCode));
      await tx.getRepository(PoolSnapshot).insert({ roundId: locked.id, planId: plan.id, poolHash: hash, size: sorted.length, members: sorted, takenAt: new Date() });
      await appendAudit(tx, ctx.identity.sub, 'POOL_SNAPSHOT', `round:${locked.id}/plan:${plan.id}`, { poolHash: hash, size: sorted.length });
    }
    const count = await tx.getRepository(PoolSnapshot).countBy({ roundId: locked.id });
    if (count === locked.planIds.length) {
      locked.state = 'SNAPSHOT_TAKEN';
      locked.updatedAt = new Date();
      await tx.getRepository(DrawRound).save(locked);
    }
    return locked;
  });
  if (failures.length)
    throw hubError('DEPARTMENT_UNAVAILABLE', `部分计划的名录未能冻结，其余已保存；部门恢复后请再次冻结：${failures.join('；')}`, { failures });
  return updated;
}

/** Step 3: reveal. A generated seed is unsealed; an external one is entered now and its commitment recorded. */
export async function revealSeed(ctx: JointContext, roundId: string, seed?: string | null): Promise<DrawRound> {
  requireOffice(ctx);
  return serialTransaction(ctx.em, async (tx) => {
    const round = await lockRound(tx, roundId);
    expectState(round, 'SNAPSHOT_TAKEN', '揭示种子');
    if (round.seedSource === 'GENERATED') {
      if (seed != null && seed !== round.sealedSeed) throw badInput('seed', '与承诺值不符');
      round.seed = round.sealedSeed;
    } else {
      const value = seed?.trim();
      if (!value || value.length > 200) throw badInput('seed', '请输入外部公开种子值（不超过200字符）');
      round.seed = value;
      round.seedCommitment = seedCommitment(value);
    }
    if (!checkSeed(round.seed!, round.seedCommitment!)) throw conflict('种子与承诺值不符');
    round.state = 'REVEALED';
    round.updatedAt = new Date();
    await tx.getRepository(DrawRound).save(round);
    await appendAudit(tx, ctx.identity.sub, 'SEED_REVEALED', `round:${round.id}`, { seed: round.seed, seedCommitment: round.seedCommitment });
    return round;
  });
}

export function recordHash(record: unknown): string {
  return createHash('sha256').update(canonicalJson(record)).digest('hex');
}

function roundInput(round: DrawRound): { roundSeed: string; start: number; mode: DrawMode } {
  return { roundSeed: round.seed!, start: round.startPoint, mode: round.mode === 'INDEPENDENT' ? 'independent' : 'coordinated' };
}

function planInput(round: DrawRound, plan: Plan, snapshot: PoolSnapshot) {
  const ratios = Object.fromEntries(Object.entries(plan.ratios).filter(([, v]) => v != null)) as DrawRecord['ratios'];
  const planSalt = round.mode === 'INDEPENDENT' ? `plan-${plan.id}` : undefined;
  return { planSalt, pool: snapshot.members as PoolEntry[], ratios, poolHash: snapshot.poolHash };
}

/** The public record of one plan's draw; `result` when the round drew all its plans together (drawPlans). */
function buildRecord(round: DrawRound, plan: Plan, snapshot: PoolSnapshot, result?: DrawResult): { record: DrawRecord & Record<string, unknown>; selected: string[] } {
  const { planSalt, pool, ratios } = planInput(round, plan, snapshot);
  const r = roundInput(round);
  const { mode } = r;
  result ??= drawPlan({ ...r, planSalt, pool, ratios }, { poolHash: snapshot.poolHash });
  const selected = result.selected.map((s) => s.creditCode);
  const record = {
    round: round.name,
    roundId: round.id,
    planId: plan.id,
    department: plan.department,
    seed: round.seed!,
    seedCommitment: round.seedCommitment!,
    start: round.startPoint,
    mode,
    ...(planSalt ? { planSalt } : {}),
    pool,
    poolHash: snapshot.poolHash,
    ratios,
    algorithmVersion: ALGORITHM_VERSION,
    strata: result.strata,
    selected,
  };
  return { record, selected };
}

/** A joint plan takes part once per participant (`<plan>:<department>`), with its lead and that department's items. */
function overlapInput(plans: Plan[], selected: Map<number, string[]>): { plans: OverlapPlan[]; draws: { planId: string; selected: string[] }[] } {
  return {
    plans: plans.flatMap((p) =>
      p.participants.map((d) => ({
        planId: `${p.id}:${d}`,
        department: d,
        window: { start: p.windowStart, end: p.windowEnd },
        ...(p.kind === 'JOINT' ? { jointPlanId: String(p.id), leadDepartment: p.department } : {}),
        items: p.items.filter((i) => i.department === d).map((i) => ({ code: i.code, category: p.category })),
      })),
    ),
    draws: plans.flatMap((p) => p.participants.map((d) => ({ planId: `${p.id}:${d}`, selected: selected.get(p.id) ?? [] }))),
  };
}

/** Tasks for a round from the latest draw of each plan (a redraw replaces the tasks its plan produced). */
async function rebuildTasks(tx: EntityManager, round: DrawRound, frequencyCap: number): Promise<{ tasks: number; joint: number; capWarnings: number }> {
  const plans = await tx.getRepository(Plan).findBy({ id: In(round.planIds.map(Number)) });
  const draws = await tx.getRepository(Draw).find({ where: { roundId: round.id }, order: { seq: 'ASC' } });
  const latest = new Map<number, Draw>();
  for (const d of draws) latest.set(d.planId, d);
  const selected = new Map(plans.map((p) => [p.id, (latest.get(p.id)?.record.selected as string[]) ?? []]));
  const { plans: overlapPlans, draws: overlapDraws } = overlapInput(plans, selected);
  const earlier = await tx.getRepository(Task).find({ select: { creditCode: true, windowStart: true, roundId: true } });
  const visitsThisYear: Record<string, number> = {};
  for (const t of earlier) if (t.roundId !== round.id && t.windowStart.startsWith(String(round.year))) visitsThisYear[t.creditCode] = (visitsThisYear[t.creditCode] ?? 0) + 1;
  const { tasks, capWarnings } = detectJointTasks({ plans: overlapPlans, draws: overlapDraws, visitsThisYear, frequencyCap });
  await tx.getRepository(Task).delete({ roundId: round.id });
  const now = new Date();
  for (let i = 0; i < tasks.length; i += 500) {
    await tx.getRepository(Task).insert(
      tasks.slice(i, i + 500).map((t) => ({
        roundId: round.id,
        creditCode: t.creditCode,
        joint: t.joint,
        leadDepartment: t.lead,
        departments: [...t.departments],
        planIds: [...new Set(t.planIds.map((id) => Number(id.split(':')[0])))].sort((a, b) => a - b),
        items: t.items.map((i) => ({ ...i })),
        windowStart: t.window.start,
        windowEnd: t.window.end,
        createdAt: now,
      })),
    );
  }
  return { tasks: tasks.length, joint: tasks.filter((t) => t.joint).length, capWarnings: capWarnings.length };
}

/**
 * Step 4: draw every plan and lock, all or nothing. A second call (or a concurrent one) finds the round
 * DRAWN and returns it unchanged: exactly one draw per plan.
 */
export async function drawRound(ctx: JointContext, roundId: string): Promise<DrawRound> {
  requireOffice(ctx);
  const rules = await getRules(ctx.em);
  return serialTransaction(ctx.em, async (tx) => {
    const round = await lockRound(tx, roundId);
    if (round.state === 'DRAWN') return round;
    expectState(round, 'REVEALED', '抽取');
    const plans = await tx.getRepository(Plan).findBy({ id: In(round.planIds.map(Number)) });
    const snapshots = await tx.getRepository(PoolSnapshot).findBy({ roundId: round.id });
    plans.sort((a, b) => a.id - b.id);
    const snapshotOf = (plan: Plan) => snapshots.find((s) => s.planId === plan.id)!;
    // All plans in one call: in coordinated mode each entity is hashed once, however many pools include it.
    const results = drawPlans(roundInput(round), plans.map((p) => planInput(round, p, snapshotOf(p))));
    for (const [i, plan] of plans.entries()) {
      const { record, selected } = buildRecord(round, plan, snapshotOf(plan), results[i]);
      const hash = recordHash(record);
      const saved = await tx.getRepository(Draw).save(
        tx.getRepository(Draw).create({ roundId: round.id, planId: plan.id, seq: 1, reason: null, record, recordHash: hash, createdBy: ctx.identity.sub, createdAt: new Date() }),
      );
      await appendAudit(tx, ctx.identity.sub, 'DRAW_LOCKED', `draw:${saved.id}`, { roundId: round.id, planId: plan.id, seq: 1, recordHash: hash, selected: selected.length });
      plan.state = 'DRAWN';
      plan.updatedAt = new Date();
      await tx.getRepository(Plan).save(plan);
    }
    const made = await rebuildTasks(tx, round, rules.frequencyCap);
    await appendAudit(tx, ctx.identity.sub, 'TASKS_CREATED', `round:${round.id}`, made);
    round.state = 'DRAWN';
    round.updatedAt = new Date();
    await tx.getRepository(DrawRound).save(round);
    return round;
  });
}

/** A redraw is a new draw (seq + 1) from a fresh snapshot, with a mandatory reason; the old one stays visible. */
export async function redrawPlan(ctx: JointContext, roundId: string, planId: string, reason: string): Promise<Draw> {
  requireOffice(ctx);
  if (!reason?.trim()) throw badInput('reason', '重新抽取必须填写原因');
  const round = await mustFindRound(ctx.em, roundId);
  expectState(round, 'DRAWN', '重新抽取');
  if (!round.planIds.map(Number).includes(Number(planId))) throw badInput('planId', `计划 ${planId} 不在本轮次中`);
  const plan = (await ctx.em.getRepository(Plan).findOneBy({ id: Number(planId) }))!;
  const members = [...(await planScopeMembers(ctx, plan))].sort((a, b) => (a.creditCode < b.creditCode ? -1 : a.creditCode > b.creditCode ? 1 : 0));
  const rules = await getRules(ctx.em);
  return serialTransaction(ctx.em, async (tx) => {
    const locked = await lockRound(tx, roundId);
    const last = await tx.getRepository(Draw).findOne({ where: { roundId: locked.id, planId: plan.id }, order: { seq: 'DESC' } });
    const seq = (last?.seq ?? 0) + 1;
    const snapshot = { poolHash: poolHash(members.map((m) => m.creditCode)), members } as PoolSnapshot;
    const { record } = buildRecord(locked, plan, snapshot);
    const full = { ...record, redrawOf: last?.id ?? null, reason: reason.trim() };
    const hash = recordHash(full);
    const saved = await tx.getRepository(Draw).save(
      tx.getRepository(Draw).create({ roundId: locked.id, planId: plan.id, seq, reason: reason.trim(), record: full, recordHash: hash, createdBy: ctx.identity.sub, createdAt: new Date() }),
    );
    await appendAudit(tx, ctx.identity.sub, 'REDRAW_LOCKED', `draw:${saved.id}`, { roundId: locked.id, planId: plan.id, seq, reason: reason.trim(), recordHash: hash, poolHash: snapshot.poolHash });
    const made = await rebuildTasks(tx, locked, rules.frequencyCap);
    await appendAudit(tx, ctx.identity.sub, 'TASKS_CREATED', `round:${locked.id}`, made);
    return saved;
  });
}

export function verifyStoredDraw(draw: Draw): ReturnType<typeof verifyDraw> {
  return verifyDraw(draw.record as unknown as DrawRecord);
}

export async function roundStats(ctx: JointContext, round: DrawRound) {
  const [tasks, found] = await Promise.all([ctx.loaders.tasksByRound.load(round.id), ctx.loaders.planById.loadMany(round.planIds.map(String))]);
  const plans = found.filter((p): p is Plan => !!p && !(p instanceof Error));
  // Each department counts once per plan it takes part in, so a joint plan's task is joint for all of them.
  const planDepartment: Record<string, string> = {};
  const burdenTasks = tasks.map((t) => ({
    creditCode: t.creditCode,
    planIds: t.departments.map((d) => {
      const plan = plans.find((p) => t.planIds.map(Number).includes(p.id) && p.participants.includes(d));
      const key = `${plan?.id ?? 'x'}:${d}`;
      planDepartment[key] = d;
      return key;
    }),
  }));
  const b = roundBurden(burdenTasks, planDepartment);
  return {
    visits: b.visits,
    entities: b.entities,
    departmentDraws: b.departmentDraws,
    doorsSaved: b.doorsSaved,
    jointTasks: tasks.filter((t) => t.joint).length,
    goal: JOINT_SHARE_GOAL,
    jointShare: Object.entries(b.jointShare).map(([department, s]) => ({ department, ...s })),
  };
}

/**
 * What the same round gives in each mode, from its frozen snapshots and revealed seed: coordinated sampling
 * should need fewer visits for the same department-draws. Pure recomputation; nothing is stored.
 */
export async function compareModes(ctx: JointContext, round: DrawRound) {
  if (!round.seed) return null;
  const plans = (await ctx.em.getRepository(Plan).findBy({ id: In(round.planIds.map(Number)) })).sort((a, b) => a.id - b.id);
  const snapshots = await ctx.em.getRepository(PoolSnapshot).findBy({ roundId: round.id });
  const rules = await getRules(ctx.em);
  return (['COORDINATED', 'INDEPENDENT'] as const).map((mode) => {
    const selected = new Map<number, string[]>();
    for (const plan of plans) {
      const snapshot = snapshots.find((s) => s.planId === plan.id);
      if (snapshot) selected.set(plan.id, buildRecord({ ...round, mode } as DrawRound, plan, snapshot).selected);
    }
    const input = overlapInput(plans, selected);
    const { tasks } = detectJointTasks({ ...input, frequencyCap: rules.frequencyCap });
    const planDepartment = Object.fromEntries(input.plans.map((p) => [p.planId, p.department]));
    const b = roundBurden(tasks, planDepartment);
    return { mode, visits: b.visits, departmentDraws: b.departmentDraws, doorsSaved: b.doorsSaved, jointTasks: tasks.filter((t) => t.joint).length };
  });
}

/** Entities this round visits that reach more visits this year than the frequency cap allows (rule 3). */
export async function frequencyWarnings(ctx: JointContext, round: DrawRound) {
  const cap = (await getRules(ctx.em)).frequencyCap;
  const mine = new Set((await ctx.em.getRepository(Task).find({ select: { creditCode: true }, where: { roundId: round.id } })).map((t) => t.creditCode));
  if (!mine.size) return [];
  const year = await ctx.em
    .getRepository(Task)
    .createQueryBuilder('t')
    .select('t.credit_code', 'creditCode')
    .addSelect('COUNT(*)', 'visits')
    .where('t.window_start LIKE :y', { y: `${round.year}-%` })
    .groupBy('t.credit_code')
    .having('COUNT(*) > :cap', { cap })
    .getRawMany<{ creditCode: string; visits: string | number }>();
  return year.filter((r) => mine.has(r.creditCode)).map((r) => ({ creditCode: r.creditCode, visits: Number(r.visits), cap }));
}
