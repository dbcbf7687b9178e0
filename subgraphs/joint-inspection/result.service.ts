// Results (谁检查、谁录入), review, publication with masking and versioned corrections, deadlines, credit moves.
import { In } from 'typeorm';
import type { EntityManager } from 'typeorm';
import { badInput, conflict, forbidden, notFound } from '../../shared/errors';
import { isJointOffice, isService, type Identity } from '../../shared/identity';
import { checkDate } from '../../shared/validation';
import { FOLLOW_UPS, RESULT_CATEGORIES, DEFAULT_CREDIT_RULES, proposeCreditMove } from '../../shared/domain/credit';
import { calendarFrom, deadlineStatus, loadDefaultCalendar, resultDueDate, type Calendar } from '../../shared/domain/workdays';
import { maskText } from '../../shared/domain/privacy';
import type { CreditClass } from '../../shared/domain';
import type { JointContext } from './context';
import { Task } from './task.entity';
import { CalendarOverride, CreditChange, InspectionResult, PublishedResult, TaskDispatch, type ResultState } from './result.entity';
import { MarketEntity } from './market-entity.entity';
import { appendAudit } from './audit.service';
import { serialTransaction } from './joint.tx';
import type { CalendarDayInput, ResultCorrectionInput, ResultInput } from './result.inputs';

const today = () => new Date().toISOString().slice(0, 10);
const office = (id: Identity) => isJointOffice(id) || isService(id);

/**
 * 谁检查、谁录入: an inspector only for a task they are matched to (their token's subject is their
 * enforcement certificate number); the department's staff and admin for any of its tasks; or a service.
 */
async function canEnter(ctx: JointContext, department: string, taskId: number): Promise<boolean> {
  const id = ctx.identity;
  if (isService(id)) return true;
  if (id.department !== department) return false;
  if (id.role === 'DEPT_STAFF' || id.role === 'DEPT_ADMIN') return true;
  if (id.role !== 'INSPECTOR') return false;
  const dispatch = await ctx.em.getRepository(TaskDispatch).findOneBy({ taskId, department });
  return !!dispatch?.inspectors.some((i) => i.status === 'ACTIVE' && i.certificateNumber === id.sub);
}
/** Review and publication: the department's admin, or the joint office. */
function canReview(id: Identity, department: string) {
  return office(id) || (id.role === 'DEPT_ADMIN' && id.department === department);
}

/** The shipped calendar with the joint office's edits on top. */
export async function loadCalendar(em: EntityManager): Promise<Calendar> {
  const base = loadDefaultCalendar();
  const overrides = await em.getRepository(CalendarOverride).find();
  if (!overrides.length) return base;
  const holidays = new Set(base.holidays);
  const workdays = new Set(base.workdays);
  for (const o of overrides) {
    holidays.delete(o.date);
    workdays.delete(o.date);
    if (o.kind === 'HOLIDAY') holidays.add(o.date);
    if (o.kind === 'WORKDAY') workdays.add(o.date);
  }
  return calendarFrom([...[...holidays].map((date) => ({ date, kind: 'HOLIDAY' as const })), ...[...workdays].map((date) => ({ date, kind: 'WORKDAY' as const }))]);
}

function validateContent(categories: string[], followUp: string, findings: string) {
  if (!categories.length) throw badInput('categories', '至少选择一个结果类别');
  for (const c of categories) if (!(c in RESULT_CATEGORIES)) throw badInput('categories', `未知的结果类别：${c}`);
  if (new Set(categories).size !== categories.length) throw badInput('categories', '结果类别重复');
  for (const alone of ['NO_PROBLEM', 'NO_ACTIVITY'])
    if (categories.includes(alone) && categories.length > 1) throw badInput('categories', `“${RESULT_CATEGORIES[alone as keyof typeof RESULT_CATEGORIES]}”不能与其他类别同时选择`);
  if (!(followUp in FOLLOW_UPS)) throw badInput('followUp', `未知的后续处理：${followUp}`);
  if (findings.length > 2000) throw badInput('findings', '检查发现不超过2000字');
}

