// 计划与审查: the joint office reviews submitted plans (findings with severities) and approves or returns them
// with a reason; department staff create their own plan from the published checklist, edit or delete drafts,
// and edit and resubmit a plan the office returned.
import { useEffect, useState } from 'preact/hooks';
import { html, useQuery, useAction, useDepartmentNames, useChecklists, itemLabel, Banners, Loading, Badge, ConfirmButton, can, pct, currentYear, today, PLAN_STATES, SEVERITIES, CREDIT_CLASSES } from '../lib.js';
import { EXPLAIN, findingText } from '../messages.js';

const PLANS = `query($f: PlanFilter) { plans(filter: $f) { id kind category department participants title year windowStart windowEnd
  items { department code } ratios { A B C D } scope { industrySections regionCodes creditClasses tags } state returnReason createdBy reviewedBy } }`;
const REVIEW = `query($id: ID!) { planReview(id: $id) { canApprove findings { type severity message details } } }`;
const STATE_KIND = { SUBMITTED: 'warn', APPROVED: 'ok', DRAWN: 'ok', RETURNED: 'bad' };
const SEVERITY_KIND = { BLOCKING: 'bad', WARNING: 'warn', INFO: '' };

const ratioText = (r) => CREDIT_CLASSES.filter((c) => r[c] != null).map((c) => `${c} 类 ${pct(r[c])}`).join(' · ');
function scopeText(s) {
  const parts = [];
  if (s.industrySections?.length) parts.push(`行业门类 ${s.industrySections.join('、')}`);
  if (s.regionCodes?.length) parts.push(`行政区划 ${s.regionCodes.join('、')}`);
  if (s.creditClasses?.length) parts.push(`信用分类 ${s.creditClasses.join('、')} 类`);
  if (s.tags?.length) parts.push(`标签 ${s.tags.join('、')}`);
  return parts.join('；') || '全部名录';
}

function Review({ session, plan, names, titles, onChanged }) {
  const review = useQuery(session, REVIEW, { id: plan.id });
  const action = useAction(session);
  const [returning, setReturning] = useState(false);
  const [reason, setReason] = useState('');
  const r = review.data?.planReview;
  const office = can.reviewPlans(session);
  const approve = async () => (await action.run('mutation($id: ID!) { approvePlan(id: $id) { id state } }', { id: plan.id })) && onChanged();
  const doReturn = async () => {
    if (!reason.trim()) return;
    if (await action.run('mutation($id: ID!, $r: String!) { returnPlan(id: $id, reason: $r) { id state } }', { id: plan.id, r: reason.trim() })) onChanged();
  };
  return html`<div class="review" data-testid=${`review-${plan.id}`}>
    <${Banners} errors=${[...review.errors, ...action.errors]} />
    ${review.loading && !r ? html`<p class="muted">自动审查中…</p>` : null}
    ${r ? html`<div class=${r.canApprove ? 'ok' : 'bad'} data-testid="review-verdict">${r.canApprove ? '自动审查：无阻断性问题，可以批准' : '自动审查：存在阻断性问题，不能批准'}</div>
    <ul class="findings">
      ${r.findings.length ? r.findings.map((f) => html`<li><${Badge} kind=${SEVERITY_KIND[f.severity]}>${SEVERITIES[f.severity] ?? '提示'}</${Badge}> ${findingText(f, names, titles)}</li>`) : html`<li class="ok">未发现问题</li>`}
    </ul>` : null}
    ${office && plan.state === 'SUBMITTED' ? html`<div class="actions">
      <${ConfirmButton} testid=${`approve-${plan.id}`} label="批准" disabled=${!r?.canApprove || action.busy} onConfirm=${approve}
        what=${`批准后，“${plan.title}”将对社会公开，并可纳入摇号轮次抽取；批准后部门不能再修改。`} />
      ${returning
        ? html`<input data-testid=${`return-reason-${plan.id}`} placeholder="退回理由（必填）" value=${reason} onInput=${(e) => setReason(e.target.value)} />
          <button data-testid=${`return-confirm-${plan.id}`} disabled=${!reason.trim() || action.busy} onClick=${doReturn}>确认退回</button>
          <button onClick=${() => setReturning(false)}>取消</button>`
        : html`<button data-testid=${`return-${plan.id}`} onClick=${() => setReturning(true)}>退回</button>`}
      ${r && !r.canApprove ? html`<span class="bad">存在阻断性问题，只能退回</span>` : null}
    </div>` : null}
  </div>`;
}

