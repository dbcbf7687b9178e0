import type { InspectorStatus } from '../../shared/domain';
import { conflict, notFound } from '../../shared/errors';
import { checkUscc } from '../../shared/validation';
import { paginate, type Page } from './connection';
import type { DepartmentContext } from './context';
import { requireAdmin, requirePrivateRead, requireWrite } from './department.guards';
import { isUniqueViolation, jsonElementPattern, likeEscape, parseId } from './department.db';
import { check, requireText } from './department.validation';
import { appendDepartmentAudit, auditedChanges, auditedValues, departmentTransaction } from './department.audit';
import { Inspector, InspectorConflict, InspectorStatusChange } from './inspector.entity';
import {
  type InspectorFilter,
  type InspectorInput,
  type InspectorUpdateInput,
  validateInspector,
  validStatus,
} from './inspector.input';

const repo = (ctx: DepartmentContext) => ctx.em.getRepository(Inspector);

export async function listInspectors(
  ctx: DepartmentContext,
  first: number | null | undefined,
  after: string | null | undefined,
  filter: InspectorFilter | null | undefined,
): Promise<Page<Inspector>> {
  requirePrivateRead(ctx);
  const qb = repo(ctx).createQueryBuilder('i').where('i.department = :department', { department: ctx.department });
  if (filter?.status) qb.andWhere('i.status = :status', { status: validStatus(filter.status) });
  const expertise = filter?.expertise?.trim();
  if (expertise) qb.andWhere(`i.expertise LIKE :expertise ESCAPE '!'`, { expertise: jsonElementPattern(expertise) });
  const search = filter?.search?.trim();
  if (search) {
    qb.andWhere(`(i.name LIKE :search ESCAPE '!' OR i.certificate_number LIKE :search ESCAPE '!')`, {
      search: `%${likeEscape(search)}%`,
    });
  }
  return paginate(qb, first, after);
}

export async function getInspector(ctx: DepartmentContext, id: string | number): Promise<Inspector | null> {
  requirePrivateRead(ctx);
  const n = parseId(id);
  return n === null ? null : ctx.loaders.inspectorById.load(n);
}

async function mustFind(ctx: DepartmentContext, id: string | number): Promise<Inspector> {
  const n = parseId(id);
  const found = n === null ? null : await repo(ctx).findOneBy({ id: n, department: ctx.department });
  if (!found) throw notFound('执法检查人员', String(id));
  return found;
}

/** A write in this request must not be hidden by what the loaders cached earlier in it. */
function touched(ctx: DepartmentContext, id: number) {
  ctx.loaders.inspectorById.clear(id);
  ctx.loaders.statusHistoryByInspector.clear(id);
  ctx.loaders.conflictsByInspector.clear(id);
  ctx.loaders.summary.clearAll();
}

const certificateTaken = (n: string) => conflict(`certificateNumber：执法证号 ${n} 已存在`);

async function assertCertificateFree(ctx: DepartmentContext, certificateNumber: string, exceptId?: number) {
  const other = await repo(ctx).findOneBy({ department: ctx.department, certificateNumber });
  if (other && other.id !== exceptId) throw certificateTaken(certificateNumber);
}

export async function createInspector(ctx: DepartmentContext, input: InspectorInput): Promise<Inspector> {
  requireWrite(ctx);
  const values = validateInspector(input);
  await assertCertificateFree(ctx, values.certificateNumber);
  const now = new Date();
  try {
    const saved = await departmentTransaction(ctx, async (txCtx) => {
      const tx = txCtx.em;
      const inspector = await tx.getRepository(Inspector).save(
        tx.getRepository(Inspector).create({ ...values, department: ctx.department, status: 'ACTIVE', createdAt: now, updatedAt: now }),
      );
      // 入库 is the first entry of the history.
      await tx.getRepository(InspectorStatusChange).insert({
        inspectorId: inspector.id,
        from: null,
        to: 'ACTIVE',
        reason: '入库',
        changedBy: ctx.identity.sub,
        changedAt: now,
      });
      await appendDepartmentAudit(txCtx, 'INSPECTOR_CREATED', `inspector:${inspector.id}`, { inspector: auditedValues({ ...values }) });
      return inspector;
    });
    touched(ctx, saved.id);
    return saved;
  } catch (e) {
    if (isUniqueViolation(e)) throw certificateTaken(values.certificateNumber);
    throw e;
  }
}

