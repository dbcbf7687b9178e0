// The outbox that carries effective credit-class moves from the joint registry to every department's
// 检查对象名录库 (docs/credit-classes.md): rows are written in the transaction that makes a change effective,
// then delivered per department in batches; a department that is down keeps its rows PENDING.
import { In, MoreThan, type EntityManager } from 'typeorm';
import { logError } from '../../shared/subgraph-server';
import { MAX_CREDIT_CHANGES_PER_CALL } from '../../shared/domain/credit-sync';
import { appendAudit } from './audit.service';
import type { JointContext } from './context';
import { CreditDelivery, type CreditDeliverySummary, type DepartmentCreditDelivery, type PendingCreditDelivery } from './credit-delivery.entity';
import { Department } from './department.entity';
import { serialTransaction } from './joint.tx';
import { CreditChange } from './result.entity';

/** In the caller's transaction: one PENDING row per active member department for an effective change. */
export async function enqueueCreditDelivery(tx: EntityManager, changeId: number): Promise<number> {
  const departments = await tx.getRepository(Department).find({ select: { code: true }, where: { active: true }, order: { sortOrder: 'ASC' } });
  if (!departments.length) return 0;
  const now = new Date();
  await tx.getRepository(CreditDelivery).insert(
    departments.map((d) => ({ changeId, department: d.code, status: 'PENDING' as const, attempts: 0, lastError: null, outcome: null, createdAt: now, updatedAt: now, deliveredAt: null })),
  );
  return departments.length;
}

// Per database and department, deliveries run one after another: a retry asked for while the first attempt is
// still in flight waits for it, then sends only what is still pending.
const chains = new WeakMap<object, Map<string, Promise<unknown>>>();
function inTurn<T>(em: EntityManager, department: string, fn: () => Promise<T>): Promise<T> {
  let byDepartment = chains.get(em.connection);
  if (!byDepartment) chains.set(em.connection, (byDepartment = new Map()));
  const run = (byDepartment.get(department) ?? Promise.resolve()).catch(() => undefined).then(fn);
  const settled = run.catch(() => undefined);
  byDepartment.set(department, settled);
  void settled.then(() => {
    if (byDepartment!.get(department) === settled) byDepartment!.delete(department);
  });
  return run;
}

async function departmentsWithPending(em: EntityManager): Promise<string[]> {
  const rows = await em.getRepository(CreditDelivery).createQueryBuilder('d')
    .select('d.department', 'department').where('d.status = :s', { s: 'PENDING' }).groupBy('d.department').getRawMany<{ department: string }>();
  return rows.map((r) => r.department).sort();
}

async function departmentNames(em: EntityManager): Promise<Map<string, string>> {
  const rows = await em.getRepository(Department).find({ select: { code: true, name: true } });
  return new Map(rows.map((d) => [d.code, d.name]));
}

async function pendingCount(em: EntityManager, department: string): Promise<number> {
  return em.getRepository(CreditDelivery).countBy({ department, status: 'PENDING' });
}

