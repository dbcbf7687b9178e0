import { Field, InputType } from 'type-graphql';
import { badInput } from '../../shared/errors';
import { checkUscc } from '../../shared/validation';
import { CreditClassEnum, EntityTypeEnum, IndustrySectionEnum, type CreditClass, type EntityType } from './enums';

@InputType({ description: '修改市场主体；省略的字段不变，可空字段传 null 表示清除' })
export class UpdateMarketEntityInput {
  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => EntityTypeEnum, { nullable: true })
  entityType?: EntityType | null;

  @Field(() => IndustrySectionEnum, { nullable: true })
  industrySection?: string | null;

  @Field(() => String, { nullable: true, description: '行政区划代码：6、9 或 12 位数字' })
  regionCode?: string | null;

  @Field(() => String, { nullable: true })
  address?: string | null;

  @Field(() => String, { nullable: true })
  legalRepresentative?: string | null;

  @Field(() => CreditClassEnum, { nullable: true })
  creditClass?: CreditClass | null;

  @Field(() => Boolean, { nullable: true })
  hasComplaints?: boolean | null;

  @Field(() => Boolean, { nullable: true })
  onAbnormalList?: boolean | null;

  @Field(() => Boolean, { nullable: true })
  hasSeriousViolations?: boolean | null;
}

@InputType({ description: '登记市场主体' })
export class RegisterMarketEntityInput extends UpdateMarketEntityInput {
  @Field({ description: '统一社会信用代码（18位，GB 32100）' })
  creditCode!: string;

  @Field()
  override name!: string;
}

@InputType({ description: '市场主体筛选；各条件同时满足，空列表视为不限' })
export class MarketEntityFilter {
  @Field(() => [IndustrySectionEnum], { nullable: true })
  industrySections?: string[] | null;

  @Field(() => [String], { nullable: true, description: '行政区划代码前缀，任一匹配即可' })
  regionCodes?: string[] | null;

  @Field(() => [CreditClassEnum], { nullable: true })
  creditClasses?: CreditClass[] | null;

  @Field(() => [EntityTypeEnum], { nullable: true })
  entityTypes?: EntityType[] | null;

  @Field(() => Boolean, { nullable: true })
  hasComplaints?: boolean | null;

  @Field(() => Boolean, { nullable: true })
  onAbnormalList?: boolean | null;

  @Field(() => Boolean, { nullable: true })
  hasSeriousViolations?: boolean | null;
}

export function checkCreditCode(code: string): string {
  const c = (code ?? '').trim();
  const reason = checkUscc(c);
  if (reason) throw badInput('统一社会信用代码', reason);
  return c;
}

const REGION = /^\d{6}(\d{3}(\d{3})?)?$/;

function text(field: string, v: string | null | undefined, max: number, required = false): string | null {
  const s = v?.trim() || null;
  if (!s && required) throw badInput(field, '不能为空');
  if (s && s.length > max) throw badInput(field, `不能超过${max}个字符`);
  return s;
}

function flag(field: string, v: boolean | null | undefined): boolean | undefined {
  if (v === null) throw badInput(field, '不能为空');
  return v;
}

type Fields = {
  name?: string;
  entityType?: EntityType | null;
  industrySection?: string | null;
  regionCode?: string | null;
  address?: string | null;
  legalRepresentative?: string | null;
  creditClass?: CreditClass | null;
  hasComplaints?: boolean;
  onAbnormalList?: boolean;
  hasSeriousViolations?: boolean;
};

/** Trims and validates; returns only the fields that were given, ready to assign to the entity. */
export function cleanMarketEntityFields(input: UpdateMarketEntityInput): Fields {
  const out: Fields = {};
  if (input.name !== undefined) out.name = text('名称', input.name, 200, true)!;
  if (input.entityType !== undefined) out.entityType = input.entityType;
  if (input.industrySection !== undefined) out.industrySection = input.industrySection;
  if (input.regionCode !== undefined) {
    const r = input.regionCode?.trim() || null;
    if (r && !REGION.test(r)) throw badInput('行政区划代码', '应为6、9或12位数字');
    out.regionCode = r;
  }
  if (input.address !== undefined) out.address = text('住所', input.address, 300);
  if (input.legalRepresentative !== undefined) out.legalRepresentative = text('法定代表人', input.legalRepresentative, 50);
  if (input.creditClass !== undefined) out.creditClass = input.creditClass;
  for (const [key, label] of [
    ['hasComplaints', '是否有投诉举报'],
    ['onAbnormalList', '是否列入经营异常名录'],
    ['hasSeriousViolations', '是否有严重违法失信记录'],
  ] as const) {
    const v = flag(label, input[key]);
    if (v !== undefined) out[key] = v;
  }
  return out;
}

export function checkFilter(filter: MarketEntityFilter | null | undefined): void {
  for (const p of filter?.regionCodes ?? []) {
    if (!/^\d{1,12}$/.test(p)) throw badInput('行政区划代码', `筛选前缀应为1–12位数字：${p}`);
  }
}
