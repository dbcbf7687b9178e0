import { registerEnumType } from 'type-graphql';
import {
  CREDIT_CLASSES,
  DEPARTMENT_ROLES,
  ENTITY_TYPES,
  INDUSTRY_SECTIONS,
  type CreditClass,
  type DepartmentRole,
  type EntityType,
} from '../../shared/domain';
import { EXCLUSION_REASONS, type ExclusionReason } from '../../shared/domain/draw';
import { RISK_FLAGS, type RiskFlag } from '../../shared/domain/risk';

// GraphQL enums come from shared/domain.ts so the vocabulary has one source; the department subgraph
// registers the same values, which composition requires for enums used in inputs and outputs alike.
const asEnum = <T extends string>(values: readonly T[]) =>
  Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };

export const DepartmentRoleEnum = asEnum(DEPARTMENT_ROLES);
export const EntityTypeEnum = asEnum(ENTITY_TYPES);
export const CreditClassEnum = asEnum(CREDIT_CLASSES);
export const IndustrySectionEnum = asEnum(Object.keys(INDUSTRY_SECTIONS));

registerEnumType(DepartmentRoleEnum, {
  name: 'DepartmentRole',
  description: '联席会议中的角色：CONVENER 召集单位（承担联席会议办公室），MEMBER 成员单位',
});
registerEnumType(EntityTypeEnum, { name: 'EntityType', description: '市场主体类型' });
registerEnumType(CreditClassEnum, { name: 'CreditClass', description: '信用风险分类：A 低风险 … D 高风险' });
registerEnumType(IndustrySectionEnum, { name: 'IndustrySection', description: '国民经济行业门类（GB/T 4754-2017）A–T' });

export const RiskFlagEnum = asEnum(Object.keys(RISK_FLAGS) as RiskFlag[]);
registerEnumType(RiskFlagEnum, { name: 'RiskFlag', description: '风险标记：COMPLAINTS 有投诉举报 / ABNORMAL_LIST 列入经营异常名录 / SERIOUS_VIOLATIONS 列入严重违法失信名单' });

export const ExclusionReasonEnum = asEnum(Object.keys(EXCLUSION_REASONS) as ExclusionReason[]);
registerEnumType(ExclusionReasonEnum, {
  name: 'ExclusionReason',
  description: Object.entries(EXCLUSION_REASONS).map(([k, v]) => `${k} ${v}`).join(' / '),
});

export type { CreditClass, DepartmentRole, EntityType };
export type IndustrySectionCode = keyof typeof INDUSTRY_SECTIONS & string;
