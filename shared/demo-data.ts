// Deterministic demo data for a fictional-but-plausible county (万年县, 361129): departments, market entities,
// checklists, target pools and inspectors. Pure: no DB code, no clock, no Math.random — same seed, same data.
import hub from '../config/hub.json';
import type { CreditClass, DepartmentRole, EntityType, Gender, InspectionMethod, InspectorStatus, ItemCategory, ItemStatus } from './domain';
import { makeUscc, residentId } from './validation';

export interface DemoDepartment { code: string; name: string; role: DepartmentRole; contactName: string; contactPhone: string }
export interface DemoEntity {
  creditCode: string; name: string; entityType: EntityType; industrySection: string; regionCode: string; address: string;
  legalRepresentative: string; creditClass: CreditClass; hasComplaints: boolean; onAbnormalList: boolean; hasSeriousViolations: boolean;
}
export interface DemoChecklistItem {
  department: string; code: string; name: string; category: ItemCategory; legalBasis: string; targetType: string; content: string;
  method: InspectionMethod; minRatio: number; maxRatio: number; frequency: string; status: ItemStatus;
}
export interface DemoPoolEntry {
  department: string; creditCode: string; name: string; industrySection: string; regionCode: string; creditClass: CreditClass;
  licenceNumbers: string[]; riskNotes: string | null; tags: string[];
}
export interface DemoInspector {
  department: string; name: string; gender: Gender; position: string; certificateNumber: string; certificateExpiry: string;
  unit: string; phone: string; idNumber: string; expertise: string[]; status: InspectorStatus; conflicts: string[];
}
export interface DemoData {
  departments: DemoDepartment[];
  entities: DemoEntity[];
  checklistItems: DemoChecklistItem[];
  poolEntries: DemoPoolEntry[];
  inspectors: DemoInspector[];
}

export const DEMO_COUNTY = { code: '361129', name: '万年县', areaCode: '0793' };
export const DEMO_TOWNSHIPS = [
  '陈营镇', '石镇镇', '青云镇', '大源镇', '梓埠镇', '裴梅镇', '湖云乡', '齐埠乡', '苏桥乡', '上坊乡', '汪家乡', '珠田乡',
].map((name, i) => ({ code: `${DEMO_COUNTY.code}${String(i + 1).padStart(3, '0')}`, name }));
const ENTITY_COUNT = 2400;

// mulberry32: tiny, fast and identical on every JS engine (only 32-bit integer ops).
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Rng {
  private next: () => number;
  constructor(seed: number) { this.next = mulberry32(seed); }
  float(): number { return this.next(); }
  int(min: number, max: number): number { return min + Math.floor(this.next() * (max - min + 1)); }
  chance(p: number): boolean { return this.next() < p; }
  pick<T>(xs: readonly T[]): T { return xs[Math.floor(this.next() * xs.length)]; }
  weighted<T>(xs: readonly (readonly [T, number])[]): T {
    const total = xs.reduce((s, [, w]) => s + w, 0);
    let r = this.next() * total;
    for (const [x, w] of xs) { r -= w; if (r < 0) return x; }
    return xs[xs.length - 1][0];
  }
  shuffle<T>(xs: T[]): T[] {
    for (let i = xs.length - 1; i > 0; i--) { const j = Math.floor(this.next() * (i + 1)); [xs[i], xs[j]] = [xs[j], xs[i]]; }
    return xs;
  }
  sample<T>(xs: readonly T[], n: number): T[] { return this.shuffle([...xs]).slice(0, n); }
  digits(n: number): string { let s = ''; for (let i = 0; i < n; i++) s += String(this.int(0, 9)); return s; }
}

// ---- people -------------------------------------------------------------------------------------------
const SURNAMES = [
  '王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '高', '林', '罗',
  '郑', '梁', '谢', '宋', '唐', '许', '韩', '冯', '邓', '曹', '彭', '曾', '肖', '田', '董', '袁', '潘', '蒋', '蔡', '余',
  '杜', '叶', '程', '魏', '吕', '丁', '任', '姚', '卢', '姜', '钟', '汪', '方', '邹', '熊', '江', '饶', '舒', '占', '詹',
];
const MALE_GIVEN = ['伟', '强', '军', '磊', '勇', '杰', '涛', '斌', '超', '明', '刚', '平', '辉', '鹏', '华', '飞', '鑫', '波', '宁', '建', '国', '志', '文', '海', '俊', '浩', '宇', '晨', '峰', '林', '春', '东', '德', '荣', '金', '根', '水', '生'];
const FEMALE_GIVEN = ['芳', '娜', '敏', '静', '丽', '艳', '娟', '霞', '秀', '英', '燕', '玲', '桂', '兰', '萍', '红', '婷', '雪', '琳', '慧', '佳', '欣', '倩', '莉', '梅', '琴', '云', '颖', '洁', '凤'];

function personName(rng: Rng, gender: Gender): string {
  const given = gender === 'MALE' ? MALE_GIVEN : FEMALE_GIVEN;
  return rng.pick(SURNAMES) + rng.pick(given) + (rng.chance(0.7) ? rng.pick(given) : '');
}

function mobile(rng: Rng): string {
  return rng.pick(['133', '135', '136', '137', '138', '139', '150', '151', '152', '157', '158', '159', '177', '180', '181', '187', '188', '189', '191', '199']) + rng.digits(8);
}

function birthDate(rng: Rng, fromYear: number, toYear: number): string {
  const y = rng.int(fromYear, toYear);
  const m = rng.int(1, 12);
  const d = rng.int(1, 28); // 28 keeps every month valid without a calendar
  return `${y}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}`;
}

// ---- businesses ---------------------------------------------------------------------------------------
interface Kind {
  key: string;
  section: string;
  share: number; // percent of all entities
  companyWords: string[]; // before 有限公司
  shopWords: string[]; // complete shop names for individual businesses (already end in 店/馆/厂…)
  types: [EntityType, number][];
  pools: Record<string, number>; // department code → probability an entity of this kind is in its pool
  tags: string[];
}

