import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { CREDIT_CLASSES, INDUSTRY_SECTIONS } from '../../shared/domain';
import { badInput } from '../../shared/errors';
import { checkDate } from '../../shared/validation';
import { PlanCategoryEnum, PlanItem, PlanKindEnum, PlanRatios, PlanScope, PlanStateEnum, type PlanKind, type PlanState } from './plan.entity';

@InputType({ description: '新建或修改抽查计划' })
export class PlanInput {
  @Field(() => PlanKindEnum, { nullable: true, description: '默认 DEPARTMENT' }) kind?: PlanKind | null;
  @Field({ description: '计划部门；联合计划为牵头部门' }) department!: string;
  @Field(() => [String], { nullable: true, description: '联合计划的参与部门（含牵头部门）' }) participants?: string[] | null;
  @Field() title!: string;
  @Field(() => Int) year!: number;
  @Field() windowStart!: string;
  @Field() windowEnd!: string;
  @Field(() => [PlanItem]) items!: PlanItem[];
  @Field(() => PlanScope, { nullable: true }) scope?: PlanScope | null;
  @Field(() => PlanRatios) ratios!: PlanRatios;
  @Field(() => PlanCategoryEnum, { nullable: true, description: '默认 GENERAL' }) category?: 'KEY' | 'GENERAL' | null;
}

@InputType()
export class PlanFilter {
  @Field(() => Int, { nullable: true }) year?: number | null;
  @Field({ nullable: true }) department?: string;
  @Field(() => [PlanStateEnum], { nullable: true }) states?: PlanState[] | null;
}

@ObjectType({ description: '自动审查发现' })
export class ReviewFinding {
  @Field({ description: 'ITEM_NOT_IN_CHECKLIST / RATIO_ABOVE_BOUND / FREQUENCY_CAP / QUIET_PERIOD / SCOPE_OVERLAP / CHECKLIST_UNAVAILABLE / SCOPE_UNAVAILABLE' })
  type!: string;
  @Field({ description: 'BLOCKING 阻断批准 / WARNING 警告 / INFO 提示' }) severity!: string;
  @Field() message!: string;
  @Field({ description: '细节（JSON）' }) details!: string;
}

@ObjectType()
export class PlanReview {
  @Field(() => ID) planId!: number;
  @Field({ description: '没有阻断性问题时可批准' }) canApprove!: boolean;
  @Field(() => [ReviewFinding]) findings!: ReviewFinding[];
}

export interface PlanValues {
  kind: PlanKind;
  department: string;
  participants: string[];
  title: string;
  year: number;
  windowStart: string;
  windowEnd: string;
  items: PlanItem[];
  scope: PlanScope;
  ratios: PlanRatios;
  category: 'KEY' | 'GENERAL';
}

const list = (xs: string[] | null | undefined) => (xs && xs.length ? [...new Set(xs.map((x) => x.trim()))] : null);

/** Edge validation: every message names the field, nothing is written on error. */
export function validatePlan(input: PlanInput, knownDepartments: Set<string>): PlanValues {
  const kind = input.kind ?? 'DEPARTMENT';
  const department = input.department?.trim();
  if (!knownDepartments.has(department)) throw badInput('department', `不是联席会议成员单位：${department}`);
  const participants = kind === 'JOINT' ? [...new Set([department, ...(input.participants ?? [])])].sort() : [department];
  if (kind === 'JOINT' && participants.length < 2) throw badInput('participants', '联合抽查计划至少需要两个部门');
  for (const p of participants) if (!knownDepartments.has(p)) throw badInput('participants', `不是联席会议成员单位：${p}`);
  const title = input.title?.trim();
  if (!title || title.length > 200) throw badInput('title', '计划名称不能为空，且不超过200字');
  if (!Number.isInteger(input.year) || input.year < 2000 || input.year > 2100) throw badInput('year', '年度应为 2000–2100');
  for (const [field, v] of [['windowStart', input.windowStart], ['windowEnd', input.windowEnd]] as const) {
    const reason = checkDate(v);
    if (reason) throw badInput(field, reason);
  }
  if (input.windowStart > input.windowEnd) throw badInput('windowEnd', '结束日期不能早于开始日期');
  if (!input.windowStart.startsWith(String(input.year)) || !input.windowEnd.startsWith(String(input.year)))
    throw badInput('windowStart', `检查时间窗口应在 ${input.year} 年度内`);
  if (!input.items?.length) throw badInput('items', '至少选择一项抽查事项');
  const seen = new Set<string>();
  for (const [i, item] of input.items.entries()) {
    if (!participants.includes(item.department)) throw badInput(`items[${i}].department`, `${item.department} 不是本计划的参与部门`);
    if (!item.code?.trim()) throw badInput(`items[${i}].code`, '事项编号不能为空');
    const key = `${item.department}/${item.code}`;
    if (seen.has(key)) throw badInput(`items[${i}]`, `事项重复：${key}`);
    seen.add(key);
  }
  for (const p of participants)
    if (!input.items.some((i) => i.department === p)) throw badInput('items', `参与部门 ${p} 没有选择抽查事项`);
  const scope = input.scope ?? {};
  const sections = list(scope.industrySections);
  for (const s of sections ?? []) if (!(s in INDUSTRY_SECTIONS)) throw badInput('scope.industrySections', `行业门类应为 A–T：${s}`);
  const regions = list(scope.regionCodes);
  for (const r of regions ?? []) if (!/^\d{2,12}$/.test(r)) throw badInput('scope.regionCodes', `行政区划代码前缀应为2–12位数字：${r}`);
  const classes = list(scope.creditClasses);
  for (const c of classes ?? []) if (!(CREDIT_CLASSES as readonly string[]).includes(c)) throw badInput('scope.creditClasses', `信用分类应为 A–D：${c}`);
  const ratios: PlanRatios = {};
  for (const c of CREDIT_CLASSES) {
    const r = input.ratios?.[c];
    if (r == null) continue;
    if (!Number.isFinite(r) || r < 0 || r > 1) throw badInput(`ratios.${c}`, '抽查比例应在 0–1 之间（如 0.05 表示 5%）');
    ratios[c] = r;
  }
  if (!Object.values(ratios).some((r) => (r ?? 0) > 0)) throw badInput('ratios', '至少一个信用分类的抽查比例大于 0');
  return {
    kind,
    department,
    participants,
    title,
    year: input.year,
    windowStart: input.windowStart,
    windowEnd: input.windowEnd,
    items: input.items.map((i) => ({ department: i.department, code: i.code.trim() })),
    scope: { industrySections: sections, regionCodes: regions, creditClasses: classes as PlanScope['creditClasses'], tags: list(scope.tags) },
    ratios,
    category: input.category ?? 'GENERAL',
  };
}
