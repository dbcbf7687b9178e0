// 联合任务: tasks of a drawn round with lead and participating departments, dispatch per department (the joint
// office dispatches), the printable 一企一表; departments see only their tasks and enter their results here.
import { useEffect, useState } from 'preact/hooks';
import { html, gql, useQuery, useAction, useDepartmentNames, useChecklists, itemLabel, Banners, Loading, Badge, ConfirmButton, Progress, can, today, DISPATCH_STATES, RESULT_STATES, CATEGORIES, FOLLOW_UPS } from '../lib.js';

const ROUNDS = `{ drawRounds { id name state } }`;
const TASKS = `query($r: ID, $j: Boolean) { tasks(roundId: $r, jointOnly: $j) { id roundId creditCode joint leadDepartment departments items { department code } windowStart windowEnd
  entity { name address }
  dispatch { department status attempts lastError problems inspectors { inspectorId name certificateNumber role status reason } }
  results { id department itemCode categories findings followUp inspectedOn dueDate state returnReason } } }`;
const DISPATCH_STATUS = `query($r: ID!) { dispatchStatus(roundId: $r) { department matched understaffed pending } }`;
const WITHDRAW = 'mutation($id: ID!) { withdrawResult(id: $id) { id state } }';
const CORRECT = 'mutation($id: ID!, $input: ResultCorrectionInput!, $why: String!) { correctPublishedResult(id: $id, input: $input, reason: $why) { version } }';
const DISPATCH_KIND = { MATCHED: 'ok', UNDERSTAFFED: 'warn', PENDING: '' };
const RESULT_KIND = { PUBLISHED: 'ok', APPROVED: 'ok', SUBMITTED: 'warn', RETURNED: 'bad' };
const PAGE = 25;

export function DispatchCell({ parts, names }) {
  return html`${parts.map((p) => html`<div class="dispatch" data-testid=${`dispatch-${p.department}`}>
    <${Badge} kind=${DISPATCH_KIND[p.status]}>${names[p.department] ?? p.department}：${DISPATCH_STATES[p.status]}</${Badge}>
    <small>${p.inspectors.filter((i) => i.status === 'ACTIVE').map((i) => `${i.name}${i.role === 'LEADER' ? '（组长）' : ''}`).join('、')}</small>
    ${p.problems.length ? html`<br /><small class="warn">${p.problems.join('；')}</small>` : null}
  </div>`)}`;
}

