// 联合监管枢纽 web app: one page per role, every datum from the public GraphQL API with the user's token.
import { h, render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import htm from 'htm';

const html = htm.bind(h);
const ROLE_NAMES = { PUBLIC: '社会公众', INSPECTOR: '执法检查人员', DEPT_STAFF: '部门工作人员', DEPT_ADMIN: '部门管理员', JOINT_OFFICE: '联席会议办公室', SERVICE: '系统服务' };

// ---- session and API -------------------------------------------------------------------------------
const load = () => JSON.parse(localStorage.getItem('hub.session') || 'null');
const save = (s) => (s ? localStorage.setItem('hub.session', JSON.stringify(s)) : localStorage.removeItem('hub.session'));

async function gql(session, query, variables = {}) {
  const res = await fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(session?.token ? { authorization: `Bearer ${session.token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = await res.json().catch(() => ({ errors: [{ message: `HTTP ${res.status}` }] }));
  return { data: body.data ?? null, errors: body.errors ?? [] };
}

/** Runs a query when its inputs change; partial data and errors are both kept (a department may be down). */
function useQuery(session, query, variables) {
  const [state, setState] = useState({ loading: true, data: null, errors: [] });
  const key = JSON.stringify(variables ?? {});
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    gql(session, query, variables).then((r) => live && setState({ loading: false, ...r }));
    return () => (live = false);
  }, [session?.token, query, key]);
  return state;
}

// ---- shared pieces ----------------------------------------------------------------------------------
function Banners({ errors, departments }) {
  if (!errors?.length) return null;
  const names = Object.fromEntries((departments ?? []).map((d) => [d.code, d.name]));
  const down = [...new Set(errors.map((e) => e.extensions?.department).filter(Boolean))];
  const other = errors.filter((e) => !e.extensions?.department);
  return html`
    ${down.map((d) => html`<div class="banner" data-testid="department-down">部门「${names[d] ?? d}」（${d}）暂时无法访问，其数据未显示；其余数据照常。</div>`)}
    ${other.length ? html`<div class="banner error" data-testid="error">${other.map((e) => e.message).join('；')}</div>` : null}`;
}

const pct = (x) => `${(x * 100).toFixed(0)}%`;

// ---- login ------------------------------------------------------------------------------------------
function Login({ onLogin }) {
  const [people, setPeople] = useState([]);
  const [pasted, setPasted] = useState('');
  useEffect(() => {
    fetch('/auth/demo').then((r) => (r.ok ? r.json() : [])).then(setPeople, () => setPeople([]));
  }, []);
  const usePasted = () => {
    try {
      const claims = JSON.parse(atob(pasted.trim().split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
      onLogin({ label: claims.sub, role: claims.role, department: claims.department ?? null, token: pasted.trim() });
    } catch {
      alert('令牌格式不正确');
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
      <p><button class="primary" onClick=${usePasted}>登录</button></p>
    </section>
  </main>`;
}

// ---- joint office overview --------------------------------------------------------------------------
const OVERVIEW = `{
  departments { code name summary { publishedItems poolSize activeInspectors } }
  drawRounds { id name state stats { visits departmentDraws doorsSaved jointTasks goal jointShare { department share meetsGoal } } }
  deadlineSummary { department overdue dueSoon }
}`;

function Overview({ session }) {
  const { loading, data, errors } = useQuery(session, OVERVIEW);
  if (loading && !data) return html`<p class="muted">加载中…</p>`;
  const departments = data?.departments ?? [];
  const rounds = (data?.drawRounds ?? []).filter((r) => r.stats);
  const totals = rounds.reduce((t, r) => ({ visits: t.visits + r.stats.visits, draws: t.draws + r.stats.departmentDraws, saved: t.saved + r.stats.doorsSaved, joint: t.joint + r.stats.jointTasks }), { visits: 0, draws: 0, saved: 0, joint: 0 });
  const share = new Map();
  for (const r of rounds) for (const s of r.stats.jointShare) share.set(s.department, s);
  const overdue = new Map((data?.deadlineSummary ?? []).map((d) => [d.department, d]));
  const goal = rounds[0]?.stats.goal ?? 0.1;
  return html`
    <${Banners} errors=${errors} departments=${departments} />
    <${CountyReports} session=${session} />
    <section>
      <h2>全县汇总</h2>
      <div class="cards" data-testid="totals">
        <div class="card"><span class="muted">成员单位</span><b data-testid="total-departments">${departments.length}</b></div>
        <div class="card"><span class="muted">部门抽取户次</span><b data-testid="total-draws">${totals.draws}</b></div>
        <div class="card"><span class="muted">实际上门</span><b data-testid="total-visits">${totals.visits}</b></div>
        <div class="card"><span class="muted">少进的门</span><b data-testid="total-saved" class="ok">${totals.saved}</b></div>
        <div class="card"><span class="muted">联合检查任务</span><b>${totals.joint}</b></div>
      </div>
      ${totals.draws ? html`<table style="margin-top:1em">
        <tr><td>部门抽取户次</td><td><div class="bar"><span style=${{ width: '100%' }}></span></div></td><td class="num">${totals.draws}</td></tr>
        <tr><td>实际上门</td><td><div class="bar"><span style=${{ width: pct(totals.visits / totals.draws) }}></span></div></td><td class="num">${totals.visits}</td></tr>
        <tr><td>少进的门</td><td><div class="bar saved"><span style=${{ width: pct(totals.saved / totals.draws) }}></span></div></td><td class="num">${totals.saved}</td></tr>
      </table>` : html`<p class="muted">尚无已抽取的轮次。</p>`}
    </section>
    <section>
      <h2>各部门</h2>
      <table data-testid="department-table">
        <thead><tr><th>部门</th><th class="num">已发布事项</th><th class="num">检查对象</th><th class="num">在岗执法人员</th><th>联合检查占比（目标 ${pct(goal)}）</th><th class="num">逾期结果</th><th class="num">即将到期</th></tr></thead>
        <tbody>
          ${departments.map((d) => {
            const s = share.get(d.code);
            const o = overdue.get(d.code);
            return html`<tr data-testid=${`dept-${d.code}`}>
              <td>${d.name}</td>
              <td class="num">${d.summary?.publishedItems ?? html`<span class="muted">—</span>`}</td>
              <td class="num">${d.summary?.poolSize ?? html`<span class="muted">—</span>`}</td>
              <td class="num">${d.summary?.activeInspectors ?? html`<span class="muted">—</span>`}</td>
              <td>${s ? html`<div class="bar"><span style=${{ width: pct(Math.min(1, s.share)) }}></span><i class="goal" style=${{ left: pct(goal) }}></i></div>
                <span class=${s.meetsGoal ? 'ok' : 'bad'}>${pct(s.share)}</span>` : html`<span class="muted">—</span>`}</td>
              <td class="num">${o?.overdue ? html`<span class="bad">${o.overdue}</span>` : 0}</td>
              <td class="num">${o?.dueSoon ?? 0}</td>
            </tr>`;
          })}
        </tbody>
      </table>
    </section>`;
}

// ---- import / export / reports (files through the gateway with the user's token) ---------------------
const withToken = (session, path) => `${path}${path.includes('?') ? '&' : '?'}token=${encodeURIComponent(session.token ?? '')}`;
const IMPORT = `mutation($d: String!, $kind: String!, $name: String!, $b64: String!, $mode: ImportMode, $dry: Boolean) {
  importFile(department: $d, kind: $kind, fileName: $name, contentBase64: $b64, mode: $mode, dryRun: $dry) {
    committed message warnings issueCount issues { row column reason } } }`;
const KINDS = [['pool', '检查对象名录库'], ['inspectors', '执法检查人员名录库'], ['checklist', '随机抽查事项清单']];

function toBase64(buffer) {
  const bytes = new Uint8Array(buffer);
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

function ImportExport({ session, onImported }) {
  const [kind, setKind] = useState('pool');
  const [file, setFile] = useState(null);
  const [validRows, setValidRows] = useState(false);
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState(null);
  const d = session.department;
  const year = new Date().getFullYear();
  const run = async (dry) => {
    if (!file) return;
    setBusy(true);
    const b64 = toBase64(await file.arrayBuffer());
    const r = await gql(session, IMPORT, { d, kind, name: file.name, b64, mode: validRows ? 'VALID_ROWS' : 'ALL_OR_NOTHING', dry });
    setBusy(false);
    setReport(r.data?.importFile ?? { error: r.errors[0]?.message ?? '导入失败' });
    if (r.data?.importFile?.committed) onImported?.();
  };
  return html`<section>
    <h2>导入、导出与工作总结</h2>
    <p>
      <select data-testid="import-kind" value=${kind} onChange=${(e) => setKind(e.target.value)}>${KINDS.map(([k, l]) => html`<option value=${k}>${l}</option>`)}</select>
      ${' '}<input type="file" accept=".xlsx,.csv" data-testid="import-file" onChange=${(e) => setFile(e.target.files[0] ?? null)} />
      ${' '}<label><input type="checkbox" checked=${validRows} onChange=${(e) => setValidRows(e.target.checked)} /> 仅导入正确的行</label>
      ${' '}<button disabled=${!file || busy} onClick=${() => run(true)} data-testid="import-check">检查</button>
      ${' '}<button class="primary" disabled=${!file || busy} onClick=${() => run(false)} data-testid="import-run">导入</button>
      ${' '}<a href=${`/templates/${kind}.xlsx`} data-testid="template-link">下载导入模板</a>
    </p>
    ${report && html`<div class=${report.error || !report.committed ? 'banner error' : 'banner'} data-testid="import-report">
      ${report.error ?? report.message}
      ${(report.warnings ?? []).map((w) => html`<div class="muted">${w}</div>`)}
      ${report.issues?.length ? html`<table data-testid="import-issues"><thead><tr><th>行号</th><th>列</th><th>原因</th></tr></thead>
        <tbody>${report.issues.slice(0, 100).map((i) => html`<tr><td>${i.row}</td><td>${i.column}</td><td>${i.reason}</td></tr>`)}</tbody></table>
        ${report.issueCount > 100 ? html`<div class="muted">共 ${report.issueCount} 个问题，仅列出前100个</div>` : null}` : null}
    </div>`}
    <p>导出：${KINDS.map(([k, l]) => html`<a href=${withToken(session, `/export/${k}.xlsx?department=${d}`)}>${l}</a>（<a href=${withToken(session, `/export/${k}.csv?department=${d}`)}>CSV</a>）　`)}
      <a href=${withToken(session, `/export/tasks.xlsx?department=${d}`)}>检查任务</a>　<a href=${withToken(session, `/export/results.xlsx?department=${d}`)}>检查结果</a></p>
    <p>工作总结：<a target="_blank" href=${withToken(session, `/reports/work.html?period=${year}-H1&department=${d}`)}>${year}年半年总结</a>（<a href=${withToken(session, `/reports/work.xlsx?period=${year}-H1&department=${d}`)}>Excel</a>）　
      <a target="_blank" href=${withToken(session, `/reports/work.html?period=${year}&department=${d}`)}>${year}年度总结</a>（<a href=${withToken(session, `/reports/work.xlsx?period=${year}&department=${d}`)}>Excel</a>）</p>
  </section>`;
}

function CountyReports({ session }) {
  const year = new Date().getFullYear();
  return html`<section data-testid="county-reports">
    <h2>全县工作总结（6月22日、12月22日前报送）</h2>
    <p><a target="_blank" href=${withToken(session, `/reports/work.html?period=${year}-H1`)}>${year}年半年总结</a>（<a href=${withToken(session, `/reports/work.xlsx?period=${year}-H1`)}>Excel</a>）　
      <a target="_blank" href=${withToken(session, `/reports/work.html?period=${year}`)}>${year}年度总结</a>（<a href=${withToken(session, `/reports/work.xlsx?period=${year}`)}>Excel</a>）　
      导出：<a href=${withToken(session, '/export/tasks.xlsx')}>检查任务</a>　<a href=${withToken(session, '/export/results.xlsx')}>检查结果</a>　<a href=${withToken(session, '/export/draws.xlsx')}>抽取结果</a></p>
  </section>`;
}

// ---- department view --------------------------------------------------------------------------------
const DEPARTMENT = `query($d: String!) { department(code: $d) { code name
  summary { publishedItems draftItems poolSize activeInspectors totalInspectors }
  checklist { code name category status }
  inspectors(first: 50) { totalCount edges { node { id name certificateNumber certificateExpiry status expertise } } } } }`;

function DepartmentView({ session }) {
  const [version, setVersion] = useState(0);
  const { loading, data, errors } = useQuery(session, DEPARTMENT, { d: session.department, version });
  if (loading && !data) return html`<p class="muted">加载中…</p>`;
  const d = data?.department;
  return html`
    <${Banners} errors=${errors} departments=${d ? [d] : []} />
    ${['DEPT_STAFF', 'DEPT_ADMIN'].includes(session.role) && html`<${ImportExport} session=${session} onImported=${() => setVersion((v) => v + 1)} />`}
    ${d && html`<section>
      <h2>${d.name}：随机抽查事项清单</h2>
      <table data-testid="checklist"><thead><tr><th>编号</th><th>事项</th><th>类别</th><th>状态</th></tr></thead>
        <tbody>${(d.checklist ?? []).map((i) => html`<tr><td>${i.code}</td><td>${i.name}</td><td>${i.category === 'KEY' ? '重点' : '一般'}</td><td>${{ PUBLISHED: '已发布', DRAFT: '草稿', RETIRED: '已废止' }[i.status]}</td></tr>`)}</tbody></table>
    </section>
    <section>
      <h2>执法检查人员（${d.inspectors?.totalCount ?? '—'}）</h2>
      <table data-testid="inspectors"><thead><tr><th>姓名</th><th>执法证号</th><th>有效期至</th><th>状态</th><th>专长</th></tr></thead>
        <tbody>${(d.inspectors?.edges ?? []).map(({ node: p }) => html`<tr><td>${p.name}</td><td>${p.certificateNumber}</td><td>${p.certificateExpiry}</td><td>${{ ACTIVE: '在岗', ON_LEAVE: '休假', LEFT: '已调离' }[p.status]}</td><td>${p.expertise.join('、')}</td></tr>`)}</tbody></table>
    </section>`}`;
}

// ---- 一公开 ----------------------------------------------------------------------------------------
const PUBLIC_RESULTS = `query($s: String) { publishedResults(search: $s) { corrected current { id version entityName creditCode department itemCode categories findings followUp inspectors inspectedOn correctionReason publishedAt } } }`;
const PUBLIC_DRAWS = `{ drawRounds { id name state seedCommitment seed draws { id planId seq poolHash verification { ok reason } } } }`;

function PublicPage({ session }) {
  const [search, setSearch] = useState('');
  const [applied, setApplied] = useState('');
  const results = useQuery(session, PUBLIC_RESULTS, { s: applied || null });
  const draws = useQuery(session, PUBLIC_DRAWS);
  return html`
    <section>
      <h2>抽查结果公示</h2>
      <form onSubmit=${(e) => { e.preventDefault(); setApplied(search.trim()); }}>
        <input type="search" data-testid="public-search" placeholder="企业名称或统一社会信用代码" value=${search} onInput=${(e) => setSearch(e.target.value)} />
        <button type="submit">搜索</button>
      </form>
      <${Banners} errors=${results.errors} />
      <table data-testid="public-results" style="margin-top:.8em">
        <thead><tr><th>企业</th><th>部门 / 事项</th><th>检查结果</th><th>检查发现</th><th>后续处理</th><th>检查人员</th><th>日期</th></tr></thead>
        <tbody>${(results.data?.publishedResults ?? []).map(({ corrected, current: r }) => html`<tr>
          <td>${r.entityName}<br /><small class="muted">${r.creditCode}</small></td>
          <td>${r.department}<br /><small class="muted">${r.itemCode}</small></td>
          <td>${r.categories.join('；')}${corrected ? html`<br /><small class="warn" data-testid="corrected">已更正（第${r.version}版：${r.correctionReason}）</small>` : null}</td>
          <td>${r.findings || html`<span class="muted">—</span>`}</td><td>${r.followUp}</td><td>${r.inspectors.join('、')}</td><td>${r.inspectedOn}</td>
        </tr>`)}</tbody>
      </table>
      ${results.data && !results.data.publishedResults.length ? html`<p class="muted">没有找到公示结果。</p>` : null}
    </section>
    <section>
      <h2>抽取记录（任何人可用公开输入复核）</h2>
      <table data-testid="public-draws"><thead><tr><th>轮次</th><th>种子承诺值</th><th>抽取记录</th></tr></thead>
        <tbody>${(draws.data?.drawRounds ?? []).map((r) => html`<tr>
          <td>${r.name}<br /><small class="muted">${r.state}</small></td>
          <td><small>${r.seedCommitment ?? '—'}</small></td>
          <td>${r.draws.map((d) => html`<div>计划 ${d.planId}${d.seq > 1 ? `（第${d.seq}次）` : ''}：${d.verification.ok ? html`<span class="ok" data-testid="verified">验证通过</span>` : html`<span class="bad">不一致：${d.verification.reason}</span>`}</div>`)}</td>
        </tr>`)}</tbody></table>
    </section>`;
}

// ---- shell ------------------------------------------------------------------------------------------
function pagesFor(role) {
  if (role === 'JOINT_OFFICE' || role === 'SERVICE') return [['overview', '总览', Overview], ['public', '一公开', PublicPage]];
  if (['INSPECTOR', 'DEPT_STAFF', 'DEPT_ADMIN'].includes(role)) return [['department', '本部门', DepartmentView], ['public', '一公开', PublicPage]];
  return [['public', '一公开', PublicPage]];
}

function App() {
  const [session, setSession] = useState(load);
  const [page, setPage] = useState(null);
  const login = (s) => { save(s); setSession(s); setPage(null); };
  if (!session) return html`<header><h1>联合监管枢纽</h1><nav><a class="active">登录</a></nav></header><${Login} onLogin=${login} />`;
  const pages = pagesFor(session.role);
  const [key, , Page] = pages.find((p) => p[0] === page) ?? pages[0];
  return html`
    <header>
      <h1>联合监管枢纽</h1>
      <nav>${pages.map(([k, label]) => html`<a class=${k === key ? 'active' : ''} data-testid=${`nav-${k}`} onClick=${() => setPage(k)}>${label}</a>`)}</nav>
      <span class="who" data-testid="who">${session.label ?? ''}（${ROLE_NAMES[session.role] ?? session.role}${session.department ? ` · ${session.department}` : ''}）
        <button onClick=${() => login(null)}>退出</button></span>
    </header>
    <main><${Page} session=${session} /></main>`;
}

const root = document.getElementById('app');
root.textContent = ''; // drop the static "loading" text; Preact would keep it beside the app
render(html`<${App} />`, root);
