// 总览 (joint office): county totals with the visits / department-draws / doors-saved chart, and per department
// its published items, items without a plan this year, plans by state, draws, joint share against the goal, deadlines.
import { useEffect, useState } from 'preact/hooks';
import { html, gql, useQuery, Banners, Loading, pct, currentYear, PLAN_STATES } from '../lib.js';
import { EXPLAIN } from '../messages.js';
import { CountyReports } from './io.js';
import { ConnectionStatus } from './status.js';

const OVERVIEW = `query($y: Int!) {
  departments { code name summary { publishedItems poolSize activeInspectors } }
  plans(filter: { year: $y }) { id department state }
  checklistCoverage(year: $y) { uncovered { department code } unavailableDepartments }
  drawRounds { id name state draws { planId } stats { visits departmentDraws doorsSaved jointTasks goal jointShare { department inspections joint } } }
  deadlineSummary { department overdue dueSoon }
}`;

const DISPATCH = `query($r: ID!) { dispatchStatus(roundId: $r) { department understaffed } }`;

/** 人员不足 per department over the drawn rounds (one small query per round; a year has a handful). */
function useUnderstaffed(session, roundIds) {
  const [by, setBy] = useState(null);
  const key = roundIds.join();
  useEffect(() => {
    let live = true;
    Promise.all(roundIds.map((r) => gql(session, DISPATCH, { r }))).then((rs) => {
      const m = new Map();
      for (const r of rs) for (const d of r.data?.dispatchStatus ?? []) m.set(d.department, (m.get(d.department) ?? 0) + d.understaffed);
      if (live) setBy(m);
    });
    return () => (live = false);
  }, [session?.token, key]);
  return by;
}

function Bars({ rows, max }) {
  return html`<table class="chart">${rows.map(([label, value, kind]) => html`<tr>
    <td class="label">${label}</td>
    <td><div class=${`bar ${kind ?? ''}`}><span style=${{ width: max ? pct(value / max) : 0 }}></span></div></td>
    <td class="num">${value}</td></tr>`)}</table>`;
}