const KINDS: Kind[] = [
  { key: 'restaurant', section: 'H', share: 14, companyWords: ['餐饮管理', '餐饮服务', '饮食'], shopWords: ['小吃店', '饭店', '餐馆', '酒家', '快餐店', '火锅店', '粉面馆', '农家乐'],
    types: [['SOLE_PROPRIETOR', 70], ['COMPANY', 25], ['BRANCH', 5]], pools: { SAMR: 0.8, HEALTH: 0.7, FIRE: 0.5, COMMERCE: 0.2, ECO: 0.1, CULTURE: 0.1 }, tags: ['餐饮服务'] },
  { key: 'hotel', section: 'H', share: 5, companyWords: ['酒店管理', '宾馆', '大酒店'], shopWords: ['宾馆', '旅馆', '民宿', '招待所'],
    types: [['SOLE_PROPRIETOR', 45], ['COMPANY', 50], ['BRANCH', 5]], pools: { SAMR: 0.8, HEALTH: 0.9, FIRE: 1, CULTURE: 1 }, tags: ['住宿', '人员密集场所'] },
  { key: 'retail', section: 'F', share: 14, companyWords: ['商贸', '超市', '百货', '医药连锁'], shopWords: ['超市', '便利店', '商行', '副食店', '日杂店', '药店', '烟酒店', '五金店'],
    types: [['SOLE_PROPRIETOR', 75], ['COMPANY', 20], ['BRANCH', 5]], pools: { SAMR: 0.7, COMMERCE: 0.7, FIRE: 0.15 }, tags: ['零售'] },
  { key: 'wholesale', section: 'F', share: 5, companyWords: ['贸易', '商贸', '农资', '粮油贸易'], shopWords: ['批发部', '农资店', '粮油经营部'],
    types: [['COMPANY', 60], ['SOLE_PROPRIETOR', 35], ['PARTNERSHIP', 5]], pools: { SAMR: 0.6, COMMERCE: 0.8 }, tags: ['批发'] },
  { key: 'factory', section: 'C', share: 14, companyWords: ['食品', '米业', '塑料制品', '陶瓷', '机械制造', '化工', '纺织', '新型建材', '家具', '贡米'], shopWords: ['米厂', '竹木加工厂', '食品厂', '砖厂', '豆制品厂'],
    types: [['COMPANY', 75], ['SOLE_PROPRIETOR', 15], ['PARTNERSHIP', 5], ['BRANCH', 5]], pools: { SAMR: 0.6, ECO: 0.9, EMERGENCY: 0.8, FIRE: 0.2 }, tags: ['工业企业'] },
  { key: 'mine', section: 'B', share: 2, companyWords: ['矿业', '石材', '砂石'], shopWords: ['采石场', '砂场'],
    types: [['COMPANY', 85], ['SOLE_PROPRIETOR', 15]], pools: { EMERGENCY: 1, ECO: 1 }, tags: ['非煤矿山'] },
  { key: 'energy', section: 'D', share: 1, companyWords: ['燃气', '水务', '电力', '新能源'], shopWords: ['液化气站'],
    types: [['COMPANY', 90], ['SOLE_PROPRIETOR', 10]], pools: { EMERGENCY: 0.8, ECO: 0.8, HOUSING: 0.5 }, tags: ['公用事业'] },
  { key: 'construction', section: 'E', share: 10, companyWords: ['建筑工程', '建设工程', '装饰工程', '市政工程', '水电安装工程'], shopWords: ['装饰部', '水电安装部'],
    types: [['COMPANY', 85], ['SOLE_PROPRIETOR', 10], ['BRANCH', 5]], pools: { HOUSING: 1, EMERGENCY: 0.6, FIRE: 0.5 }, tags: ['建筑施工'] },
  { key: 'realEstate', section: 'K', share: 4, companyWords: ['房地产开发', '物业管理', '置业'], shopWords: ['房产中介'],
    types: [['COMPANY', 90], ['SOLE_PROPRIETOR', 5], ['BRANCH', 5]], pools: { HOUSING: 1, FIRE: 0.3 }, tags: ['房地产'] },
  { key: 'transport', section: 'G', share: 4, companyWords: ['物流', '运输', '货运代理', '客运'], shopWords: ['货运部', '快递代办点'],
    types: [['COMPANY', 60], ['SOLE_PROPRIETOR', 35], ['BRANCH', 5]], pools: { EMERGENCY: 0.5, ECO: 0.3, COMMERCE: 0.2 }, tags: ['交通运输'] },
  { key: 'entertainment', section: 'R', share: 6, companyWords: ['文化传媒', '娱乐', '影视', '体育发展', '文化旅游'], shopWords: ['KTV', '网吧', '健身馆', '棋牌室', '游艺厅'],
    types: [['SOLE_PROPRIETOR', 55], ['COMPANY', 40], ['PARTNERSHIP', 5]], pools: { CULTURE: 1, FIRE: 0.8, HEALTH: 0.3 }, tags: ['文化娱乐', '人员密集场所'] },
  { key: 'travel', section: 'L', share: 2, companyWords: ['旅行社', '国际旅行社', '旅游开发'], shopWords: ['旅游服务部'],
    types: [['COMPANY', 80], ['BRANCH', 20]], pools: { CULTURE: 1 }, tags: ['旅游'] },
  { key: 'business', section: 'L', share: 2, companyWords: ['企业管理咨询', '广告', '人力资源', '会展服务'], shopWords: ['广告部', '图文店'],
    types: [['COMPANY', 70], ['SOLE_PROPRIETOR', 20], ['PARTNERSHIP', 10]], pools: { SAMR: 0.3, COMMERCE: 0.3 }, tags: ['商务服务'] },
  { key: 'it', section: 'I', share: 3, companyWords: ['网络科技', '信息技术', '软件开发', '电子商务'], shopWords: ['手机维修店', '网络服务部'],
    types: [['COMPANY', 80], ['SOLE_PROPRIETOR', 20]], pools: { SAMR: 0.3, CULTURE: 0.4 }, tags: ['互联网'] },
  { key: 'services', section: 'O', share: 5, companyWords: ['家政服务', '汽车服务', '美容'], shopWords: ['理发店', '美容院', '洗浴中心', '汽车修理厂', '洗衣店', '家电维修部'],
    types: [['SOLE_PROPRIETOR', 80], ['COMPANY', 20]], pools: { SAMR: 0.4, HEALTH: 0.5, COMMERCE: 0.2 }, tags: ['居民服务'] },
  { key: 'health', section: 'Q', share: 2, companyWords: ['医疗管理', '康复医疗', '养老服务'], shopWords: ['诊所', '口腔诊所', '中医诊所', '养老院'],
    types: [['SOLE_PROPRIETOR', 50], ['COMPANY', 50]], pools: { HEALTH: 1, SAMR: 0.3, FIRE: 0.3 }, tags: ['医疗卫生'] },
  { key: 'education', section: 'P', share: 1, companyWords: ['教育咨询', '职业技能培训'], shopWords: ['培训中心', '托管中心'],
    types: [['COMPANY', 70], ['SOLE_PROPRIETOR', 30]], pools: { HEALTH: 0.3, FIRE: 0.5 }, tags: ['教育培训'] },
  { key: 'agriculture', section: 'A', share: 4, companyWords: ['农业开发', '生态农业', '养殖', '种植'], shopWords: ['养殖场', '家庭农场'],
    types: [['COOPERATIVE', 60], ['COMPANY', 25], ['SOLE_PROPRIETOR', 15]], pools: { SAMR: 0.2, ECO: 0.3 }, tags: ['农业'] },
  { key: 'testing', section: 'M', share: 1, companyWords: ['检测', '工程技术', '环境科技'], shopWords: ['技术服务部'],
    types: [['COMPANY', 90], ['PARTNERSHIP', 10]], pools: { SAMR: 0.5, HOUSING: 0.3 }, tags: ['技术服务'] },
  { key: 'environment', section: 'N', share: 1, companyWords: ['环保', '园林绿化', '环境工程'], shopWords: ['保洁服务部'],
    types: [['COMPANY', 90], ['SOLE_PROPRIETOR', 10]], pools: { ECO: 1, HOUSING: 0.3 }, tags: ['环境设施'] },
];
const COOP_WORDS = ['水稻种植专业合作社', '蔬菜种植专业合作社', '生猪养殖专业合作社', '水产养殖专业合作社', '果业专业合作社', '农机专业合作社'];

