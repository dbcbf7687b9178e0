// 摇号轮次 (joint office; anyone may read and verify): open a round over approved plans, then commit → snapshot →
// reveal → draw, each a button; every draw shows its public inputs and can be recomputed in this browser.
import { useState } from 'preact/hooks';
import { html, useQuery, useAction, useDepartmentNames, gql, Banners, Loading, Badge, ConfirmButton, AuditHeadCard, can, pct, currentYear, ROUND_STATES, CREDIT_CLASSES } from '../lib.js';
import { EXPLAIN, errorText } from '../messages.js';
import { browserCanVerify, verifyDrawInBrowser } from '../verify.js';

const ROUNDS = `{ drawRounds { id name year mode startPoint state seedSource seedCommitment seedDescription seed planIds createdAt
  plans { id title department ratios { A B C D } }
  snapshots { planId poolHash size }
  draws { id planId seq ordinal reason recordHash poolHash selected exclusions { creditCode reasonText note } }
  stats { visits entities departmentDraws doorsSaved jointTasks }
  modeComparison { mode visits doorsSaved } } }`;
const APPROVED = `{ plans(filter: { states: [APPROVED] }) { id title department year windowStart windowEnd } }`;
const STEPS = ['OPEN', 'COMMITTED', 'SNAPSHOT_TAKEN', 'REVEALED', 'DRAWN'];
const MODES = { COORDINATED: '协调抽样（共用随机数，一次上门查多项）', INDEPENDENT: '独立抽样（各计划各自加盐）' };

function quarterName() {
  const d = new Date();
  return `${d.getFullYear()}-Q${Math.floor(d.getMonth() / 3) + 1}`;
}

function OpenRound({ session, busyPlans, onOpened }) {
  const names = useDepartmentNames(session);
  const approved = useQuery(session, APPROVED);
  const action = useAction(session);
  const [name, setName] = useState(quarterName());
  const [mode, setMode] = useState('COORDINATED');
  const [chosen, setChosen] = useState(null);
  // A plan already in a round that is not drawn yet cannot join another one. (Mounted once the rounds are
  // known, and remounted when a round changes state, so this list is never stale.)
  const plans = (approved.data?.plans ?? []).filter((p) => !busyPlans.has(p.id));
  const ids = chosen ?? plans.map((p) => p.id);
  const toggle = (id) => setChosen(ids.includes(id) ? ids.filter((x) => x !== id) : [...ids, id]);
  const open = async () => {
    const year = Number(/^(\d{4})/.exec(name)?.[1] ?? currentYear());
    const r = await action.run('mutation($n: String!, $y: Int!, $p: [ID!]!, $m: DrawMode) { openDrawRound(name: $n, year: $y, planIds: $p, mode: $m) { id } }', { n: name.trim(), y: year, p: ids, m: mode });
    if (r) onOpened();
  };
  return html`<section data-testid="open-round">
    <h2>开启摇号轮次</h2>
    <${Banners} errors=${[...approved.errors, ...action.errors]} />
    ${plans.length ? html`
      <div class="form-grid">
        <label>轮次名称（如 2026-Q3，季度决定起始点）<input data-testid="round-name" value=${name} onInput=${(e) => setName(e.target.value)} /></label>
        <label title=${EXPLAIN[mode]}>抽样方式<select value=${mode} onChange=${(e) => setMode(e.target.value)}>${Object.entries(MODES).map(([k, v]) => html`<option value=${k}>${v}</option>`)}</select></label>
      </div>
      <h3>纳入本轮的已批准计划</h3>
      <div class="checks">${plans.map((p) => html`<label class="check"><input type="checkbox" data-testid=${`round-plan-${p.id}`} checked=${ids.includes(p.id)} onChange=${() => toggle(p.id)} />
        #${p.id} ${p.title} <small class="muted">${names[p.department] ?? p.department} · ${p.windowStart} 至 ${p.windowEnd}</small></label>`)}</div>
      <div class="actions"><button class="primary" data-testid="round-open" disabled=${!ids.length || !name.trim() || action.busy} onClick=${open}>开启轮次（${ids.length} 份计划）</button></div>`
      : html`<p class="muted">${approved.loading ? '加载中…' : '没有已批准、尚未抽取的计划。请先在“计划审查”中批准计划。'}</p>`}
  </section>`;
}