export function Overview({ session }) {
  const year = currentYear();
  const { loading, data, errors } = useQuery(session, OVERVIEW, { y: year });
  const short = useUnderstaffed(session, (data?.drawRounds ?? []).filter((r) => r.state === 'DRAWN').map((r) => r.id));
  if (loading && !data) return html`<${Loading} what="总览" />`;
  const shortTotal = short ? [...short.values()].reduce((a, b) => a + b, 0) : null;
  const departments = data?.departments ?? [];
  const rounds = (data?.drawRounds ?? []).filter((r) => r.stats);
  const totals = rounds.reduce((t, r) => ({ visits: t.visits + r.stats.visits, draws: t.draws + r.stats.departmentDraws, saved: t.saved + r.stats.doorsSaved, joint: t.joint + r.stats.jointTasks }), { visits: 0, draws: 0, saved: 0, joint: 0 });
  // Joint share over the year: inspections and joint ones summed across rounds, not the last round's figure.
  const share = new Map();
  for (const r of rounds) for (const s of r.stats.jointShare) {
    const t = share.get(s.department) ?? { inspections: 0, joint: 0 };
    share.set(s.department, { inspections: t.inspections + s.inspections, joint: t.joint + s.joint });
  }
  for (const t of share.values()) t.share = t.inspections ? t.joint / t.inspections : 0;
  const overdue = new Map((data?.deadlineSummary ?? []).map((d) => [d.department, d]));
  const goal = rounds[0]?.stats.goal ?? 0.1;
  const plans = data?.plans ?? [];
  const planDept = new Map(plans.map((p) => [p.id, p.department]));
  const drawsBy = new Map();
  for (const r of data?.drawRounds ?? []) for (const d of r.draws) drawsBy.set(planDept.get(d.planId), (drawsBy.get(planDept.get(d.planId)) ?? 0) + 1);
  const coverage = data?.checklistCoverage;
  const uncovered = (code) => (coverage && !coverage.unavailableDepartments.includes(code) ? coverage.uncovered.filter((u) => u.department === code).length : null);
  const planStates = (code) => {
    const counts = {};
    for (const p of plans) if (p.department === code) counts[p.state] = (counts[p.state] ?? 0) + 1;
    return Object.entries(counts);
  };
  const dash = html`<span class="muted">—</span>`;
  return html`
    <${Banners} errors=${errors} departments=${departments} />
    <${CountyReports} session=${session} />
    <${ConnectionStatus} session=${session} />
    <section>
      <h2>全县汇总（${year}年）</h2>
      <div class="cards" data-testid="totals">
        <div class="card"><span class="muted">成员单位</span><b data-testid="total-departments">${departments.length}</b></div>
        <div class="card"><span class="muted">抽查计划</span><b data-testid="total-plans">${plans.length}</b></div>
        <div class="card"><span class="muted">部门抽取户次</span><b data-testid="total-draws">${totals.draws}</b></div>
        <div class="card"><span class="muted">实际上门</span><b data-testid="total-visits">${totals.visits}</b></div>
        <div class="card" title=${EXPLAIN.doorsSaved}><span class="muted">减少入企次数</span><b data-testid="total-saved" class="ok">${totals.saved}</b></div>
        <div class="card"><span class="muted">联合检查任务</span><b data-testid="total-joint">${totals.joint}</b></div>
        <div class="card" title="已派发但部门没有足够符合条件的执法检查人员的任务部分，需递补或调配人员"><span class="muted">派发人员不足</span><b data-testid="total-understaffed" class=${shortTotal ? 'warn' : ''}>${shortTotal ?? '…'}</b></div>
      </div>
      ${totals.draws
        ? html`<h3>上门次数与部门抽取户次</h3>
          <${Bars} max=${totals.draws} rows=${[['部门抽取户次（各自检查时的上门次数）', totals.draws], ['实际上门（联合后）', totals.visits], ['减少入企次数', totals.saved, 'saved']]} />
          ${rounds.length > 1 ? html`<h3>各轮次</h3><table class="chart">${rounds.map((r) => html`<tr><td class="label">${r.name}</td>
            <td><div class="bar stacked"><span style=${{ width: pct(r.stats.visits / totals.draws) }}></span><span class="saved" style=${{ left: pct(r.stats.visits / totals.draws), width: pct(r.stats.doorsSaved / totals.draws) }}></span></div></td>
            <td class="num">上门 ${r.stats.visits} · 减少入企 ${r.stats.doorsSaved}</td></tr>`)}</table>` : null}`
        : html`<p class="muted">尚无已抽取的轮次。</p>`}
    </section>
    <section>
      <h2>各部门</h2>
      <table data-testid="department-table" class="stack">
        <thead><tr><th>部门</th><th class="num">已发布事项</th><th class="num">本年未计划事项</th><th>计划</th><th class="num">抽取记录</th><th class="num">检查对象</th><th class="num">在岗执法人员</th><th>联合检查占比（目标 ${pct(goal)}）</th><th class="num">派发人员不足</th><th class="num">逾期结果</th><th class="num">即将到期</th></tr></thead>
        <tbody>
          ${departments.map((d) => {
            const s = share.get(d.code);
            const o = overdue.get(d.code);
            const u = uncovered(d.code);
            return html`<tr data-testid=${`dept-${d.code}`}>
              <td class="card-title">${d.name}</td>
              <td class="num" data-label="已发布事项">${d.summary?.publishedItems ?? dash}</td>
              <td class="num" data-label="本年未计划事项" data-testid=${`uncovered-${d.code}`}>${u === null ? dash : u ? html`<span class="warn">${u}</span>` : 0}</td>
              <td data-label="计划">${planStates(d.code).map(([state, n]) => html`<span class="chip">${PLAN_STATES[state]} ${n}</span>`)}</td>
              <td class="num" data-label="抽取记录">${drawsBy.get(d.code) ?? 0}</td>
              <td class="num" data-label="检查对象">${d.summary?.poolSize ?? dash}</td>
              <td class="num" data-label="在岗执法人员">${d.summary?.activeInspectors ?? dash}</td>
              <td data-label="联合检查占比">${s ? html`<div class="bar"><span style=${{ width: pct(Math.min(1, s.share)) }}></span><i class="goal" style=${{ left: pct(goal) }}></i></div>
                <span class=${s.share >= goal ? 'ok' : 'bad'}>${pct(s.share)}</span>` : dash}</td>
              <td class="num" data-label="派发人员不足" data-testid=${`understaffed-${d.code}`}>${short === null ? dash : short.get(d.code) ? html`<span class="warn">${short.get(d.code)}</span>` : 0}</td>
              <td class="num" data-label="逾期结果">${o?.overdue ? html`<span class="bad">${o.overdue}</span>` : 0}</td>
              <td class="num" data-label="即将到期">${o?.dueSoon ? html`<span class="warn">${o.dueSoon}</span>` : 0}</td>
            </tr>`;
          })}
        </tbody>
      </table>
    </section>`;
}