export async function mustFindResult(ctx: JointContext, id: string | number): Promise<InspectionResult> {
  const n = Number(id);
  const r = Number.isSafeInteger(n) && n > 0 ? await ctx.em.getRepository(InspectionResult).findOneBy({ id: n }) : null;
  if (!r) throw notFound('检查结果', String(id));
  if (!office(ctx.identity) && ctx.identity.department !== r.department) throw notFound('检查结果', String(id));
  return r;
}

export async function enterResult(ctx: JointContext, input: ResultInput): Promise<InspectionResult> {
  const taskId = Number(input.taskId);
  if (!Number.isSafeInteger(taskId) || taskId <= 0) throw notFound('检查任务', String(input.taskId));
  if (!(await canEnter(ctx, input.department, taskId))) throw forbidden('只能录入本部门、且本人被选派的任务的检查结果');
  const task = await ctx.em.getRepository(Task).findOneBy({ id: taskId });
  if (!task) throw notFound('检查任务', String(input.taskId));
  if (task.status === 'CANCELLED') throw conflict('该任务已因重新抽取取消，不能再录入结果；此前录入的结果仍保留');
  if (!task.departments.includes(input.department)) throw badInput('department', `${input.department} 不参与该任务`);
  if (!task.items.some((i) => i.department === input.department && i.code === input.itemCode)) throw badInput('itemCode', `该任务中没有 ${input.department} 的事项 ${input.itemCode}`);
  const findings = (input.findings ?? '').trim();
  validateContent(input.categories, input.followUp, findings);
  const dateError = checkDate(input.inspectedOn);
  if (dateError) throw badInput('inspectedOn', dateError);
  if (input.inspectedOn < task.windowStart) throw badInput('inspectedOn', `检查日期早于任务时间窗口（${task.windowStart} 起）`);
  if (input.inspectedOn > today()) throw badInput('inspectedOn', '检查日期不能晚于今天');
  const attachments = (input.attachments ?? []).map((a) => a.trim()).filter(Boolean);
  if (attachments.some((a) => a.length > 300)) throw badInput('attachments', '附件引用不超过300字符');
  const dueDate = resultDueDate(input.inspectedOn, await loadCalendar(ctx.em));
  return serialTransaction(ctx.em, async (tx) => {
    const repo = tx.getRepository(InspectionResult);
    const existing = await repo.findOneBy({ taskId: task.id, department: input.department, itemCode: input.itemCode });
    if (existing && existing.state !== 'ENTERED' && existing.state !== 'RETURNED') throw conflict('结果已提交，不能再修改；已公示的结果请走更正流程');
    const now = new Date();
    const values = { categories: input.categories, findings, followUp: input.followUp, attachments, inspectedOn: input.inspectedOn, dueDate, enteredBy: ctx.identity.sub, updatedAt: now };
    const saved = existing
      ? await repo.save(Object.assign(existing, values, { state: 'ENTERED' as ResultState }))
      : await repo.save(repo.create({ ...values, taskId: task.id, department: input.department, itemCode: input.itemCode, state: 'ENTERED', returnReason: null, reviewedBy: null, createdAt: now }));
    await appendAudit(tx, ctx.identity.sub, 'RESULT_ENTERED', `result:${saved.id}`, { taskId: task.id, department: input.department, itemCode: input.itemCode, categories: input.categories });
    return saved;
  });
}

const STATE_NAMES: Record<ResultState, string> = { ENTERED: '已录入', SUBMITTED: '待审核', APPROVED: '已审核', RETURNED: '已退回', PUBLISHED: '已公示' };

async function move(ctx: JointContext, r: InspectionResult, from: ResultState[], to: ResultState, extra: Partial<InspectionResult> = {}, action = `RESULT_${to}`) {
  if (!from.includes(r.state)) throw conflict(`该结果当前为“${STATE_NAMES[r.state]}”，不能改为“${STATE_NAMES[to]}”`);
  return serialTransaction(ctx.em, async (tx) => {
    Object.assign(r, extra, { state: to, updatedAt: new Date() });
    await tx.getRepository(InspectionResult).save(r);
    await appendAudit(tx, ctx.identity.sub, action, `result:${r.id}`, { ...extra });
    return r;
  });
}

