import { GraphQLError } from 'graphql';
import { In } from 'typeorm';
import { badInput, conflict, hubError, notFound } from '../../shared/errors';
import { checkUscc } from '../../shared/validation';
import { paginate, type Page } from './connection';
import type { DepartmentContext } from './context';
import { requirePrivateRead, requireWrite } from './department.guards';
import { chunks, isUniqueViolation, jsonElementPattern, likeEscape, parseId } from './department.db';
import { check } from './department.validation';
import { appendDepartmentAudit, auditedChanges, auditedValues, departmentTransaction } from './department.audit';
import { PoolEntry } from './pool-entry.entity';
import {
  type TargetInput,
  type TargetPoolFilter,
  type TargetUpdateInput,
  type TargetValues,
  validatePoolFilter,
  validateTarget,
} from './pool-entry.input';

const repo = (ctx: DepartmentContext) => ctx.em.getRepository(PoolEntry);
export const MAX_BULK_ROWS = 10000;
const CLEARABLE = new Set(['riskNotes', 'licenceNumbers', 'tags']);

/** The pool filtered as a plan's scope or a search describes it. */
function filteredPool(ctx: DepartmentContext, filter: TargetPoolFilter | null | undefined) {
  const f = validatePoolFilter(filter);
  const qb = repo(ctx).createQueryBuilder('p').where('p.department = :department', { department: ctx.department });
  if (f.industrySections?.length) qb.andWhere('p.industry_section IN (:...sections)', { sections: f.industrySections });
  if (f.creditClasses?.length) qb.andWhere('p.credit_class IN (:...classes)', { classes: f.creditClasses });
  if (f.regionCodes?.length) {
    const params = Object.fromEntries(f.regionCodes.map((r, i) => [`region${i}`, `${likeEscape(r)}%`]));
    qb.andWhere(`(${f.regionCodes.map((_, i) => `p.region_code LIKE :region${i} ESCAPE '!'`).join(' OR ')})`, params);
  }
  if (f.tags?.length) {
    // Tags live in a JSON text column; matching the quoted element keeps "食品" from matching "食品添加剂".
    const params = Object.fromEntries(f.tags.map((t, i) => [`tag${i}`, jsonElementPattern(t)]));
    qb.andWhere(`(${f.tags.map((_, i) => `p.tags LIKE :tag${i} ESCAPE '!'`).join(' OR ')})`, params);
  }
  const search = f.search?.trim();
  if (search) {
    qb.andWhere(`(p.name LIKE :name ESCAPE '!' OR p.credit_code LIKE :code ESCAPE '!')`, {
      name: `%${likeEscape(search)}%`,
      code: `${likeEscape(search.toUpperCase())}%`,
    });
  }
  return qb;
}

export async function listTargetPool(
  ctx: DepartmentContext,
  first: number | null | undefined,
  after: string | null | undefined,
  filter: TargetPoolFilter | null | undefined,
): Promise<Page<PoolEntry>> {
  requirePrivateRead(ctx);
  return paginate(filteredPool(ctx, filter), first, after);
}

/** Every member in scope, sorted by USCC, for a draw's frozen snapshot (one query, no paging). */
export async function poolSnapshot(
  ctx: DepartmentContext,
  filter: TargetPoolFilter | null | undefined,
): Promise<{ creditCode: string; creditClass: string }[]> {
  requirePrivateRead(ctx);
  const rows = await filteredPool(ctx, filter)
    .select(['p.creditCode', 'p.creditClass'])
    .orderBy('p.credit_code', 'ASC')
    .getMany();
  return rows.map((r) => ({ creditCode: r.creditCode, creditClass: r.creditClass }));
}

export async function getPoolEntry(ctx: DepartmentContext, id: string | number): Promise<PoolEntry | null> {
  requirePrivateRead(ctx);
  const n = parseId(id);
  return n === null ? null : ctx.loaders.poolEntryById.load(n);
}

async function mustFind(ctx: DepartmentContext, creditCode: string): Promise<PoolEntry> {
  check('creditCode', creditCode, checkUscc);
  const entry = await repo(ctx).findOneBy({ department: ctx.department, creditCode });
  if (!entry) throw notFound('名录库中的检查对象', creditCode);
  return entry;
}

function touched(ctx: DepartmentContext, id?: number) {
  if (id !== undefined) ctx.loaders.poolEntryById.clear(id);
  ctx.loaders.summary.clearAll();
}