function Stepper({ state }) {
  const at = STEPS.indexOf(state);
  // Reached states are done; the next one is what the button below does.
  return html`<ol class="stepper">${STEPS.map((s, i) => html`<li class=${i <= at ? 'done' : i === at + 1 ? 'current' : ''}>${ROUND_STATES[s]}</li>`)}</ol>`;
}

function NextStep({ session, round, onDone }) {
  const action = useAction(session);
  const [source, setSource] = useState('GENERATED');
  const [description, setDescription] = useState('');
  const [seed, setSeed] = useState('');
  const step = async (query, vars) => (await action.run(query, { r: round.id, ...vars })) && onDone();
  let control = null;
  if (round.state === 'OPEN') {
    control = html`<select data-testid="seed-source" value=${source} onChange=${(e) => setSource(e.target.value)}><option value="GENERATED">系统生成种子（揭示前密封）</option><option value="EXTERNAL">外部公开种子（如福彩开奖号码）</option></select>
      ${source === 'EXTERNAL' ? html`<input placeholder="来源说明，如 2026-07-01 福彩3D开奖号码" value=${description} onInput=${(e) => setDescription(e.target.value)} />` : null}
      <button class="primary" data-testid="step-commit" disabled=${action.busy || (source === 'EXTERNAL' && !description.trim())}
        onClick=${() => step('mutation($r: ID!, $s: SeedSource!, $d: String) { commitSeed(roundId: $r, source: $s, description: $d) { id } }', { s: source, d: description.trim() || null })}>第一步：承诺种子</button>`;
  } else if (round.state === 'COMMITTED') {
    control = html`<button class="primary" data-testid="step-snapshot" disabled=${action.busy} onClick=${() => step('mutation($r: ID!) { snapshotPools(roundId: $r) { id } }')}>第二步：冻结名录快照</button>`;
  } else if (round.state === 'SNAPSHOT_TAKEN') {
    control = html`${round.seedSource === 'EXTERNAL' ? html`<input data-testid="external-seed" placeholder="公布的外部种子" value=${seed} onInput=${(e) => setSeed(e.target.value)} />` : null}
      <${ConfirmButton} testid="step-reveal" label="第三步：揭示种子" confirmLabel="确认揭示" disabled=${action.busy || (round.seedSource === 'EXTERNAL' && !seed.trim())}
        onConfirm=${() => step('mutation($r: ID!, $s: String) { revealSeed(roundId: $r, seed: $s) { id } }', { s: seed.trim() || null })}
        what="揭示后种子向社会公开，任何人可核对它与承诺值一致；揭示不可撤销，此后只能用这个种子抽取。" />`;
  } else if (round.state === 'REVEALED') {
    control = html`<${ConfirmButton} testid="step-draw" label="第四步：抽取并锁定，生成任务" confirmLabel="确认抽取并锁定" disabled=${action.busy} onConfirm=${() => step('mutation($r: ID!) { drawAndLock(roundId: $r) { id } }')}
      what=${`将用已揭示的种子对本轮 ${round.planIds.length} 份计划抽取检查对象并锁定，生成检查任务；结果公开、不可撤销，只能以写明原因的“重新抽取”另行记录。`} />`;
  }
  if (!control) return null;
  return html`<div class="actions">${control}${action.busy ? html`<span class="muted">处理中…</span>` : null}</div><${Banners} errors=${action.errors} />`;
}

