// Draw rounds: commit → snapshot → reveal → draw, each step audited; a locked draw never changes. A redraw
// works on the frozen snapshot with published exclusions and reshapes only the tasks whose business changed.
import { randomBytes } from 'node:crypto';
import { In } from 'typeorm';
import type { EntityManager } from 'typeorm';
import {
  ALGORITHM_VERSION, drawPlan, exclusionReasonProblem, drawPlans, seedCommitment, checkSeed, recordHash, snapshotHash, verifyDraw,
  type AlgorithmVersion, type DrawMode, type DrawRecord, type DrawResult, type Exclusion, type PoolEntry,
} from '../../shared/domain/draw';
import { detectJointTasks, type OverlapPlan } from '../../shared/domain/overlap';
import { reconcileTasks, taskPlanKeys, type VisitShape } from '../../shared/domain/redraw';
import { hasRiskFlag, raisedRatios, riskRuleFor, type EntityRiskFacts } from '../../shared/domain/risk';
import { roundBurden, JOINT_SHARE_GOAL } from '../../shared/domain/stats';
import { checkUscc } from '../../shared/validation';
import { badInput, conflict, forbidden, hubError, notFound } from '../../shared/errors';
import { isJointOffice, isService } from '../../shared/identity';
import type { JointContext } from './context';
import { Draw, DrawRound, PoolSnapshot, type DrawModeName, type SeedSource } from './draw.entity';
import { Plan } from './plan.entity';
import { Task } from './task.entity';
import { flaggedEntities } from './risk.query';
import { deliverPendingCreditChanges, pendingCreditDeliveries } from './credit-delivery.service';
import { InspectionResult, TaskDispatch } from './result.entity';
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
  const todo = plans.filter((p) => !done.has(p.id));
  // A pool must carry every confirmed credit-class move before it is frozen: deliver what is pending first, and
  // leave a plan unfrozen (to be retried) while one of its departments still has moves it did not receive.
  const departments = [...new Set(todo.flatMap((p) => p.participants))];
  if (departments.length) await deliverPendingCreditChanges(ctx, departments);
  const stale = new Map((departments.length ? await pendingCreditDeliveries(ctx.em, departments) : []).map((d) => [d.department, d]));
  await Promise.all(
    todo
      .filter((plan) => {
        const behind = plan.participants.map((d) => stale.get(d)).filter((d) => !!d);
        for (const d of behind)
          failures.push(`计划「${plan.title}」：${d!.departmentName}还有 ${d!.pending} 条信用风险分类调整未同步到名录库，部门恢复并同步后再冻结`);
        return behind.length === 0;
      })
      .map(async (plan) => {
        try {
          taken.push({ plan, members: await planScopeMembers(ctx, plan) });
        } catch (e) {
          failures.push(`计划 ${plan.id}：${(e as Error).message}`);
        }
      }),
  );
  const rules = await getRules(ctx.em);
  const flagged = taken.length ? await flaggedEntities(ctx.em) : new Map<string, EntityRiskFacts>();
  const updated = await serialTransaction(ctx.em, async (tx) => {
    const locked = await lockRound(tx, roundId);
    expectState(locked, 'COMMITTED', '冻结名录');
    for (const { plan, members } of taken.sort((a, b) => a.plan.id - b.plan.id)) {
      if (await tx.getRepository(PoolSnapshot).existsBy({ roundId: locked.id, planId: plan.id })) continue;
      // The lead department's risk rule decides both the marks and the risk strata's ratios, frozen here.
      const rule = riskRuleFor(rules.riskRules, plan.department);
      const sorted = [...members]
        .sort((a, b) => (a.creditCode < b.creditCode ? -1 : a.creditCode > b.creditCode ? 1 : 0))
        .map((m) => {
          const facts = flagged.get(m.creditCode);
          return { creditCode: m.creditCode, creditClass: m.creditClass, ...(facts && hasRiskFlag(facts, rule) ? { risk: true } : {}) };
        });
      const hash = snapshotHash(sorted as PoolEntry[]);
      const riskRatios = raisedRatios(planRatios(plan), rule);
      const risky = sorted.filter((m) => m.risk).length;
      await tx.getRepository(PoolSnapshot).insert({
        roundId: locked.id, planId: plan.id, poolHash: hash, size: sorted.length, members: sorted, takenAt: new Date(), algorithmVersion: ALGORITHM_VERSION, riskRatios,
      });
      await appendAudit(tx, ctx.identity.sub, 'POOL_SNAPSHOT', `round:${locked.id}/plan:${plan.id}`, { poolHash: hash, size: sorted.length, risk: risky, riskRatios, algorithmVersion: ALGORITHM_VERSION });
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

/** Kept for callers that imported it from here (verify-audit): the definition lives with the algorithm. */
export { recordHash };

function roundInput(round: DrawRound, version: AlgorithmVersion, mode: DrawModeName = round.mode): { roundSeed: string; start: number; mode: DrawMode; version: AlgorithmVersion } {
  return { roundSeed: round.seed!, start: round.startPoint, mode: mode === 'INDEPENDENT' ? 'independent' : 'coordinated', version };
}

function planRatios(plan: Plan): DrawRecord['ratios'] {
  return Object.fromEntries(Object.entries(plan.ratios).filter(([, v]) => v != null)) as DrawRecord['ratios'];
}

const snapshotVersion = (snapshot: PoolSnapshot) => (snapshot.algorithmVersion ?? 'prn-sha256-v1') as AlgorithmVersion;

function planInput(mode: DrawModeName, plan: Plan, snapshot: PoolSnapshot, exclusions: Exclusion[] = []) {
  const planSalt = mode === 'INDEPENDENT' ? `plan-${plan.id}` : undefined;
  const v2 = snapshotVersion(snapshot) !== 'prn-sha256-v1';
  return {
    planSalt,
    pool: snapshot.members as PoolEntry[],
    ratios: planRatios(plan),
    ...(v2 ? { riskRatios: (snapshot.riskRatios ?? {}) as DrawRecord['ratios'], exclusions: exclusions.map((x) => x.creditCode) } : {}),
    poolHash: snapshot.poolHash,
  };
}

interface RedrawOf {
  exclusions: Exclusion[];
  ordinal: number;
  previousRecordHash: string;
  reason: string;
}

/** The public record of one plan's draw; `result` when the round drew all its plans together (drawPlans). */
function buildRecord(round: DrawRound, plan: Plan, snapshot: PoolSnapshot, result: DrawResult, redraw?: RedrawOf): { record: DrawRecord & Record<string, unknown>; selected: string[] } {
  const input = planInput(round.mode, plan, snapshot, redraw?.exclusions);
  const version = snapshotVersion(snapshot);
  const selected = result.selected.map((s) => s.creditCode);
  const record = {
    round: round.name,
    roundId: round.id,
    planId: plan.id,
    department: plan.department,
    seed: round.seed!,
    seedCommitment: round.seedCommitment!,
    start: round.startPoint,
    mode: (round.mode === 'INDEPENDENT' ? 'independent' : 'coordinated') as DrawMode,
    ...(input.planSalt ? { planSalt: input.planSalt } : {}),
    pool: input.pool,
    poolHash: snapshot.poolHash,
    ratios: input.ratios,
    algorithmVersion: version,
    ...(version === 'prn-sha256-v1'
      ? {}
      : {
          riskRatios: input.riskRatios,
          exclusions: redraw?.exclusions ?? [],
          ordinal: redraw?.ordinal ?? 0,
          previousRecordHash: redraw?.previousRecordHash ?? null,
          ...(redraw ? { reason: redraw.reason } : {}),
        }),
    strata: result.strata,
    selected,
  };
  return { record, selected };
}

/** What a plan's snapshot gives in another mode (for the mode comparison), without faking a round. */
function drawSnapshot(round: DrawRound, mode: DrawModeName, plan: Plan, snapshot: PoolSnapshot): string[] {
  const version = snapshotVersion(snapshot);
  const r = drawPlan({ ...roundInput(round, version, mode), ...planInput(mode, plan, snapshot) }, { poolHash: snapshot.poolHash });
  return r.selected.map((x) => x.creditCode);
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

const taskRow = (roundId: number, t: VisitShape, now: Date) => ({
  roundId,
  creditCode: t.creditCode,
  joint: t.joint,
  leadDepartment: t.lead,
  departments: [...t.departments],
  planIds: [...new Set(t.planIds.map((id) => Number(id.split(':')[0])))].sort((a, b) => a - b),
  items: t.items.map((i) => ({ ...i })),
  windowStart: t.window.start,
  windowEnd: t.window.end,
  createdAt: now,
});

/** The round's tasks from its first draws, with this year's earlier visits for the frequency-cap warnings. */
async function createTasks(tx: EntityManager, round: DrawRound, plans: Plan[], selected: Map<number, string[]>, frequencyCap: number) {
  const { plans: overlapPlans, draws: overlapDraws } = overlapInput(plans, selected);
  const earlier = await tx
    .getRepository(Task)
    .createQueryBuilder('t')
    .select('t.credit_code', 'creditCode')
    .addSelect('COUNT(*)', 'visits')
    .where('t.round_id <> :r AND t.status = :active AND t.window_start LIKE :y', { r: round.id, active: 'ACTIVE', y: `${round.year}-%` })
    .groupBy('t.credit_code')
    .getRawMany<{ creditCode: string; visits: string | number }>();
  const visitsThisYear = Object.fromEntries(earlier.map((e) => [e.creditCode, Number(e.visits)]));
  const { tasks, capWarnings } = detectJointTasks({ plans: overlapPlans, draws: overlapDraws, visitsThisYear, frequencyCap });
  const now = new Date();
  for (let i = 0; i < tasks.length; i += 500) await tx.getRepository(Task).insert(tasks.slice(i, i + 500).map((t) => taskRow(round.id, t, now)));
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
    const snapshots = new Map((await tx.getRepository(PoolSnapshot).findBy({ roundId: round.id })).map((x) => [x.planId, x]));
    plans.sort((a, b) => a.id - b.id);
    const selectedBy = new Map<number, string[]>();
    // Plans snapshotted under one version draw together: in coordinated mode each entity is hashed once.
    for (const version of new Set(plans.map((p) => snapshotVersion(snapshots.get(p.id)!)))) {
      const group = plans.filter((p) => snapshotVersion(snapshots.get(p.id)!) === version);
      const results = drawPlans(roundInput(round, version), group.map((p) => planInput(round.mode, p, snapshots.get(p.id)!)));
      for (const [i, plan] of group.entries()) {
        const { record, selected } = buildRecord(round, plan, snapshots.get(plan.id)!, results[i]);
        const hash = recordHash(record);
        const verification = verdict(record, hash, snapshots.get(plan.id)!);
        const saved = await tx.getRepository(Draw).save(
          tx.getRepository(Draw).create({ roundId: round.id, planId: plan.id, seq: 1, reason: null, record, recordHash: hash, verification, createdBy: ctx.identity.sub, createdAt: new Date() }),
        );
        await appendAudit(tx, ctx.identity.sub, 'DRAW_LOCKED', `draw:${saved.id}`, { roundId: round.id, planId: plan.id, seq: 1, recordHash: hash, selected: selected.length });
        selectedBy.set(plan.id, selected);
        plan.state = 'DRAWN';
        plan.updatedAt = new Date();
        await tx.getRepository(Plan).save(plan);
      }
    }
    const made = await createTasks(tx, round, plans, selectedBy, rules.frequencyCap);
    await appendAudit(tx, ctx.identity.sub, 'TASKS_CREATED', `round:${round.id}`, made);
    round.state = 'DRAWN';
    round.updatedAt = new Date();
    await tx.getRepository(DrawRound).save(round);
    return round;
  });
}

export interface ExclusionInput {
  creditCode: string;
  reason: string;
  note?: string | null;
}

export const MAX_EXCLUSIONS_PER_REDRAW = 200;

function checkExclusionInput(list: ExclusionInput[]): Exclusion[] {
  if (!Array.isArray(list) || !list.length) throw badInput('exclusions', '重新抽取须列出要排除的市场主体及原因（从冻结的名录快照中排除）');
  if (list.length > MAX_EXCLUSIONS_PER_REDRAW) throw badInput('exclusions', `一次重新抽取最多排除 ${MAX_EXCLUSIONS_PER_REDRAW} 家`);
  return list.map((x) => {
    const creditCode = String(x.creditCode ?? '').normalize('NFKC').trim().toUpperCase();
    const problem = checkUscc(creditCode);
    if (problem) throw badInput('exclusions', `统一社会信用代码 ${creditCode.slice(0, 18)} 无效：${problem}`);
    const note = x.note?.normalize('NFKC').trim() ?? '';
    if (note.length > 200) throw badInput('exclusions', '排除说明不超过200字');
    const reasonProblem = exclusionReasonProblem({ creditCode, reason: x.reason, note });
    if (reasonProblem) throw badInput('exclusions', reasonProblem);
    return { creditCode, reason: x.reason as Exclusion['reason'], ...(note ? { note } : {}) };
  });
}

/**
 * A redraw takes businesses out of the frozen snapshot, each with a published reason, and draws again with the
 * same seed: the rest of the selection stays, and each vacated place goes to the next business in the same
 * order, so nobody can choose who comes in. Tasks of other businesses are not touched.
 */
export async function redrawPlan(ctx: JointContext, roundId: string, planId: string, reason: string, exclusionInput: ExclusionInput[]): Promise<Draw> {
  requireOffice(ctx);
  const why = reason?.normalize('NFKC').trim();
  if (!why || why.length > 500) throw badInput('reason', '重新抽取必须填写原因（不超过500字）');
  const added = checkExclusionInput(exclusionInput);
  return serialTransaction(ctx.em, async (tx) => {
    const round = await lockRound(tx, roundId);
    expectState(round, 'DRAWN', '重新抽取');
    if (!round.planIds.map(Number).includes(Number(planId))) throw badInput('planId', `计划 ${planId} 不在本轮次中`);
    const plans = (await tx.getRepository(Plan).findBy({ id: In(round.planIds.map(Number)) })).sort((a, b) => a.id - b.id);
    const plan = plans.find((p) => p.id === Number(planId))!;
    const snapshot = (await tx.getRepository(PoolSnapshot).findOneBy({ roundId: round.id, planId: plan.id }))!;
    if (snapshotVersion(snapshot) === 'prn-sha256-v1') throw conflict('该轮次用旧版算法（v1）冻结，不能按排除名单重新抽取；请为该计划开启新的轮次');
    const last = (await tx.getRepository(Draw).findOne({ where: { roundId: round.id, planId: plan.id }, order: { seq: 'DESC' } }))!;
    const before = (last.record.exclusions as Exclusion[] | undefined) ?? [];
    const members = new Set((snapshot.members as PoolEntry[]).map((m) => m.creditCode));
    for (const x of added) {
      if (!members.has(x.creditCode)) throw badInput('exclusions', `${x.creditCode} 不在本计划冻结的名录快照中，不能排除`);
      if (before.some((b) => b.creditCode === x.creditCode)) throw conflict(`${x.creditCode} 此前已被排除`);
    }
    if (new Set(added.map((x) => x.creditCode)).size !== added.length) throw badInput('exclusions', '排除名单中有重复的信用代码');
    const exclusions = [...before, ...added];
    const redraw = { exclusions, ordinal: last.seq, previousRecordHash: last.recordHash, reason: why };
    const [result] = drawPlans(roundInput(round, snapshotVersion(snapshot)), [planInput(round.mode, plan, snapshot, exclusions)]);
    const { record, selected } = buildRecord(round, plan, snapshot, result, redraw);
    const hash = recordHash(record);
    const verification = verdict(record, hash, snapshot);
    const saved = await tx.getRepository(Draw).save(
      tx.getRepository(Draw).create({ roundId: round.id, planId: plan.id, seq: last.seq + 1, reason: why, record, recordHash: hash, verification, createdBy: ctx.identity.sub, createdAt: new Date() }),
    );
    const previous = new Set(last.record.selected as string[]);
    const now = new Set(selected);
    const left = [...previous].filter((c) => !now.has(c));
    const came = selected.filter((c) => !previous.has(c));
    await appendAudit(tx, ctx.identity.sub, 'REDRAW_LOCKED', `draw:${saved.id}`, {
      roundId: round.id, planId: plan.id, seq: saved.seq, ordinal: redraw.ordinal, reason: why, recordHash: hash, previousRecordHash: last.recordHash,
      exclusionsAdded: added, left, came,
    });
    const changed = await reshapeTasks(tx, round, plans, [...left, ...came], saved);
    await appendAudit(tx, ctx.identity.sub, 'TASKS_RESHAPED', `round:${round.id}`, { drawId: saved.id, ...changed });
    return saved;
  });
}

const IN_CHUNK = 500;

/** Applies reconcileTasks to the businesses whose selection changed; every other task is left exactly as it was. */
async function reshapeTasks(tx: EntityManager, round: DrawRound, plans: Plan[], affected: string[], draw: Draw) {
  const out = { cancelled: [] as number[], reshaped: [] as number[], created: [] as number[] };
  if (!affected.length) return out;
  // Only each plan's latest record is read: superseded records (each with its whole pool) are not loaded.
  const latestId = new Map<number, number>();
  for (const d of await tx.getRepository(Draw).find({ select: { id: true, planId: true, seq: true }, where: { roundId: round.id }, order: { seq: 'ASC' } }))
    latestId.set(d.planId, d.id);
  const latest = new Map<number, Set<string>>();
  for (const d of await tx.getRepository(Draw).find({ select: { planId: true, record: true }, where: { id: In([...latestId.values()]) } }))
    latest.set(d.planId, new Set(d.record.selected as string[]));
  const { plans: overlapPlans } = overlapInput(plans, new Map());
  const selectedBy = new Map(affected.map((code) => [code, overlapPlans.filter((p) => latest.get(Number(p.planId.split(':')[0]))?.has(code)).map((p) => p.planId)]));
  const tasks: Task[] = [];
  for (let i = 0; i < affected.length; i += IN_CHUNK)
    tasks.push(...(await tx.getRepository(Task).findBy({ roundId: round.id, status: 'ACTIVE', creditCode: In(affected.slice(i, i + IN_CHUNK)) })));
  const settled = new Set<number>();
  const ids = tasks.map((t) => t.id);
  for (let i = 0; i < ids.length; i += IN_CHUNK) {
    const chunk = ids.slice(i, i + IN_CHUNK);
    for (const d of await tx.getRepository(TaskDispatch).findBy({ taskId: In(chunk) })) if (d.status !== 'PENDING') settled.add(d.taskId);
    for (const r of await tx.getRepository(InspectionResult).find({ select: { taskId: true }, where: { taskId: In(chunk) } })) settled.add(r.taskId);
  }
  const participants = new Map(plans.map((p) => [p.id, p.participants]));
  const plan = reconcileTasks({
    plans: overlapPlans,
    selectedBy,
    existing: tasks.map((t) => ({ id: t.id, creditCode: t.creditCode, planKeys: taskPlanKeys(t, participants), settled: settled.has(t.id) })),
  });
  const now = new Date();
  const byId = new Map(tasks.map((t) => [t.id, t]));
  const cancelParts = async (taskId: number, departments: string[] | null, why: string) => {
    const parts = await tx.getRepository(TaskDispatch).findBy({ taskId });
    for (const part of parts.filter((x) => !departments || departments.includes(x.department)))
      await tx.getRepository(TaskDispatch).update({ id: part.id }, { status: 'CANCELLED', problems: [...part.problems, why], updatedAt: now });
  };
  for (const id of plan.cancels) {
    const why = `重新抽取（第 ${draw.seq} 次抽取记录）后不再抽中该市场主体，任务取消；已录入的结果保留`;
    await tx.getRepository(Task).update({ id }, { status: 'CANCELLED', cancelReason: why, cancelledAt: now, changedByDraw: draw.id });
    await cancelParts(id, null, why);
    out.cancelled.push(id);
  }
  for (const u of plan.updates) {
    const row = taskRow(round.id, u.shape, byId.get(u.id)!.createdAt);
    await tx.getRepository(Task).update({ id: u.id }, { ...row, changedByDraw: draw.id });
    if (u.droppedDepartments.length) await cancelParts(u.id, u.droppedDepartments, '重新抽取后本部门不再参加此次检查');
    out.reshaped.push(u.id);
  }
  for (const c of plan.creates) {
    const inserted = await tx.getRepository(Task).insert({ ...taskRow(round.id, c, now), changedByDraw: draw.id });
    out.created.push(Number(inserted.identifiers[0].id));
  }
  return out;
}

export function verifyStoredDraw(draw: Draw, snapshot?: PoolSnapshot | null): ReturnType<typeof verifyDraw> {
  return verifyDraw(draw.record as unknown as DrawRecord, { recordHash: draw.recordHash, ...(snapshot ? { poolHash: snapshot.poolHash } : {}) });
}

/** A draw verified once, as it is locked: the same recomputation an outsider runs, stored with the record. */
function verdict(record: DrawRecord, hash: string, snapshot: PoolSnapshot): NonNullable<Draw['verification']> {
  const v = verifyDraw(record, { recordHash: hash, poolHash: snapshot.poolHash });
  if (!v.ok) throw new Error(`抽取记录未通过自检：${v.reason}${v.detail ? `：${v.detail}` : ''}`);
  return { ok: true, reason: null, firstDifference: null };
}

export async function roundStats(ctx: JointContext, round: DrawRound) {
  const [all, found] = await Promise.all([ctx.loaders.tasksByRound.load(round.id), ctx.loaders.planById.loadMany(round.planIds.map(String))]);
  const tasks = all.filter((t) => t.status === 'ACTIVE');
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
      if (snapshot) selected.set(plan.id, drawSnapshot(round, mode, plan, snapshot));
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
  const mine = new Set((await ctx.em.getRepository(Task).find({ select: { creditCode: true }, where: { roundId: round.id, status: 'ACTIVE' } })).map((t) => t.creditCode));
  if (!mine.size) return [];
  const year = await ctx.em
    .getRepository(Task)
    .createQueryBuilder('t')
    .select('t.credit_code', 'creditCode')
    .addSelect('COUNT(*)', 'visits')
    .where('t.window_start LIKE :y AND t.status = :active', { y: `${round.year}-%`, active: 'ACTIVE' })
    .groupBy('t.credit_code')
    .having('COUNT(*) > :cap', { cap })
    .getRawMany<{ creditCode: string; visits: string | number }>();
  return year.filter((r) => mine.has(r.creditCode)).map((r) => ({ creditCode: r.creditCode, visits: Number(r.visits), cap }));
}