export async function submitResult(ctx: JointContext, id: string): Promise<InspectionResult> {
  const r = await mustFindResult(ctx, id);
  if (!(await canEnter(ctx, r.department, r.taskId))) throw forbidden('只能提交本部门、且本人被选派的任务的检查结果');
  return move(ctx, r, ['ENTERED', 'RETURNED'], 'SUBMITTED');
}

/** 撤回: a submitted result goes back to its enterer for changes, as long as nobody has reviewed it yet. */
export async function withdrawResult(ctx: JointContext, id: string): Promise<InspectionResult> {
  const r = await mustFindResult(ctx, id);
  if (!(await canEnter(ctx, r.department, r.taskId))) throw forbidden('只能撤回本部门、且本人被选派的任务的检查结果');
  return move(ctx, r, ['SUBMITTED'], 'ENTERED', {}, 'RESULT_WITHDRAWN');
}

export async function reviewResult(ctx: JointContext, id: string, approve: boolean, reason?: string | null): Promise<InspectionResult> {
  const r = await mustFindResult(ctx, id);
  if (!canReview(ctx.identity, r.department)) throw forbidden('只有本部门管理员或联席会议办公室可以审核结果');
  if (approve) return move(ctx, r, ['SUBMITTED'], 'APPROVED', { reviewedBy: ctx.identity.sub });
  if (!reason?.trim()) throw badInput('reason', '退回必须填写理由');
  return move(ctx, r, ['SUBMITTED'], 'RETURNED', { reviewedBy: ctx.identity.sub, returnReason: reason.trim() });
}

const wording = (categories: string[]) => categories.map((c) => RESULT_CATEGORIES[c as keyof typeof RESULT_CATEGORIES] ?? c);

/** Approved → published: a masked public version 1; then the entity's credit class may move. */
export async function publishResult(ctx: JointContext, id: string): Promise<PublishedResult> {
  const r = await mustFindResult(ctx, id);
  if (!canReview(ctx.identity, r.department)) throw forbidden('只有本部门管理员或联席会议办公室可以公示结果');
  if (r.state !== 'APPROVED') throw conflict('只有审核通过的结果可以公示');
  const task = (await ctx.em.getRepository(Task).findOneBy({ id: r.taskId }))!;
  const entity = await ctx.em.getRepository(MarketEntity).findOneBy({ creditCode: task.creditCode });
  const dispatch = await ctx.em.getRepository(TaskDispatch).findOneBy({ taskId: task.id, department: r.department });
  return serialTransaction(ctx.em, async (tx) => {
    r.state = 'PUBLISHED';
    r.updatedAt = new Date();
    await tx.getRepository(InspectionResult).save(r);
    const published = await tx.getRepository(PublishedResult).save(
      tx.getRepository(PublishedResult).create({
        resultId: r.id,
        version: 1,
        current: true,
        creditCode: task.creditCode,
        entityName: entity?.name ?? task.creditCode,
        department: r.department,
        itemCode: r.itemCode,
        categories: wording(r.categories),
        findings: maskText(r.findings),
        followUp: FOLLOW_UPS[r.followUp as keyof typeof FOLLOW_UPS] ?? r.followUp,
        inspectors: (dispatch?.inspectors ?? []).filter((i) => i.status === 'ACTIVE').map((i) => `${i.name}（${i.certificateNumber}）`),
        inspectedOn: r.inspectedOn,
        correctionReason: null,
        approvedBy: ctx.identity.sub,
        publishedAt: new Date(),
      }),
    );
    await appendAudit(tx, ctx.identity.sub, 'RESULT_PUBLISHED', `result:${r.id}`, { version: 1, publishedId: published.id });
    await evaluateCredit(tx, ctx.identity.sub, task);
    return published;
  });
}

