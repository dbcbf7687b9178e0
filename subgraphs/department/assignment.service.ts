// Matching this department's inspectors to joint tasks (the department's half of dispatch), and 递补.
import { In, Not, type EntityManager } from 'typeorm';
import { badInput, conflict, forbidden, notFound } from '../../shared/errors';
import { isJointOffice, isService } from '../../shared/identity';
import { MATCHING_VERSION, matchTeam, nextReplacement, type Candidate, type MatchParams, type MatchState } from '../../shared/domain/matching';
import { Assignment, TaskMatch } from './assignment.entity';
import type { MatchResult, MatchValues } from './assignment.input';
import { ChecklistItem } from './checklist-item.entity';
import type { DepartmentContext } from './context';
import { requirePrivateRead } from './department.guards';
import { isUniqueViolation, parseId } from './department.db';
import { requireText } from './department.validation';
import { appendDepartmentAudit, departmentTransaction } from './department.audit';
import { Inspector, InspectorConflict } from './inspector.entity';

// Matching reads workloads and then writes assignments; two tasks matched at once could both take the
// last slot of an inspector. One process serves one department, so a promise chain serialises them.
let queue: Promise<unknown> = Promise.resolve();
function serialised<T>(fn: () => Promise<T>): Promise<T> {
  const run = queue.then(fn, fn);
  queue = run.catch(() => undefined);
  return run;
}

/** Dispatch is the joint office's act; the joint-inspection subgraph calls here as a SERVICE. */
function requireDispatcher(ctx: DepartmentContext) {
  if (!isService(ctx.identity) && !isJointOffice(ctx.identity)) throw forbidden('选派执法人员由联席会议办公室派发任务时进行');
}

async function resultOf(em: EntityManager, match: TaskMatch): Promise<MatchResult> {
  const assignments = await em.getRepository(Assignment).find({ where: { department: match.department, taskId: match.taskId }, order: { id: 'ASC' } });
  return { taskId: match.taskId, status: match.status, problems: match.problems, algorithmVersion: match.algorithmVersion, assignments };
}

async function loadCandidates(em: EntityManager, department: string, creditCode: string): Promise<Candidate[]> {
  const inspectors = await em.getRepository(Inspector).find({ where: { department }, order: { id: 'ASC' } });
  const conflicted = await em.getRepository(InspectorConflict).find({ where: { creditCode } });
  const recuse = new Set(conflicted.map((c) => c.inspectorId));
  return inspectors.map((i) => ({
    id: String(i.id),
    name: i.name,
    certificateNumber: i.certificateNumber,
    certificateExpiry: i.certificateExpiry,
    status: i.status,
    expertise: i.expertise,
    // Only this task's entity matters here, so only its conflicts are loaded.
    conflicts: recuse.has(i.id) ? [creditCode] : [],
  }));
}

async function loadState(em: EntityManager, m: Pick<TaskMatch, 'department' | 'taskId' | 'roundId' | 'creditCode'>): Promise<MatchState> {
  const rows = await em
    .getRepository(Assignment)
    .createQueryBuilder('a')
    .select('a.inspector_id', 'id')
    .addSelect('COUNT(*)', 'n')
    .where('a.department = :d AND a.round_id = :r AND a.status = :s AND a.task_id <> :t', { d: m.department, r: m.roundId, s: 'ACTIVE', t: m.taskId })
    .groupBy('a.inspector_id')
    .getRawMany<{ id: number; n: string | number }>();
  const workload = new Map(rows.map((r) => [String(r.id), Number(r.n)]));
  const previous = await em.getRepository(TaskMatch).findOne({
    where: { department: m.department, creditCode: m.creditCode, taskId: Not(m.taskId) },
    order: { createdAt: 'DESC', id: 'DESC' },
  });
  const before = previous ? await em.getRepository(Assignment).find({ where: { department: m.department, taskId: previous.taskId, status: 'ACTIVE' } }) : [];
  return { workload, previousInspectors: new Set(before.map((a) => String(a.inspectorId))) };
}

async function itemTexts(em: EntityManager, department: string, codes: string[]): Promise<string[]> {
  if (!codes.length) return [];
  const items = await em.getRepository(ChecklistItem).find({ where: { department, code: In(codes) } });
  const missing = codes.filter((c) => !items.some((i) => i.code === c));
  if (missing.length) throw badInput('itemCodes', `本部门清单中没有事项：${missing.join('、')}`);
  return items.flatMap((i) => [i.name, i.targetType]);
}

function paramsOf(m: TaskMatch | MatchValues, texts: string[]): MatchParams {
  return {
    taskId: m.taskId,
    seed: m.seed,
    creditCode: m.creditCode,
    visitDate: m.visitDate,
    leader: m.leader,
    itemTexts: texts,
    teamSize: m.teamSize,
    maxTasksPerRound: m.maxTasksPerRound,
    excludePrevious: m.excludePrevious,
  };
}