const TRADE_NAMES = [
  '鑫源', '恒达', '宏远', '金鼎', '华盛', '永兴', '瑞丰', '隆昌', '福瑞', '聚鑫', '鼎盛', '富民', '兴旺', '嘉禾', '天成', '汇通',
  '盛世', '正大', '德润', '广源', '万家', '同心', '东升', '新发', '长青', '佳美', '和顺', '荣华', '锦程', '宏达', '金诚', '明珠',
  '星辰', '乐享', '美味', '老味道', '好运来', '顺意', '诚信', '百川', '赣鄱', '珠溪', '贡米', '稻香', '青山', '绿源', '金秋', '腾飞',
  '博远', '安泰', '康达', '鸿运', '润泽', '晨光', '宏图', '嘉信', '源丰', '怡然', '悦来', '一品', '旺角', '新世纪',
];
const ROADS = ['建设', '人民', '解放', '胜利', '新华', '丰收', '文化', '工业', '南门', '北街', '河滨', '环城', '迎宾', '创业', '振兴', '贡米'];
const PREFIX_BY_TYPE: Record<EntityType, string> = {
  COMPANY: '91', SOLE_PROPRIETOR: '92', PARTNERSHIP: '91', COOPERATIVE: '93', BRANCH: '91',
};
// Org-code bodies must avoid I O Z S V so the full USCC stays in its alphabet.
const ORG_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

function entityName(rng: Rng, kind: Kind, type: EntityType, township: string): string {
  const trade = rng.pick(TRADE_NAMES);
  switch (type) {
    case 'SOLE_PROPRIETOR': {
      const owner = rng.chance(0.4) ? `${rng.pick(SURNAMES)}记` : trade;
      return `${DEMO_COUNTY.name}${township}${owner}${rng.pick(kind.shopWords)}`;
    }
    case 'COOPERATIVE':
      return `${DEMO_COUNTY.name}${township.slice(0, -1)}${trade}${rng.pick(COOP_WORDS)}`;
    case 'PARTNERSHIP':
      return `${DEMO_COUNTY.name}${trade}${rng.pick(kind.companyWords)}中心（普通合伙）`;
    case 'BRANCH':
      return `江西${trade}${rng.pick(kind.companyWords)}有限公司${DEMO_COUNTY.name.slice(0, -1)}分公司`;
    default:
      return `${rng.chance(0.8) ? DEMO_COUNTY.name : '江西'}${trade}${rng.pick(kind.companyWords)}有限公司`;
  }
}

function generateEntities(rng: Rng): { entities: DemoEntity[]; kindOf: Map<string, Kind> } {
  // Fixed quotas per kind (then shuffled) keep pool sizes stable whatever the seed.
  const kinds: Kind[] = [];
  for (const k of KINDS) for (let i = 0; i < Math.round((k.share * ENTITY_COUNT) / 100); i++) kinds.push(k);
  while (kinds.length < ENTITY_COUNT) kinds.push(KINDS[0]);
  rng.shuffle(kinds);

  const entities: DemoEntity[] = [];
  const kindOf = new Map<string, Kind>();
  const codes = new Set<string>();
  const names = new Set<string>();
  for (const kind of kinds.slice(0, ENTITY_COUNT)) {
    const type = rng.weighted(kind.types);
    let creditCode: string;
    do {
      let body = type === 'SOLE_PROPRIETOR' ? 'L' : 'MA';
      while (body.length < 8) body += rng.pick([...ORG_ALPHABET]);
      creditCode = makeUscc(PREFIX_BY_TYPE[type] + DEMO_COUNTY.code, body);
    } while (codes.has(creditCode));
    codes.add(creditCode);

    const township = rng.pick(DEMO_TOWNSHIPS);
    let name: string;
    do name = entityName(rng, kind, type, township.name); while (names.has(name));
    names.add(name);

    const creditClass = rng.weighted<CreditClass>([['A', 30], ['B', 50], ['C', 15], ['D', 5]]);
    const risk = { A: 0, B: 1, C: 2, D: 3 }[creditClass];
    entities.push({
      creditCode, name, entityType: type, industrySection: kind.section, regionCode: township.code,
      address: `${DEMO_COUNTY.name}${township.name}${rng.pick(ROADS)}路${rng.int(1, 288)}号`,
      legalRepresentative: personName(rng, rng.chance(0.7) ? 'MALE' : 'FEMALE'),
      creditClass,
      hasComplaints: rng.chance([0.03, 0.08, 0.2, 0.35][risk]),
      onAbnormalList: rng.chance([0.01, 0.02, 0.1, 0.4][risk]),
      hasSeriousViolations: rng.chance([0, 0, 0.03, 0.3][risk]),
    });
    kindOf.set(creditCode, kind);
  }
  return { entities, kindOf };
}