function DrawRow({ session, round, draw, plan, snapshot, onChanged }) {
  const [record, setRecord] = useState(null);
  const [result, setResult] = useState(null);
  const [busy, setBusy] = useState(false);
  const [redraw, setRedraw] = useState(false);
  const action = useAction(session);
  const fetchRecord = async () => {
    if (record) return record;
    const r = await gql(session, 'query($id: ID!) { draw(id: $id) { exportJson } }', { id: draw.id });
    if (!r.data?.draw) throw new Error(r.errors.length ? errorText(r.errors[0]) : '无法读取抽取记录');
    const rec = JSON.parse(r.data.draw.exportJson);
    setRecord(rec);
    return rec;
  };
  const verify = async (where) => {
    setBusy(true);
    setResult(null);
    try {
      // Anchors: the pool hash published when the snapshot was frozen, the record hash locked on the audit chain.
      if (where === 'browser') setResult({ where, ...(await verifyDrawInBrowser(await fetchRecord(), { poolHash: snapshot?.poolHash, recordHash: draw.recordHash })) });
      else {
        const r = await gql(session, 'query($id: ID!) { draw(id: $id) { verification { ok reason firstDifference } } }', { id: draw.id });
        const v = r.data?.draw?.verification;
        setResult(v ? { where, ok: v.ok, reason: v.reason, detail: v.firstDifference ? `第一处不一致：${v.firstDifference}` : '服务端用公开输入重新计算，与记录一致' } : { where, ok: false, reason: r.errors.length ? errorText(r.errors[0]) : '服务端未返回核验结果' });
      }
    } catch (e) {
      setResult({ where, ok: false, reason: e.message });
    }
    setBusy(false);
  };
  const download = async () => {
    const rec = await fetchRecord();
    const a = document.createElement('a');
    a.href = URL.createObjectURL(new Blob([JSON.stringify(rec, null, 2)], { type: 'application/json' }));
    a.download = `draw-${draw.id}.json`;
    a.click();
  };
  const ratios = plan?.ratios ?? record?.ratios ?? {};
  return html`<tr data-testid=${`draw-${draw.id}`}>
    <td>#${draw.id}${draw.seq > 1 ? html`<br /><small class="warn">第 ${draw.ordinal} 次重新抽取：${draw.reason}</small>` : null}
      ${draw.exclusions.length ? html`<details class="exclusions"><summary><small>排除 ${draw.exclusions.length} 家（公开）</small></summary>
        <ul>${draw.exclusions.map((x) => html`<li><small><code>${x.creditCode}</code> ${x.reasonText}${x.note ? `：${x.note}` : ''}</small></li>`)}</ul></details>` : null}</td>
    <td>${plan ? html`${plan.title}<br /><small class="muted">计划 #${plan.id}</small>` : `计划 #${draw.planId}`}</td>
    <td class="inputs"><small>
      名录 ${snapshot?.size ?? '—'} 户，哈希 <code title=${draw.poolHash}>${draw.poolHash.slice(0, 16)}…</code><br />
      比例 ${CREDIT_CLASSES.filter((c) => ratios[c] != null).map((c) => `${c} ${pct(ratios[c])}`).join(' · ')}；<span title=${EXPLAIN.startPoint}>起始点 ${round.startPoint}</span>；<span title=${EXPLAIN[round.mode]}>${round.mode === 'COORDINATED' ? '协调' : '独立'}抽样</span><br />
      ${record ? html`算法 ${record.algorithmVersion}${record.planSalt ? `；盐值 ${record.planSalt}` : ''}` : null}
    </small></td>
    <td class="num">${draw.selected.length}</td>
    <td class="cell-actions">
      <button data-testid=${`verify-browser-${draw.id}`} disabled=${busy || !browserCanVerify()} title=${browserCanVerify() ? '' : '本页面不是安全上下文（https 或 localhost），浏览器不提供 SHA-256'} onClick=${() => verify('browser')}>在浏览器中验证</button>
      <button data-testid=${`verify-api-${draw.id}`} disabled=${busy} onClick=${() => verify('api')}>服务端验证</button>
      <button onClick=${download}>下载公开记录</button>
      ${can.runRounds(session) && !redraw ? html`<button data-testid=${`redraw-open-${draw.id}`} onClick=${() => setRedraw(true)}>重新抽取</button>` : null}
      ${busy ? html`<div class="muted">计算中…</div>` : null}
      ${result ? html`<div data-testid=${`verify-result-${draw.id}`} class=${result.ok ? 'ok' : 'bad'}><b>${result.ok ? '验证通过' : '不一致'}</b>（${result.where === 'browser' ? '浏览器 Web Crypto' : '服务端'}）
        <br /><small>${result.ok ? result.detail : [result.reason, result.detail].filter(Boolean).join('：')}</small></div>` : null}
      ${redraw ? html`<${RedrawForm} session=${session} round=${round} draw=${draw} onClose=${() => setRedraw(false)} onDone=${onChanged} />` : null}
      <${Banners} errors=${action.errors} />
    </td>
  </tr>`;
}

const EXCLUSION_REASONS = {
  DEREGISTERED: '已注销或被吊销营业执照',
  CLOSED: '已歇业、停业或迁出本辖区',
  OUT_OF_SCOPE: '经核实不属于本计划的抽查范围',
  RECUSAL: '本部门与该市场主体有利害关系，须整体回避',
  OTHER: '其他情况（须写明）',
};

/**
 * 重新抽取: businesses leave the frozen snapshot, each with a published reason; the same seed draws again, so
 * nobody chooses who comes in. Only the listed businesses' tasks change.
 */
function RedrawForm({ session, round, draw, onClose, onDone }) {
  const action = useAction(session);
  const [rows, setRows] = useState([{ creditCode: '', reason: 'DEREGISTERED', note: '' }]);
  const [why, setWhy] = useState('');
  const [done, setDone] = useState(null);
  const set = (i, patch) => setRows(rows.map((r, k) => (k === i ? { ...r, ...patch } : r)));
  const filled = rows.filter((r) => r.creditCode.trim());
  const ready = why.trim() && filled.length && filled.every((r) => r.reason !== 'OTHER' || r.note.trim());
  const submit = async () => {
    const r = await action.run(
      'mutation($r: ID!, $p: ID!, $why: String!, $x: [ExclusionInput!]!) { redrawPlan(roundId: $r, planId: $p, reason: $why, exclusions: $x) { id selected } }',
      { r: round.id, p: draw.planId, why: why.trim(), x: filled.map((x) => ({ creditCode: x.creditCode.trim(), reason: x.reason, ...(x.note.trim() ? { note: x.note.trim() } : {}) })) },
    );
    if (!r) return;
    const now = new Set(r.redrawPlan.selected);
    const left = draw.selected.filter((c) => !now.has(c)).length;
    const came = r.redrawPlan.selected.filter((c) => !draw.selected.includes(c)).length;
    setDone(`已重新抽取：离开 ${left} 家，递补 ${came} 家；其余 ${draw.selected.length - left} 家不变。`);
    onDone();
  };
  if (done) return html`<div class="ok" data-testid="redraw-done">${done} <button onClick=${onClose}>关闭</button></div>`;
  return html`<div class="redraw-form" data-testid=${`redraw-form-${draw.id}`}>
    <p class="muted"><small>只能排除本计划冻结名录中的市场主体，每家写明原因；原记录保留，新记录引用原记录。</small></p>
    ${rows.map((r, i) => html`<div class="redraw-row">
      <input list=${`selected-${draw.id}`} data-testid=${`redraw-code-${draw.id}-${i}`} placeholder="统一社会信用代码" maxlength="18" value=${r.creditCode} onInput=${(e) => set(i, { creditCode: e.target.value })} />
      <select value=${r.reason} onChange=${(e) => set(i, { reason: e.target.value })}>
        ${Object.entries(EXCLUSION_REASONS).map(([k, v]) => html`<option value=${k}>${v}</option>`)}
      </select>
      ${r.reason === 'OTHER' ? html`<input placeholder="写明情况（公开）" maxlength="200" value=${r.note} onInput=${(e) => set(i, { note: e.target.value })} />` : null}
    </div>`)}
    <datalist id=${`selected-${draw.id}`}>${draw.selected.map((c) => html`<option value=${c} />`)}</datalist>
    <button onClick=${() => setRows([...rows, { creditCode: '', reason: 'DEREGISTERED', note: '' }])}>再排除一家</button>
    <input data-testid=${`redraw-why-${draw.id}`} placeholder="重新抽取的原因（必填，公开）" maxlength="500" value=${why} onInput=${(e) => setWhy(e.target.value)} />
    <${ConfirmButton} testid=${`redraw-${draw.id}`} label="重新抽取" confirmLabel="确认重新抽取" disabled=${!ready || action.busy} onConfirm=${submit}
      what=${`将从本计划冻结的名录中排除 ${filled.length} 家市场主体（原因随抽取记录公开），用同一种子重新抽取。其余抽中对象及其任务、派发和结果都不变；空出的名额按原随机顺序由下一家递补，任何人都不能挑选。此操作写入审计链，不能撤销。`} />
    <button onClick=${onClose}>取消</button>
    <${Banners} errors=${action.errors} />
  </div>`;
}

function RoundCard({ session, round, onChanged, onTasks }) {
  const plans = new Map(round.plans.map((p) => [p.id, p]));
  const snapshots = new Map(round.snapshots.map((s) => [s.planId, s]));
  const s = round.stats;
  return html`<section data-testid=${`round-${round.id}`} class="round">
    <h2>${round.name} <small class="muted">第 ${round.id} 轮 · ${round.planIds.length} 份计划 · <span title=${EXPLAIN[round.mode]}>${round.mode === 'COORDINATED' ? '协调抽样' : '独立抽样'}</span> · <span title=${EXPLAIN.startPoint}>起始点 ${round.startPoint}</span></small></h2>
    <p class="muted explain"><small>${EXPLAIN[round.mode]} ${EXPLAIN.startPoint}</small></p>
    <${Stepper} state=${round.state} />
    <dl class="seed">
      <dt>种子承诺值 SHA-256(seed)</dt><dd><code data-testid="commitment">${round.seedCommitment ?? (round.seedSource === 'EXTERNAL' ? `外部种子（${round.seedDescription}），揭示时计算` : '尚未承诺')}</code></dd>
      ${round.seedDescription ? html`<dt>种子来源</dt><dd>${round.seedDescription}</dd>` : null}
      <dt>种子</dt><dd><code data-testid="seed">${round.seed ?? '揭示前保密'}</code></dd>
      ${round.snapshots.length ? html`<dt>名录快照</dt><dd>${round.snapshots.length} / ${round.planIds.length} 份计划已冻结，共 ${round.snapshots.reduce((n, x) => n + x.size, 0)} 户</dd>` : null}
    </dl>
    ${can.runRounds(session) ? html`<${NextStep} session=${session} round=${round} onDone=${onChanged} />` : null}
    ${s ? html`<div class="cards small" data-testid="round-stats">
      <div class="card"><span class="muted">部门抽取户次</span><b>${s.departmentDraws}</b></div>
      <div class="card"><span class="muted">实际上门</span><b>${s.visits}</b></div>
      <div class="card" title=${EXPLAIN.doorsSaved}><span class="muted">减少入企次数</span><b class="ok">${s.doorsSaved}</b></div>
      <div class="card"><span class="muted">联合检查任务</span><b data-testid="round-joint">${s.jointTasks}</b></div>
      ${(round.modeComparison ?? []).filter((m) => m.mode !== round.mode).map((m) => html`<div class="card"><span class="muted">若${m.mode === 'COORDINATED' ? '协调' : '独立'}抽样：上门</span><b class="muted">${m.visits}</b></div>`)}
    </div>
    ${onTasks ? html`<p><button data-testid=${`round-tasks-${round.id}`} onClick=${() => onTasks(round.id)}>查看本轮检查任务 →</button></p>` : null}` : null}
    ${round.draws.length ? html`<h3>抽取记录（公开输入，可独立复核）</h3>
      <table data-testid="draws" class="stack"><thead><tr><th>记录</th><th>计划</th><th>公开输入</th><th class="num">抽中</th><th>核验</th></tr></thead>
      <tbody>${round.draws.map((d) => html`<${DrawRow} key=${d.id} session=${session} round=${round} draw=${d} plan=${plans.get(d.planId)} snapshot=${snapshots.get(d.planId)} onChanged=${onChanged} />`)}</tbody></table>` : null}
  </section>`;
}

export function RoundsPage({ session, go }) {
  const rounds = useQuery(session, ROUNDS);
  const list = [...(rounds.data?.drawRounds ?? [])].reverse();
  // The head card remounts whenever a round moves on, so it shows the head after that step.
  const headKey = list.map((r) => `${r.state}/${r.draws.length}`).join();
  return html`
    ${can.runRounds(session) && rounds.data ? html`<${OpenRound} key=${list.map((r) => r.state).join()} session=${session} onOpened=${rounds.reload}
      busyPlans=${new Set(list.filter((r) => r.state !== 'DRAWN').flatMap((r) => r.planIds))} />` : null}
    <${Banners} errors=${rounds.errors} />
    ${rounds.loading && !rounds.data ? html`<${Loading} />` : list.length ? list.map((r) => html`<${RoundCard} key=${r.id} session=${session} round=${r} onChanged=${rounds.reload}
      onTasks=${go && can.dispatch(session) ? (id) => go('tasks', { roundId: id }) : null} />`) : html`<section><p class="muted">还没有摇号轮次。</p></section>`}
    <${AuditHeadCard} key=${headKey} session=${session} />`;
}