export async function updateInspector(ctx: DepartmentContext, id: string, input: InspectorUpdateInput): Promise<Inspector> {
  requireWrite(ctx);
  const inspector = await mustFind(ctx, id);
  const patch = Object.fromEntries(Object.entries(input).filter(([k, v]) => v !== undefined && (v !== null || k === 'idNumber')));
  const values = validateInspector({ ...inspector, ...patch } as InspectorInput);
  if (values.certificateNumber !== inspector.certificateNumber) await assertCertificateFree(ctx, values.certificateNumber, inspector.id);
  try {
    const changes = auditedChanges({ ...inspector }, { ...values });
    const saved = await departmentTransaction(ctx, async (tx) => {
      const row = await repo(tx).save(Object.assign(inspector, values, { updatedAt: new Date() }));
      await appendDepartmentAudit(tx, 'INSPECTOR_UPDATED', `inspector:${row.id}`, changes);
      return row;
    });
    touched(ctx, saved.id);
    return saved;
  } catch (e) {
    if (isUniqueViolation(e)) throw certificateTaken(values.certificateNumber);
    throw e;
  }
}

export async function changeInspectorStatus(
  ctx: DepartmentContext,
  id: string,
  status: InspectorStatus,
  reason: string,
): Promise<Inspector> {
  requireAdmin(ctx);
  const to = validStatus(status);
  const why = requireText('reason', reason, 500);
  const inspector = await mustFind(ctx, id);
  if (inspector.status === to) throw conflict(`status：人员当前已是 ${to} 状态`);
  const now = new Date();
  await departmentTransaction(ctx, async (txCtx) => {
    const tx = txCtx.em;
    await tx.getRepository(Inspector).update({ id: inspector.id, department: ctx.department }, { status: to, updatedAt: now });
    await tx.getRepository(InspectorStatusChange).insert({
      inspectorId: inspector.id,
      from: inspector.status,
      to,
      reason: why,
      changedBy: ctx.identity.sub,
      changedAt: now,
    });
    await appendDepartmentAudit(txCtx, 'INSPECTOR_STATUS_CHANGED', `inspector:${inspector.id}`, { from: inspector.status, to, reason: why });
  });
  touched(ctx, inspector.id);
  return Object.assign(inspector, { status: to, updatedAt: now });
}

export async function declareConflict(ctx: DepartmentContext, id: string, creditCode: string): Promise<Inspector> {
  requireWrite(ctx);
  check('creditCode', creditCode, checkUscc);
  const inspector = await mustFind(ctx, id);
  const already = () => conflict(`creditCode：已申报与 ${creditCode} 的利害关系`);
  if (await ctx.em.getRepository(InspectorConflict).existsBy({ inspectorId: inspector.id, creditCode })) throw already();
  try {
    await departmentTransaction(ctx, async (tx) => {
      await tx.em.getRepository(InspectorConflict).insert({ inspectorId: inspector.id, creditCode, declaredBy: ctx.identity.sub, declaredAt: new Date() });
      await appendDepartmentAudit(tx, 'CONFLICT_DECLARED', `inspector:${inspector.id}`, { creditCode });
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw already();
    throw e;
  }
  touched(ctx, inspector.id);
  return inspector;
}

export async function removeConflict(ctx: DepartmentContext, id: string, creditCode: string): Promise<Inspector> {
  requireWrite(ctx);
  check('creditCode', creditCode, checkUscc);
  const inspector = await mustFind(ctx, id);
  await departmentTransaction(ctx, async (tx) => {
    const result = await tx.em.getRepository(InspectorConflict).delete({ inspectorId: inspector.id, creditCode });
    if (!result.affected) throw notFound('利害关系申报', creditCode);
    await appendDepartmentAudit(tx, 'CONFLICT_REMOVED', `inspector:${inspector.id}`, { creditCode });
  });
  touched(ctx, inspector.id);
  return inspector;
}
