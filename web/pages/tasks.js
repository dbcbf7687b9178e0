// 联合任务: tasks of a drawn round with lead and participating departments, dispatch per department (the joint
// office dispatches), the printable 一企一表; departments see only their tasks and enter their results here.
import { useEffect, useState } from 'preact/hooks';
import { html, useQuery, useAction, useDepartmentNames, Banners, Loading, Badge, can, today, DISPATCH_STATES, RESULT_STATES, CATEGORIES, FOLLOW_UPS } from '../lib.js';

const ROUNDS = `{ drawRounds { id name state } }`;
const TASKS = `query($r: ID, $j: Boolean) { tasks(roundId: $r, jointOnly: $j) { id roundId creditCode joint leadDepartment departments items { department code } windowStart windowEnd
  entity { name address }
  dispatch { department status attempts lastError problems inspectors { inspectorId name certificateNumber role status reason } }
  results { id department itemCode categories findings followUp inspectedOn dueDate state returnReason } } }`;
const DISPATCH_STATUS = `query($r: ID!) { dispatchStatus(roundId: $r) { department matched understaffed pending } }`;
const DISPATCH_KIND = { MATCHED: 'ok', UNDERSTAFFED: 'warn', PENDING: '' };
const RESULT_KIND = { PUBLISHED: 'ok', APPROVED: 'ok', SUBMITTED: 'warn', RETURNED: 'bad' };
const PAGE = 25;

function DispatchCell({ parts, names }) {
  return html`${parts.map((p) => html`<div class="dispatch" data-testid=${`dispatch-${p.department}`}>
    <${Badge} kind=${DISPATCH_KIND[p.status]}>${names[p.department] ?? p.department}：${DISPATCH_STATES[p.status]}</${Badge}>
    <small>${p.inspectors.filter((i) => i.status === 'ACTIVE').map((i) => `${i.name}${i.role === 'LEADER' ? '（组长）' : ''}`).join('、')}</small>
    ${p.problems.length ? html`<br /><small class="warn">${p.problems.join('；')}</small>` : null}
  </div>`)}`;
}

function ResultForm({ session, task, item, existing, onSaved }) {
  const action = useAction(session);
  const editable = !existing || ['ENTERED', 'RETURNED'].includes(existing.state);
  const [form, setForm] = useState({
    categories: existing?.categories ?? ['NO_PROBLEM'], followUp: existing?.followUp ?? 'NONE', findings: existing?.findings ?? '',
    inspectedOn: existing?.inspectedOn ?? (today() < task.windowStart ? task.windowStart : today() > task.windowEnd ? task.windowEnd : today()),
  });
  const toggle = (c) => setForm({ ...form, categories: form.categories.includes(c) ? form.categories.filter((x) => x !== c) : [...form.categories, c] });
  const save = async (submit) => {
    const r = await action.run('mutation($input: ResultInput!) { enterResult(input: $input) { id } }', { input: { taskId: task.id, department: item.department, itemCode: item.code, ...form } });
    if (!r) return;
    if (submit) await action.run('mutation($id: ID!) { submitResult(id: $id) { id } }', { id: r.enterResult.id });
    onSaved();
  };
  const review = async (approve, reason) => (await action.run('mutation($id: ID!, $a: Boolean!, $why: String) { reviewResult(id: $id, approve: $a, reason: $why) { id } }', { id: existing.id, a: approve, why: reason ?? null })) && onSaved();
  const publish = async () => (await action.run('mutation($id: ID!) { publishResult(id: $id) { version } }', { id: existing.id })) && onSaved();
  const [reason, setReason] = useState('');
  const testid = `result-${task.id}-${item.code}`;
  return html`<div class="result-form" data-testid=${testid}>
    <div><b>${item.code}</b> ${existing ? html`<${Badge} kind=${RESULT_KIND[existing.state]}>${RESULT_STATES[existing.state]}</${Badge}> <small class="muted">录入期限 ${existing.dueDate}</small>` : html`<span class="muted">未录入</span>`}
      ${existing?.returnReason && existing.state === 'RETURNED' ? html` <small class="bad">退回理由：${existing.returnReason}</small>` : null}</div>
    <${Banners} errors=${action.errors} />
    ${editable && can.enterResults(session) ? html`
      <div class="checks">${Object.entries(CATEGORIES).map(([k, v]) => html`<label class="check"><input type="checkbox" data-testid=${`${testid}-cat-${k}`} checked=${form.categories.includes(k)} onChange=${() => toggle(k)} />${v}</label>`)}</div>
      <div class="form-grid">
        <label>后续处理<select data-testid=${`${testid}-followup`} value=${form.followUp} onChange=${(e) => setForm({ ...form, followUp: e.target.value })}>${Object.entries(FOLLOW_UPS).map(([k, v]) => html`<option value=${k}>${v}</option>`)}</select></label>
        <label>实际检查日期<input type="date" data-testid=${`${testid}-date`} value=${form.inspectedOn} onInput=${(e) => setForm({ ...form, inspectedOn: e.target.value })} /></label>
      </div>
      <label>检查发现（公示时自动隐去身份证号、电话）<textarea data-testid=${`${testid}-findings`} value=${form.findings} onInput=${(e) => setForm({ ...form, findings: e.target.value })}></textarea></label>
      <div class="actions">
        <button disabled=${action.busy || !form.categories.length} onClick=${() => save(false)}>保存</button>
        <button class="primary" data-testid=${`${testid}-submit`} disabled=${action.busy || !form.categories.length} onClick=${() => save(true)}>保存并提交审核</button>
      </div>` : existing ? html`<p><small>${existing.categories.map((c) => CATEGORIES[c] ?? c).join('；')} · ${FOLLOW_UPS[existing.followUp] ?? existing.followUp} · ${existing.inspectedOn}${existing.findings ? ` · ${existing.findings}` : ''}</small></p>` : null}
    ${can.reviewResults(session) && existing?.state === 'SUBMITTED' ? html`<div class="actions">
      <button class="primary" data-testid=${`${testid}-approve`} disabled=${action.busy} onClick=${() => review(true)}>审核通过</button>
      <input placeholder="退回理由" value=${reason} onInput=${(e) => setReason(e.target.value)} /><button disabled=${!reason.trim() || action.busy} onClick=${() => review(false, reason.trim())}>退回</button>
    </div>` : null}
    ${can.reviewResults(session) && existing?.state === 'APPROVED' ? html`<div class="actions"><button class="primary" data-testid=${`${testid}-publish`} disabled=${action.busy} onClick=${publish}>公示（一公开）</button></div>` : null}
  </div>`;
}