/** A correction never edits a published version: it adds version n+1 with reason and approver. */
export async function correctPublishedResult(ctx: JointContext, id: string, input: ResultCorrectionInput, reason: string): Promise<PublishedResult> {
  const r = await mustFindResult(ctx, id);
  if (!canReview(ctx.identity, r.department)) throw forbidden('只有本部门管理员或联席会议办公室可以更正公示结果');
  if (r.state !== 'PUBLISHED') throw conflict('只有已公示的结果需要走更正流程');
  if (!reason?.trim()) throw badInput('reason', '更正必须填写原因');
  const categories = input.categories ?? r.categories;
  const followUp = input.followUp ?? r.followUp;
  const findings = (input.findings ?? r.findings).trim();
  validateContent(categories, followUp, findings);
  return serialTransaction(ctx.em, async (tx) => {
    const repo = tx.getRepository(PublishedResult);
    const current = await repo.findOneByOrFail({ resultId: r.id, current: true });
    const next = { categories: wording(categories), findings: maskText(findings), followUp: FOLLOW_UPS[followUp as keyof typeof FOLLOW_UPS] ?? followUp };
    if (JSON.stringify(next.categories) === JSON.stringify(current.categories) && next.findings === current.findings && next.followUp === current.followUp)
      throw badInput('input', '更正内容与当前公示版本相同');
    current.current = false;
    await repo.save(current);
    const { id: _old, ...rest } = current;
    const saved = await repo.save(repo.create({ ...rest, ...next, version: current.version + 1, current: true, correctionReason: reason.trim(), approvedBy: ctx.identity.sub, publishedAt: new Date() }));
    Object.assign(r, { categories, followUp, findings, updatedAt: new Date() });
    await tx.getRepository(InspectionResult).save(r);
    await appendAudit(tx, ctx.identity.sub, 'RESULT_CORRECTED', `result:${r.id}`, { version: saved.version, reason: reason.trim() });
    const task = (await tx.getRepository(Task).findOneBy({ id: r.taskId }))!;
    await evaluateCredit(tx, ctx.identity.sub, task);
    return saved;
  });
}

/** Demotions apply at once; a promotion (clean B → A) waits for the joint office. */
async function evaluateCredit(tx: EntityManager, actor: string, task: Task): Promise<void> {
  const entity = await tx.getRepository(MarketEntity).findOneBy({ creditCode: task.creditCode });
  if (!entity?.creditClass) return;
  const results = await tx.getRepository(InspectionResult).findBy({ taskId: task.id, state: 'PUBLISHED' });
  const proposal = proposeCreditMove(entity.creditClass as CreditClass, results.map((r) => ({ categories: r.categories, followUp: r.followUp })), DEFAULT_CREDIT_RULES);
  if (!proposal || proposal.to === entity.creditClass) return;
  const pending = await tx.getRepository(CreditChange).findOneBy({ taskId: task.id, status: 'PROPOSED', toClass: proposal.to });
  if (pending) return;
  const status = proposal.needsConfirmation ? 'PROPOSED' : 'APPLIED';
  const change = await tx.getRepository(CreditChange).save(
    tx.getRepository(CreditChange).create({ creditCode: entity.creditCode, fromClass: entity.creditClass, toClass: proposal.to, reason: proposal.reason, taskId: task.id, status, decidedBy: status === 'APPLIED' ? actor : null, createdAt: new Date() }),
  );
  if (status === 'APPLIED') {
    entity.creditClass = proposal.to;
    entity.updatedAt = new Date();
    await tx.getRepository(MarketEntity).save(entity);
  }
  await appendAudit(tx, actor, `CREDIT_${status}`, `entity:${entity.creditCode}`, { changeId: change.id, from: change.fromClass, to: change.toClass, reason: change.reason });
}

export async function decideCreditChange(ctx: JointContext, id: string, accept: boolean): Promise<CreditChange> {
  if (!office(ctx.identity)) throw forbidden('只有联席会议办公室可以确认信用分类调整');
  return serialTransaction(ctx.em, async (tx) => {
    const change = await tx.getRepository(CreditChange).findOneBy({ id: Number(id) });
    if (!change) throw notFound('信用分类调整', id);
    if (change.status !== 'PROPOSED') throw conflict('该调整已处理');
    change.status = accept ? 'APPLIED' : 'REJECTED';
    change.decidedBy = ctx.identity.sub;
    await tx.getRepository(CreditChange).save(change);
    if (accept) {
      const entity = await tx.getRepository(MarketEntity).findOneByOrFail({ creditCode: change.creditCode });
      entity.creditClass = change.toClass as CreditClass;
      entity.updatedAt = new Date();
      await tx.getRepository(MarketEntity).save(entity);
    }
    await appendAudit(tx, ctx.identity.sub, `CREDIT_${change.status}`, `entity:${change.creditCode}`, { changeId: change.id, from: change.fromClass, to: change.toClass });
    return change;
  });
}