/** Idempotent by task: a second call returns the first call's match, whatever it asks for. */
export async function matchInspectors(ctx: DepartmentContext, v: MatchValues): Promise<MatchResult> {
  requireDispatcher(ctx);
  return serialised(async () => {
    const existing = await ctx.em.getRepository(TaskMatch).findOneBy({ department: ctx.department, taskId: v.taskId });
    if (existing) return resultOf(ctx.em, existing);
    const texts = await itemTexts(ctx.em, ctx.department, v.itemCodes);
    const candidates = await loadCandidates(ctx.em, ctx.department, v.creditCode);
    const state = await loadState(ctx.em, { department: ctx.department, ...v });
    const outcome = matchTeam(candidates, paramsOf(v, texts), state);
    const now = new Date();
    try {
      const match = await departmentTransaction(ctx, async (txCtx) => {
        const tx = txCtx.em;
        const saved = await tx.getRepository(TaskMatch).save(
          tx.getRepository(TaskMatch).create({
            ...v, department: ctx.department, status: outcome.status, problems: outcome.problems, algorithmVersion: MATCHING_VERSION, createdAt: now, updatedAt: now,
          }),
        );
        await tx.getRepository(Assignment).insert(
          outcome.picks.map((p) => ({
            department: ctx.department, taskId: v.taskId, roundId: v.roundId, creditCode: v.creditCode, inspectorId: Number(p.id), role: p.role,
            status: 'ACTIVE' as const, position: outcome.order.indexOf(p.id), reason: null, replacedBy: null, createdAt: now, updatedAt: now,
          })),
        );
        await appendDepartmentAudit(txCtx, 'TEAM_MATCHED', `task:${v.taskId}`, {
          roundId: v.roundId, creditCode: v.creditCode, status: outcome.status, algorithmVersion: MATCHING_VERSION,
          team: outcome.picks.map((p) => ({ inspectorId: Number(p.id), role: p.role })),
        });
        return saved;
      });
      return resultOf(ctx.em, match);
    } catch (e) {
      // Another instance of the same department (or a retry on another connection) won the race.
      if (!isUniqueViolation(e)) throw e;
      return resultOf(ctx.em, (await ctx.em.getRepository(TaskMatch).findOneByOrFail({ department: ctx.department, taskId: v.taskId })));
    }
  });
}

/** 递补: the dropped inspector's row stays with the reason; the next eligible one in the seeded order takes the role. */
export async function replaceInspector(ctx: DepartmentContext, taskId: string, inspectorId: string, reasonText: string): Promise<MatchResult> {
  requireDispatcher(ctx);
  const reason = requireText('reason', reasonText, 500);
  const id = parseId(inspectorId);
  return serialised(async () => {
    const match = await ctx.em.getRepository(TaskMatch).findOneBy({ department: ctx.department, taskId });
    if (!match) throw notFound('选派记录', taskId);
    const everyone = await ctx.em.getRepository(Assignment).findBy({ department: ctx.department, taskId });
    const leaving = everyone.find((a) => a.inspectorId === id && a.status === 'ACTIVE');
    if (!leaving) throw conflict(`执法人员 ${inspectorId} 不在该任务的在岗名单中`);
    const texts = await itemTexts(ctx.em, ctx.department, match.itemCodes);
    const candidates = await loadCandidates(ctx.em, ctx.department, match.creditCode);
    const state = await loadState(ctx.em, match);
    const params = paramsOf(match, texts);
    const next = nextReplacement(candidates, params, state, new Set(everyone.map((a) => String(a.inspectorId))));
    const now = new Date();
    await departmentTransaction(ctx, async (txCtx) => {
      const tx = txCtx.em;
      let replacedBy: number | null = null;
      if (next) {
        const added = await tx.getRepository(Assignment).save(
          tx.getRepository(Assignment).create({
            department: ctx.department, taskId, roundId: match.roundId, creditCode: match.creditCode, inspectorId: Number(next.id), role: leaving.role,
            status: 'ACTIVE', position: matchTeam(candidates, params, state).order.indexOf(next.id), reason: null, replacedBy: null, createdAt: now, updatedAt: now,
          }),
        );
        replacedBy = added.id;
      }
      await tx.getRepository(Assignment).update({ id: leaving.id }, { status: 'REPLACED', reason, replacedBy, updatedAt: now });
      const active = everyone.filter((a) => a.status === 'ACTIVE').length - 1 + (next ? 1 : 0);
      const problems = active < match.teamSize ? [`递补后人员不足：需要 ${match.teamSize} 人，现有 ${active} 人（无其他符合条件的执法人员）`] : [];
      const status = problems.length ? 'UNDERSTAFFED' : 'MATCHED';
      await tx.getRepository(TaskMatch).update({ id: match.id }, { status, problems, updatedAt: now });
      await appendDepartmentAudit(txCtx, 'INSPECTOR_REPLACED', `task:${taskId}`, {
        inspectorId: leaving.inspectorId, role: leaving.role, reason, replacement: next ? Number(next.id) : null, status,
      });
    });
    return resultOf(ctx.em, (await ctx.em.getRepository(TaskMatch).findOneByOrFail({ id: match.id })));
  });
}

export async function getMatch(ctx: DepartmentContext, taskId: string): Promise<MatchResult | null> {
  requirePrivateRead(ctx);
  const match = await ctx.em.getRepository(TaskMatch).findOneBy({ department: ctx.department, taskId });
  return match ? resultOf(ctx.em, match) : null;
}

export async function listAssignments(ctx: DepartmentContext, f: { taskId?: string | null; roundId?: string | null; inspectorId?: string | null }): Promise<Assignment[]> {
  requirePrivateRead(ctx);
  const where: Record<string, unknown> = { department: ctx.department };
  if (f.taskId) where.taskId = f.taskId;
  if (f.roundId) where.roundId = f.roundId;
  if (f.inspectorId) where.inspectorId = parseId(f.inspectorId) ?? -1;
  if (!f.taskId && !f.roundId && !f.inspectorId) throw badInput('taskId', '请至少按任务、轮次或人员之一查询');
  return ctx.em.getRepository(Assignment).find({ where, order: { id: 'ASC' }, take: 2000 });
}