function TaskRow({ session, task, names, onChanged }) {
  const [open, setOpen] = useState(false);
  const mine = session.department && task.departments.includes(session.department);
  const myItems = task.items.filter((i) => i.department === session.department);
  const formUrl = `/forms/task/${task.id}${session.token ? `?token=${encodeURIComponent(session.token)}` : ''}`;
  return html`<tr data-testid=${`task-${task.id}`} class=${task.joint ? 'joint' : ''}>
    <td>${task.id}</td>
    <td>${task.entity?.name ?? '—'}<br /><small class="muted">${task.creditCode}</small></td>
    <td>${task.joint ? html`<${Badge} kind="ok">联合</${Badge}>` : html`<span class="muted">单部门</span>`}</td>
    <td data-testid="lead">${names[task.leadDepartment] ?? task.leadDepartment}</td>
    <td data-testid="departments">${task.departments.map((d) => names[d] ?? d).join('、')}<br /><small class="muted">${task.items.length} 项事项</small></td>
    <td class="nowrap"><small>${task.windowStart}<br />至 ${task.windowEnd}</small></td>
    <td>${task.dispatch.length ? html`<${DispatchCell} parts=${task.dispatch} names=${names} />` : html`<span class="muted">未派发</span>`}</td>
    <td class="cell-actions"><a href=${formUrl} target="_blank" rel="noopener" data-testid=${`form-link-${task.id}`}>一企一表</a>
      ${mine && myItems.length ? html`<br /><button data-testid=${`results-${task.id}`} onClick=${() => setOpen(!open)}>${open ? '收起' : can.enterResults(session) ? '结果录入' : '结果'}</button>` : null}</td>
  </tr>
  ${open ? html`<tr class="detail"><td></td><td colspan="7">${myItems.map((item) => html`<${ResultForm} key=${item.code} session=${session} task=${task} item=${item}
    existing=${task.results.find((r) => r.department === item.department && r.itemCode === item.code)} onSaved=${onChanged} />`)}</td></tr>` : null}`;
}

function DispatchSummary({ session, roundId, names, onDispatched }) {
  const status = useQuery(session, DISPATCH_STATUS, { r: roundId });
  const action = useAction(session);
  // A department's view shows its own part only.
  const rows = (status.data?.dispatchStatus ?? []).filter((r) => !session.department || r.department === session.department);
  const open = rows.reduce((n, r) => n + r.pending, 0);
  const dispatch = async () => { if (await action.run('mutation($r: ID!) { dispatchRound(roundId: $r) { department } }', { r: roundId })) { status.reload(); onDispatched(); } };
  return html`<div data-testid="dispatch-summary">
    <${Banners} errors=${[...status.errors, ...action.errors]} />
    <table class="compact"><thead><tr><th>部门</th><th class="num">已匹配</th><th class="num">人员不足</th><th class="num">待派</th></tr></thead>
      <tbody>${rows.map((r) => html`<tr data-testid=${`dispatch-row-${r.department}`}><td>${names[r.department] ?? r.department}</td><td class="num ok">${r.matched}</td><td class="num ${r.understaffed ? 'warn' : ''}">${r.understaffed}</td><td class="num">${r.pending}</td></tr>`)}</tbody></table>
    ${can.dispatch(session) ? html`<div class="actions"><button class="primary" data-testid="dispatch" disabled=${action.busy || (rows.length > 0 && open === 0)} onClick=${dispatch}>
      ${rows.length && open === 0 ? '已全部派发' : rows.some((r) => r.matched || r.understaffed) ? `重试待派（${open}）` : '派发：各部门随机匹配执法检查人员'}</button>${action.busy ? html`<span class="muted">派发中…</span>` : null}</div>` : null}
  </div>`;
}

