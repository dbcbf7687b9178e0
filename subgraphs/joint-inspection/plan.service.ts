import { In, Not } from 'typeorm';
import { canWriteDepartment, isJointOffice, isService, type Identity } from '../../shared/identity';
import { badInput, conflict, forbidden, hubError, notFound } from '../../shared/errors';
import { reviewPlan, transition, type Finding, type PlanAction, type ReviewContext, type ReviewPlan } from '../../shared/domain/review';
import { windowsOverlap } from '../../shared/domain/overlap';
import type { CreditClass } from '../../shared/domain';
import type { JointContext } from './context';
import { Department } from './department.entity';
import { Plan, type PlanState } from './plan.entity';
import { validatePlan, type PlanFilter, type PlanInput, type PlanReview } from './plan.inputs';
import { Task } from './task.entity';
import { flaggedEntities } from './risk.query';
import { describeRiskRule, hasRiskFlag, riskRuleFor } from '../../shared/domain/risk';
import { appendAudit } from './audit.service';
import { serialTransaction } from './joint.tx';
import { getRules } from './rules';
import type { PoolMember } from './department-client';

const PUBLIC_STATES: PlanState[] = ['APPROVED', 'DRAWN', 'CLOSED'];
const isOffice = (id: Identity) => isJointOffice(id) || isService(id);

/** The joint office sees every plan, departments the plans they take part in, the public approved ones (law: annual plans are public). */
export function canSeePlan(id: Identity, plan: Plan): boolean {
  if (isOffice(id)) return true;
  if (id.department && plan.participants.includes(id.department)) return true;
  return PUBLIC_STATES.includes(plan.state);
}

/** Department staff write their own plans; a joint plan belongs to its lead department; the joint office may act for any. */
function canEditPlan(id: Identity, department: string): boolean {
  return isOffice(id) || canWriteDepartment(id, department);
}

async function knownDepartments(ctx: JointContext): Promise<Set<string>> {
  const rows = await ctx.em.getRepository(Department).find({ select: { code: true }, where: { active: true } });
  return new Set(rows.map((r) => r.code));
}

export async function mustFindPlan(ctx: JointContext, id: number | string): Promise<Plan> {
  const plan = await ctx.em.getRepository(Plan).findOneBy({ id: Number(id) });
  if (!plan || !canSeePlan(ctx.identity, plan)) throw notFound('抽查计划', String(id));
  return plan;
}

export async function listPlans(ctx: JointContext, filter: PlanFilter | null | undefined): Promise<Plan[]> {
  const where: Record<string, unknown> = {};
  if (filter?.year != null) where.year = filter.year;
  if (filter?.states?.length) where.state = In(filter.states);
  const plans = await ctx.em.getRepository(Plan).find({ where, order: { id: 'ASC' } });
  return plans.filter((p) => canSeePlan(ctx.identity, p) && (!filter?.department || p.participants.includes(filter.department)));
}

export async function createPlan(ctx: JointContext, input: PlanInput): Promise<Plan> {
  if (!canEditPlan(ctx.identity, input.department)) throw forbidden('只能为本部门制定抽查计划');
  const values = validatePlan(input, await knownDepartments(ctx));
  return serialTransaction(ctx.em, async (tx) => {
    const now = new Date();
    const plan = await tx.getRepository(Plan).save(
      tx.getRepository(Plan).create({ ...values, state: 'DRAFT', returnReason: null, createdBy: ctx.identity.sub, reviewedBy: null, createdAt: now, updatedAt: now }),
    );
    await appendAudit(tx, ctx.identity.sub, 'PLAN_CREATED', `plan:${plan.id}`, { plan: { ...values, id: plan.id } });
    return plan;
  });
}

export async function updatePlan(ctx: JointContext, id: string, input: PlanInput): Promise<Plan> {
  const plan = await mustFindPlan(ctx, id);
  if (!canEditPlan(ctx.identity, plan.department) || !canEditPlan(ctx.identity, input.department)) throw forbidden('只能修改本部门的抽查计划');
  if (plan.state !== 'DRAFT' && plan.state !== 'RETURNED') throw conflict('只有草稿或已退回的计划可以修改');
  const values = validatePlan(input, await knownDepartments(ctx));
  return serialTransaction(ctx.em, async (tx) => {
    Object.assign(plan, values, { updatedAt: new Date() });
    await tx.getRepository(Plan).save(plan);
    await appendAudit(tx, ctx.identity.sub, 'PLAN_UPDATED', `plan:${plan.id}`, { plan: { ...values, id: plan.id } });
    return plan;
  });
}