/** Sends one department its pending changes, oldest first, one call per batch; stops at the first failure. */
async function deliverDepartment(ctx: JointContext, department: string): Promise<{ delivered: number; reachable: boolean }> {
  const repo = ctx.em.getRepository(CreditDelivery);
  let delivered = 0;
  let after = 0;
  for (;;) {
    const rows = await repo.find({ where: { department, status: 'PENDING', changeId: MoreThan(after) }, order: { changeId: 'ASC' }, take: MAX_CREDIT_CHANGES_PER_CALL });
    if (!rows.length) return { delivered, reachable: true };
    after = rows[rows.length - 1].changeId;
    const ids = rows.map((r) => r.changeId);
    const changes = new Map((await ctx.em.getRepository(CreditChange).findBy({ id: In(ids) })).map((c) => [c.id, c]));
    const payload = rows.map((r) => ({ changeId: String(r.changeId), creditCode: changes.get(r.changeId)!.creditCode, creditClass: changes.get(r.changeId)!.toClass }));
    let answers: Map<number, string>;
    try {
      answers = new Map((await ctx.departments.applyCreditClasses(department, payload)).map((a) => [Number(a.changeId), a.outcome]));
    } catch (e) {
      await serialTransaction(ctx.em, (tx) => markAttempt(tx, department, ids, (e as Error).message));
      return { delivered, reachable: false };
    }
    await serialTransaction(ctx.em, async (tx) => {
      const byOutcome = new Map<string, number[]>();
      for (const id of ids) {
        const outcome = answers.get(id);
        if (outcome) byOutcome.set(outcome, [...(byOutcome.get(outcome) ?? []), id]);
      }
      const now = new Date();
      for (const [outcome, part] of byOutcome)
        await tx.getRepository(CreditDelivery).createQueryBuilder().update()
          .set({ status: 'DELIVERED', outcome, lastError: null, attempts: () => 'attempts + 1', deliveredAt: now, updatedAt: now })
          .where('department = :department AND status = :s AND change_id IN (:...part)', { department, s: 'PENDING', part }).execute();
      const unanswered = ids.filter((id) => !answers.has(id));
      if (unanswered.length) await markAttempt(tx, department, unanswered, '部门未确认这些调整');
      await appendAudit(tx, ctx.identity.sub, 'CREDIT_DELIVERED', `department:${department}`, {
        changeIds: ids.filter((id) => answers.has(id)),
        outcomes: Object.fromEntries([...byOutcome].map(([o, part]) => [o, part.length])),
      });
    });
    delivered += answers.size;
    if (rows.length < MAX_CREDIT_CHANGES_PER_CALL) return { delivered, reachable: true };
  }
}

async function markAttempt(em: EntityManager, department: string, ids: number[], error: string): Promise<void> {
  await em.getRepository(CreditDelivery).createQueryBuilder().update()
    .set({ attempts: () => 'attempts + 1', lastError: error.slice(0, 500), updatedAt: new Date() })
    .where('department = :department AND status = :s AND change_id IN (:...ids)', { department, s: 'PENDING', ids }).execute();
}

/**
 * Delivers what is pending for the given departments (all departments with pending changes when omitted),
 * each department in turn with itself and in parallel with the others. Never throws for a department that is
 * down: its rows stay PENDING with the attempt and the reason recorded.
 */
export async function deliverPendingCreditChanges(ctx: JointContext, departments?: readonly string[]): Promise<CreditDeliverySummary> {
  const targets = departments ? [...new Set(departments)].sort() : await departmentsWithPending(ctx.em);
  const names = await departmentNames(ctx.em);
  const rows: DepartmentCreditDelivery[] = await Promise.all(
    targets.map(async (department) => {
      const { delivered, reachable } = await inTurn(ctx.em, department, () => deliverDepartment(ctx, department));
      return { department, departmentName: names.get(department) ?? department, delivered, reachable, pending: await pendingCount(ctx.em, department) };
    }),
  );
  return { delivered: rows.reduce((s, r) => s + r.delivered, 0), pending: rows.reduce((s, r) => s + r.pending, 0), departments: rows };
}

/** Pending deliveries per department (only departments that have some; all departments when omitted). */
export async function pendingCreditDeliveries(em: EntityManager, departments?: readonly string[]): Promise<PendingCreditDelivery[]> {
  const counts = await em.getRepository(CreditDelivery).createQueryBuilder('d')
    .select('d.department', 'department').addSelect('COUNT(*)', 'n').addSelect('MAX(d.attempts)', 'attempts')
    .where('d.status = :s', { s: 'PENDING' }).groupBy('d.department')
    .getRawMany<{ department: string; n: number | string; attempts: number | string }>();
  const wanted = departments ? new Set(departments) : null;
  const names = await departmentNames(em);
  const out: PendingCreditDelivery[] = [];
  for (const c of counts.filter((r) => !wanted || wanted.has(r.department)).sort((a, b) => a.department.localeCompare(b.department))) {
    const oldest = await em.getRepository(CreditDelivery).findOne({ where: { department: c.department, status: 'PENDING' }, order: { changeId: 'ASC' } });
    if (!oldest) continue;
    out.push({
      department: c.department,
      departmentName: names.get(c.department) ?? c.department,
      pending: Number(c.n),
      oldestAt: oldest.createdAt,
      attempts: Number(c.attempts),
      lastError: oldest.lastError,
    });
  }
  return out;
}

/** Best effort, right after the transaction that made changes effective has committed; never awaited. */
export function deliverSoon(ctx: JointContext): void {
  deliverPendingCreditChanges(ctx).catch((e) => logError('credit delivery', e));
}
