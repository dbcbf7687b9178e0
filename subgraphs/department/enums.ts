import { registerEnumType } from 'type-graphql';
import { CREDIT_SYNC_OUTCOMES } from '../../shared/domain/credit-sync';
import {
  CREDIT_CLASSES,
  GENDERS,
  INSPECTION_METHODS,
  INSPECTOR_STATUSES,
  ITEM_CATEGORIES,
  ITEM_STATUSES,
} from '../../shared/domain';

// GraphQL enums are registered from the shared domain lists, so the two never drift apart.
function enumObject<T extends string>(values: readonly T[]): { [K in T]: K } {
  return Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };
}

export const ItemCategoryEnum = enumObject(ITEM_CATEGORIES);
export const InspectionMethodEnum = enumObject(INSPECTION_METHODS);
export const ItemStatusEnum = enumObject(ITEM_STATUSES);
export const InspectorStatusEnum = enumObject(INSPECTOR_STATUSES);
export const GenderEnum = enumObject(GENDERS);
export const CreditClassEnum = enumObject(CREDIT_CLASSES);
export const CreditSyncOutcomeEnum = enumObject(CREDIT_SYNC_OUTCOMES);

registerEnumType(ItemCategoryEnum, { name: 'ItemCategory', description: '事项类别：重点 / 一般' });
registerEnumType(InspectionMethodEnum, { name: 'InspectionMethod', description: '检查方式：实地核查 / 书面检查 / 网络监测' });
registerEnumType(ItemStatusEnum, { name: 'ItemStatus', description: '事项状态：草稿 / 已公布 / 已停用' });
registerEnumType(InspectorStatusEnum, { name: 'InspectorStatus', description: '人员状态：在岗 / 休假 / 离岗' });
registerEnumType(GenderEnum, { name: 'Gender' });
// Same name, values and description as the joint subgraph's enum: composition merges the two.
registerEnumType(CreditClassEnum, { name: 'CreditClass', description: '信用风险分类：A 低风险 … D 高风险' });
registerEnumType(CreditSyncOutcomeEnum, {
  name: 'CreditClassOutcome',
  description: 'APPLIED 已更新名录库 / ALREADY_APPLIED 此前已处理或已被更新的调整取代 / NOT_IN_POOL 本部门名录库中无此对象',
});
