// Dispatch: every task's departments match their own inspectors (department subgraph, via the gateway).
// Idempotent per (task, department): a retry only calls departments whose part is still pending, and the
// department side is idempotent by task id too, so nothing is ever drawn twice.
import { In } from 'typeorm';
import { conflict, forbidden } from '../../shared/errors';
import { isJointOffice, isService } from '../../shared/identity';
import type { JointContext } from './context';
import { Task } from './task.entity';
import { TaskDispatch } from './result.entity';
import { appendAudit } from './audit.service';
import { serialTransaction } from './joint.tx';
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
  const tasks = await ctx.em.getRepository(Task).find({ where: { roundId: round.id }, order: { id: 'ASC' } });
  const existing = await ctx.em.getRepository(TaskDispatch).findBy({ taskId: In(tasks.map((t) => t.id)) });
  const done = new Set(existing.filter((d) => d.status !== 'PENDING').map((d) => `${d.taskId}/${d.department}`));
  const todo = tasks.flatMap((t) => t.departments.filter((d) => !done.has(`${t.id}/${d}`)).map((department) => ({ task: t, department })));
  const outcomes: Partial<TaskDispatch>[] = [];
  await inBatches(todo, PARALLEL, async ({ task, department }) => {
    const prior = existing.find((d) => d.taskId === task.id && d.department === department);
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
        inspectors: res.assignments.map((a) => ({ name: a.inspector.name, certificateNumber: a.inspector.certificateNumber, role: a.role, status: a.status })),
      });
    } catch (e) {
      outcomes.push({ ...base, status: 'PENDING', lastError: (e as Error).message.slice(0, 500), problems: [], inspectors: prior?.inspectors ?? [] });
    }
  });
  await serialTransaction(ctx.em, async (tx) => {
    const repo = tx.getRepository(TaskDispatch);
    for (const o of outcomes) {
      const row = await repo.findOneBy({ taskId: o.taskId!, department: o.department! });
      await repo.save(row ? Object.assign(row, o) : repo.create(o));
    }
    const count = (s: string) => outcomes.filter((o) => o.status === s).length;
    await appendAudit(tx, ctx.identity.sub, 'DISPATCH', `round:${round.id}`, { attempted: outcomes.length, matched: count('MATCHED'), understaffed: count('UNDERSTAFFED'), pending: count('PENDING') });
  });
  return dispatchSummary(ctx, round.id);
}

export async function dispatchSummary(ctx: JointContext, roundId: number): Promise<DepartmentDispatchSummary[]> {
  const tasks = await ctx.em.getRepository(Task).findBy({ roundId });
  const rows = await ctx.em.getRepository(TaskDispatch).findBy({ taskId: In(tasks.map((t) => t.id)) });
  const byDept = new Map<string, DepartmentDispatchSummary>();
  for (const t of tasks)
    for (const department of t.departments) {
      const s = byDept.get(department) ?? { department, matched: 0, understaffed: 0, pending: 0 };
      const row = rows.find((r) => r.taskId === t.id && r.department === department);
      if (row?.status === 'MATCHED') s.matched++;
      else if (row?.status === 'UNDERSTAFFED') s.understaffed++;
      else s.pending++;
      byDept.set(department, s);
    }
  return [...byDept.values()].sort((a, b) => a.department.localeCompare(b.department));
}