function PlanRow({ session, plan, names, titles, checklist, onChanged, onEdit }) {
  const [open, setOpen] = useState(plan.state === 'SUBMITTED');
  const action = useAction(session);
  const mine = can.writePlans(session) && plan.department === session.department && ['DRAFT', 'RETURNED'].includes(plan.state);
  const submit = async () => (await action.run('mutation($id: ID!) { submitPlan(id: $id) { id state } }', { id: plan.id })) && onChanged();
  const remove = async () => (await action.run('mutation($id: ID!) { deletePlan(id: $id) }', { id: plan.id })) && onChanged();
  return html`<tr data-testid=${`plan-${plan.id}`}>
    <td data-label="计划"><b>${plan.title}</b>${plan.kind === 'JOINT' ? html` <${Badge} kind="ok">联合计划</${Badge}>` : null}<br />
      <small class="muted">${names[plan.department] ?? '—'}${plan.kind === 'JOINT' ? `（牵头）· 参与：${plan.participants.map((p) => names[p] ?? p).join('、')}` : ''}</small></td>
    <td data-label="时间窗口"><small>${plan.windowStart} 至 ${plan.windowEnd}</small></td>
    <td data-label="事项 / 范围 / 比例"><small>${plan.items.map((i) => itemLabel(i, checklist)).join('、')}<br />
      <span class="muted">${scopeText(plan.scope)}；<span title=${EXPLAIN.creditClasses}>${ratioText(plan.ratios)}</span></span></small></td>
    <td data-label="状态"><${Badge} kind=${STATE_KIND[plan.state]}>${PLAN_STATES[plan.state]}</${Badge}>
      ${plan.returnReason && plan.state === 'RETURNED' ? html`<br /><small class="bad">退回理由：${plan.returnReason}</small>` : null}</td>
    <td class="cell-actions">
      ${mine ? html`<button data-testid=${`edit-${plan.id}`} onClick=${() => onEdit(plan)}>${plan.state === 'RETURNED' ? '修改后重新提交' : '修改'}</button>` : null}
      ${mine ? html`<${ConfirmButton} testid=${`submit-${plan.id}`} label="提交审查" disabled=${action.busy} onConfirm=${submit}
        what=${`提交后由联席会议办公室审查；审查期间不能修改，如需修改须由办公室退回。`} />` : null}
      ${mine && plan.state === 'DRAFT' ? html`<${ConfirmButton} testid=${`delete-${plan.id}`} label="删除草稿" primary=${false} disabled=${action.busy} onConfirm=${remove}
        what=${`将删除草稿“${plan.title}”，删除后不能恢复（审计记录保留）。`} />` : null}
      ${plan.state === 'DRAFT' ? null : html`<button onClick=${() => setOpen(!open)}>${open ? '收起审查' : '查看审查'}</button>`}
    </td>
  </tr>
  ${open || action.errors.length ? html`<tr class="detail"><td colspan="5"><${Banners} errors=${action.errors} />${open && plan.state !== 'DRAFT' ? html`<${Review} session=${session} plan=${plan} names=${names} titles=${titles} onChanged=${onChanged} />` : null}</td></tr>` : null}`;
}

const CREATE = `mutation($input: PlanInput!) { createPlan(input: $input) { id state } }`;
const UPDATE = `mutation($id: ID!, $input: PlanInput!) { updatePlan(id: $id, input: $input) { id state } }`;

