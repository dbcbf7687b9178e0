// The four importable lists: their template columns (Chinese headers) and how a row becomes a service input.
import { CREDIT_CLASSES, INDUSTRY_SECTIONS } from '../domain';
import { booleanCell, codeCell, dateCell, enumCell, listCell, ratioCell, type ColumnSpec } from './columns';

export const IMPORT_KINDS = ['pool', 'inspectors', 'checklist', 'entities'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export interface KindSpec {
  kind: ImportKind;
  title: string;
  /** Field that identifies a row: re-importing updates the record with the same key. */
  keyField: string;
  columns: ColumnSpec[];
}

const creditClass = enumCell(Object.fromEntries(CREDIT_CLASSES.map((c) => [c, [`${c}类`]])));
const industry = enumCell(Object.fromEntries(Object.entries(INDUSTRY_SECTIONS).map(([k, v]) => [k, [v]])));
const CLASS_NOTE = 'A、B、C、D（A 低风险 … D 高风险），可写“A类”';
const INDUSTRY_NOTE = `国民经济行业门类代码 A–T 或门类名称，如 F 或“批发和零售业”`;
const USCC_NOTE = '18位，GB 32100，字母大写（自动去除空格）';

const usccColumn: ColumnSpec = { field: 'creditCode', header: '统一社会信用代码', aliases: ['信用代码', '社会信用代码'], required: true, note: USCC_NOTE, example: '91330106MA2CFL0K7U', parse: codeCell };
const nameAliases = ['名称', '市场主体名称', '单位名称', '检查对象名称'];
const industryColumn = (required: boolean): ColumnSpec => ({ field: 'industrySection', header: '行业门类', aliases: ['行业'], required, note: INDUSTRY_NOTE, example: 'H', parse: industry });
const classColumn = (required: boolean): ColumnSpec => ({ field: 'creditClass', header: '信用风险分类', aliases: ['信用分类', '风险分类'], required, note: CLASS_NOTE, example: 'B', parse: creditClass });

const pool: KindSpec = {
  kind: 'pool',
  title: '检查对象名录库',
  keyField: 'creditCode',
  columns: [
    usccColumn,
    { field: 'name', header: '企业名称', aliases: nameAliases, required: true, note: '不超过100字', example: '杭州示例食品有限公司' },
    industryColumn(true),
    { field: 'regionCode', header: '行政区划代码', aliases: ['区划代码'], required: true, note: '6–12位数字', example: '330106' },
    classColumn(true),
    { field: 'licenceNumbers', header: '许可证号', aliases: ['许可证编号'], note: '多个用“；”分隔', example: 'JY13301060012345', parse: listCell },
    { field: 'riskNotes', header: '风险提示', aliases: ['备注'], note: '不超过1000字', example: '' },
    { field: 'tags', header: '标签', note: '多个用“；”分隔，如 食品；餐饮', example: '餐饮；学校周边', parse: listCell },
  ],
};

const gender = enumCell({ MALE: ['男'], FEMALE: ['女'] });

const inspectors: KindSpec = {
  kind: 'inspectors',
  title: '执法检查人员名录库',
  keyField: 'certificateNumber',
  columns: [
    { field: 'name', header: '姓名', required: true, note: '不超过50字', example: '张三' },
    { field: 'gender', header: '性别', required: true, note: '男 或 女', example: '男', parse: gender },
    { field: 'position', header: '职务', aliases: ['职务职级'], required: true, note: '不超过50字', example: '科员' },
    { field: 'certificateNumber', header: '执法证号', aliases: ['执法证编号', '行政执法证号'], required: true, note: '本部门内唯一，再次导入按此更新', example: '33010620190001', parse: codeCell },
    { field: 'certificateExpiry', header: '执法证有效期至', aliases: ['有效期至', '证件有效期'], required: true, note: 'YYYY-MM-DD，也可写 2027/6/30 或 2027年6月30日', example: '2028-06-30', parse: dateCell },
    { field: 'unit', header: '工作单位', aliases: ['所在单位', '科室'], required: true, note: '不超过100字', example: '市场监管局食品安全科' },
    { field: 'phone', header: '联系电话', aliases: ['手机号码', '电话'], required: true, note: '11位手机号或“区号-号码”', example: '13800138000' },
    { field: 'idNumber', header: '身份证号码', aliases: ['身份证号', '公民身份号码'], note: '18位，校验位须正确（不对外公开）', example: '', parse: codeCell },
    { field: 'expertise', header: '业务专长', aliases: ['专长'], note: '多个用“；”分隔', example: '食品安全；特种设备', parse: listCell },
  ],
};

const category = enumCell({ KEY: ['重点', '重点事项', '重点检查事项'], GENERAL: ['一般', '一般事项', '一般检查事项'] });
const method = enumCell({ ON_SITE: ['实地核查', '现场检查', '实地检查'], DOCUMENTS: ['书面检查', '书面审查'], ONLINE: ['网络监测', '网络检查'] });

const checklist: KindSpec = {
  kind: 'checklist',
  title: '随机抽查事项清单',
  keyField: 'code',
  columns: [
    { field: 'code', header: '事项编号', aliases: ['编号', '事项代码'], required: true, note: '字母、数字和 - _ .，本部门内唯一', example: 'SC-01' },
    { field: 'name', header: '事项名称', aliases: ['抽查事项'], required: true, note: '不超过100字', example: '食品经营者经营许可及经营行为' },
    { field: 'category', header: '事项类别', aliases: ['类别'], required: true, note: '重点 或 一般', example: '重点', parse: category },
    { field: 'legalBasis', header: '检查依据', aliases: ['法律依据'], required: true, note: '不超过500字', example: '《中华人民共和国食品安全法》第八十七条' },
    { field: 'targetType', header: '检查对象', aliases: ['抽查对象'], required: true, note: '不超过100字', example: '食品经营者' },
    { field: 'content', header: '检查内容', aliases: ['抽查内容'], required: true, note: '不超过2000字', example: '许可证照、进货查验记录、从业人员健康证明' },
    { field: 'method', header: '检查方式', aliases: ['抽查方式'], required: true, note: '实地核查、书面检查 或 网络监测', example: '实地核查', parse: method },
    { field: 'minRatio', header: '最低抽查比例', required: true, note: '如 5% 或 0.05', example: '5%', parse: ratioCell },
    { field: 'maxRatio', header: '最高抽查比例', required: true, note: '一般事项不超过20%', example: '20%', parse: ratioCell },
    { field: 'frequency', header: '检查频次', aliases: ['抽查频次'], required: true, note: '如 每年一次', example: '每年一次' },
  ],
};

const entityType = enumCell({
  COMPANY: ['公司', '企业', '有限责任公司', '股份有限公司'],
  SOLE_PROPRIETOR: ['个体工商户', '个体'],
  PARTNERSHIP: ['合伙企业'],
  COOPERATIVE: ['农民专业合作社', '合作社'],
  BRANCH: ['分支机构', '分公司'],
});

const entities: KindSpec = {
  kind: 'entities',
  title: '市场主体名录',
  keyField: 'creditCode',
  columns: [
    usccColumn,
    { field: 'name', header: '企业名称', aliases: nameAliases, required: true, note: '不超过200字', example: '杭州示例食品有限公司' },
    { field: 'entityType', header: '主体类型', aliases: ['市场主体类型', '企业类型'], note: '公司、个体工商户、合伙企业、农民专业合作社、分支机构', example: '公司', parse: entityType },
    industryColumn(false),
    { field: 'regionCode', header: '行政区划代码', aliases: ['区划代码'], note: '6、9或12位数字', example: '330106' },
    { field: 'address', header: '住所', aliases: ['地址', '经营场所'], note: '不超过300字', example: '杭州市西湖区示例路1号' },
    { field: 'legalRepresentative', header: '法定代表人', aliases: ['负责人', '经营者'], note: '不超过50字', example: '李四' },
    classColumn(false),
    { field: 'hasComplaints', header: '是否有投诉举报', note: '是 或 否', example: '否', parse: booleanCell },
    { field: 'onAbnormalList', header: '是否列入经营异常名录', note: '是 或 否', example: '否', parse: booleanCell },
    { field: 'hasSeriousViolations', header: '是否有严重违法失信记录', note: '是 或 否', example: '否', parse: booleanCell },
  ],
};

export const KINDS: Record<ImportKind, KindSpec> = { pool, inspectors, checklist, entities };

export function kindSpec(kind: string): KindSpec {
  const spec = (KINDS as Record<string, KindSpec>)[kind];
  if (!spec) throw new Error(`未知的导入类型：${kind}（应为 ${IMPORT_KINDS.join('、')}）`);
  return spec;
}
