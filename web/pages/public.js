// 一公开: published results searchable by business name or USCC (masked, with correction history), and every
// draw record with its verification, and the audit chain's head for anyone to note down.
import { useState } from 'preact/hooks';
import { html, useQuery, useDepartmentNames, useChecklists, itemLabel, Banners, Loading, AuditHeadCard, CATEGORIES, FOLLOW_UPS } from '../lib.js';

const PUBLIC_RESULTS = `query($s: String) { publishedResults(search: $s) { corrected
  current { id version entityName creditCode department itemCode categories findings followUp inspectors inspectedOn correctionReason publishedAt }
  history { version correctionReason approvedBy publishedAt } } }`;
const PUBLIC_DRAWS = `{ drawRounds { id name state seedCommitment seed plans { id title } draws { id planId seq poolHash verification { ok reason } } } }`;

export function PublicPage({ session }) {
  const names = useDepartmentNames(session);
  const [search, setSearch] = useState('');
  const [applied, setApplied] = useState('');
  const results = useQuery(session, PUBLIC_RESULTS, { s: applied || null });
  const draws = useQuery(session, PUBLIC_DRAWS);
  const found = results.data?.publishedResults ?? [];
  const checklist = useChecklists(session, found.map((p) => p.current.department));
  return html`
    <section>
      <h2>抽查结果公示</h2>
      <form class="search" onSubmit=${(e) => { e.preventDefault(); setApplied(search.trim()); }}>
        <input type="search" data-testid="public-search" placeholder="企业名称或统一社会信用代码" value=${search} onInput=${(e) => setSearch(e.target.value)} />
        <button type="submit">搜索</button>
      </form>
      <${Banners} errors=${results.errors} departments=${names} />
      ${results.loading ? html`<${Loading} what="公示结果" />` : null}
      <table data-testid="public-results" class="stack">
        <thead><tr><th>企业</th><th>部门 / 事项</th><th>检查结果</th><th>检查发现</th><th>后续处理</th><th>检查人员</th><th>日期</th></tr></thead>
        <tbody>${found.map(({ corrected, current: r, history }) => html`<tr>
          <td class="card-title">${r.entityName}<br /><small class="muted">${r.creditCode}</small></td>
          <td data-label="部门 / 事项">${names[r.department] ?? r.department}<br /><small class="muted">${itemLabel({ department: r.department, code: r.itemCode }, checklist.items)}</small></td>
          <td data-label="检查结果">${r.categories.map((c) => CATEGORIES[c] ?? c).join('；')}
            ${corrected ? html`<details class="history" data-testid="corrected"><summary class="warn">已更正（现为第${r.version}版）</summary>
              <ol>${history.map((v) => html`<li>第${v.version}版 ${v.publishedAt.slice(0, 10)}${v.correctionReason ? `：${v.correctionReason}` : '：首次公示'}（${v.approvedBy}）</li>`)}</ol></details>` : null}</td>
          <td data-label="检查发现">${r.findings || html`<span class="muted">—</span>`}</td><td data-label="后续处理">${FOLLOW_UPS[r.followUp] ?? r.followUp}</td><td data-label="检查人员">${r.inspectors.join('、')}</td><td data-label="检查日期">${r.inspectedOn}</td>
        </tr>`)}</tbody>
      </table>
      ${results.data && !found.length ? html`<p class="muted">${applied ? `没有找到“${applied}”的公示结果。` : '尚无公示结果。'}</p>` : null}
    </section>
    <section>
      <h2>抽取记录（任何人可用公开输入复核，详见“摇号记录”）</h2>
      ${draws.loading && !draws.data ? html`<${Loading} what="抽取记录" />` : null}
      <table data-testid="public-draws" class="stack"><thead><tr><th>轮次</th><th>种子承诺值</th><th>抽取记录</th></tr></thead>
        <tbody>${(draws.data?.drawRounds ?? []).map((r) => html`<tr>
          <td>${r.name}</td>
          <td><small><code>${r.seedCommitment ?? '—'}</code></small></td>
          <td>${r.draws.length ? r.draws.map((d) => html`<div>记录 #${d.id}（${r.plans.find((p) => p.id === d.planId)?.title ?? `计划 ${d.planId}`}${d.seq > 1 ? `，第${d.seq}次` : ''}）：${d.verification.ok ? html`<span class="ok" data-testid="verified">验证通过</span>` : html`<span class="bad">不一致：${d.verification.reason}</span>`}</div>`) : html`<span class="muted">尚未抽取</span>`}</td>
        </tr>`)}</tbody></table>
    </section>
    <${AuditHeadCard} session=${session} />`;
}