/** What is wrong with the form before anything is sent (the API checks the same again). */
export function planProblems(form, chosen, bound, ratioValue) {
  const problems = [];
  if (!form.title.trim()) problems.push('请填写计划名称');
  if (form.title.trim().length > 200) problems.push('计划名称不超过200字');
  if (!/^\d{4}$/.test(String(form.year))) problems.push('年度应为四位数字');
  if (!form.windowStart || !form.windowEnd) problems.push('请填写检查时间窗口');
  else if (form.windowStart > form.windowEnd) problems.push('检查时间窗口的开始日期不能晚于结束日期');
  if (!chosen.length) problems.push('请至少选择一个抽查事项');
  for (const c of CREDIT_CLASSES) {
    const v = ratioValue(c);
    if (v === '') continue;
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0 || n > 100) problems.push(`${c} 类抽查比例应在 0%–100% 之间`);
    else if (bound != null && n > +(bound * 100).toFixed(4)) problems.push(`${c} 类抽查比例 ${n}% 超过所选事项的上限 ${pct(bound)}`);
  }
  return problems;
}

function PlanForm({ session, names, editing, onSaved, onCancel }) {
  const year = currentYear();
  const dept = session.department;
  const [joint, setJoint] = useState(editing?.kind === 'JOINT');
  const [partners, setPartners] = useState(editing ? editing.participants.filter((p) => p !== dept) : []);
  const departments = [dept, ...(joint ? partners : [])];
  const checklist = useChecklists(session, departments);
  const action = useAction(session);
  const items = checklist.items;
  const [form, setForm] = useState(() => editing
    ? { title: editing.title, year: editing.year, windowStart: editing.windowStart, windowEnd: editing.windowEnd, sections: (editing.scope.industrySections ?? []).join(', '),
      keys: editing.items.map((i) => `${i.department}:${i.code}`), ratios: Object.fromEntries(CREDIT_CLASSES.filter((c) => editing.ratios[c] != null).map((c) => [c, String(+(editing.ratios[c] * 100).toFixed(4))])) }
    : { title: `${names[dept] ?? ''}${year}年随机抽查计划`, year, windowStart: today(), windowEnd: `${year}-12-31`, sections: '', keys: [], ratios: {} });
  const [tried, setTried] = useState(false);
  // The registry may answer after the form is shown: name the default title then, unless it was edited.
  useEffect(() => setForm((f) => (!editing && f.title === `${f.year}年随机抽查计划` ? { ...f, title: `${names[dept] ?? ''}${f.year}年随机抽查计划` } : f)), [names[dept]]);
  const set = (k) => (e) => setForm({ ...form, [k]: e.target.value });
  const key = (i) => `${i.department}:${i.code}`;
  // Items of a department no longer taking part drop out of the plan.
  const chosen = items.filter((i) => form.keys.includes(key(i)));
  const bound = chosen.length ? Math.min(...chosen.map((i) => i.maxRatio)) : null;
  const toggle = (k) => setForm({ ...form, keys: form.keys.includes(k) ? form.keys.filter((c) => c !== k) : [...form.keys, k] });
  const togglePartner = (d) => setPartners(partners.includes(d) ? partners.filter((x) => x !== d) : [...partners, d]);
  const ratioValue = (c) => form.ratios[c] ?? (bound != null ? String(+(bound * 100).toFixed(2)) : '');
  const problems = [...planProblems(form, chosen, bound, ratioValue), ...(joint && !partners.length ? ['联合计划请选择至少一个参与部门'] : [])];
  const save = async (submit) => {
    setTried(true);
    if (problems.length) return;
    const ratios = {};
    for (const c of CREDIT_CLASSES) {
      const v = ratioValue(c);
      if (v !== '') ratios[c] = Number(v) / 100;
    }
    const sections = form.sections.split(/[,，、\s]+/).map((s) => s.trim().toUpperCase()).filter(Boolean);
    const scope = { ...(editing ? { regionCodes: editing.scope.regionCodes, creditClasses: editing.scope.creditClasses, tags: editing.scope.tags } : {}), ...(sections.length ? { industrySections: sections } : {}) };
    const input = { department: dept, title: form.title.trim(), year: Number(form.year), windowStart: form.windowStart, windowEnd: form.windowEnd,
      items: chosen.map((i) => ({ department: i.department, code: i.code })), scope, ratios,
      ...(editing?.category ? { category: editing.category } : {}),
      ...(joint ? { kind: 'JOINT', participants: departments } : {}) };
    const saved = editing ? await action.run(UPDATE, { id: editing.id, input }) : await action.run(CREATE, { input });
    if (!saved) return;
    const id = editing ? saved.updatePlan.id : saved.createPlan.id;
    if (submit && !(await action.run('mutation($id: ID!) { submitPlan(id: $id) { id } }', { id }))) return onSaved();
    if (!editing) setForm({ ...form, keys: [], ratios: {} });
    setTried(false);
    onSaved();
  };
  const over = (c) => bound != null && ratioValue(c) !== '' && Number(ratioValue(c)) > +(bound * 100).toFixed(4);
  return html`<section data-testid="plan-form">
    <h2>${editing ? `修改计划“${editing.title}”${editing.state === 'RETURNED' ? '（已退回）' : '（草稿）'}` : '新建抽查计划'}</h2>
    ${editing?.returnReason && editing.state === 'RETURNED' ? html`<div class="banner">退回理由：${editing.returnReason}</div>` : null}
    <${Banners} errors=${[...checklist.errors, ...action.errors]} />
    <div class="form-grid">
      <label>计划名称<input data-testid="plan-title" value=${form.title} maxLength="200" onInput=${set('title')} /></label>
      <label>年度<input type="number" data-testid="plan-year" value=${form.year} onInput=${set('year')} /></label>
      <label>检查时间窗口开始<input type="date" data-testid="plan-start" value=${form.windowStart} onInput=${set('windowStart')} /></label>
      <label>检查时间窗口结束<input type="date" data-testid="plan-end" value=${form.windowEnd} onInput=${set('windowEnd')} /></label>
      <label>行业门类（国民经济行业分类门类字母，如 H 住宿和餐饮业；留空为全部名录）<input data-testid="plan-sections" value=${form.sections} onInput=${set('sections')} placeholder="H, I" /></label>
    </div>
    <p><label class="check"><input type="checkbox" data-testid="plan-joint" checked=${joint} onChange=${(e) => setJoint(e.target.checked)} />联合抽查计划（本部门牵头；范围为各参与部门名录的交集）</label></p>
    ${joint ? html`<div class="checks" data-testid="plan-partners">${Object.entries(names).filter(([c]) => c !== dept).map(([c, n]) => html`<label class="check">
      <input type="checkbox" data-testid=${`plan-partner-${c}`} checked=${partners.includes(c)} onChange=${() => togglePartner(c)} />${n}</label>`)}</div>` : null}
    <h3>抽查事项（${joint ? '各参与部门' : '本部门'}已公布清单）</h3>
    ${checklist.loading && !items.length ? html`<${Loading} what="事项清单" />` : null}
    <div class="checks" data-testid="plan-items">
      ${items.map((i) => html`<label class="check"><input type="checkbox" data-testid=${`plan-item-${i.code}`} checked=${form.keys.includes(key(i))} onChange=${() => toggle(key(i))} />
        <span>${i.code} ${i.name} <small class="muted">${joint ? `${names[i.department] ?? ''} · ` : ''}${i.category === 'KEY' ? '重点' : '一般'} · 上限 ${pct(i.maxRatio)}</small></span></label>`)}
    </div>
    <h3>各信用风险分类的抽查比例（%）${bound != null ? html` <small class="muted">所选事项比例上限 ${pct(bound)}</small>` : null}</h3>
    <p class="muted"><small>${EXPLAIN.creditClasses}</small></p>
    <div class="ratios">${CREDIT_CLASSES.map((c) => html`<label title=${EXPLAIN[c]}>${c} 类<span class="pct"><input type="number" inputmode="decimal" step="0.1" min="0" max=${bound != null ? +(bound * 100).toFixed(4) : 100} data-testid=${`plan-ratio-${c}`} value=${ratioValue(c)}
      class=${over(c) ? 'invalid' : ''} aria-invalid=${over(c)} onInput=${(e) => setForm({ ...form, ratios: { ...form.ratios, [c]: e.target.value } })} />%</span></label>`)}</div>
    ${tried && problems.length || problems.some((p) => p.includes('超过')) ? html`<ul class="problems bad" data-testid="plan-problems">${problems.map((p) => html`<li>${p}</li>`)}</ul>` : null}
    <div class="actions">
      <button disabled=${action.busy} data-testid="plan-save" onClick=${() => save(false)}>${editing ? '保存修改' : '保存草稿'}</button>
      <button class="primary" disabled=${action.busy} data-testid="plan-create-submit" onClick=${() => save(true)}>${editing ? '保存并重新提交审查' : '保存并提交审查'}</button>
      ${editing ? html`<button onClick=${onCancel}>放弃修改</button>` : null}
    </div>
  </section>`;
}

