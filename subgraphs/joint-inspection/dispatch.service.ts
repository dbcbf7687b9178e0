// Dispatch: every task's departments match their own inspectors (department subgraph, via the gateway).
// Idempotent per (task, department): a retry only calls departments whose part is still pending, and the
// department side is idempotent by task id too, so nothing is ever drawn twice.
import { badInput, conflict, forbidden } from '../../shared/errors';
import { isJointOffice, isService } from '../../shared/identity';
import type { JointContext } from './context';
import { Task } from './task.entity';
import { TaskDispatch, type DispatchedInspector } from './result.entity';
import type { MatchResponse } from './department-client';
import { appendAudit } from './audit.service';
import { lockingRead, serialTransaction } from './joint.tx';
import { mustFindRound } from './round.service';

const PARALLEL = 8;

export interface DepartmentDispatchSummary {
  department: string;
  matched: number;
  understaffed: number;
  pending: number;
}

async function inBatches<T>(items: T[], size: number, fn: (item: T) => Promise<void>) {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(fn));
}

export async function dispatchRound(ctx: JointContext, roundId: string): Promise<DepartmentDispatchSummary[]> {
  if (!isJointOffice(ctx.identity) && !isService(ctx.identity)) throw forbidden('只有联席会议办公室可以派发任务');
  const round = await mustFindRound(ctx.em, roundId);
  if (round.state !== 'DRAWN') throw conflict(`轮次「${round.name}」尚未抽取，不能派发`);
  const tasks = await ctx.em.getRepository(Task).find({ where: { roundId: round.id, status: 'ACTIVE' }, order: { id: 'ASC' } });
  const existing = await roundDispatches(ctx, round.id);
  const byPart = new Map(existing.map((d) => [`${d.taskId}/${d.department}`, d]));
  const settled = (taskId: number, department: string) => (byPart.get(`${taskId}/${department}`)?.status ?? 'PENDING') !== 'PENDING';
  const todo = tasks.flatMap((t) => t.departments.filter((d) => !settled(t.id, d)).map((department) => ({ task: t, department })));
  const outcomes: Partial<TaskDispatch>[] = [];
  await inBatches(todo, PARALLEL, async ({ task, department }) => {
    const prior = byPart.get(`${task.id}/${department}`);
    const base = { taskId: task.id, department, attempts: (prior?.attempts ?? 0) + 1, updatedAt: new Date() };
    try {
      const res = await ctx.departments.matchInspectors(department, {
        taskId: String(task.id),
        roundId: String(round.id),
        creditCode: task.creditCode,
        visitDate: task.windowStart,
        seed: round.seed!,
        leader: department === task.leadDepartment,
        itemCodes: task.items.filter((i) => i.department === department).map((i) => i.code),
      });
      outcomes.push({
        ...base,
        status: res.status,
        lastError: null,
        problems: res.problems,
        inspectors: dispatched(res),
      });
    } catch (e) {
      outcomes.push({ ...base, status: 'PENDING', lastError: (e as Error).message.slice(0, 500), problems: [], inspectors: prior?.inspectors ?? [] });
    }
  });
  await serialTransaction(ctx.em, async (tx) => {
    const repo = tx.getRepository(TaskDispatch);
    // A dispatch that overlapped this one (an operator retrying while the first was still running) may have
    // settled a part already: the first settled answer stays, so nothing is recorded or audited twice and a
    // late PENDING never overwrites a match.
    const settled: Partial<TaskDispatch>[] = [];
    for (const o of outcomes) {
      const qb = repo.createQueryBuilder('d').where('d.taskId = :t AND d.department = :d', { t: o.taskId, d: o.department });
      if (lockingRead(tx)) qb.setLock('pessimistic_write');
      const row = await qb.getOne();
      if (row && row.status !== 'PENDING') continue;
      await repo.save(row ? Object.assign(row, o) : repo.create(o));
      settled.push(o);
    }
    outcomes.splice(0, outcomes.length, ...settled);
    // Who was matched goes on the chain per task, so a later dispute can be settled from the record.
    for (const o of outcomes.filter((x) => x.status !== 'PENDING'))
      await appendAudit(tx, ctx.identity.sub, 'MATCHED', `task:${o.taskId}/${o.department}`, {
        status: o.status,
        inspectors: o.inspectors!.map((i) => `${i.certificateNumber}:${i.role}:${i.status}`),
        problems: o.problems,
      });
    const count = (s: string) => outcomes.filter((o) => o.status === s).length;
    await appendAudit(tx, ctx.identity.sub, 'DISPATCH', `round:${round.id}`, { attempted: outcomes.length, matched: count('MATCHED'), understaffed: count('UNDERSTAFFED'), pending: count('PENDING') });
  });
  return dispatchSummary(ctx, round.id);
}

