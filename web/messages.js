// The one place that turns what the API says into what a clerk reads: error codes, field paths and department
// codes become plain Chinese; raw network and server texts never reach the screen. Every banner goes through here.

/** What to say for a code, whatever the server's text was (these texts are for developers, not users). */
const BY_CODE = {
  UNAUTHENTICATED: '登录已过期或无效，请重新登录。',
  FORBIDDEN: '您没有权限执行此操作。',
  NOT_FOUND: null, // the server's Chinese text names what is missing
  CONFLICT: null, // the server's Chinese text says why the state does not allow it
  BAD_USER_INPUT: null, // rewritten below: field label + reason
  DEPARTMENT_UNAVAILABLE: '该部门暂时无法访问，其数据未显示。',
  SUBGRAPH_UNAVAILABLE: '联合监管服务暂时无法访问，请稍后再试。',
  DATABASE_UNAVAILABLE: '数据库暂时无法访问，请稍后再试。',
  UPSTREAM_ERROR: '服务暂时无法访问，请稍后再试。',
  MISROUTED: '服务配置有误，请联系系统管理员。',
  INTERNAL_SERVER_ERROR: '服务器处理出错，请稍后再试；如反复出现请联系系统管理员。',
  RATE_LIMITED: '操作过于频繁，请稍等片刻再试。',
  PERSISTED_QUERY_ONLY: '页面版本已更新，请刷新页面后重试。',
  GRAPHQL_PARSE_FAILED: '页面版本已更新，请刷新页面后重试。',
  GRAPHQL_VALIDATION_FAILED: '页面版本已更新，请刷新页面后重试。',
  NETWORK: '无法连接服务器，请检查网络后重试。',
  FEATURE_UNAVAILABLE: null,
};
const FALLBACK = '操作未能完成，请稍后再试；如反复出现请联系系统管理员。';

/** Field paths the API names in BAD_USER_INPUT messages, as the forms label them. */
export const FIELD_LABELS = {
  title: '计划名称', year: '年度', windowStart: '检查时间窗口开始', windowEnd: '检查时间窗口结束', kind: '计划类型',
  department: '部门', participants: '参与部门', items: '抽查事项', itemCodes: '抽查事项', itemCode: '抽查事项', code: '事项编号',
  ratios: '抽查比例', 'ratios.A': 'A 类抽查比例', 'ratios.B': 'B 类抽查比例', 'ratios.C': 'C 类抽查比例', 'ratios.D': 'D 类抽查比例',
  'scope.industrySections': '行业门类', 'scope.regionCodes': '行政区划', 'scope.creditClasses': '信用风险分类', scope: '抽查范围',
  categories: '检查结果类别', followUp: '后续处理', inspectedOn: '实际检查日期', findings: '检查发现', attachments: '附件',
  reason: '理由', seed: '种子', description: '种子来源说明', planIds: '纳入的计划', planId: '计划', taskId: '检查任务', inspectorId: '执法检查人员',
  name: '名称', search: '搜索词', 'filter.search': '搜索词', 'filter.regionCodes': '行政区划', first: '每页条数', after: '翻页位置',
  file: '文件', contentBase64: '文件', input: '填写内容', inputs: '填写内容', date: '日期', startPoint: '起始点',
  minRatio: '最低抽查比例', maxRatio: '比例上限', frequencyCap: '检查频次上限', quietRules: '安静期规则',
  'quietRules.creditClass': '安静期信用分类', 'quietRules.allowedMonths': '允许检查的月份',
};

/** A field path as a label: exact, then without list indexes (items[2].code → items.code → 抽查事项), then its head. */
export function fieldLabel(path) {
  if (FIELD_LABELS[path]) return FIELD_LABELS[path];
  const plain = path.replace(/\[\d+\]/g, '');
  if (FIELD_LABELS[plain]) return FIELD_LABELS[plain];
  const head = plain.split('.')[0];
  return FIELD_LABELS[head] ?? null;
}