/** Entry, withdrawal, review, publication and correction of one item's result, each where the role may. */
export function ResultForm({ session, task, item, existing, checklist, onSaved }) {
  const action = useAction(session);
  const editable = !existing || ['ENTERED', 'RETURNED'].includes(existing.state);
  const [form, setForm] = useState({
    categories: existing?.categories ?? ['NO_PROBLEM'], followUp: existing?.followUp ?? 'NONE', findings: existing?.findings ?? '',
    inspectedOn: existing?.inspectedOn ?? (today() < task.windowStart ? task.windowStart : today() > task.windowEnd ? task.windowEnd : today()),
  });
  const [correcting, setCorrecting] = useState(false);
  const [why, setWhy] = useState('');
  const toggle = (c) => setForm({ ...form, categories: form.categories.includes(c) ? form.categories.filter((x) => x !== c) : [...form.categories, c] });
  const problems = [
    ...(form.categories.length ? [] : ['请至少选择一个检查结果类别']),
    ...(['NO_PROBLEM', 'NO_ACTIVITY'].some((c) => form.categories.includes(c)) && form.categories.length > 1 ? ['“未发现问题”“未发现开展本次抽查涉及的经营活动”不能与其他类别同时选择'] : []),
    ...(!form.inspectedOn ? ['请填写实际检查日期'] : form.inspectedOn > today() ? ['实际检查日期不能晚于今天'] : form.inspectedOn < task.windowStart ? [`实际检查日期不能早于任务时间窗口（${task.windowStart} 起）`] : []),
    ...(form.findings.length > 2000 ? ['检查发现不超过2000字'] : []),
  ];
  const save = async (submit) => {
    if (problems.length) return;
    const r = await action.run('mutation($input: ResultInput!) { enterResult(input: $input) { id } }', { input: { taskId: task.id, department: item.department, itemCode: item.code, ...form } });
    if (!r) return;
    if (submit) await action.run('mutation($id: ID!) { submitResult(id: $id) { id } }', { id: r.enterResult.id });
    onSaved();
  };
  const review = async (approve, reason) => (await action.run('mutation($id: ID!, $a: Boolean!, $why: String) { reviewResult(id: $id, approve: $a, reason: $why) { id } }', { id: existing.id, a: approve, why: reason ?? null })) && onSaved();
  const publish = async () => (await action.run('mutation($id: ID!) { publishResult(id: $id) { version } }', { id: existing.id })) && onSaved();
  const withdraw = async () => (await action.run(WITHDRAW, { id: existing.id })) && onSaved();
  const correct = async () => {
    if (!why.trim() || problems.length) return;
    if (await action.run(CORRECT, { id: existing.id, input: { categories: form.categories, followUp: form.followUp, findings: form.findings }, why: why.trim() })) { setCorrecting(false); onSaved(); }
  };
  const [reason, setReason] = useState('');
  const testid = `result-${task.id}-${item.code}`;
  const fields = html`
      <fieldset class="checks"><legend>检查结果类别</legend>${Object.entries(CATEGORIES).map(([k, v]) => html`<label class="check"><input type="checkbox" data-testid=${`${testid}-cat-${k}`} checked=${form.categories.includes(k)} onChange=${() => toggle(k)} />${v}</label>`)}</fieldset>
      <div class="form-grid">
        <label>后续处理<select data-testid=${`${testid}-followup`} value=${form.followUp} onChange=${(e) => setForm({ ...form, followUp: e.target.value })}>${Object.entries(FOLLOW_UPS).map(([k, v]) => html`<option value=${k}>${v}</option>`)}</select></label>
        ${correcting ? null : html`<label>实际检查日期<input type="date" data-testid=${`${testid}-date`} value=${form.inspectedOn} min=${task.windowStart} max=${today()} onInput=${(e) => setForm({ ...form, inspectedOn: e.target.value })} /></label>`}
      </div>
      <label class="block">检查发现（公示时自动隐去身份证号、电话）<textarea data-testid=${`${testid}-findings`} maxLength="2000" value=${form.findings} onInput=${(e) => setForm({ ...form, findings: e.target.value })}></textarea></label>
      ${problems.length ? html`<ul class="problems bad">${problems.map((p) => html`<li>${p}</li>`)}</ul>` : null}`;
  return html`<div class="result-form" data-testid=${testid}>
    <div><b>${itemLabel(item, checklist ?? [])}</b> ${existing ? html`<${Badge} kind=${RESULT_KIND[existing.state]}>${RESULT_STATES[existing.state]}</${Badge}> <small class="muted">录入期限 ${existing.dueDate}</small>` : html`<span class="muted">未录入</span>`}
      ${existing?.returnReason && existing.state === 'RETURNED' ? html` <small class="bad">退回理由：${existing.returnReason}</small>` : null}</div>
    <${Banners} errors=${action.errors} />
    ${editable && can.enterResults(session) ? html`
      ${fields}
      <div class="actions">
        <button disabled=${action.busy || problems.length > 0} onClick=${() => save(false)}>保存</button>
        <button class="primary" data-testid=${`${testid}-submit`} disabled=${action.busy || problems.length > 0} onClick=${() => save(true)}>保存并提交审核</button>
      </div>` : existing ? html`<p><small>${existing.categories.map((c) => CATEGORIES[c] ?? c).join('；')} · ${FOLLOW_UPS[existing.followUp] ?? existing.followUp} · ${existing.inspectedOn}${existing.findings ? ` · ${existing.findings}` : ''}</small></p>` : null}
    ${can.enterResults(session) && existing?.state === 'SUBMITTED' ? html`<div class="actions">
      <${ConfirmButton} testid=${`${testid}-withdraw`} label="撤回修改" primary=${false} disabled=${action.busy} onConfirm=${withdraw}
        what="撤回后结果回到“已录入”，审核人看不到它，修改后须重新提交审核。" />
      <small class="muted">审核前可撤回修改</small></div>` : null}
    ${can.reviewResults(session) && existing?.state === 'SUBMITTED' ? html`<div class="actions">
      <button class="primary" data-testid=${`${testid}-approve`} disabled=${action.busy} onClick=${() => review(true)}>审核通过</button>
      <input placeholder="退回理由" value=${reason} onInput=${(e) => setReason(e.target.value)} /><button disabled=${!reason.trim() || action.busy} onClick=${() => review(false, reason.trim())}>退回</button>
    </div>` : null}
    ${can.reviewResults(session) && existing?.state === 'APPROVED' ? html`<div class="actions"><${ConfirmButton} testid=${`${testid}-publish`} label="公示（一公开）" confirmLabel="确认公示" disabled=${action.busy} onConfirm=${publish}
      what="公示后结果将在“一公开”页面向社会公开（身份证号、电话自动隐去）；公示后只能以更正的方式修改，更正记录公开可查。" /></div>` : null}
    ${can.reviewResults(session) && existing?.state === 'PUBLISHED' ? (correcting
      ? html`<div class="correction" data-testid=${`${testid}-correction`}>${fields}
          <label class="block">更正原因（必填，将随更正记录公开）<input data-testid=${`${testid}-correct-reason`} maxLength="500" value=${why} onInput=${(e) => setWhy(e.target.value)} /></label>
          <div class="actions"><${ConfirmButton} testid=${`${testid}-correct-save`} label="发布更正" disabled=${action.busy || !why.trim() || problems.length > 0} onConfirm=${correct}
            what="将在“一公开”发布新版本，原版本与更正原因一并公开保留。" /><button onClick=${() => setCorrecting(false)}>取消</button></div></div>`
      : html`<div class="actions"><button data-testid=${`${testid}-correct`} onClick=${() => setCorrecting(true)}>更正公示结果</button></div>`) : null}
  </div>`;
}