export async function addTarget(ctx: DepartmentContext, input: TargetInput): Promise<PoolEntry> {
  requireWrite(ctx);
  const values = validateTarget(input);
  const duplicate = () => conflict(`creditCode：${values.creditCode} 已在本部门名录库中`);
  if (await repo(ctx).existsBy({ department: ctx.department, creditCode: values.creditCode })) throw duplicate();
  const now = new Date();
  try {
    const saved = await departmentTransaction(ctx, async (tx) => {
      const entry = await repo(tx).save(repo(tx).create({ ...values, department: ctx.department, addedAt: now, updatedAt: now }));
      await appendDepartmentAudit(tx, 'TARGET_ADDED', `pool:${entry.creditCode}`, { entry: auditedValues({ ...values }) });
      return entry;
    });
    touched(ctx, saved.id);
    return saved;
  } catch (e) {
    if (isUniqueViolation(e)) throw duplicate();
    throw e;
  }
}

export async function updateTarget(ctx: DepartmentContext, creditCode: string, input: TargetUpdateInput): Promise<PoolEntry> {
  requireWrite(ctx);
  const entry = await mustFind(ctx, creditCode);
  // null clears the optional attributes; for required ones it just means "unchanged".
  const patch = Object.fromEntries(Object.entries(input).filter(([k, v]) => v !== undefined && (v !== null || CLEARABLE.has(k))));
  const values = validateTarget({ ...entry, ...patch, creditCode: entry.creditCode } as TargetInput);
  const changes = auditedChanges({ ...entry }, { ...values });
  const saved = await departmentTransaction(ctx, async (tx) => {
    const row = await repo(tx).save(Object.assign(entry, values, { updatedAt: new Date() }));
    await appendDepartmentAudit(tx, 'TARGET_UPDATED', `pool:${row.creditCode}`, changes);
    return row;
  });
  touched(ctx, saved.id);
  return saved;
}

export async function removeTarget(ctx: DepartmentContext, creditCode: string): Promise<boolean> {
  requireWrite(ctx);
  const entry = await mustFind(ctx, creditCode);
  await departmentTransaction(ctx, async (tx) => {
    await repo(tx).delete({ id: entry.id, department: ctx.department });
    await appendDepartmentAudit(tx, 'TARGET_REMOVED', `pool:${entry.creditCode}`, { name: entry.name });
  });
  touched(ctx, entry.id);
  return true;
}

/** Validates every row first (row numbers are 1-based, as a clerk counts spreadsheet rows), then writes in one transaction. */
export async function bulkAddTargets(ctx: DepartmentContext, inputs: TargetInput[]): Promise<{ added: number; skipped: number }> {
  requireWrite(ctx);
  if (inputs.length > MAX_BULK_ROWS) throw badInput('inputs', `一次最多导入${MAX_BULK_ROWS}行`);
  const rows: TargetValues[] = inputs.map((input, i) => {
    try {
      return validateTarget(input);
    } catch (e) {
      if (e instanceof GraphQLError && e.extensions.code === 'BAD_USER_INPUT') {
        const field = String(e.extensions.field ?? '');
        const reason = e.message.slice(e.message.indexOf('：') + 1);
        throw hubError('BAD_USER_INPUT', `第${i + 1}行 ${field}：${reason}`, { field, row: i + 1 });
      }
      throw e;
    }
  });
  // The same USCC twice in one file counts once; the later copy is skipped.
  const firstOccurrence = new Map<string, TargetValues>();
  for (const r of rows) if (!firstOccurrence.has(r.creditCode)) firstOccurrence.set(r.creditCode, r);
  const distinct = [...firstOccurrence.values()];

  const added = await departmentTransaction(ctx, async (txCtx) => {
    const tx = txCtx.em;
    const present = new Set<string>();
    for (const part of chunks(distinct.map((r) => r.creditCode))) {
      const found = await tx.getRepository(PoolEntry).find({
        select: { creditCode: true },
        where: { department: ctx.department, creditCode: In(part) },
      });
      for (const f of found) present.add(f.creditCode);
    }
    const now = new Date();
    const fresh = distinct
      .filter((r) => !present.has(r.creditCode))
      .map((r) => ({ ...r, department: ctx.department, addedAt: now, updatedAt: now }));
    for (const part of chunks(fresh)) await tx.getRepository(PoolEntry).insert(part);
    // One entry per batch: the counts, not the rows.
    await appendDepartmentAudit(txCtx, 'TARGETS_BULK_ADDED', 'pool', { rows: inputs.length, added: fresh.length, skipped: inputs.length - fresh.length });
    return fresh.length;
  });
  touched(ctx);
  return { added, skipped: inputs.length - added };
}