/** Department codes (SAMR, HEALTH…) inside a sentence become the departments' names. */
export function withDepartmentNames(text, names) {
  if (!names) return text;
  // Not inside an item code such as SAMR-001.
  return text.replace(/(^|[^A-Za-z0-9_-])([A-Z][A-Z0-9_]{1,19})(?![A-Za-z0-9_-])/g, (m, pre, code) => (names[code] ? `${pre}${names[code]}` : m));
}

// Whatever still looks like a code, a stack, a socket or an HTTP status is not shown.
const RAW = /ECONN|ENOTFOUND|ETIMEDOUT|EAI_AGAIN|socket|fetch failed|Failed to fetch|NetworkError|HTTP\s?[45]\d\d|Unexpected token|JSON|undefined|null|[A-Z]{3,}_[A-Z_]+|\b(FORBIDDEN|INTERNAL|Error|Cannot|TypeError)\b|\d+\.\d+\.\d+\.\d+/;

/** One error (GraphQL error object or Error) as a plain Chinese sentence. */
export function errorText(e, names) {
  const code = e?.extensions?.code;
  if (code && BY_CODE[code]) return BY_CODE[code];
  let text = String(e?.message ?? '');
  if (code === 'BAD_USER_INPUT' || /^[A-Za-z][\w.[\]]*：/.test(text)) {
    const m = /^([A-Za-z][\w.[\]]*)：(.*)$/s.exec(text);
    const path = e?.extensions?.field ?? m?.[1];
    const reason = m ? m[2] : text;
    const label = path ? fieldLabel(path) : null;
    text = label ? `${label}：${reason}` : reason;
  }
  // The form asks for percent; the API's bound is a fraction.
  text = text.replace(/抽查比例应在 0–1 之间（如 0\.05 表示 5%）/, '抽查比例应在 0%–100% 之间');
  text = withDepartmentNames(text, names);
  if (!text.trim() || RAW.test(text) || !/[\u4e00-\u9fff]/.test(text)) return code && BY_CODE[code] !== undefined && BY_CODE[code] ? BY_CODE[code] : FALLBACK;
  return text;
}

/** A text from elsewhere (a breaker's last error, an exception) if it is plain Chinese, else the given words. */
export const plainOr = (text, generic) => (text && !RAW.test(text) && /[\u4e00-\u9fff]/.test(text) ? text : generic);

/** True when the errors say the session is no longer valid (the app then returns to the login). */
export const isSessionError = (errors) => (errors ?? []).some((e) => e?.extensions?.code === 'UNAUTHENTICATED');

/** A plan review finding, with department names and plan titles instead of codes and ids. */
export function findingText(f, names, planTitles) {
  let details = {};
  try {
    details = JSON.parse(f.details ?? '{}');
  } catch {
    details = {};
  }
  if (f.type === 'SCOPE_OVERLAP' && details.otherDepartment) {
    const title = planTitles?.[details.otherPlanId];
    const dept = names?.[details.otherDepartment] ?? details.otherDepartment;
    const w = details.window ?? {};
    return `与${dept}的计划${title ? `“${title}”` : ''}时间窗重叠（${w.start} 至 ${w.end}），预计有 ${details.sharedEntities} 户市场主体同在双方检查范围内，建议合并为联合抽查计划`;
  }
  return withDepartmentNames(f.message, names);
}

/** Short explanations for figures a newcomer would ask about (shown as a title and as small text). */
export const EXPLAIN = {
  startPoint: '起始点：0 到 1 之间的数，由轮次所在季度决定；系统从名录按随机数排好的顺序中从这一位置开始选取，保证每个季度抽到的企业不同。',
  COORDINATED: '协调抽样：各部门对同一企业使用同一个随机数，同一企业更容易同时被几个部门抽中，合并为一次联合检查，减少入企次数。',
  INDEPENDENT: '独立抽样：每份计划各自加盐取随机数，各部门抽中谁互不相关。',
  doorsSaved: '减少入企次数 = 各部门分别检查时的上门次数 − 联合检查后的实际上门次数。',
  creditClasses: '信用风险分类：A 类信用风险低，B 类一般，C 类较高，D 类高；风险越高，抽查比例和频次越高。',
  A: 'A 类：信用风险低', B: 'B 类：信用风险一般', C: 'C 类：信用风险较高', D: 'D 类：信用风险高',
};