function TaskRow({ session, task, names, checklist, onChanged }) {
  const [open, setOpen] = useState(false);
  const mine = session.department && task.departments.includes(session.department);
  const myItems = task.items.filter((i) => i.department === session.department);
  const formUrl = `/forms/task/${task.id}${session.token ? `?token=${encodeURIComponent(session.token)}` : ''}`;
  return html`<tr data-testid=${`task-${task.id}`} class=${task.joint ? 'joint' : ''}>
    <td data-label="市场主体">${task.entity?.name ?? '—'}<br /><small class="muted">${task.creditCode} · 任务 ${task.id}</small></td>
    <td data-label="类型">${task.joint ? html`<${Badge} kind="ok">联合</${Badge}>` : html`<span class="muted">单部门</span>`}</td>
    <td data-label="牵头部门" data-testid="lead">${names[task.leadDepartment] ?? task.leadDepartment}</td>
    <td data-label="参与部门" data-testid="departments">${task.departments.map((d) => names[d] ?? d).join('、')}<br /><small class="muted">${task.items.length} 项事项</small></td>
    <td data-label="时间窗口" class="nowrap"><small>${task.windowStart}<br />至 ${task.windowEnd}</small></td>
    <td data-label="派发情况">${task.dispatch.length ? html`<${DispatchCell} parts=${task.dispatch} names=${names} />` : html`<span class="muted">未派发</span>`}</td>
    <td class="cell-actions"><a href=${formUrl} target="_blank" rel="noopener" data-testid=${`form-link-${task.id}`}>一企一表</a>
      ${mine && myItems.length ? html`<br /><button data-testid=${`results-${task.id}`} onClick=${() => setOpen(!open)}>${open ? '收起' : can.enterResults(session) ? '结果录入' : '结果'}</button>` : null}</td>
  </tr>
  ${open ? html`<tr class="detail"><td colspan="7">${myItems.map((item) => html`<${ResultForm} key=${item.code} session=${session} task=${task} item=${item} checklist=${checklist}
    existing=${task.results.find((r) => r.department === item.department && r.itemCode === item.code)} onSaved=${onChanged} />`)}</td></tr>` : null}`;
}