function dispatched(res: MatchResponse): DispatchedInspector[] {
  return res.assignments.map((a) => ({
    inspectorId: a.inspector.id,
    name: a.inspector.name,
    certificateNumber: a.inspector.certificateNumber,
    role: a.role,
    status: a.status,
    reason: a.reason ?? null,
  }));
}

/**
 * 递补 through the joint office (or the department's admin): the department picks the next inspector in
 * the same seeded order; the dispatch record and the audit chain follow.
 */
export async function replaceTaskInspector(ctx: JointContext, taskId: string, department: string, inspectorId: string, reason: string): Promise<TaskDispatch> {
  const id = ctx.identity;
  if (!isJointOffice(id) && !isService(id) && !(id.role === 'DEPT_ADMIN' && id.department === department)) throw forbidden('只有联席会议办公室或本部门管理员可以递补人员');
  if (!reason?.trim()) throw badInput('reason', '递补必须填写退出原因');
  const row = await ctx.em.getRepository(TaskDispatch).findOneBy({ taskId: Number(taskId), department });
  if (!row || row.status === 'PENDING') throw conflict('该部门尚未完成该任务的人员匹配');
  if (row.status === 'CANCELLED') throw conflict('重新抽取后本部门已不参加该任务，无需递补');
  if (!row.inspectors.some((i) => i.inspectorId === inspectorId && i.status === 'ACTIVE')) throw badInput('inspectorId', '该人员不在该任务的在岗名单中');
  const res = await ctx.departments.replaceInspector(department, String(row.taskId), inspectorId, reason.trim());
  return serialTransaction(ctx.em, async (tx) => {
    Object.assign(row, { status: res.status, problems: res.problems, inspectors: dispatched(res), updatedAt: new Date() });
    await tx.getRepository(TaskDispatch).save(row);
    await appendAudit(tx, ctx.identity.sub, 'INSPECTOR_REPLACED', `task:${row.taskId}/${department}`, {
      out: inspectorId,
      reason: reason.trim(),
      active: res.assignments.filter((a) => a.status === 'ACTIVE').map((a) => a.inspector.certificateNumber),
      status: res.status,
    });
    return row;
  });
}

export async function dispatchSummary(ctx: JointContext, roundId: number): Promise<DepartmentDispatchSummary[]> {
  const tasks = await ctx.em.getRepository(Task).find({ select: { id: true, departments: true }, where: { roundId, status: 'ACTIVE' } });
  const rows = new Map((await roundDispatches(ctx, roundId)).map((r) => [`${r.taskId}/${r.department}`, r]));
  const byDept = new Map<string, DepartmentDispatchSummary>();
  for (const t of tasks)
    for (const department of t.departments) {
      const s = byDept.get(department) ?? { department, matched: 0, understaffed: 0, pending: 0 };
      const row = rows.get(`${t.id}/${department}`);
      if (row?.status === 'MATCHED') s.matched++;
      else if (row?.status === 'UNDERSTAFFED') s.understaffed++;
      else s.pending++;
      byDept.set(department, s);
    }
  return [...byDept.values()].sort((a, b) => a.department.localeCompare(b.department));
}

/** A round's dispatch parts by a join on the round, never by a list of its task ids (which grows with the round). */
function roundDispatches(ctx: JointContext, roundId: number): Promise<TaskDispatch[]> {
  return ctx.em.getRepository(TaskDispatch).createQueryBuilder('d').innerJoin(Task, 't', 't.id = d.task_id').where('t.round_id = :roundId', { roundId }).getMany();
}