// ---- checklists ---------------------------------------------------------------------------------------
type ItemSpec = [subject: string, legalBasis: string, targetType: string, category: 'K' | 'G', method: InspectionMethod];
const FOOD = '《中华人民共和国食品安全法》';
const FIRE = '《中华人民共和国消防法》';
const SAFETY = '《中华人民共和国安全生产法》';
const AIR = '《中华人民共和国大气污染防治法》';
const WATER = '《中华人民共和国水污染防治法》';

const CHECKLISTS: Record<string, ItemSpec[]> = {
  SAMR: [
    ['食品生产者生产许可及生产过程', `${FOOD}第八十七条、第一百一十条`, '食品生产企业', 'K', 'ON_SITE'],
    ['食品经营者经营许可及经营行为', `${FOOD}第八十七条、第一百一十条`, '食品经营者', 'K', 'ON_SITE'],
    ['餐饮服务单位食品安全管理', `${FOOD}第五十五条、第八十七条`, '餐饮服务提供者', 'K', 'ON_SITE'],
    ['企业公示信息情况', '《企业信息公示暂行条例》第十四条', '企业', 'G', 'DOCUMENTS'],
    ['个体工商户年度报告公示信息', '《促进个体工商户发展条例》第二十六条', '个体工商户', 'G', 'ONLINE'],
    ['农民专业合作社年度报告公示信息', '《农民专业合作社法》第七十一条', '农民专业合作社', 'G', 'ONLINE'],
    ['工业产品生产许可证获证企业', '《工业产品生产许可证管理条例》第三十九条', '获证生产企业', 'K', 'ON_SITE'],
    ['生产领域产品质量', '《中华人民共和国产品质量法》第十五条', '产品生产企业', 'K', 'ON_SITE'],
    ['流通领域商品质量', '《中华人民共和国产品质量法》第十五条', '商品经营者', 'G', 'ON_SITE'],
    ['特种设备使用单位安全管理', '《中华人民共和国特种设备安全法》第五十七条', '特种设备使用单位', 'K', 'ON_SITE'],
    ['计量器具使用情况', '《中华人民共和国计量法》第十八条', '集贸市场、加油站等', 'G', 'ON_SITE'],
    ['药品零售企业经营行为', '《中华人民共和国药品管理法》第九十九条', '药品零售企业', 'K', 'ON_SITE'],
    ['医疗器械经营企业经营行为', '《医疗器械监督管理条例》第七十条', '医疗器械经营企业', 'G', 'ON_SITE'],
    ['化妆品经营者经营行为', '《化妆品监督管理条例》第四十六条', '化妆品经营者', 'G', 'ON_SITE'],
    ['价格行为及明码标价', '《中华人民共和国价格法》第三十三条', '经营者', 'G', 'ON_SITE'],
    ['广告发布行为', '《中华人民共和国广告法》第四十九条', '广告主、广告经营者', 'G', 'ONLINE'],
    ['网络交易经营者亮照亮证', '《中华人民共和国电子商务法》第十五条', '网络交易经营者', 'G', 'ONLINE'],
    ['登记事项真实性', '《中华人民共和国市场主体登记管理条例》第三十五条', '市场主体', 'G', 'DOCUMENTS'],
  ],
  ECO: [
    ['排污单位污染物排放', '《中华人民共和国环境保护法》第二十四条', '排污单位', 'K', 'ON_SITE'],
    ['排污许可证执行情况', '《排污许可管理条例》第二十七条', '持证排污单位', 'K', 'ON_SITE'],
    ['大气污染防治设施运行', `${AIR}第二十九条`, '工业企业', 'K', 'ON_SITE'],
    ['餐饮油烟治理设施运行', `${AIR}第八十一条`, '餐饮服务单位', 'G', 'ON_SITE'],
    ['水污染防治设施运行', `${WATER}第二十一条、第三十九条`, '排污单位', 'K', 'ON_SITE'],
    ['固体废物污染环境防治', '《中华人民共和国固体废物污染环境防治法》第二十八条', '产生工业固体废物单位', 'G', 'ON_SITE'],
    ['危险废物规范化管理', '《中华人民共和国固体废物污染环境防治法》第七十七条', '危险废物产生及经营单位', 'K', 'ON_SITE'],
    ['建设项目环境影响评价制度执行', '《中华人民共和国环境影响评价法》第二十七条', '建设单位', 'G', 'DOCUMENTS'],
    ['建设项目环境保护设施“三同时”', '《建设项目环境保护管理条例》第十九条', '建设单位', 'G', 'ON_SITE'],
    ['噪声污染防治', '《中华人民共和国噪声污染防治法》第二十九条', '工业企业、建筑施工单位', 'G', 'ON_SITE'],
    ['重点排污单位自动监测数据', `${WATER}第二十三条`, '重点排污单位', 'K', 'ONLINE'],
    ['环境信息依法披露', '《企业环境信息依法披露管理办法》第七条', '重点排污单位', 'G', 'ONLINE'],
    ['突发环境事件应急预案备案', '《中华人民共和国突发事件应对法》第二十三条', '环境风险企业', 'G', 'DOCUMENTS'],
    ['畜禽养殖污染防治', '《畜禽规模养殖污染防治条例》第二十条', '畜禽规模养殖场', 'G', 'ON_SITE'],
    ['土壤污染重点监管单位隐患排查', '《中华人民共和国土壤污染防治法》第二十一条', '土壤污染重点监管单位', 'G', 'DOCUMENTS'],
    ['机动车排放检验机构检验行为', `${AIR}第五十四条`, '排放检验机构', 'G', 'ON_SITE'],
  ],
  EMERGENCY: [
    ['安全生产主体责任落实', `${SAFETY}第六十五条`, '生产经营单位', 'K', 'ON_SITE'],
    ['安全生产教育和培训', `${SAFETY}第二十八条`, '生产经营单位', 'G', 'DOCUMENTS'],
    ['危险化学品生产经营单位安全条件', '《危险化学品安全管理条例》第六条', '危险化学品企业', 'K', 'ON_SITE'],
    ['非煤矿山安全生产', '《中华人民共和国矿山安全法》第三十三条', '非煤矿山企业', 'K', 'ON_SITE'],
    ['工贸企业粉尘防爆', `${SAFETY}第四十一条`, '涉粉尘作业工贸企业', 'K', 'ON_SITE'],
    ['有限空间作业安全管理', `${SAFETY}第四十三条`, '工贸企业', 'K', 'ON_SITE'],
    ['生产安全事故应急预案', '《生产安全事故应急条例》第五条', '生产经营单位', 'G', 'DOCUMENTS'],
    ['安全生产费用提取和使用', `${SAFETY}第二十三条`, '高危行业企业', 'G', 'DOCUMENTS'],
    ['特种作业人员持证上岗', `${SAFETY}第三十条`, '生产经营单位', 'G', 'ON_SITE'],
    ['烟花爆竹经营单位', '《烟花爆竹安全管理条例》第三十六条', '烟花爆竹经营单位', 'K', 'ON_SITE'],
    ['事故隐患排查治理', `${SAFETY}第四十一条`, '生产经营单位', 'G', 'ON_SITE'],
    ['安全评价检测检验机构', `${SAFETY}第七十二条`, '安全评价检测检验机构', 'G', 'DOCUMENTS'],
    ['职业病危害项目申报', '《中华人民共和国职业病防治法》第十六条', '存在职业病危害的用人单位', 'G', 'ONLINE'],
    ['重大危险源安全管理', `${SAFETY}第四十条`, '构成重大危险源的企业', 'K', 'ON_SITE'],
    ['建设项目安全设施“三同时”', `${SAFETY}第三十一条`, '建设项目单位', 'G', 'DOCUMENTS'],
  ],
  HEALTH: [
    ['公共场所卫生许可及卫生管理', '《公共场所卫生管理条例》第十四条', '公共场所经营者', 'K', 'ON_SITE'],
    ['住宿场所卫生', '《公共场所卫生管理条例实施细则》第十四条', '宾馆、旅店', 'G', 'ON_SITE'],
    ['沐浴场所卫生', '《公共场所卫生管理条例实施细则》第十四条', '沐浴场所', 'G', 'ON_SITE'],
    ['美容美发场所卫生', '《公共场所卫生管理条例实施细则》第十四条', '美容美发场所', 'G', 'ON_SITE'],
    ['生活饮用水卫生', '《中华人民共和国传染病防治法》第五十三条', '集中式供水单位', 'K', 'ON_SITE'],
    ['医疗机构执业活动', '《医疗机构管理条例》第四十条', '医疗机构', 'K', 'ON_SITE'],
    ['医疗废物管理', '《医疗废物管理条例》第三十四条', '医疗机构', 'K', 'ON_SITE'],
    ['传染病防治', '《中华人民共和国传染病防治法》第五十三条', '医疗机构、公共场所', 'K', 'ON_SITE'],
    ['放射诊疗', '《放射诊疗管理规定》第三十四条', '开展放射诊疗的医疗机构', 'K', 'ON_SITE'],
    ['消毒产品生产企业', '《消毒管理办法》第四十一条', '消毒产品生产企业', 'G', 'ON_SITE'],
    ['学校卫生', '《学校卫生工作条例》第三十一条', '学校、托幼机构', 'G', 'ON_SITE'],
    ['用人单位职业健康', '《中华人民共和国职业病防治法》第六十二条', '用人单位', 'G', 'DOCUMENTS'],
    ['母婴保健技术服务', '《中华人民共和国母婴保健法》第二十九条', '母婴保健技术服务机构', 'G', 'DOCUMENTS'],
    ['涉水产品生产企业', '《生活饮用水卫生监督管理办法》第十六条', '涉水产品生产企业', 'G', 'ON_SITE'],
    ['医疗美容机构执业', '《医疗美容服务管理办法》第二十五条', '医疗美容机构', 'G', 'ON_SITE'],
  ],
  FIRE: [
    ['消防安全责任制落实', `${FIRE}第十六条、第五十三条`, '机关、团体、企业、事业等单位', 'G', 'ON_SITE'],
    ['人员密集场所消防安全', `${FIRE}第五十三条`, '人员密集场所', 'K', 'ON_SITE'],
    ['公众聚集场所投入使用营业前消防安全', `${FIRE}第十五条`, '公众聚集场所', 'K', 'ON_SITE'],
    ['消防设施器材维护保养', `${FIRE}第十六条`, '社会单位', 'G', 'ON_SITE'],
    ['疏散通道安全出口畅通', `${FIRE}第二十八条`, '社会单位', 'G', 'ON_SITE'],
    ['消防安全重点单位', '《机关、团体、企业、事业单位消防安全管理规定》第十三条', '消防安全重点单位', 'K', 'ON_SITE'],
    ['消防控制室值班', '《消防控制室通用技术要求》第4.2条', '设有消防控制室的单位', 'G', 'ON_SITE'],
    ['易燃易爆危险品场所', `${FIRE}第二十三条`, '生产、储存、经营易燃易爆危险品场所', 'K', 'ON_SITE'],
    ['建筑施工现场消防安全', `${FIRE}第二十一条`, '建筑施工单位', 'G', 'ON_SITE'],
    ['消防技术服务机构执业', '《社会消防技术服务管理规定》第二十九条', '消防技术服务机构', 'G', 'DOCUMENTS'],
    ['电气线路及燃气使用安全', `${FIRE}第二十七条`, '餐饮、住宿场所', 'G', 'ON_SITE'],
    ['消防安全培训及应急演练', `${FIRE}第十六条`, '社会单位', 'G', 'DOCUMENTS'],
    ['高层建筑消防安全', '《高层民用建筑消防安全管理规定》第二十条', '高层建筑管理单位', 'K', 'ON_SITE'],
    ['“三合一”场所及住人问题', `${FIRE}第十九条`, '小场所', 'G', 'ON_SITE'],
    ['物业服务企业消防安全', `${FIRE}第十八条`, '物业服务企业', 'G', 'ON_SITE'],
  ],
  HOUSING: [
    ['建筑业企业资质', '《中华人民共和国建筑法》第十三条', '建筑业企业', 'G', 'DOCUMENTS'],
    ['建设工程质量', '《建设工程质量管理条例》第四十七条', '建设、施工、监理单位', 'K', 'ON_SITE'],
    ['建筑施工安全生产', '《建设工程安全生产管理条例》第四十条', '建筑施工企业', 'K', 'ON_SITE'],
    ['建筑施工企业安全生产许可证', '《安全生产许可证条例》第十四条', '建筑施工企业', 'G', 'DOCUMENTS'],
    ['危险性较大的分部分项工程', '《危险性较大的分部分项工程安全管理规定》第二十六条', '施工单位', 'K', 'ON_SITE'],
    ['工程监理企业履职', '《建设工程质量管理条例》第三十七条', '工程监理企业', 'G', 'ON_SITE'],
    ['房地产开发企业资质及经营行为', '《城市房地产开发经营管理条例》第九条', '房地产开发企业', 'G', 'DOCUMENTS'],
    ['商品房预售资金监管', '《城市商品房预售管理办法》第十一条', '房地产开发企业', 'K', 'DOCUMENTS'],
    ['房地产经纪机构', '《房地产经纪管理办法》第三十二条', '房地产经纪机构', 'G', 'ON_SITE'],
    ['物业服务企业', '《物业管理条例》第五十三条', '物业服务企业', 'G', 'ON_SITE'],
    ['城镇燃气经营企业', '《城镇燃气管理条例》第十五条', '燃气经营企业', 'K', 'ON_SITE'],
    ['预拌混凝土企业质量', '《建设工程质量管理条例》第三十一条', '预拌混凝土企业', 'G', 'ON_SITE'],
    ['建设工程质量检测机构', '《建设工程质量检测管理办法》第二十八条', '质量检测机构', 'G', 'DOCUMENTS'],
    ['农民工工资支付', '《保障农民工工资支付条例》第二十八条', '施工总承包单位', 'G', 'DOCUMENTS'],
    ['建筑工地扬尘防治', `${AIR}第六十九条`, '施工单位', 'G', 'ON_SITE'],
  ],
  COMMERCE: [
    ['单用途商业预付卡发卡企业', '《单用途商业预付卡管理办法（试行）》第七条', '发卡企业', 'G', 'DOCUMENTS'],
    ['成品油零售经营', '《成品油市场管理办法》第二十九条', '加油站', 'K', 'ON_SITE'],
    ['再生资源回收经营者备案', '《再生资源回收管理办法》第七条', '再生资源回收经营者', 'G', 'DOCUMENTS'],
    ['报废机动车回收拆解', '《报废机动车回收管理办法》第十条', '报废机动车回收企业', 'K', 'ON_SITE'],
    ['零售商供应商公平交易', '《零售商供应商公平交易管理办法》第四条', '零售商', 'G', 'DOCUMENTS'],
    ['二手车交易市场经营', '《二手车流通管理办法》第十五条', '二手车交易市场', 'G', 'ON_SITE'],
    ['拍卖企业经营行为', '《中华人民共和国拍卖法》第十一条', '拍卖企业', 'G', 'DOCUMENTS'],
    ['典当行经营行为', '《典当管理办法》第十九条', '典当行', 'G', 'DOCUMENTS'],
    ['洗染业经营行为', '《洗染业管理办法》第十条', '洗染店', 'G', 'ON_SITE'],
    ['家庭服务业经营行为', '《家庭服务业管理暂行办法》第九条', '家庭服务机构', 'G', 'ON_SITE'],
    ['商业特许经营备案', '《商业特许经营管理条例》第八条', '特许人', 'G', 'ONLINE'],
    ['对外贸易经营者备案', '《中华人民共和国对外贸易法》第九条', '对外贸易经营者', 'G', 'ONLINE'],
    ['商场超市安全生产', `${SAFETY}第六十五条`, '商场、超市', 'K', 'ON_SITE'],
    ['生猪屠宰企业', '《生猪屠宰管理条例》第二十六条', '生猪定点屠宰厂', 'K', 'ON_SITE'],
    ['餐饮业经营管理', '《餐饮业经营管理办法（试行）》第十五条', '餐饮经营者', 'G', 'ON_SITE'],
  ],
  CULTURE: [
    ['娱乐场所经营活动', '《娱乐场所管理条例》第三十五条', '娱乐场所', 'K', 'ON_SITE'],
    ['互联网上网服务营业场所', '《互联网上网服务营业场所管理条例》第二十一条', '网吧', 'K', 'ON_SITE'],
    ['旅行社经营行为', '《旅行社条例》第四十一条', '旅行社', 'G', 'ON_SITE'],
    ['导游执业行为', '《导游管理办法》第二十六条', '导游人员', 'G', 'ON_SITE'],
    ['A级旅游景区服务质量', '《中华人民共和国旅游法》第八十三条', 'A级旅游景区', 'G', 'ON_SITE'],
    ['营业性演出', '《营业性演出管理条例》第三十三条', '演出经营主体', 'G', 'ON_SITE'],
    ['艺术品经营活动', '《艺术品经营管理办法》第十七条', '艺术品经营单位', 'G', 'ON_SITE'],
    ['出版物发行单位', '《出版管理条例》第四十九条', '出版物发行单位', 'G', 'ON_SITE'],
    ['印刷企业经营活动', '《印刷业管理条例》第三十三条', '印刷企业', 'G', 'ON_SITE'],
    ['广播电视设施及卫星地面接收设施', '《卫星电视广播地面接收设施管理规定》第十条', '宾馆、单位', 'G', 'ON_SITE'],
    ['网络文化经营单位', '《互联网文化管理暂行规定》第二十一条', '网络文化经营单位', 'G', 'ONLINE'],
    ['高危险性体育项目经营', '《全民健身条例》第三十二条', '游泳场所等高危险性体育项目经营者', 'K', 'ON_SITE'],
    ['文物保护单位安全', '《中华人民共和国文物保护法》第十条', '文物保护单位', 'K', 'ON_SITE'],
    ['旅游民宿服务质量', '《中华人民共和国旅游法》第四十九条', '旅游民宿', 'G', 'ON_SITE'],
    ['电影放映单位', '《中华人民共和国电影产业促进法》第二十四条', '电影院', 'G', 'ON_SITE'],
  ],
};

