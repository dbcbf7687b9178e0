import { ArgsType, Field, InputType, Int, ObjectType } from 'type-graphql';
import { CREDIT_CLASSES, INDUSTRY_SECTIONS } from '../../shared/domain';
import { badInput } from '../../shared/errors';
import { checkUscc } from '../../shared/validation';
import { PageInfo } from './connection';
import { DepartmentArgs, DepartmentPageArgs, PageArgs } from './department.args';
import { PoolEntry } from './pool-entry.entity';
import { check, oneOf, optionalText, requireText, textList } from './department.validation';

const SECTIONS = Object.keys(INDUSTRY_SECTIONS);

@InputType({ description: '加入检查对象名录库' })
export class TargetInput {
  @Field() creditCode!: string;
  @Field() name!: string;
  @Field() industrySection!: string;
  @Field() regionCode!: string;
  @Field() creditClass!: string;
  @Field(() => [String], { nullable: true }) licenceNumbers?: string[] | null;
  @Field(() => String, { nullable: true }) riskNotes?: string | null;
  @Field(() => [String], { nullable: true }) tags?: string[] | null;
}

@InputType({ description: '修改名录库中的部门属性：只传要改的字段' })
export class TargetUpdateInput {
  @Field({ nullable: true }) name?: string;
  @Field({ nullable: true }) industrySection?: string;
  @Field({ nullable: true }) regionCode?: string;
  @Field({ nullable: true }) creditClass?: string;
  @Field(() => [String], { nullable: true }) licenceNumbers?: string[] | null;
  @Field(() => String, { nullable: true }) riskNotes?: string | null;
  @Field(() => [String], { nullable: true }) tags?: string[] | null;
}

@InputType()
export class TargetPoolFilter {
  @Field(() => [String], { nullable: true }) industrySections?: string[] | null;
  @Field(() => [String], { nullable: true, description: '行政区划代码前缀' }) regionCodes?: string[] | null;
  @Field(() => [String], { nullable: true }) creditClasses?: string[] | null;
  @Field(() => [String], { nullable: true, description: '含任一标签' }) tags?: string[] | null;
  @Field({ nullable: true, description: '名称包含，或信用代码前缀' }) search?: string;
}

@ObjectType()
export class PoolEntryEdge {
  @Field() cursor!: string;
  @Field(() => PoolEntry) node!: PoolEntry;
}

@ObjectType()
export class TargetPoolConnection {
  @Field(() => [PoolEntryEdge]) edges!: PoolEntryEdge[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
  @Field(() => Int) totalCount!: number;
}

@ObjectType({ description: '抽取用名录快照中的一条：信用代码与信用风险分类' })
export class PoolMember {
  @Field() creditCode!: string;
  @Field() creditClass!: string;
}

@ObjectType()
export class BulkAddResult {
  @Field(() => Int, { description: '新加入的条数' }) added!: number;
  @Field(() => Int, { description: '已在名录库中而跳过的条数' }) skipped!: number;
}

export type TargetValues = Required<Omit<TargetInput, 'licenceNumbers' | 'tags' | 'riskNotes'>> & {
  licenceNumbers: string[];
  tags: string[];
  riskNotes: string | null;
};

export function validateTarget(input: TargetInput): TargetValues {
  return {
    creditCode: check('creditCode', input.creditCode, checkUscc),
    name: requireText('name', input.name, 100),
    industrySection: oneOf('industrySection', input.industrySection, SECTIONS),
    regionCode: checkRegionCode('regionCode', input.regionCode),
    creditClass: oneOf('creditClass', input.creditClass, CREDIT_CLASSES),
    licenceNumbers: textList('licenceNumbers', input.licenceNumbers, 20, 50),
    riskNotes: optionalText('riskNotes', input.riskNotes, 1000),
    tags: textList('tags', input.tags, 20, 30),
  };
}

export function checkRegionCode(field: string, value: string): string {
  if (!/^\d{6,12}$/.test(value ?? '')) throw badInput(field, '行政区划代码应为6–12位数字');
  return value;
}

/** Filter values are checked too, so a typo is an error rather than an empty page. */
export function validatePoolFilter(filter: TargetPoolFilter | null | undefined): TargetPoolFilter {
  const f = filter ?? {};
  for (const s of f.industrySections ?? []) oneOf('filter.industrySections', s, SECTIONS);
  for (const c of f.creditClasses ?? []) oneOf('filter.creditClasses', c, CREDIT_CLASSES);
  for (const r of f.regionCodes ?? []) if (!/^\d{1,12}$/.test(r)) throw badInput('filter.regionCodes', '应为数字前缀');
  if (f.search != null && [...f.search].length > 100) throw badInput('filter.search', '长度不能超过100个字符');
  return f;
}

@ArgsType()
export class TargetPoolArgs extends DepartmentPageArgs {
  @Field(() => TargetPoolFilter, { nullable: true })
  filter?: TargetPoolFilter | null;
}

@ArgsType()
export class PoolSnapshotArgs extends DepartmentArgs {
  @Field(() => TargetPoolFilter, { nullable: true, description: '计划的抽查范围' })
  filter?: TargetPoolFilter | null;
}

/** Department.targetPool: the department is the parent entity. */
@ArgsType()
export class TargetPoolFieldArgs extends PageArgs {
  @Field(() => TargetPoolFilter, { nullable: true })
  filter?: TargetPoolFilter | null;
}

@ArgsType()
export class AddTargetArgs extends DepartmentArgs {
  @Field(() => TargetInput)
  input!: TargetInput;
}

@ArgsType()
export class CreditCodeArgs extends DepartmentArgs {
  @Field({ description: '统一社会信用代码' })
  creditCode!: string;
}

@ArgsType()
export class UpdateTargetArgs extends CreditCodeArgs {
  @Field(() => TargetUpdateInput)
  input!: TargetUpdateInput;
}

@ArgsType()
export class BulkAddTargetsArgs extends DepartmentArgs {
  @Field(() => [TargetInput])
  inputs!: TargetInput[];
}
