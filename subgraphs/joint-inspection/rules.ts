import { Field, Float, InputType, Int, ObjectType } from 'type-graphql';
import type { EntityManager } from 'typeorm';
import { CREDIT_CLASSES, type CreditClass } from '../../shared/domain';
import { badInput } from '../../shared/errors';
import { Setting } from './setting.entity';
import { CreditClassEnum, RiskFlagEnum } from './enums';
import { DEFAULT_RISK_RULES, riskRulesProblem, type RiskFlag } from '../../shared/domain/risk';

@ObjectType({ description: '风险对象提高抽查比例的规则（按部门；部门为空即默认规则）' })
@InputType('RiskRuleInput')
export class RiskRuleType {
  @Field(() => String, { nullable: true, description: '部门代码；为空表示没有单独规则的所有部门' }) department!: string | null;
  @Field(() => [RiskFlagEnum], { description: '有其中任一标记即为风险对象' }) flags!: RiskFlag[];
  @Field(() => Float, { description: '风险对象的抽查比例 = 计划比例 × 倍数（不超过 100%）' }) factor!: number;
}

@ObjectType({ description: '安静期规则：某信用分类只允许在这些月份检查（空 = 不限）' })
@InputType('QuietRuleInput')
export class QuietRuleType {
  @Field(() => CreditClassEnum) creditClass!: CreditClass;
  @Field(() => [Int]) allowedMonths!: number[];
}

@ObjectType({ description: '联席会议办公室可配置的抽查规则' })
export class SupervisionRules {
  @Field(() => Int, { description: '同一市场主体每年最多被检查次数（默认 2）' }) frequencyCap!: number;
  @Field(() => [QuietRuleType]) quietRules!: QuietRuleType[];
  @Field(() => [RiskRuleType]) riskRules!: RiskRuleType[];
}

@InputType()
export class SupervisionRulesInput {
  @Field(() => Int, { nullable: true }) frequencyCap?: number | null;
  @Field(() => [QuietRuleType], { nullable: true }) quietRules?: QuietRuleType[] | null;
  @Field(() => [RiskRuleType], { nullable: true }) riskRules?: RiskRuleType[] | null;
}

const DEFAULTS: SupervisionRules = { frequencyCap: 2, quietRules: [], riskRules: DEFAULT_RISK_RULES };
const KEY = 'supervision_rules';

export async function getRules(em: EntityManager): Promise<SupervisionRules> {
  const row = await em.getRepository(Setting).findOneBy({ key: KEY });
  return row ? { ...DEFAULTS, ...(JSON.parse(row.value) as Partial<SupervisionRules>) } : DEFAULTS;
}

export function validateRules(current: SupervisionRules, input: SupervisionRulesInput): SupervisionRules {
  const next = { ...current };
  if (input.frequencyCap != null) {
    if (!Number.isInteger(input.frequencyCap) || input.frequencyCap < 1 || input.frequencyCap > 12)
      throw badInput('frequencyCap', '每年检查次数上限应为 1–12 的整数');
    next.frequencyCap = input.frequencyCap;
  }
  if (input.quietRules != null) {
    const seen = new Set<string>();
    for (const r of input.quietRules) {
      if (!(CREDIT_CLASSES as readonly string[]).includes(r.creditClass)) throw badInput('quietRules.creditClass', '信用分类应为 A–D');
      if (seen.has(r.creditClass)) throw badInput('quietRules', `信用分类 ${r.creditClass} 重复`);
      seen.add(r.creditClass);
      if (r.allowedMonths.some((m) => !Number.isInteger(m) || m < 1 || m > 12)) throw badInput('quietRules.allowedMonths', '月份应为 1–12');
    }
    next.quietRules = input.quietRules.map((r) => ({ creditClass: r.creditClass, allowedMonths: [...new Set(r.allowedMonths)].sort((a, b) => a - b) }));
  }
  if (input.riskRules != null) {
    if (input.riskRules.length > 60) throw badInput('riskRules', '风险规则不超过 60 条');
    const rules = input.riskRules.map((r) => ({ department: r.department?.trim() || null, flags: [...r.flags], factor: r.factor }));
    const problem = riskRulesProblem(rules);
    if (problem) throw badInput('riskRules', problem);
    next.riskRules = rules;
  }
  return next;
}

export async function saveRules(tx: EntityManager, rules: SupervisionRules): Promise<void> {
  await tx.getRepository(Setting).save({ key: KEY, value: JSON.stringify(rules) });
}
