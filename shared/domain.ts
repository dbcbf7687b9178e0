// Plain domain vocabulary shared by every service (names follow docs/domain.md's vocabulary).
// No GraphQL and no SQL here: GraphQL enums are registered from these in each subgraph.

export const ROLES = ['PUBLIC', 'INSPECTOR', 'DEPT_STAFF', 'DEPT_ADMIN', 'JOINT_OFFICE', 'SERVICE'] as const;
export type Role = (typeof ROLES)[number];

export const CREDIT_CLASSES = ['A', 'B', 'C', 'D'] as const;
export type CreditClass = (typeof CREDIT_CLASSES)[number];

/** GB/T 4754-2017 sections. */
export const INDUSTRY_SECTIONS: Record<string, string> = {
  A: '农、林、牧、渔业', B: '采矿业', C: '制造业', D: '电力、热力、燃气及水生产和供应业', E: '建筑业',
  F: '批发和零售业', G: '交通运输、仓储和邮政业', H: '住宿和餐饮业', I: '信息传输、软件和信息技术服务业',
  J: '金融业', K: '房地产业', L: '租赁和商务服务业', M: '科学研究和技术服务业', N: '水利、环境和公共设施管理业',
  O: '居民服务、修理和其他服务业', P: '教育', Q: '卫生和社会工作', R: '文化、体育和娱乐业',
  S: '公共管理、社会保障和社会组织', T: '国际组织',
};
export type IndustrySection = keyof typeof INDUSTRY_SECTIONS;

export const ENTITY_TYPES = ['COMPANY', 'SOLE_PROPRIETOR', 'PARTNERSHIP', 'COOPERATIVE', 'BRANCH'] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];

export const ITEM_CATEGORIES = ['KEY', 'GENERAL'] as const;
export type ItemCategory = (typeof ITEM_CATEGORIES)[number];

export const INSPECTION_METHODS = ['ON_SITE', 'DOCUMENTS', 'ONLINE'] as const;
export type InspectionMethod = (typeof INSPECTION_METHODS)[number];

export const ITEM_STATUSES = ['DRAFT', 'PUBLISHED', 'RETIRED'] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];

export const INSPECTOR_STATUSES = ['ACTIVE', 'ON_LEAVE', 'LEFT'] as const;
export type InspectorStatus = (typeof INSPECTOR_STATUSES)[number];

export const GENDERS = ['MALE', 'FEMALE'] as const;
export type Gender = (typeof GENDERS)[number];

export const DEPARTMENT_ROLES = ['CONVENER', 'MEMBER'] as const;
export type DepartmentRole = (typeof DEPARTMENT_ROLES)[number];

/** A department as configured for the hub (config/hub.json). */
export interface DepartmentConfig {
  code: string;
  name: string;
  /** Port of its own subgraph process in the default single-machine layout. */
  port: number;
  /** Where the gateway reaches it; defaults to http://127.0.0.1:<port>/graphql. */
  url?: string;
}
