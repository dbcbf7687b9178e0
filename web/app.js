// 联合监管枢纽 web app: the shell (login, navigation per role); each page lives in pages/*.js and reads
// everything from the public GraphQL API with the user's token.
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { html, ROLE_NAMES, isOffice, isDepartmentStaff } from './lib.js';
import { Overview } from './pages/overview.js';
import { PlansPage } from './pages/plans.js';
import { RoundsPage } from './pages/rounds.js';
import { TasksPage } from './pages/tasks.js';
import { DeadlinesPage } from './pages/deadlines.js';
import { DepartmentView } from './pages/department.js';
import { PublicPage } from './pages/public.js';

const load = () => JSON.parse(localStorage.getItem('hub.session') || 'null');
const save = (s) => (s ? localStorage.setItem('hub.session', JSON.stringify(s)) : localStorage.removeItem('hub.session'));

function Login({ onLogin }) {
  const [people, setPeople] = useState([]);
  const [pasted, setPasted] = useState('');
  const [error, setError] = useState('');
  useEffect(() => {
    fetch('/auth/demo').then((r) => (r.ok ? r.json() : [])).then(setPeople, () => setPeople([]));
  }, []);
  const usePasted = () => {
    try {
      const claims = JSON.parse(atob(pasted.trim().split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
      onLogin({ label: claims.sub, role: claims.role, department: claims.department ?? null, token: pasted.trim() });
    } catch {
      setError('令牌格式不正确');
    }
  };
  return html`<main>
    <section>
      <h2>选择身份登录（演示环境）</h2>
      <div class="logins">
        ${people.map((p) => html`<button data-testid=${`login-${p.role}${p.department ? `-${p.department}` : ''}`} onClick=${() => onLogin(p)}>${p.label}</button>`)}
      </div>
      ${people.length ? null : html`<p class="muted">生产环境不提供演示身份，请粘贴令牌。</p>`}
    </section>
    <section>
      <h2>或粘贴令牌</h2>
      <textarea value=${pasted} onInput=${(e) => setPasted(e.target.value)} placeholder="eyJ…"></textarea>
      ${error ? html`<div class="banner error">${error}</div>` : null}
      <p><button class="primary" onClick=${usePasted}>登录</button></p>
    </section>
  </main>`;
}

/** The pages a role may open; pages for actions a role cannot take are not offered at all. */
function pagesFor(session) {
  const common = [['rounds', '摇号记录', RoundsPage], ['public', '一公开', PublicPage]];
  if (isOffice(session)) return [['overview', '总览', Overview], ['plans', '计划审查', PlansPage], ['rounds', '摇号轮次', RoundsPage], ['tasks', '重叠与联合任务', TasksPage], ['deadlines', '结果与期限', DeadlinesPage], ['public', '一公开', PublicPage]];
  if (isDepartmentStaff(session)) return [['department', '本部门', DepartmentView], ['plans', '抽查计划', PlansPage], ['tasks', '任务与结果', TasksPage], ['deadlines', '录入期限', DeadlinesPage], ...common];
  if (session.role === 'INSPECTOR') return [['tasks', '我的任务', TasksPage], ['department', '本部门', DepartmentView], ...common];
  return [['public', '一公开', PublicPage], ['rounds', '摇号记录', RoundsPage]];
}

function whoLabel(s) {
  const role = ROLE_NAMES[s.role] ?? s.role;
  const label = s.label ?? '';
  // Demo labels already name the role (联席会议办公室, 社会公众（不登录）); a pasted token's label is its subject.
  return label.startsWith(role) ? label : `${label}（${role}${s.department ? ` · ${s.department}` : ''}）`;
}

const fromHash = () => {
  const [key, query] = location.hash.replace(/^#\/?/, '').split('?');
  return { key, params: Object.fromEntries(new URLSearchParams(query ?? '')) };
};

function App() {
  const [session, setSession] = useState(load);
  const [route, setRoute] = useState(fromHash);
  useEffect(() => {
    const on = () => setRoute(fromHash());
    addEventListener('hashchange', on);
    return () => removeEventListener('hashchange', on);
  }, []);
  const go = (key, params) => { location.hash = `#/${key}${params ? `?${new URLSearchParams(params)}` : ''}`; };
  const login = (s) => { save(s); setSession(s); history.replaceState(null, '', location.pathname); setRoute({ key: '', params: {} }); };
  if (!session) return html`<header><h1>联合监管枢纽</h1><nav><a class="active">登录</a></nav></header><${Login} onLogin=${login} />`;
  const pages = pagesFor(session);
  const [key, , Page] = pages.find((p) => p[0] === route.key) ?? pages[0];
  return html`
    <header>
      <h1>联合监管枢纽</h1>
      <nav>${pages.map(([k, label]) => html`<a class=${k === key ? 'active' : ''} href=${`#/${k}`} data-testid=${`nav-${k}`}>${label}</a>`)}</nav>
      <span class="who" data-testid="who">${whoLabel(session)}
        <button onClick=${() => login(null)}>退出</button></span>
    </header>
    <main><${Page} key=${`${key}:${JSON.stringify(route.params)}`} session=${session} params=${route.params} go=${go} /></main>`;
}

const root = document.getElementById('app');
root.textContent = ''; // drop the static "loading" text; Preact would keep it beside the app
render(html`<${App} />`, root);