function round2(x: number): number { return Math.round(x * 100) / 100; }

function generateChecklist(rng: Rng, dept: string): DemoChecklistItem[] {
  const specs = CHECKLISTS[dept] ?? CHECKLISTS.SAMR;
  const retired = rng.int(0, specs.length - 3);
  return specs.map(([subject, legalBasis, targetType, k, method], i) => {
    const key = k === 'K';
    // General items stay within the bounded ratio; key items may go up to 100%.
    const minRatio = key ? rng.pick([0.05, 0.1, 0.2]) : rng.pick([0.02, 0.03, 0.05]);
    const maxRatio = key ? rng.pick([0.3, 0.5, 1]) : round2(Math.max(minRatio, rng.pick([0.05, 0.08, 0.1])));
    const status: ItemStatus = i >= specs.length - 2 ? 'DRAFT' : i === retired ? 'RETIRED' : 'PUBLISHED';
    return {
      department: dept,
      code: `${dept}-${String(i + 1).padStart(3, '0')}`,
      name: `对${subject}的检查`,
      category: key ? 'KEY' : 'GENERAL',
      legalBasis,
      targetType,
      content: `检查${subject}情况，查阅相关证照、台账和记录，${method === 'ON_SITE' ? '实地核查现场' : method === 'ONLINE' ? '通过网络监测核验' : '书面核查材料'}。`,
      method,
      minRatio,
      maxRatio,
      frequency: key ? rng.pick(['每年不少于1次', '每半年1次']) : rng.pick(['每年1次', '每年不超过1次']),
      status,
    };
  });
}