const FILTERS = [['', '全部'], ['SUBMITTED', '待审查'], ['APPROVED', '已批准'], ['RETURNED', '已退回'], ['DRAFT', '草稿'], ['DRAWN', '已抽取']];

export function PlansPage({ session }) {
  const names = useDepartmentNames(session);
  const [state, setState] = useState(can.reviewPlans(session) ? 'SUBMITTED' : '');
  const [editing, setEditing] = useState(null);
  // A department may read others' approved plans (they are public); this page lists its own.
  const filter = { ...(state ? { states: [state] } : {}), ...(can.reviewPlans(session) ? {} : { department: session.department }) };
  const plans = useQuery(session, PLANS, { f: filter });
  // Every plan the caller may see, for the titles the review findings refer to.
  const all = useQuery(session, PLANS, { f: null }, { skip: !can.reviewPlans(session) });
  const list = plans.data?.plans ?? [];
  const titles = Object.fromEntries([...(all.data?.plans ?? []), ...list].map((p) => [p.id, p.title]));
  const checklist = useChecklists(session, list.flatMap((p) => p.participants));
  const edit = (p) => { setEditing(p); scrollTo(0, 0); };
  return html`
    ${can.writePlans(session) ? html`<${PlanForm} key=${editing?.id ?? 'new'} session=${session} names=${names} editing=${editing}
      onSaved=${() => { setEditing(null); plans.reload(); }} onCancel=${() => setEditing(null)} />` : null}
    <section>
      <h2>${can.reviewPlans(session) ? '抽查计划审查' : '本部门的抽查计划'}</h2>
      <div class="tabs">${FILTERS.map(([k, label]) => html`<button class=${k === state ? 'active' : ''} data-testid=${`plans-filter-${k || 'ALL'}`} onClick=${() => setState(k)}>${label}</button>`)}</div>
      <${Banners} errors=${plans.errors} departments=${names} />
      ${plans.loading && !plans.data ? html`<${Loading} what="抽查计划" />` : list.length
        ? html`<table data-testid="plans" class="stack"><thead><tr><th>计划</th><th>时间窗口</th><th>事项 / 范围 / 比例</th><th>状态</th><th></th></tr></thead>
          <tbody>${list.map((p) => html`<${PlanRow} key=${`${p.id}:${p.state}`} session=${session} plan=${p} names=${names} titles=${titles} checklist=${checklist.items} onChanged=${plans.reload} onEdit=${edit} />`)}</tbody></table>`
        : html`<p class="muted">没有符合条件的计划。</p>`}
    </section>`;
}
