// 联合监管枢纽 web app: the shell (login, navigation per role); each page lives in pages/*.js and reads
// everything from the public GraphQL API with the user's token.
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { html, gql, ROLE_NAMES, SESSION_EXPIRED, isOffice, isDepartmentStaff } from './lib.js';
import { MyTasksPage } from './pages/my-tasks.js';
import { Overview } from './pages/overview.js';
import { PlansPage } from './pages/plans.js';
import { RoundsPage } from './pages/rounds.js';
import { TasksPage } from './pages/tasks.js';
import { DeadlinesPage } from './pages/deadlines.js';
import { DepartmentView } from './pages/department.js';
import { PublicPage } from './pages/public.js';

const save = (s) => (s ? localStorage.setItem('hub.session', JSON.stringify(s)) : localStorage.removeItem('hub.session'));

function claimsOf(token) {
  try {
    return JSON.parse(decodeURIComponent(escape(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')))));
  } catch {
    return null;
  }
}
/** Why a stored session cannot be used (expired or unreadable token), or null. */
function sessionProblem(s) {
  if (!s?.token) return null;
  const claims = claimsOf(s.token);
  if (!claims) return '登录凭据无效，请重新登录。';
  if (typeof claims.exp === 'number' && claims.exp * 1000 <= Date.now()) return '登录已过期，请重新登录。';
  return null;
}
function load() {
  const s = JSON.parse(localStorage.getItem('hub.session') || 'null');
  return s && !sessionProblem(s) ? s : null;
}
/** The message for a stored session that cannot be used; the session is dropped. */
function loadNotice() {
  const problem = sessionProblem(JSON.parse(localStorage.getItem('hub.session') || 'null'));
  if (problem) save(null);
  return problem;
}

const INSPECTOR_NAME = `query($d: String!, $s: String) { inspectors(department: $d, first: 1, filter: { search: $s }) { edges { node { name certificateNumber } } } }`;

function Login({ onLogin, notice }) {
  const [people, setPeople] = useState(null);
  const [pasted, setPasted] = useState('');
  const [error, setError] = useState('');
  useEffect(() => {
    fetch('/auth/demo').then((r) => (r.ok ? r.json() : [])).then(setPeople, () => setPeople([]));
  }, []);
  const usePasted = () => {
    const token = pasted.trim();
    const claims = claimsOf(token);
    if (!claims?.sub || !claims.role) return setError('令牌格式不正确，请完整粘贴管理员发给您的登录令牌。');
    const s = { label: claims.sub, role: claims.role, department: claims.department ?? null, token };
    const problem = sessionProblem(s);
    if (problem) return setError(problem.replace('，请重新登录。', '，请向管理员重新申请令牌。'));
    onLogin(s);
  };
  return html`<main>
    ${notice ? html`<div class="banner error" data-testid="login-notice" role="alert">${notice}</div>` : null}
    <section>
      <h2>选择身份登录（演示环境）</h2>
      ${people === null ? html`<p class="muted loading"><span class="spinner"></span>正在加载演示身份…</p>` : null}
      <div class="logins">
        ${(people ?? []).map((p) => html`<button data-testid=${`login-${p.role}${p.department ? `-${p.department}` : ''}`} onClick=${() => onLogin(p)}>${p.label}</button>`)}
      </div>
      ${people && !people.length ? html`<p class="muted">生产环境不提供演示身份，请粘贴令牌。</p>` : null}
    </section>
    <section>
      <h2>或粘贴令牌</h2>
      <textarea value=${pasted} data-testid="login-token" onInput=${(e) => setPasted(e.target.value)} placeholder="eyJ…"></textarea>
      ${error ? html`<div class="banner error" data-testid="login-error">${error}</div>` : null}
      <p><button class="primary" data-testid="login-pasted" onClick=${usePasted}>登录</button></p>
    </section>
  </main>`;
}

/** The pages a role may open; pages for actions a role cannot take are not offered at all. */
function pagesFor(session) {
  const common = [['rounds', '摇号记录', RoundsPage], ['public', '一公开', PublicPage]];
  if (isOffice(session)) return [['overview', '总览', Overview], ['plans', '计划审查', PlansPage], ['rounds', '摇号轮次', RoundsPage], ['tasks', '重叠与联合任务', TasksPage], ['deadlines', '结果与期限', DeadlinesPage], ['public', '一公开', PublicPage]];
  if (isDepartmentStaff(session)) return [['department', '本部门', DepartmentView], ['plans', '抽查计划', PlansPage], ['tasks', '任务与结果', TasksPage], ['deadlines', '录入期限', DeadlinesPage], ...common];
  if (session.role === 'INSPECTOR') return [['tasks', '我的任务', MyTasksPage], ['department', '本部门', DepartmentView], ...common];
  return [['public', '一公开', PublicPage], ['rounds', '摇号记录', RoundsPage]];
}

function whoLabel(s) {
  const role = ROLE_NAMES[s.role] ?? '';
  // An inspector is shown by name (her token's subject is her certificate number).
  if (s.role === 'INSPECTOR') return `${s.name ?? '执法检查人员'}（${role}${s.departmentName ? ` · ${s.departmentName}` : ''}）`;
  const label = s.label ?? '';
  // Demo labels already say who (联席会议办公室, 市场监督管理局 管理员); a pasted token's label is an account id.
  if (label.startsWith(role) || label.startsWith('社会公众') || (s.department && label.includes(' '))) return label;
  return `${s.departmentName ?? ''}${role}`;
}

const fromHash = () => {
  const [key, query] = location.hash.replace(/^#\/?/, '').split('?');
  return { key, params: Object.fromEntries(new URLSearchParams(query ?? '')) };
};

function App() {
  const [notice, setNotice] = useState(loadNotice);
  const [session, setSession] = useState(load);
  const [route, setRoute] = useState(fromHash);
  useEffect(() => {
    const on = () => setRoute(fromHash());
    addEventListener('hashchange', on);
    return () => removeEventListener('hashchange', on);
  }, []);
  // The gateway refused the token (expired, revoked, signed with another key): back to the login, saying why.
  useEffect(() => {
    const expired = () => { save(null); setSession(null); setNotice('登录已过期或无效，请重新登录。'); };
    addEventListener(SESSION_EXPIRED, expired);
    return () => removeEventListener(SESSION_EXPIRED, expired);
  }, []);
  // Names for the header: the department's name, and an inspector's own name when the token only carries her number.
  useEffect(() => {
    if (!session?.department || session.departmentName && (session.role !== 'INSPECTOR' || session.name)) return;
    (async () => {
      const d = await gql(session, 'query($c: String!) { department(code: $c) { name } }', { c: session.department });
      const i = session.role === 'INSPECTOR' && !session.name ? await gql(session, INSPECTOR_NAME, { d: session.department, s: session.label }) : null;
      const person = i?.data?.inspectors.edges.map((e) => e.node).find((n) => n.certificateNumber === session.label);
      const next = { ...session, departmentName: d.data?.department?.name ?? session.departmentName, ...(person ? { name: person.name } : {}) };
      if (next.departmentName !== session.departmentName || next.name !== session.name) { save(next); setSession(next); }
    })();
  }, [session?.token]);
  const go = (key, params) => { location.hash = `#/${key}${params ? `?${new URLSearchParams(params)}` : ''}`; };
  const login = (s) => { save(s); setSession(s); setNotice(null); history.replaceState(null, '', location.pathname); setRoute({ key: '', params: {} }); };
  if (!session) return html`<header><h1>联合监管枢纽</h1><nav><a class="active">登录</a></nav></header><${Login} onLogin=${login} notice=${notice} />`;
  const pages = pagesFor(session);
  const [key, , Page] = pages.find((p) => p[0] === route.key) ?? pages[0];
  return html`
    <header>
      <h1>联合监管枢纽</h1>
      <nav>${pages.map(([k, label]) => html`<a class=${k === key ? 'active' : ''} href=${`#/${k}`} data-testid=${`nav-${k}`}>${label}</a>`)}</nav>
      <span class="who" data-testid="who">${whoLabel(session)}
        <button data-testid="logout" onClick=${() => login(null)}>退出</button></span>
    </header>
    <main><${Page} key=${`${key}:${JSON.stringify(route.params)}`} session=${session} params=${route.params} go=${go} /></main>`;
}

const root = document.getElementById('app');
root.textContent = ''; // drop the static "loading" text; Preact would keep it beside the app
render(html`<${App} />`, root);