// ---- pools --------------------------------------------------------------------------------------------
function licences(rng: Rng, dept: string, e: DemoEntity, kind: Kind): string[] {
  const year = rng.int(2019, 2025);
  const seq = () => rng.digits(4);
  const out: string[] = [];
  switch (dept) {
    case 'SAMR':
      if (kind.key === 'restaurant' || kind.key === 'retail') out.push(`JY${rng.int(1, 2)}${DEMO_COUNTY.code}${rng.digits(7)}`);
      if (kind.key === 'factory' && rng.chance(0.4)) out.push(`SC${rng.int(101, 131)}${DEMO_COUNTY.code}${rng.digits(5)}`);
      break;
    case 'ECO':
      if (kind.section === 'C' || kind.section === 'B' || rng.chance(0.3)) out.push(`${e.creditCode}${rng.digits(3)}${rng.pick(['P', 'U', 'V', 'W', 'X'])}`);
      break;
    case 'EMERGENCY':
      if (kind.section === 'B') out.push(`（赣）FM安许证字〔${year}〕G${seq()}号`);
      if (kind.key === 'factory' && rng.chance(0.15)) out.push(`（赣）WH安许证字〔${year}〕${seq()}号`);
      break;
    case 'HEALTH':
      if (kind.key !== 'health') out.push(`万卫公证字〔${year}〕第${seq()}号`);
      else out.push(`PDY${rng.digits(6)}${DEMO_COUNTY.code}${rng.digits(4)}`);
      break;
    case 'FIRE':
      if (kind.tags.includes('人员密集场所') && rng.chance(0.6)) out.push(`万消安检字〔${year}〕第${seq()}号`);
      break;
    case 'HOUSING':
      if (kind.section === 'E') out.push(`D3${rng.digits(8)}`, `（赣）JZ安许证字〔${year}〕${rng.digits(6)}`);
      if (kind.key === 'realEstate' && rng.chance(0.5)) out.push(`赣房开${DEMO_COUNTY.code}${seq()}`);
      break;
    case 'COMMERCE':
      if (rng.chance(0.15)) out.push(`单用途预付卡备案${DEMO_COUNTY.code}${seq()}`);
      break;
    case 'CULTURE':
      if (kind.key === 'entertainment') out.push(`${DEMO_COUNTY.code}${year}${rng.digits(4)}`);
      if (kind.key === 'travel') out.push(`L-JX-${rng.digits(5)}`);
      break;
  }
  return out;
}