/** A draft nobody has submitted yet may be discarded; the audit chain keeps what it said. */
export async function deletePlan(ctx: JointContext, id: string): Promise<boolean> {
  const plan = await mustFindPlan(ctx, id);
  if (!canEditPlan(ctx.identity, plan.department)) throw forbidden('只能删除本部门的抽查计划');
  if (plan.state !== 'DRAFT') throw conflict('只有草稿可以删除；已提交的计划请由联席会议办公室退回后修改');
  return serialTransaction(ctx.em, async (tx) => {
    await tx.getRepository(Plan).delete({ id: plan.id, state: 'DRAFT' });
    await appendAudit(tx, ctx.identity.sub, 'PLAN_DELETED', `plan:${plan.id}`, { title: plan.title, department: plan.department });
    return true;
  });
}

/** Applies a state-machine action with its audit entry; the domain module says what is allowed. */
async function act(ctx: JointContext, plan: Plan, action: PlanAction, opts: { reason?: string; findings?: Finding[] } = {}): Promise<Plan> {
  let next: PlanState;
  try {
    next = transition(plan.state, action, opts) as PlanState;
  } catch (e) {
    throw conflict((e as Error).message);
  }
  return serialTransaction(ctx.em, async (tx) => {
    const from = plan.state;
    plan.state = next;
    plan.updatedAt = new Date();
    if (action === 'RETURN') plan.returnReason = opts.reason!.trim();
    if (action === 'APPROVE' || action === 'RETURN') plan.reviewedBy = ctx.identity.sub;
    await tx.getRepository(Plan).save(plan);
    await appendAudit(tx, ctx.identity.sub, `PLAN_${action}`, `plan:${plan.id}`, { from, to: next, ...(opts.reason ? { reason: opts.reason } : {}) });
    return plan;
  });
}

export async function submitPlan(ctx: JointContext, id: string): Promise<Plan> {
  const plan = await mustFindPlan(ctx, id);
  if (!canEditPlan(ctx.identity, plan.department)) throw forbidden('只能提交本部门的抽查计划');
  return act(ctx, plan, 'SUBMIT');
}

function requireOffice(ctx: JointContext) {
  if (!isOffice(ctx.identity)) throw forbidden('只有联席会议办公室可以审查计划');
}

export async function approvePlan(ctx: JointContext, id: string): Promise<Plan> {
  requireOffice(ctx);
  const plan = await mustFindPlan(ctx, id);
  const review = await runReview(ctx, plan);
  if (!review.canApprove) {
    const blocking = review.findings.filter((f) => f.severity === 'BLOCKING').map((f) => f.message);
    throw hubError('CONFLICT', `审查发现阻断性问题，不能批准：${blocking.join('；')}`, { findings: blocking });
  }
  return act(ctx, plan, 'APPROVE', { findings: [] });
}

export async function returnPlan(ctx: JointContext, id: string, reason: string): Promise<Plan> {
  requireOffice(ctx);
  // A missing reason is bad input, not a state conflict (the state machine would say CONFLICT).
  if (!reason?.trim()) throw badInput('reason', '退回必须填写理由');
  return act(ctx, await mustFindPlan(ctx, id), 'RETURN', { reason });
}

export async function closePlan(ctx: JointContext, id: string): Promise<Plan> {
  requireOffice(ctx);
  return act(ctx, await mustFindPlan(ctx, id), 'CLOSE');
}

/** Members of every participant's pool in the plan's scope (a joint plan covers entities all participants supervise). */
export async function planScopeMembers(ctx: JointContext, plan: Plan): Promise<PoolMember[]> {
  const lists = await Promise.all(plan.participants.map((d) => ctx.departments.poolSnapshot(d, plan.scope)));
  const [first, ...rest] = lists;
  const sets = rest.map((l) => new Set(l.map((m) => m.creditCode)));
  return first!.filter((m) => sets.every((s) => s.has(m.creditCode)));
}

interface FindingRow {
  type: string;
  severity: string;
  message: string;
  details: string;
}
const finding = (f: Finding): FindingRow => ({ type: f.type, severity: f.severity, message: f.message, details: JSON.stringify(f.details) });

