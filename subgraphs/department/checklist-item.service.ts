import type { ItemStatus } from '../../shared/domain';
import { conflict, forbidden, notFound } from '../../shared/errors';
import type { DepartmentContext } from './context';
import { ChecklistItem } from './checklist-item.entity';
import { type ChecklistItemInput, type ChecklistItemUpdateInput, validateChecklistItem } from './checklist-item.input';
import { canReadPrivate, requireAdmin, requireWrite } from './department.guards';
import { isUniqueViolation, parseId } from './department.db';
import { appendDepartmentAudit, auditedChanges, auditedValues, departmentTransaction } from './department.audit';

// The law makes published items public; drafts and retired items stay inside the department.

const repo = (ctx: DepartmentContext) => ctx.em.getRepository(ChecklistItem);

export function assertItemVisible(ctx: DepartmentContext, item: ChecklistItem): ChecklistItem {
  if (item.status !== 'PUBLISHED' && !canReadPrivate(ctx)) throw forbidden('无权查看未公布的抽查事项');
  return item;
}

export async function listChecklist(ctx: DepartmentContext, status: ItemStatus | null | undefined): Promise<ChecklistItem[]> {
  if (status && status !== 'PUBLISHED' && !canReadPrivate(ctx)) throw forbidden('无权查看未公布的抽查事项');
  // Without a filter, outsiders simply get the public part.
  const effective = status ?? (canReadPrivate(ctx) ? undefined : 'PUBLISHED');
  return repo(ctx).find({
    where: { department: ctx.department, ...(effective ? { status: effective } : {}) },
    order: { code: 'ASC' },
  });
}

export async function getChecklistItem(ctx: DepartmentContext, id: string | number): Promise<ChecklistItem | null> {
  const n = parseId(id);
  const item = n === null ? null : await ctx.loaders.itemById.load(n);
  return item && assertItemVisible(ctx, item);
}

async function mustFind(ctx: DepartmentContext, id: string | number): Promise<ChecklistItem> {
  const n = parseId(id);
  const item = n === null ? null : await repo(ctx).findOneBy({ id: n, department: ctx.department });
  if (!item) throw notFound('抽查事项', String(id));
  return item;
}

async function assertCodeFree(ctx: DepartmentContext, code: string, exceptId?: number) {
  const other = await repo(ctx).findOneBy({ department: ctx.department, code });
  if (other && other.id !== exceptId) throw conflict(`code：事项编号 ${code} 已存在`);
}

async function save(ctx: DepartmentContext, item: ChecklistItem): Promise<ChecklistItem> {
  try {
    const saved = await repo(ctx).save(item);
    ctx.loaders.itemById.clear(saved.id);
    ctx.loaders.summary.clearAll();
    return saved;
  } catch (e) {
    if (isUniqueViolation(e)) throw conflict(`code：事项编号 ${item.code} 已存在`);
    throw e;
  }
}

export async function createChecklistItem(ctx: DepartmentContext, input: ChecklistItemInput): Promise<ChecklistItem> {
  requireWrite(ctx);
  const values = validateChecklistItem(input);
  await assertCodeFree(ctx, values.code);
  const now = new Date();
  return departmentTransaction(ctx, async (tx) => {
    const saved = await save(tx, repo(tx).create({ ...values, department: ctx.department, status: 'DRAFT', createdAt: now, updatedAt: now, publishedAt: null }));
    await appendDepartmentAudit(tx, 'CHECKLIST_ITEM_CREATED', `checklist:${saved.id}`, { item: auditedValues({ ...values }) });
    return saved;
  });
}

export async function updateChecklistItem(ctx: DepartmentContext, id: string, input: ChecklistItemUpdateInput): Promise<ChecklistItem> {
  requireWrite(ctx);
  const item = await mustFind(ctx, id);
  // A published item is a public legal commitment: change it by retiring and publishing a new one.
  if (item.status !== 'DRAFT') throw conflict('仅草稿状态的抽查事项可以修改');
  const patch = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined && v !== null));
  const values = validateChecklistItem({ ...pickInput(item), ...patch } as ChecklistItemInput);
  if (values.code !== item.code) await assertCodeFree(ctx, values.code, item.id);
  const changes = auditedChanges({ ...pickInput(item) }, { ...values });
  return departmentTransaction(ctx, async (tx) => {
    const saved = await save(tx, Object.assign(item, values, { updatedAt: new Date() }));
    await appendDepartmentAudit(tx, 'CHECKLIST_ITEM_UPDATED', `checklist:${saved.id}`, { code: saved.code, ...changes });
    return saved;
  });
}

function pickInput(item: ChecklistItem): ChecklistItemInput {
  const { code, name, category, legalBasis, targetType, content, method, minRatio, maxRatio, frequency } = item;
  return { code, name, category, legalBasis, targetType, content, method, minRatio, maxRatio, frequency };
}

async function transition(ctx: DepartmentContext, id: string, from: ItemStatus, to: ItemStatus, message: string) {
  requireAdmin(ctx);
  const item = await mustFind(ctx, id);
  if (item.status !== from) throw conflict(message);
  const now = new Date();
  item.status = to;
  item.updatedAt = now;
  if (to === 'PUBLISHED') item.publishedAt = now;
  return departmentTransaction(ctx, async (tx) => {
    const saved = await save(tx, item);
    await appendDepartmentAudit(tx, `CHECKLIST_ITEM_${to}`, `checklist:${saved.id}`, { code: saved.code, from, to });
    return saved;
  });
}

export const publishChecklistItem = (ctx: DepartmentContext, id: string) =>
  transition(ctx, id, 'DRAFT', 'PUBLISHED', '仅草稿状态的抽查事项可以公布');

export const retireChecklistItem = (ctx: DepartmentContext, id: string) =>
  transition(ctx, id, 'PUBLISHED', 'RETIRED', '仅已公布的抽查事项可以停用');

export async function deleteChecklistItem(ctx: DepartmentContext, id: string): Promise<boolean> {
  requireWrite(ctx);
  const item = await mustFind(ctx, id);
  // Published and retired items stay on record: plans and results may refer to them.
  if (item.status !== 'DRAFT') throw conflict('仅草稿状态的抽查事项可以删除');
  await departmentTransaction(ctx, async (tx) => {
    await repo(tx).delete({ id: item.id, department: ctx.department });
    await appendDepartmentAudit(tx, 'CHECKLIST_ITEM_DELETED', `checklist:${item.id}`, { code: item.code, item: auditedValues({ ...pickInput(item) }) });
  });
  ctx.loaders.itemById.clear(item.id);
  ctx.loaders.summary.clearAll();
  return true;
}
