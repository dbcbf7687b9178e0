import { ArgsType, Field, Float, InputType } from 'type-graphql';
import { INSPECTION_METHODS, ITEM_CATEGORIES, type InspectionMethod, type ItemCategory, type ItemStatus } from '../../shared/domain';
import { badInput } from '../../shared/errors';
import { DepartmentArgs, DepartmentIdArgs } from './department.args';
import { InspectionMethodEnum, ItemCategoryEnum, ItemStatusEnum } from './enums';
import { oneOf, requireText } from './department.validation';

@InputType({ description: '新建随机抽查事项' })
export class ChecklistItemInput {
  @Field() code!: string;
  @Field() name!: string;
  @Field(() => ItemCategoryEnum) category!: ItemCategory;
  @Field() legalBasis!: string;
  @Field() targetType!: string;
  @Field() content!: string;
  @Field(() => InspectionMethodEnum) method!: InspectionMethod;
  @Field(() => Float) minRatio!: number;
  @Field(() => Float) maxRatio!: number;
  @Field() frequency!: string;
}

@InputType({ description: '修改草稿事项：只传要改的字段' })
export class ChecklistItemUpdateInput {
  @Field({ nullable: true }) code?: string;
  @Field({ nullable: true }) name?: string;
  @Field(() => ItemCategoryEnum, { nullable: true }) category?: ItemCategory;
  @Field({ nullable: true }) legalBasis?: string;
  @Field({ nullable: true }) targetType?: string;
  @Field({ nullable: true }) content?: string;
  @Field(() => InspectionMethodEnum, { nullable: true }) method?: InspectionMethod;
  @Field(() => Float, { nullable: true }) minRatio?: number;
  @Field(() => Float, { nullable: true }) maxRatio?: number;
  @Field({ nullable: true }) frequency?: string;
}

/** Cap on GENERAL items' ratio; KEY items (safety, quality, public interest) may go to 100%. */
export const GENERAL_MAX_RATIO = 0.2;

/** Validates a complete item (after merging an update) and returns the normalized values. */
export function validateChecklistItem(input: ChecklistItemInput): ChecklistItemInput {
  const code = requireText('code', input.code, 32);
  if (!/^[A-Za-z0-9_.-]+$/.test(code)) throw badInput('code', '只能包含字母、数字和 - _ .');
  const category = oneOf('category', input.category, ITEM_CATEGORIES);
  const method = oneOf('method', input.method, INSPECTION_METHODS);
  const { minRatio, maxRatio } = input;
  if (typeof minRatio !== 'number' || !Number.isFinite(minRatio) || minRatio <= 0 || minRatio > 1) {
    throw badInput('minRatio', '抽查比例应大于0且不超过1');
  }
  if (typeof maxRatio !== 'number' || !Number.isFinite(maxRatio) || maxRatio <= 0 || maxRatio > 1) {
    throw badInput('maxRatio', '抽查比例应大于0且不超过1');
  }
  if (minRatio > maxRatio) throw badInput('minRatio', '最低比例不能高于最高比例');
  if (category === 'GENERAL' && maxRatio > GENERAL_MAX_RATIO) {
    throw badInput('maxRatio', `一般事项的抽查比例不能超过${GENERAL_MAX_RATIO * 100}%`);
  }
  return {
    code,
    name: requireText('name', input.name, 100),
    category,
    legalBasis: requireText('legalBasis', input.legalBasis, 500),
    targetType: requireText('targetType', input.targetType, 100),
    content: requireText('content', input.content, 2000),
    method,
    minRatio,
    maxRatio,
    frequency: requireText('frequency', input.frequency, 100),
  };
}

@ArgsType()
export class ChecklistArgs extends DepartmentArgs {
  @Field(() => ItemStatusEnum, { nullable: true })
  status?: ItemStatus | null;
}

@ArgsType()
export class CreateChecklistItemArgs extends DepartmentArgs {
  @Field(() => ChecklistItemInput)
  input!: ChecklistItemInput;
}

@ArgsType()
export class UpdateChecklistItemArgs extends DepartmentIdArgs {
  @Field(() => ChecklistItemUpdateInput)
  input!: ChecklistItemUpdateInput;
}