function riskNotes(rng: Rng, e: DemoEntity): string | null {
  const notes: string[] = [];
  if (e.hasComplaints) notes.push(`近一年收到投诉举报${rng.int(1, 5)}件`);
  if (e.onAbnormalList) notes.push('已列入经营异常名录');
  if (e.hasSeriousViolations) notes.push('列入严重违法失信名单');
  if (notes.length === 0 && e.creditClass === 'C' && rng.chance(0.5)) notes.push('上年度抽查发现问题已责令改正');
  return notes.length ? notes.join('；') : null;
}

function generatePools(rng: Rng, entities: DemoEntity[], kindOf: Map<string, Kind>, deptCodes: string[]): DemoPoolEntry[] {
  const out: DemoPoolEntry[] = [];
  for (const dept of deptCodes) {
    for (const e of entities) {
      const kind = kindOf.get(e.creditCode)!;
      const p = kind.pools[dept] ?? 0;
      if (p === 0 || !rng.chance(p)) continue;
      const tags = [...kind.tags];
      if (e.creditClass === 'C' || e.creditClass === 'D') tags.push('重点监管');
      if (e.creditClass === 'A') tags.push('信用良好');
      out.push({
        department: dept, creditCode: e.creditCode, name: e.name, industrySection: e.industrySection,
        regionCode: e.regionCode, creditClass: e.creditClass,
        licenceNumbers: licences(rng, dept, e, kind), riskNotes: riskNotes(rng, e), tags,
      });
    }
  }
  return out;
}