/** Live review against the departments' published checklists and pools, earlier visits and other plans. */
export async function runReview(ctx: JointContext, plan: Plan): Promise<PlanReview> {
  const rules = await getRules(ctx.em);
  const findings: FindingRow[] = [];
  const published = await Promise.all(
    plan.participants.map(async (d) => {
      try {
        return { d, items: await ctx.departments.publishedItems(d) };
      } catch (e) {
        findings.push({ type: 'CHECKLIST_UNAVAILABLE', severity: 'BLOCKING', message: `无法核对 ${d} 的抽查事项清单（${(e as Error).message}），部门恢复后请重新审查`, details: JSON.stringify({ department: d }) });
        return { d, items: null };
      }
    }),
  );
  let scope: string[] = [];
  let scopeKnown = true;
  try {
    scope = (await planScopeMembers(ctx, plan)).map((m) => m.creditCode);
  } catch (e) {
    scopeKnown = false;
    // A check that could not run blocks approval: it must not pass as if nothing were found.
    findings.push({ type: 'SCOPE_UNAVAILABLE', severity: 'BLOCKING', message: `无法取得抽查范围内的对象（${(e as Error).message}），频次与范围重叠无法核对；部门恢复后请重新审查`, details: '{}' });
  }

  const priorVisits: Record<string, string[]> = {};
  if (scopeKnown) {
    const tasks = await ctx.em.getRepository(Task).find({ select: { creditCode: true, windowStart: true }, where: { status: 'ACTIVE' } });
    const inScope = new Set(scope);
    for (const t of tasks) if (inScope.has(t.creditCode)) (priorVisits[t.creditCode] ??= []).push(t.windowStart);
  }
  const others = scopeKnown
    ? (await ctx.em.getRepository(Plan).find({ where: { year: plan.year, id: Not(plan.id), state: In(['SUBMITTED', 'APPROVED', 'DRAWN']) } })).filter(
        (o) => !o.participants.some((d) => plan.participants.includes(d)) && windowsOverlap({ start: o.windowStart, end: o.windowEnd }, { start: plan.windowStart, end: plan.windowEnd }),
      )
    : [];
  const otherPlans = (
    await Promise.all(
      others.map(async (o) => {
        try {
          return { id: String(o.id), department: o.department, window: { start: o.windowStart, end: o.windowEnd }, scopeEntities: (await planScopeMembers(ctx, o)).map((m) => m.creditCode) };
        } catch (e) {
          findings.push({
            type: 'SCOPE_UNAVAILABLE', severity: 'BLOCKING',
            message: `无法读取计划“${o.title}”的抽查范围（${(e as Error).message}），与它的重叠无法核对；部门恢复后请重新审查`,
            details: JSON.stringify({ planId: o.id, department: o.department }),
          });
          return null;
        }
      }),
    )
  ).filter((p): p is NonNullable<typeof p> => p !== null);

  published.forEach(({ d, items }, i) => {
    if (!items) return;
    const reviewPlanInput: ReviewPlan = {
      id: String(plan.id),
      department: d,
      year: plan.year,
      window: { start: plan.windowStart, end: plan.windowEnd },
      items: plan.items.filter((it) => it.department === d).map((it) => it.code),
      scope: {
        industrySections: plan.scope.industrySections ?? undefined,
        regionCodes: plan.scope.regionCodes ?? undefined,
        creditClasses: (plan.scope.creditClasses ?? undefined) as CreditClass[] | undefined,
        tags: plan.scope.tags ?? undefined,
      },
      ratios: Object.fromEntries(Object.entries(plan.ratios).filter(([, v]) => v != null)),
      category: plan.category,
    };
    // Item and ratio rules per department; scope-wide rules once (on the first participant).
    const once = i === 0;
    const reviewCtx: ReviewContext = {
      publishedItems: items.map((it) => ({ code: it.code, category: it.category, maxRatio: it.maxRatio })),
      frequencyCap: rules.frequencyCap,
      priorVisits: once ? priorVisits : {},
      quietRules: once ? rules.quietRules : [],
      otherPlans: once ? otherPlans : [],
      thisScopeEntities: once ? scope : [],
    };
    for (const f of reviewPlan(reviewPlanInput, reviewCtx)) findings.push(finding(f));
  });
  if (scopeKnown) {
    // Risk-marked businesses are drawn in strata of their own at raised ratios: say so before approval.
    const rule = riskRuleFor(rules.riskRules, plan.department);
    const flagged = await flaggedEntities(ctx.em);
    const marked = scope.filter((c) => { const f = flagged.get(c); return !!f && hasRiskFlag(f, rule); }).length;
    const ratios = Object.fromEntries(Object.entries(plan.ratios).filter(([, v]) => v != null));
    const message = describeRiskRule(rule, ratios, marked);
    if (message) findings.push({ type: 'RISK_RATIOS', severity: 'INFO', message, details: JSON.stringify({ department: plan.department, factor: rule!.factor, flags: rule!.flags, marked }) });
  }
  return { planId: plan.id, canApprove: !findings.some((f) => f.severity === 'BLOCKING'), findings };
}

