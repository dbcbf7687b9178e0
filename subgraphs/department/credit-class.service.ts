// Credit-class moves pushed by the joint registry into this department's 检查对象名录库 (docs/credit-classes.md).
import { In, type EntityManager } from 'typeorm';
import { badInput, forbidden } from '../../shared/errors';
import { isService } from '../../shared/identity';
import { checkUscc } from '../../shared/validation';
import {
  MAX_CREDIT_CHANGES_PER_CALL,
  checkChangeIds,
  isCreditClass,
  planCreditSync,
  type CreditClassChange,
  type RecordedOutcome,
} from '../../shared/domain/credit-sync';
import type { DepartmentContext } from './context';
import { chunks } from './department.db';
import { CreditClassRecord } from './credit-class.entity';
import type { CreditClassApplied, CreditClassChangeInput } from './credit-class.input';
import { PoolEntry } from './pool-entry.entity';
import { appendDepartmentAudit, departmentTransaction } from './department.audit';

function validateChanges(changes: CreditClassChangeInput[]): CreditClassChange[] {
  if (!Array.isArray(changes) || !changes.length) throw badInput('changes', '至少包含一条调整');
  if (changes.length > MAX_CREDIT_CHANGES_PER_CALL) throw badInput('changes', `一次最多${MAX_CREDIT_CHANGES_PER_CALL}条调整`);
  const out = changes.map((c, i) => {
    const raw = String(c.changeId ?? '').normalize('NFKC').trim();
    if (!/^\d{1,15}$/.test(raw)) throw badInput(`changes[${i}].changeId`, '调整编号应为正整数');
    const creditCode = String(c.creditCode ?? '').normalize('NFKC').trim().toUpperCase();
    const reason = checkUscc(creditCode);
    if (reason) throw badInput(`changes[${i}].creditCode`, reason);
    if (!isCreditClass(c.creditClass)) throw badInput(`changes[${i}].creditClass`, '取值应为 A/B/C/D 之一');
    return { changeId: Number(raw), creditCode, creditClass: c.creditClass };
  });
  const reason = checkChangeIds(out.map((c) => c.changeId));
  if (reason) throw badInput('changes', reason);
  return out;
}

const locking = (em: EntityManager) => ['mysql', 'mariadb'].includes(em.connection.options.type);

/**
 * Idempotent by change id and ordered by it: a redelivery is answered from credit_class_applied, and a change
 * older than the last one recorded for its business is ignored. Everything in one transaction.
 */
export async function applyCreditClasses(ctx: DepartmentContext, input: CreditClassChangeInput[]): Promise<CreditClassApplied[]> {
  if (!isService(ctx.identity)) throw forbidden('信用风险分类调整只能由联合抽查系统同步');
  const changes = validateChanges(input);
  const results = await departmentTransaction(ctx, (tx) => applyInTransaction(tx, tx.em, changes));
  ctx.loaders.poolEntryById.clearAll();
  ctx.loaders.summary.clearAll();
  return results;
}

async function applyInTransaction(ctx: DepartmentContext, tx: EntityManager, changes: CreditClassChange[]): Promise<CreditClassApplied[]> {
  const department = ctx.department;
  const codes = [...new Set(changes.map((c) => c.creditCode))];
  const poolClass = new Map<string, string>();
  const entryId = new Map<string, number>();
  for (const part of chunks(codes)) {
    const qb = tx.getRepository(PoolEntry).createQueryBuilder('p')
      .select(['p.id', 'p.creditCode', 'p.creditClass'])
      .where('p.department = :department AND p.credit_code IN (:...part)', { department, part });
    if (locking(tx)) qb.setLock('pessimistic_write');
    for (const p of await qb.getMany()) {
      poolClass.set(p.creditCode, p.creditClass);
      entryId.set(p.creditCode, p.id);
    }
  }
  const recorded = new Map<number, RecordedOutcome>();
  for (const part of chunks(changes.map((c) => c.changeId))) {
    const rows = await tx.getRepository(CreditClassRecord).find({ select: { changeId: true, outcome: true }, where: { department, changeId: In(part) } });
    for (const r of rows) recorded.set(r.changeId, r.outcome);
  }
  const lastChangeId = new Map<string, number>();
  for (const part of chunks(codes)) {
    const rows = await tx.getRepository(CreditClassRecord).createQueryBuilder('r')
      .select('r.credit_code', 'code').addSelect('MAX(r.change_id)', 'last')
      .where('r.department = :department AND r.credit_code IN (:...part)', { department, part })
      .groupBy('r.credit_code')
      .getRawMany<{ code: string; last: number | string }>();
    for (const r of rows) lastChangeId.set(r.code, Number(r.last));
  }

  const plan = planCreditSync(changes, { recorded, lastChangeId, poolClass });
  const now = new Date();
  // One UPDATE per target class (at most four), each over a chunked id list.
  const byClass = new Map<string, number[]>();
  for (const [code, cls] of plan.updates) byClass.set(cls, [...(byClass.get(cls) ?? []), entryId.get(code)!]);
  for (const [cls, ids] of byClass)
    for (const part of chunks(ids))
      await tx.getRepository(PoolEntry).createQueryBuilder().update().set({ creditClass: cls, updatedAt: now })
        .where('department = :department AND id IN (:...part)', { department, part }).execute();
  const rows = plan.records.map((r) => ({ ...r, department, appliedBy: ctx.identity.sub, appliedAt: now }));
  for (const part of chunks(rows, 200)) await tx.getRepository(CreditClassRecord).insert(part);
  await appendDepartmentAudit(ctx, 'CREDIT_CLASSES_APPLIED', 'pool', {
    changes: plan.records.map((r) => ({ changeId: r.changeId, creditCode: r.creditCode, outcome: r.outcome })),
  });
  return plan.results.map((r) => ({ ...r, changeId: String(r.changeId) }));
}