// ---- inspectors ---------------------------------------------------------------------------------------
const POSITIONS = ['科长', '副科长', '执法大队长', '执法中队长', '一级主任科员', '二级主任科员', '四级主任科员', '一级科员', '执法队员'];
const EXPERTISE: Record<string, string[]> = {
  SAMR: ['食品安全', '特种设备', '产品质量', '药品医疗器械', '计量', '价格监管', '广告监管', '网络交易', '登记注册'],
  ECO: ['大气污染防治', '水污染防治', '固体废物', '危险废物', '环境影响评价', '噪声', '自动监测'],
  EMERGENCY: ['危险化学品', '非煤矿山', '工贸安全', '烟花爆竹', '应急预案', '职业健康'],
  HEALTH: ['公共场所卫生', '生活饮用水', '医疗机构监管', '传染病防治', '放射卫生', '职业卫生'],
  FIRE: ['防火检查', '消防设施', '火灾调查', '建筑防火', '易燃易爆场所'],
  HOUSING: ['工程质量', '施工安全', '房地产市场', '物业管理', '城镇燃气', '建筑市场'],
  COMMERCE: ['成品油市场', '预付卡管理', '再生资源', '商贸流通安全', '屠宰管理'],
  CULTURE: ['娱乐场所', '网吧管理', '旅游市场', '演出市场', '出版物市场', '文物安全'],
};
const SUB_UNITS: Record<string, string[]> = {
  SAMR: ['综合行政执法大队', '食品安全监管股', '特种设备安全监察股', ...DEMO_TOWNSHIPS.slice(0, 6).map((t) => `${t.name.slice(0, -1)}市场监督管理所`)],
  ECO: ['生态环境保护综合行政执法大队', '环境监测站'],
  EMERGENCY: ['应急管理综合行政执法大队', '危险化学品安全监督管理股'],
  HEALTH: ['卫生健康综合监督执法局'],
  FIRE: ['防火监督科', '城区消防救援站'],
  HOUSING: ['建设工程质量安全监督站', '住建综合执法大队'],
  COMMERCE: ['市场运行和秩序股', '商务综合执法队'],
  CULTURE: ['文化市场综合行政执法大队', '旅游市场管理股'],
};

function expiryDate(rng: Rng, expired: boolean): string {
  const y = expired ? 2026 : rng.int(2027, 2030);
  const m = expired ? rng.int(1, 10) : rng.int(1, 12);
  return `${y}-${String(m).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`;
}

function generateInspectors(rng: Rng, deptIndex: number, dept: { code: string; name: string }, pool: DemoPoolEntry[], ids: Set<string>): DemoInspector[] {
  const n = rng.int(22, 36);
  const expired = new Set(rng.sample([...Array(n).keys()], 2));
  const out: DemoInspector[] = [];
  for (let i = 0; i < n; i++) {
    const gender: Gender = rng.chance(0.68) ? 'MALE' : 'FEMALE';
    let idNumber: string;
    do {
      // The 17th digit is odd for men and even for women (GB 11643).
      const order = rng.int(0, 49) * 2 + (gender === 'MALE' ? 1 : 0);
      idNumber = residentId(`${rng.pick(DEMO_TOWNSHIPS).code.slice(0, 6)}${birthDate(rng, 1966, 1999)}${rng.digits(1)}${String(order).padStart(2, '0')}`);
    } while (ids.has(idNumber));
    ids.add(idNumber);
    const status = rng.weighted<InspectorStatus>([['ACTIVE', 86], ['ON_LEAVE', 9], ['LEFT', 5]]);
    out.push({
      department: dept.code,
      name: personName(rng, gender),
      gender,
      position: rng.pick(POSITIONS),
      certificateNumber: `36${DEMO_COUNTY.code.slice(2)}${String(deptIndex + 1).padStart(2, '0')}${String(i + 1).padStart(3, '0')}`,
      certificateExpiry: expiryDate(rng, expired.has(i)),
      unit: `${DEMO_COUNTY.name}${dept.name}${rng.chance(0.7) ? rng.pick(SUB_UNITS[dept.code] ?? ['']) : ''}`,
      phone: mobile(rng),
      idNumber,
      expertise: rng.sample(EXPERTISE[dept.code] ?? ['综合执法'], rng.int(1, 3)),
      status,
      conflicts: pool.length && rng.chance(0.15) ? rng.sample(pool, rng.int(1, 2)).map((p) => p.creditCode) : [],
    });
  }
  return out;
}

// ---- entry point --------------------------------------------------------------------------------------
export function generateDemoData(seed = 20261124): DemoData {
  const rng = new Rng(seed);
  const depts = (hub as { departments: { code: string; name: string }[] }).departments;
  const departments: DemoDepartment[] = depts.map((d) => ({
    code: d.code,
    name: d.name,
    // The market regulation bureau hosts the joint-meeting office.
    role: d.code === 'SAMR' ? 'CONVENER' : 'MEMBER',
    contactName: personName(rng, rng.chance(0.6) ? 'MALE' : 'FEMALE'),
    contactPhone: `${DEMO_COUNTY.areaCode}-7${rng.digits(6)}`,
  }));
  const { entities, kindOf } = generateEntities(rng);
  const checklistItems = depts.flatMap((d) => generateChecklist(rng, d.code));
  const poolEntries = generatePools(rng, entities, kindOf, depts.map((d) => d.code));
  const ids = new Set<string>();
  const inspectors = depts.flatMap((d, i) =>
    generateInspectors(rng, i, d, poolEntries.filter((p) => p.department === d.code), ids));
  return { departments, entities, checklistItems, poolEntries, inspectors };
}