export async function publicResults(ctx: JointContext, search: string | null | undefined, first: number) {
  const qb = ctx.em.getRepository(PublishedResult).createQueryBuilder('p').where('p.current = :t', { t: true });
  const s = search?.trim();
  if (s) qb.andWhere('(p.entity_name LIKE :name OR p.credit_code LIKE :code)', { name: `%${s.replace(/[%_]/g, '')}%`, code: `${s.toUpperCase().replace(/[%_]/g, '')}%` });
  const current = await qb.orderBy('p.published_at', 'DESC').addOrderBy('p.id', 'DESC').limit(Math.min(Math.max(first, 0), 200)).getMany();
  const history = current.length ? await ctx.em.getRepository(PublishedResult).find({ where: { resultId: In(current.map((c) => c.resultId)) }, order: { version: 'ASC' } }) : [];
  return current.map((c) => {
    const versions = history.filter((h) => h.resultId === c.resultId);
    return { current: c, corrected: versions.length > 1, history: versions };
  });
}

/** Per task and department: results not yet submitted, due 20 working days after the visit. */
export async function resultDeadlines(ctx: JointContext, department?: string | null) {
  if (!office(ctx.identity) && !(ctx.identity.department && (!department || department === ctx.identity.department))) throw forbidden('只能查看本部门的结果期限');
  const dept = office(ctx.identity) ? department : ctx.identity.department!;
  const cal = await loadCalendar(ctx.em);
  const now = today();
  const dispatches = (await ctx.em.getRepository(TaskDispatch).find(dept ? { where: { department: dept } } : {})).filter((d) => d.status !== 'CANCELLED');
  if (!dispatches.length) return [];
  const tasks = await ctx.em.getRepository(Task).findBy({ id: In([...new Set(dispatches.map((d) => d.taskId))]) });
  const results = await ctx.em.getRepository(InspectionResult).findBy({ taskId: In(tasks.map((t) => t.id)) });
  const entities = await ctx.em.getRepository(MarketEntity).findBy({ creditCode: In([...new Set(tasks.map((t) => t.creditCode))]) });
  const out = [];
  for (const d of dispatches) {
    const task = tasks.find((t) => t.id === d.taskId);
    if (!task || task.status === 'CANCELLED') continue;
    const items = task.items.filter((i) => i.department === d.department);
    const mine = results.filter((r) => r.taskId === task.id && r.department === d.department);
    const open = items.filter((i) => !mine.some((r) => r.itemCode === i.code && ['SUBMITTED', 'APPROVED', 'PUBLISHED'].includes(r.state)));
    if (!open.length) continue;
    const visitDate = mine.map((r) => r.inspectedOn).sort()[0] ?? task.windowEnd;
    const dueDate = resultDueDate(visitDate, cal);
    const status = deadlineStatus(dueDate, now, cal);
    out.push({
      taskId: task.id,
      department: d.department,
      creditCode: task.creditCode,
      entityName: entities.find((e) => e.creditCode === task.creditCode)?.name ?? task.creditCode,
      visitDate,
      dueDate,
      status: status.status,
      remainingWorkdays: status.remainingWorkdays,
      openItems: open.length,
    });
  }
  return out.sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.taskId - b.taskId);
}

export async function setCalendarDay(ctx: JointContext, input: CalendarDayInput): Promise<boolean> {
  if (!office(ctx.identity)) throw forbidden('只有联席会议办公室可以修改工作日历');
  const err = checkDate(input.date);
  if (err) throw badInput('date', err);
  if (!['HOLIDAY', 'WORKDAY', 'NORMAL'].includes(input.kind)) throw badInput('kind', '应为 HOLIDAY、WORKDAY 或 NORMAL');
  await serialTransaction(ctx.em, async (tx) => {
    await tx.getRepository(CalendarOverride).save({ date: input.date, kind: input.kind, name: (input.name ?? '').slice(0, 50) });
    await appendAudit(tx, ctx.identity.sub, 'CALENDAR_EDITED', `calendar:${input.date}`, { kind: input.kind, name: input.name ?? '' });
  });
  return true;
}
