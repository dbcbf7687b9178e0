// Shared pieces of the web app: the GraphQL client with the user's token, query/action hooks, labels, banners.
import { h } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import htm from 'htm';
import { errorText, isSessionError } from './messages.js';

export const html = htm.bind(h);

export const ROLE_NAMES = { PUBLIC: '社会公众', INSPECTOR: '执法检查人员', DEPT_STAFF: '部门工作人员', DEPT_ADMIN: '部门管理员', JOINT_OFFICE: '联席会议办公室', SERVICE: '系统服务' };
export const PLAN_STATES = { DRAFT: '草稿', SUBMITTED: '待审查', APPROVED: '已批准', RETURNED: '已退回', DRAWN: '已抽取', CLOSED: '已结束' };
export const ROUND_STATES = { OPEN: '已开启', COMMITTED: '已承诺种子', SNAPSHOT_TAKEN: '已冻结名录', REVEALED: '已揭示种子', DRAWN: '已抽取锁定' };
export const SEVERITIES = { BLOCKING: '阻断', WARNING: '警告', INFO: '提示' };
export const DISPATCH_STATES = { PENDING: '待派', MATCHED: '已匹配', UNDERSTAFFED: '人员不足', CANCELLED: '已取消（重新抽取）' };
export const RESULT_STATES = { ENTERED: '已录入', SUBMITTED: '待审核', APPROVED: '已审核', RETURNED: '已退回', PUBLISHED: '已公示' };
export const DEADLINE_STATES = { OVERDUE: '已逾期', DUE_SOON: '即将到期', ON_TIME: '未到期' };
export const CATEGORIES = { NO_PROBLEM: '未发现问题', UNPUBLISHED_INFO: '未按规定公示应当公示的信息', FALSE_INFO: '公示信息隐瞒真实情况、弄虚作假', UNREACHABLE: '通过登记的住所（经营场所）无法联系', REFUSED: '不配合检查情节严重', CORRECTED: '发现问题已责令改正', PENDING_FOLLOW_UP: '发现问题待后续处理', NO_ACTIVITY: '未发现开展本次抽查涉及的经营活动' };
export const FOLLOW_UPS = { NONE: '无需后续处理', ORDERED_TO_CORRECT: '责令改正', TRANSFER_DEPARTMENT: '移送其他部门', TRANSFER_POLICE: '移送公安机关', ABNORMAL_LIST: '列入经营异常名录' };
export const CREDIT_CLASSES = ['A', 'B', 'C', 'D'];

export const pct = (x) => `${(x * 100).toFixed(0)}%`;
export const isOffice = (s) => s?.role === 'JOINT_OFFICE' || s?.role === 'SERVICE';
export const isDepartmentStaff = (s) => s?.role === 'DEPT_STAFF' || s?.role === 'DEPT_ADMIN';
/** What each role may do; the API enforces the same rules, the UI only hides what would be refused. */
export const can = {
  reviewPlans: isOffice,
  runRounds: isOffice,
  dispatch: isOffice,
  writePlans: isDepartmentStaff,
  enterResults: (s) => isDepartmentStaff(s) || s?.role === 'INSPECTOR',
  reviewResults: (s) => s?.role === 'DEPT_ADMIN' || isOffice(s),
};

export const SESSION_EXPIRED = 'hub:session-expired';