function DispatchSummary({ session, roundId, names, total, onDispatched }) {
  const status = useQuery(session, DISPATCH_STATUS, { r: roundId });
  const action = useAction(session);
  const [live, setLive] = useState(null);
  // A department's view shows its own part only.
  const rows = (status.data?.dispatchStatus ?? []).filter((r) => !session.department || r.department === session.department);
  const open = rows.reduce((n, r) => n + r.pending, 0);
  const short = rows.reduce((n, r) => n + r.understaffed, 0);
  const parts = rows.reduce((n, r) => n + r.matched + r.understaffed + r.pending, 0);
  const dispatch = async () => {
    // Dispatch takes seconds per department: poll the counts meanwhile to show done / total.
    let polling = true;
    const poll = async () => {
      while (polling) {
        const r = await gql(session, DISPATCH_STATUS, { r: roundId });
        const s = r.data?.dispatchStatus ?? [];
        if (polling) setLive({ done: s.reduce((n, x) => n + x.matched + x.understaffed, 0), total: s.reduce((n, x) => n + x.matched + x.understaffed + x.pending, 0) });
        await new Promise((ok) => setTimeout(ok, 800));
      }
    };
    poll();
    const ok = await action.run('mutation($r: ID!) { dispatchRound(roundId: $r) { department } }', { r: roundId });
    polling = false;
    setLive(null);
    if (ok) { status.reload(); onDispatched(); }
  };
  const label = rows.length && open === 0
    ? (short ? `已派发，其中人员不足 ${short} 项（需递补或调配人员）` : '已全部派发')
    : rows.some((r) => r.matched || r.understaffed) ? `重试待派（${open}）${short ? `，人员不足 ${short} 项` : ''}` : '派发：各部门随机匹配执法检查人员';
  return html`<div data-testid="dispatch-summary">
    <${Banners} errors=${[...status.errors, ...action.errors]} departments=${names} />
    ${status.loading && !status.data ? html`<${Loading} what="派发情况" />` : null}
    ${short ? html`<div class="banner" data-testid="understaffed">人员不足 ${short} 项：这些任务的部门没有足够的符合条件的执法检查人员（在岗、证件有效、无回避），需部门递补或调配人员后再派发。</div>` : null}
    <table class="compact"><thead><tr><th>部门</th><th class="num">已匹配</th><th class="num">人员不足</th><th class="num">待派</th></tr></thead>
      <tbody>${rows.map((r) => html`<tr data-testid=${`dispatch-row-${r.department}`}><td>${names[r.department] ?? r.department}</td><td class="num ok">${r.matched}</td><td class="num ${r.understaffed ? 'warn' : ''}">${r.understaffed}</td><td class="num">${r.pending}</td></tr>`)}</tbody></table>
    ${can.dispatch(session) ? html`<div class="actions"><button class="primary" data-testid="dispatch" disabled=${action.busy || (rows.length > 0 && open === 0)} onClick=${dispatch}>${label}</button></div>
      ${action.busy ? html`<${Progress} testid="dispatch-progress" label="正在派发：各部门随机匹配执法检查人员" done=${live?.done ?? 0} total=${live?.total || parts || total || 0} />` : null}` : null}
  </div>`;
}

/** Businesses drawn by two departments at once, per pair: where coordination means fewer visits (减少入企次数). */
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
  const short = all.reduce((n, t) => n + t.dispatch.filter((d) => d.status === 'UNDERSTAFFED' && (!session.department || d.department === session.department)).length, 0);
  const checklist = useChecklists(session, session.department ? [session.department] : []);
  const pages = Math.max(1, Math.ceil(list.length / PAGE));
  return html`<section>
    <h2>${can.dispatch(session) ? '跨部门重叠与联合检查任务' : '本部门检查任务与结果录入'}</h2>
    <${Banners} errors=${[...rounds.errors, ...tasks.errors]} departments=${names} />
    ${!drawn.length ? html`${rounds.loading ? html`<${Loading} what="轮次" />` : html`<p class="muted">还没有已抽取的轮次。</p>`}` : html`
      <div class="toolbar">
        <label>轮次 <select data-testid="task-round" value=${roundId ?? ''} onChange=${(e) => { setRoundId(e.target.value); setPage(0); }}>${drawn.map((r) => html`<option value=${r.id}>${r.name}</option>`)}</select></label>
        <label class="check"><input type="checkbox" data-testid="joint-only" checked=${jointOnly} onChange=${(e) => { setJointOnly(e.target.checked); setPage(0); }} />只看联合任务（一企一表）</label>
        <input type="search" data-testid="task-search" placeholder="企业名称或信用代码" value=${search} onInput=${(e) => { setSearch(e.target.value); setPage(0); }} />
        <span class="muted" data-testid="task-count">共 ${list.length} 项任务，其中联合 ${list.filter((t) => t.joint).length} 项</span>
        ${short ? html`<${Badge} kind="warn"><span data-testid="task-understaffed">人员不足 ${short} 项</span></${Badge}>` : null}
      </div>
      ${can.dispatch(session) ? html`<${Overlaps} tasks=${all} names=${names} />` : null}
      ${roundId ? html`<${DispatchSummary} key=${roundId} session=${session} roundId=${roundId} names=${names} total=${all.length} onDispatched=${tasks.reload} />` : null}
      ${tasks.loading && !tasks.data ? html`<${Loading} what="检查任务" />` : html`
        <table data-testid="tasks" class="stack"><thead><tr><th>市场主体</th><th>类型</th><th>牵头部门</th><th>参与部门</th><th>时间窗口</th><th>派发情况</th><th></th></tr></thead>
          <tbody>${shown.map((t) => html`<${TaskRow} key=${t.id} session=${session} task=${t} names=${names} checklist=${checklist.items} onChanged=${tasks.reload} />`)}</tbody></table>
        <div class="pager"><button disabled=${page === 0} onClick=${() => setPage(page - 1)}>上一页</button>
          <span class="muted">第 ${page + 1} / ${pages} 页</span><button disabled=${page + 1 >= pages} onClick=${() => setPage(page + 1)}>下一页</button></div>`}`}
  </section>`;
}
