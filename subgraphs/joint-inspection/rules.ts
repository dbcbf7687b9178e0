import { Field, InputType, Int, ObjectType } from 'type-graphql';
import type { EntityManager } from 'typeorm';
import { CREDIT_CLASSES, type CreditClass } from '../../shared/domain';
import { badInput } from '../../shared/errors';
import { Setting } from './setting.entity';
import { CreditClassEnum } from './enums';

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
}

@InputType()
export class SupervisionRulesInput {
  @Field(() => Int, { nullable: true }) frequencyCap?: number | null;
  @Field(() => [QuietRuleType], { nullable: true }) quietRules?: QuietRuleType[] | null;
}

const DEFAULTS: SupervisionRules = { frequencyCap: 2, quietRules: [] };
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
  return next;
}

export async function saveRules(tx: EntityManager, rules: SupervisionRules): Promise<void> {
  await tx.getRepository(Setting).save({ key: KEY, value: JSON.stringify(rules) });
}
