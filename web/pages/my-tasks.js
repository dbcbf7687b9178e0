// 我的任务 (执法检查人员): only the tasks she is dispatched to, newest first, as cards that fit a phone —
// business, address, window, items with names, the team — and the result entry for her department's items.
import { useState } from 'preact/hooks';
import { html, useQuery, usePager, Pager, useDepartmentNames, useChecklists, itemLabel, Banners, Loading, Badge, RESULT_STATES } from '../lib.js';
import { ResultForm } from './tasks.js';

const PAGE = 10;
const MY_TASKS = `query($first: Int, $after: String) { myTasks(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor }
  edges { node { id roundId creditCode joint leadDepartment departments items { department code } windowStart windowEnd
    entity { name address }
    dispatch { department status inspectors { name certificateNumber role status } }
    results { id department itemCode categories findings followUp inspectedOn dueDate state returnReason } } } } }`;

function TaskCard({ session, task, names, checklist, onChanged }) {
  const [open, setOpen] = useState(false);
  const mine = task.items.filter((i) => i.department === session.department);
  const team = task.dispatch.flatMap((d) => d.inspectors.filter((i) => i.status === 'ACTIVE').map((i) => ({ ...i, department: d.department })));
  const result = (item) => task.results.find((r) => r.department === item.department && r.itemCode === item.code);
  const done = mine.filter((i) => ['SUBMITTED', 'APPROVED', 'PUBLISHED'].includes(result(i)?.state)).length;
  const formUrl = `/forms/task/${task.id}?token=${encodeURIComponent(session.token)}`;
  return html`<article class="task-card" data-testid=${`my-task-${task.id}`}>
    <h3>${task.entity?.name ?? task.creditCode} ${task.joint ? html`<${Badge} kind="ok">联合检查</${Badge}>` : null}</h3>
    <dl>
      <dt>地址</dt><dd>${task.entity?.address || '—'}</dd>
      <dt>信用代码</dt><dd>${task.creditCode}</dd>
      <dt>检查时间</dt><dd>${task.windowStart} 至 ${task.windowEnd}</dd>
      <dt>检查事项</dt><dd><ul class="plain">${task.items.map((i) => html`<li>${itemLabel(i, checklist)}${i.department === session.department ? '' : html` <small class="muted">（${names[i.department] ?? i.department}）</small>`}
        ${i.department === session.department && result(i) ? html` <${Badge}>${RESULT_STATES[result(i).state]}</${Badge}>` : null}</li>`)}</ul></dd>
      <dt>检查组</dt><dd data-testid="team">${team.map((i) => html`<span class="chip">${i.name}${i.role === 'LEADER' ? '（组长）' : ''} · ${names[i.department] ?? i.department}</span>`)}</dd>
    </dl>
    <div class="actions">
      <button class="primary" data-testid=${`my-results-${task.id}`} onClick=${() => setOpen(!open)}>${open ? '收起' : `结果录入（${done} / ${mine.length} 项已提交）`}</button>
      <a class="button" href=${formUrl} target="_blank" rel="noopener">一企一表</a>
    </div>
    ${open ? mine.map((item) => html`<${ResultForm} key=${item.code} session=${session} task=${task} item=${item} checklist=${checklist} existing=${result(item)} onSaved=${onChanged} />`) : null}
  </article>`;
}

export function MyTasksPage({ session }) {
  const names = useDepartmentNames(session);
  const pager = usePager();
  const q = useQuery(session, MY_TASKS, { first: PAGE, after: pager.after });
  const conn = q.data?.myTasks;
  const tasks = (conn?.edges ?? []).map((e) => e.node);
  const checklist = useChecklists(session, tasks.flatMap((t) => t.departments));
  return html`<section>
    <h2>我的检查任务${conn ? `（${conn.totalCount}）` : ''}</h2>
    <p class="muted"><small>只列出您被随机选派（且未被递补替换）的任务；结果只能由被选派的检查人员录入（谁检查、谁录入）。</small></p>
    <${Banners} errors=${q.errors} departments=${names} />
    ${q.loading && !q.data ? html`<${Loading} what="我的任务" />` : tasks.length
      ? html`<div class="task-cards" data-testid="my-tasks">${tasks.map((t) => html`<${TaskCard} key=${t.id} session=${session} task=${t} names=${names} checklist=${checklist.items} onChanged=${q.reload} />`)}</div>
        <${Pager} pager=${pager} pageInfo=${conn.pageInfo} totalCount=${conn.totalCount} size=${PAGE} testid="my-tasks-pager" />`
      : conn ? html`<p class="muted" data-testid="my-tasks-empty">目前没有派给您的检查任务。任务在摇号抽取并派发后出现在这里。</p>` : null}
  </section>`;
}