/** Businesses drawn by two departments at once, per pair: where coordination saves a door. */
function Overlaps({ tasks, names }) {
  const pairs = new Map();
  for (const t of tasks) {
    if (!t.joint) continue;
    const ds = [...t.departments].sort();
    for (let i = 0; i < ds.length; i++) for (let j = i + 1; j < ds.length; j++) {
      const k = `${ds[i]}|${ds[j]}`;
      pairs.set(k, (pairs.get(k) ?? 0) + 1);
    }
  }
  if (!pairs.size) return null;
  return html`<div data-testid="overlaps"><h3>跨部门重叠（同一市场主体被两个部门同时抽中，合并为一次上门）</h3>
    <div>${[...pairs].sort((a, b) => b[1] - a[1]).map(([k, n]) => html`<span class="chip">${k.split('|').map((d) => names[d] ?? d).join(' × ')}：${n} 户</span>`)}</div></div>`;
}

export function TasksPage({ session, params }) {
  const names = useDepartmentNames(session);
  const rounds = useQuery(session, ROUNDS);
  const drawn = (rounds.data?.drawRounds ?? []).filter((r) => r.state === 'DRAWN');
  const [roundId, setRoundId] = useState(params?.roundId ?? null);
  useEffect(() => { if (!roundId && drawn.length) setRoundId(drawn[drawn.length - 1].id); }, [drawn.length]);
  const [jointOnly, setJointOnly] = useState(false);
  const [search, setSearch] = useState('');
  const [page, setPage] = useState(0);
  const tasks = useQuery(session, TASKS, { r: roundId, j: jointOnly || null }, { skip: !roundId });
  const all = tasks.data?.tasks ?? [];
  const q = search.trim().toUpperCase();
  const list = q ? all.filter((t) => t.creditCode.startsWith(q) || (t.entity?.name ?? '').toUpperCase().includes(q)) : all;
  const shown = list.slice(page * PAGE, (page + 1) * PAGE);
  const pages = Math.max(1, Math.ceil(list.length / PAGE));
  return html`<section>
    <h2>${can.dispatch(session) ? '跨部门重叠与联合检查任务' : '本部门检查任务与结果录入'}</h2>
    <${Banners} errors=${[...rounds.errors, ...tasks.errors]} />
    ${!drawn.length ? html`<p class="muted">${rounds.loading ? '加载中…' : '还没有已抽取的轮次。'}</p>` : html`
      <div class="toolbar">
        <label>轮次 <select data-testid="task-round" value=${roundId ?? ''} onChange=${(e) => { setRoundId(e.target.value); setPage(0); }}>${drawn.map((r) => html`<option value=${r.id}>${r.name}</option>`)}</select></label>
        <label class="check"><input type="checkbox" data-testid="joint-only" checked=${jointOnly} onChange=${(e) => { setJointOnly(e.target.checked); setPage(0); }} />只看联合任务（一企一表）</label>
        <input type="search" placeholder="企业名称或信用代码" value=${search} onInput=${(e) => { setSearch(e.target.value); setPage(0); }} />
        <span class="muted" data-testid="task-count">共 ${list.length} 项任务，其中联合 ${list.filter((t) => t.joint).length} 项</span>
      </div>
      ${can.dispatch(session) ? html`<${Overlaps} tasks=${all} names=${names} />` : null}
      ${roundId ? html`<${DispatchSummary} key=${roundId} session=${session} roundId=${roundId} names=${names} onDispatched=${tasks.reload} />` : null}
      ${tasks.loading && !tasks.data ? html`<${Loading} />` : html`
        <table data-testid="tasks"><thead><tr><th>任务</th><th>市场主体</th><th>类型</th><th>牵头部门</th><th>参与部门</th><th>时间窗口</th><th>派发情况</th><th></th></tr></thead>
          <tbody>${shown.map((t) => html`<${TaskRow} key=${t.id} session=${session} task=${t} names=${names} onChanged=${tasks.reload} />`)}</tbody></table>
        <div class="pager"><button disabled=${page === 0} onClick=${() => setPage(page - 1)}>上一页</button>
          <span class="muted">第 ${page + 1} / ${pages} 页</span><button disabled=${page + 1 >= pages} onClick=${() => setPage(page + 1)}>下一页</button></div>`}`}
  </section>`;
}
