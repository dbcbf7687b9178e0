// 结果与期限: results due within 20 working days of the visit, overdue and due soon, by department; and the
// results waiting for review or publication, for whoever may review them (department admin, joint office).
import { useState } from 'preact/hooks';
import { html, useQuery, useAction, useDepartmentNames, useChecklists, itemLabel, Banners, Loading, Badge, ConfirmButton, can, isOffice, DEADLINE_STATES, RESULT_STATES, CATEGORIES, FOLLOW_UPS } from '../lib.js';

const QUEUE = `{ results { id taskId department itemCode categories findings followUp inspectedOn dueDate state } }`;

function QueueRow({ session, r, names, checklist, onDone }) {
  const action = useAction(session);
  const [reason, setReason] = useState('');
  const run = async (query, vars) => (await action.run(query, { id: r.id, ...vars })) && onDone();
  return html`<tr data-testid=${`queue-${r.id}`}>
    <td data-label="任务">${r.taskId}</td><td data-label="部门 / 事项">${names[r.department] ?? r.department}<br /><small class="muted">${itemLabel(r, checklist)}</small></td>
    <td data-label="结果">${r.categories.map((c) => CATEGORIES[c] ?? c).join('；')}<br /><small class="muted">${FOLLOW_UPS[r.followUp] ?? r.followUp}${r.findings ? ` · ${r.findings}` : ''}</small></td>
    <td data-label="检查日期"><small>${r.inspectedOn}</small></td>
    <td data-label="状态"><${Badge} kind=${r.state === 'APPROVED' ? 'ok' : 'warn'}>${RESULT_STATES[r.state]}</${Badge}></td>
    <td class="cell-actions">
      ${r.state === 'SUBMITTED' ? html`<button class="primary" data-testid=${`queue-approve-${r.id}`} disabled=${action.busy} onClick=${() => run('mutation($id: ID!) { reviewResult(id: $id, approve: true) { id } }')}>审核通过</button>
        <input placeholder="退回理由" value=${reason} onInput=${(e) => setReason(e.target.value)} />
        <button disabled=${!reason.trim() || action.busy} onClick=${() => run('mutation($id: ID!, $why: String) { reviewResult(id: $id, approve: false, reason: $why) { id } }', { why: reason.trim() })}>退回</button>` : null}
      ${r.state === 'APPROVED' ? html`<${ConfirmButton} testid=${`queue-publish-${r.id}`} label="公示（一公开）" confirmLabel="确认公示" disabled=${action.busy} onConfirm=${() => run('mutation($id: ID!) { publishResult(id: $id) { version } }')}
        what="公示后结果将在“一公开”页面向社会公开（身份证号、电话自动隐去）；公示后只能以更正的方式修改，更正记录公开可查。" />` : null}
      <${Banners} errors=${action.errors} departments=${names} />
    </td></tr>`;
}

function ReviewQueue({ session, names }) {
  const q = useQuery(session, QUEUE);
  const rows = (q.data?.results ?? []).filter((r) => r.state === 'SUBMITTED' || r.state === 'APPROVED');
  const checklist = useChecklists(session, rows.map((r) => r.department));
  return html`<section data-testid="review-queue">
    <h2>待审核与待公示的结果（${rows.length}）</h2>
    <${Banners} errors=${q.errors} departments=${names} />
    ${rows.length ? html`<table class="stack"><thead><tr><th>任务</th><th>部门 / 事项</th><th>结果</th><th>检查日期</th><th>状态</th><th></th></tr></thead>
      <tbody>${rows.map((r) => html`<${QueueRow} key=${`${r.id}:${r.state}`} session=${session} r=${r} names=${names} checklist=${checklist.items} onDone=${q.reload} />`)}</tbody></table>`
      : q.loading ? html`<${Loading} what="待审核结果" />` : html`<p class="muted">没有等待审核或公示的结果。</p>`}
  </section>`;
}

const DEADLINES = `query($d: String) { resultDeadlines(department: $d) { taskId department creditCode entityName visitDate dueDate status remainingWorkdays openItems } }`;
const KIND = { OVERDUE: 'bad', DUE_SOON: 'warn', ON_TIME: '' };