export async function gql(session, query, variables = {}) {
  let res;
  try {
    res = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(session?.token ? { authorization: `Bearer ${session.token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
  } catch {
    return { data: null, errors: [{ message: '', extensions: { code: 'NETWORK' } }] };
  }
  const body = await res.json().catch(() => ({ errors: [{ message: '', extensions: { code: res.status === 401 ? 'UNAUTHENTICATED' : res.status === 429 ? 'RATE_LIMITED' : 'UPSTREAM_ERROR' } }] }));
  const errors = body.errors ?? [];
  // A token the gateway no longer accepts: the shell returns to the login and says why.
  if (session?.token && (res.status === 401 || isSessionError(errors))) dispatchEvent(new CustomEvent(SESSION_EXPIRED));
  return { data: body.data ?? null, errors };
}

/** Runs a query when its inputs change; partial data and errors are both kept (a department may be down). */
export function useQuery(session, query, variables, { skip = false } = {}) {
  const [state, setState] = useState({ loading: !skip, data: null, errors: [] });
  const [tick, setTick] = useState(0);
  const key = JSON.stringify(variables ?? {});
  useEffect(() => {
    if (skip) return undefined;
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    gql(session, query, variables).then((r) => live && setState({ loading: false, ...r }));
    return () => (live = false);
  }, [session?.token, query, key, tick, skip]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { ...state, reload };
}

/** A mutation runner: keeps the last errors for a banner and says whether it is busy. */
export function useAction(session) {
  const [state, setState] = useState({ busy: false, errors: [] });
  const run = useCallback(async (query, variables) => {
    setState({ busy: true, errors: [] });
    const r = await gql(session, query, variables);
    setState({ busy: false, errors: r.errors });
    return r.errors.length ? null : r.data;
  }, [session?.token]);
  return { ...state, run, clear: () => setState({ busy: false, errors: [] }) };
}

let registry = null;
/** The joint meeting's department registry (code → name), fetched once per page load. */
export function useDepartmentNames(session) {
  const [names, setNames] = useState(registry ?? {});
  useEffect(() => {
    if (registry) return;
    gql(session, '{ departments { code name } }').then((r) => {
      if (!r.data) return;
      registry = Object.fromEntries(r.data.departments.map((d) => [d.code, d.name]));
      setNames(registry);
    });
  }, []);
  return names;
}

export function Banners({ errors, departments }) {
  if (!errors?.length) return null;
  const names = Array.isArray(departments) ? Object.fromEntries(departments.map((d) => [d.code, d.name])) : departments ?? registry ?? {};
  const down = [...new Set(errors.map((e) => e.extensions?.department).filter(Boolean))];
  const other = [...new Set(errors.filter((e) => !e.extensions?.department).map((e) => errorText(e, names)))];
  return html`
    ${down.map((d) => html`<div class="banner" data-testid="department-down">部门「${names[d] ?? '一个成员单位'}」暂时无法访问，其数据未显示；其余数据照常。</div>`)}
    ${other.length ? html`<div class="banner error" data-testid="error" role="alert">${other.join('；')}</div>` : null}`;
}

/**
 * An irreversible action: the first click says what will happen, the second does it.
 * The confirm button's test id is the button's plus "-confirm".
 */
export function ConfirmButton({ testid, label, what, confirmLabel, disabled, primary = true, onConfirm }) {
  const [asking, setAsking] = useState(false);
  if (!asking) return html`<button class=${primary ? 'primary' : ''} data-testid=${testid} disabled=${disabled} onClick=${() => setAsking(true)}>${label}</button>`;
  return html`<div class="confirm" role="alertdialog" data-testid=${testid && `${testid}-ask`}>
    <p>${what}</p>
    <div class="actions"><button class="primary" data-testid=${testid && `${testid}-confirm`} disabled=${disabled} onClick=${async () => { setAsking(false); await onConfirm(); }}>${confirmLabel ?? `确认${label}`}</button>
      <button onClick=${() => setAsking(false)}>取消</button></div>
  </div>`;
}

/** A long piece of work: what is happening, and done / total when known. */
export function Progress({ label, done, total, testid }) {
  const known = total > 0;
  return html`<div class="progress" role="status" data-testid=${testid}>
    <span class="spinner" aria-hidden="true"></span>${label}${known ? `（${done} / ${total}）` : '…'}
    ${known ? html`<div class="bar"><span style=${{ width: pct(Math.min(1, done / total)) }}></span></div>` : null}
  </div>`;
}

export const Loading = ({ what } = {}) => html`<p class="muted loading" role="status"><span class="spinner" aria-hidden="true"></span>正在加载${what ?? ''}…</p>`;

export function Badge({ kind, children }) {
  return html`<span class=${`badge ${kind ?? ''}`}>${children}</span>`;
}

/** A cursor-paged list: keeps the cursors of the pages already seen so 上一页 works. */
export function usePager() {
  const [cursors, setCursors] = useState([null]);
  const after = cursors[cursors.length - 1];
  return {
    after,
    page: cursors.length,
    next: (endCursor) => setCursors((c) => [...c, endCursor]),
    prev: () => setCursors((c) => (c.length > 1 ? c.slice(0, -1) : c)),
    reset: () => setCursors([null]),
  };
}

export function Pager({ pager, pageInfo, totalCount, size, testid }) {
  if (!pageInfo) return null;
  const pages = Math.max(1, Math.ceil(totalCount / size));
  return html`<div class="pager" data-testid=${testid}>
    <button disabled=${pager.page === 1} onClick=${pager.prev}>上一页</button>
    <span class="muted">第 ${pager.page} / ${pages} 页，共 ${totalCount} 条</span>
    <button disabled=${!pageInfo.hasNextPage} onClick=${() => pager.next(pageInfo.endCursor)} data-testid=${testid && `${testid}-next`}>下一页</button>
  </div>`;
}

export function SearchBox({ placeholder, onSearch, testid }) {
  const [text, setText] = useState('');
  return html`<form class="search" onSubmit=${(e) => { e.preventDefault(); onSearch(text.trim()); }}>
    <input type="search" data-testid=${testid} placeholder=${placeholder} value=${text} onInput=${(e) => setText(e.target.value)} />
    <button type="submit">搜索</button>
  </form>`;
}

export const currentYear = () => new Date().getFullYear();
export const today = () => new Date().toISOString().slice(0, 10);

const AUDIT_HEAD = `{ auditHead { length hash at } }`;

/** The published head of the joint audit chain: short hash on screen, the full `条数:哈希` to copy (docs/audit.md). */
export function AuditHeadCard({ session }) {
  const head = useQuery(session, AUDIT_HEAD);
  const [copied, setCopied] = useState(false);
  const h = head.data?.auditHead;
  const full = h ? `${h.length}:${h.hash}` : '';
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(full);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };
  return html`<section class="audit-head" data-testid="audit-head">
    <h2>审计链头</h2>
    <p>任何人都可以记下这串链头，日后用它核对联合抽查的审计记录没有被删减或改写。</p>
    <${Banners} errors=${head.errors} />
    ${h ? html`<p>共 <b data-testid="audit-head-length">${h.length}</b> 条记录，最新一条的哈希 <code title=${h.hash}>${h.hash.slice(0, 16)}…</code>${h.at ? html` <small class="muted">（${new Date(h.at).toLocaleString('zh-CN', { hour12: false })}）</small>` : null}</p>
      <div class="copy-row">
        <input readonly aria-label="完整链头（条数:哈希）" data-testid="audit-head-full" value=${full} onFocus=${(e) => e.target.select()} />
        <button onClick=${copy}>${copied ? '已复制' : '复制完整链头'}</button>
      </div>` : head.loading ? html`<${Loading} />` : null}
  </section>`;
}

// One fixed query per department, not one built per selection: fixed texts can be put on the gateway's allow-list.
const CHECKLIST = `query($d: String!) { checklist(department: $d, status: PUBLISHED) { department code name category maxRatio } }`;

/** The published checklists of some departments (public), for item names and bounds. */
export function useChecklists(session, departments) {
  const [state, setState] = useState({ items: [], errors: [], loading: true });
  const key = [...new Set(departments)].join();
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    Promise.all(key.split(',').filter(Boolean).map((d) => gql(session, CHECKLIST, { d }))).then((rs) => {
      if (live) setState({ items: rs.flatMap((r) => r.data?.checklist ?? []), errors: rs.flatMap((r) => r.errors ?? []), loading: false });
    });
    return () => (live = false);
  }, [session?.token, key]);
  return state;
}

/** "SAMR-01 食品经营许可情况" for an item, when its name is known. */
export function itemLabel(item, checklist) {
  const found = checklist.find((i) => i.department === item.department && i.code === item.code);
  return found ? `${item.code} ${found.name}` : item.code;
}