export function DeadlinesPage({ session }) {
  const names = useDepartmentNames(session);
  const [showAll, setShowAll] = useState(false);
  const { loading, data, errors } = useQuery(session, DEADLINES, { d: isOffice(session) ? null : session.department });
  if (loading && !data) return html`<${Loading} what="录入期限" />`;
  const rows = data?.resultDeadlines ?? [];
  const by = new Map();
  for (const r of rows) {
    const s = by.get(r.department) ?? { overdue: 0, dueSoon: 0, onTime: 0, rows: [] };
    if (r.status === 'OVERDUE') s.overdue++;
    else if (r.status === 'DUE_SOON') s.dueSoon++;
    else s.onTime++;
    if (showAll || r.status !== 'ON_TIME') s.rows.push(r);
    by.set(r.department, s);
  }
  const departments = [...by.keys()].sort();
  return html`
    <${Banners} errors=${errors} departments=${names} />
    ${can.reviewResults(session) ? html`<${ReviewQueue} session=${session} names=${names} />` : null}
    <section>
      <h2>结果录入期限（检查后 20 个工作日）</h2>
      ${departments.length ? html`<table data-testid="deadline-summary" class="stack"><thead><tr><th>部门</th><th class="num">已逾期</th><th class="num">即将到期</th><th class="num">未到期</th></tr></thead>
        <tbody>${departments.map((d) => { const s = by.get(d); return html`<tr data-testid=${`deadline-${d}`}><td class="card-title">${names[d] ?? d}</td>
          <td class="num" data-label="已逾期">${s.overdue ? html`<span class="bad">${s.overdue}</span>` : 0}</td><td class="num" data-label="即将到期">${s.dueSoon ? html`<span class="warn">${s.dueSoon}</span>` : 0}</td><td class="num" data-label="未到期">${s.onTime}</td></tr>`; })}</tbody></table>`
        : html`<p class="muted">没有待录入的检查结果。</p>`}
      <p><label class="check"><input type="checkbox" checked=${showAll} onChange=${(e) => setShowAll(e.target.checked)} />也显示未到期的任务</label></p>
    </section>
    ${departments.filter((d) => by.get(d).rows.length).map((d) => html`<${DepartmentDeadlineList} key=${d} name=${names[d] ?? d} code=${d} rows=${by.get(d).rows} />`)}`;
}

const SHORT = 10;

function DepartmentDeadlineList({ name, code, rows }) {
  const [all, setAll] = useState(false);
  const sorted = [...rows].sort((a, b) => a.remainingWorkdays - b.remainingWorkdays);
  return html`<section data-testid=${`deadlines-${code}`}>
      <h2>${name} <small class="muted">${rows.length} 项，按剩余工作日排序</small></h2>
      <table class="stack"><thead><tr><th>任务</th><th>市场主体</th><th>检查日期</th><th>录入期限</th><th>状态</th><th class="num">剩余工作日</th><th class="num">未提交事项</th></tr></thead>
        <tbody>${(all ? sorted : sorted.slice(0, SHORT)).map((r) => html`<tr>
          <td data-label="任务">${r.taskId}</td><td data-label="市场主体">${r.entityName}<br /><small class="muted">${r.creditCode}</small></td><td data-label="检查日期">${r.visitDate}</td><td data-label="录入期限">${r.dueDate}</td>
          <td data-label="状态"><${Badge} kind=${KIND[r.status]}>${DEADLINE_STATES[r.status] ?? r.status}</${Badge}></td>
          <td data-label="剩余工作日" class="num ${r.remainingWorkdays < 0 ? 'bad' : ''}">${r.remainingWorkdays}</td><td data-label="未提交事项" class="num">${r.openItems}</td></tr>`)}</tbody></table>
      ${rows.length > SHORT ? html`<p><button onClick=${() => setAll(!all)}>${all ? '收起' : `显示全部 ${rows.length} 项`}</button></p>` : null}
    </section>`;
}
