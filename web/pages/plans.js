// 计划与审查: the joint office reviews submitted plans (findings with severities) and approves or returns them
// with a reason; department staff create their own plan from the published checklist and submit it.
import { useEffect, useState } from 'preact/hooks';
import { html, gql, useQuery, useAction, useDepartmentNames, Banners, Loading, Badge, can, pct, currentYear, today, PLAN_STATES, SEVERITIES, CREDIT_CLASSES } from '../lib.js';

const PLANS = `query($f: PlanFilter) { plans(filter: $f) { id kind department participants title year windowStart windowEnd
  items { department code } ratios { A B C D } scope { industrySections regionCodes creditClasses tags } state returnReason createdBy reviewedBy } }`;
const REVIEW = `query($id: ID!) { planReview(id: $id) { canApprove findings { type severity message } } }`;
const STATE_KIND = { SUBMITTED: 'warn', APPROVED: 'ok', DRAWN: 'ok', RETURNED: 'bad' };
const SEVERITY_KIND = { BLOCKING: 'bad', WARNING: 'warn', INFO: '' };

const ratioText = (r) => CREDIT_CLASSES.filter((c) => r[c] != null).map((c) => `${c} ${pct(r[c])}`).join(' · ');
function scopeText(s) {
  const parts = [];
  if (s.industrySections?.length) parts.push(`行业 ${s.industrySections.join('、')}`);
  if (s.regionCodes?.length) parts.push(`区划 ${s.regionCodes.join('、')}`);
  if (s.creditClasses?.length) parts.push(`信用 ${s.creditClasses.join('')}`);
  if (s.tags?.length) parts.push(`标签 ${s.tags.join('、')}`);
  return parts.join('；') || '全部名录';
}

function Review({ session, plan, onChanged }) {
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
      ${r.findings.length ? r.findings.map((f) => html`<li><${Badge} kind=${SEVERITY_KIND[f.severity]}>${SEVERITIES[f.severity] ?? f.severity}</${Badge}> ${f.message}</li>`) : html`<li class="ok">未发现问题</li>`}
    </ul>` : null}
    ${office && plan.state === 'SUBMITTED' ? html`<div class="actions">
      <button class="primary" data-testid=${`approve-${plan.id}`} disabled=${!r?.canApprove || action.busy} title=${r && !r.canApprove ? '存在阻断性问题，不能批准' : ''} onClick=${approve}>批准</button>
      ${returning
        ? html`<input data-testid=${`return-reason-${plan.id}`} placeholder="退回理由（必填）" value=${reason} onInput=${(e) => setReason(e.target.value)} />
          <button data-testid=${`return-confirm-${plan.id}`} disabled=${!reason.trim() || action.busy} onClick=${doReturn}>确认退回</button>
          <button onClick=${() => setReturning(false)}>取消</button>`
        : html`<button data-testid=${`return-${plan.id}`} onClick=${() => setReturning(true)}>退回</button>`}
      ${r && !r.canApprove ? html`<span class="bad">存在阻断性问题，只能退回</span>` : null}
    </div>` : null}
  </div>`;
}

function PlanRow({ session, plan, names, onChanged }) {
  const [open, setOpen] = useState(plan.state === 'SUBMITTED');
  const action = useAction(session);
  const mine = can.writePlans(session) && plan.department === session.department && ['DRAFT', 'RETURNED'].includes(plan.state);
  const submit = async () => (await action.run('mutation($id: ID!) { submitPlan(id: $id) { id state } }', { id: plan.id })) && onChanged();
  return html`<tr data-testid=${`plan-${plan.id}`}>
    <td>${plan.id}</td>
    <td><b>${plan.title}</b>${plan.kind === 'JOINT' ? html` <${Badge} kind="ok">联合计划</${Badge}>` : null}<br />
      <small class="muted">${names[plan.department] ?? plan.department}${plan.kind === 'JOINT' ? `（牵头）· 参与：${plan.participants.map((p) => names[p] ?? p).join('、')}` : ''}</small></td>
    <td><small>${plan.windowStart} 至 ${plan.windowEnd}</small></td>
    <td><small>${plan.items.map((i) => i.code).join('、')}<br /><span class="muted">${scopeText(plan.scope)}；${ratioText(plan.ratios)}</span></small></td>
    <td><${Badge} kind=${STATE_KIND[plan.state]}>${PLAN_STATES[plan.state]}</${Badge}>
      ${plan.returnReason && plan.state === 'RETURNED' ? html`<br /><small class="bad">退回理由：${plan.returnReason}</small>` : null}</td>
    <td class="cell-actions">
      ${mine ? html`<button class="primary" data-testid=${`submit-${plan.id}`} disabled=${action.busy} onClick=${submit}>提交审查</button>` : null}
      <button onClick=${() => setOpen(!open)}>${open ? '收起审查' : '查看审查'}</button>
    </td>
  </tr>
  ${open || action.errors.length ? html`<tr class="detail"><td></td><td colspan="5"><${Banners} errors=${action.errors} />${open ? html`<${Review} session=${session} plan=${plan} onChanged=${onChanged} />` : null}</td></tr>` : null}`;
}

const CREATE = `mutation($input: PlanInput!) { createPlan(input: $input) { id state } }`;
// One fixed query per department, not one built per selection: fixed texts can be put on the gateway's allow-list.
const CHECKLIST = `query($d: String!) { checklist(department: $d, status: PUBLISHED) { department code name category maxRatio } }`;

function useChecklists(session, departments) {
  const [state, setState] = useState({ items: [], errors: [] });
  const key = departments.join();
  useEffect(() => {
    let live = true;
    Promise.all(departments.map((d) => gql(session, CHECKLIST, { d }))).then((rs) => {
      if (live) setState({ items: rs.flatMap((r) => r.data?.checklist ?? []), errors: rs.flatMap((r) => r.errors ?? []) });
    });
    return () => (live = false);
  }, [session?.token, key]);
  return state;
}

function PlanForm({ session, names, onCreated }) {
  const year = currentYear();
  const dept = session.department;
  const [joint, setJoint] = useState(false);
  const [partners, setPartners] = useState([]);
  const departments = [dept, ...(joint ? partners : [])];
  const checklist = useChecklists(session, departments);
  const action = useAction(session);
  const items = checklist.items;
  const [form, setForm] = useState({ title: `${names[dept] ?? dept}${year}年随机抽查计划`, year, windowStart: today(), windowEnd: `${year}-12-31`, sections: '', keys: [], ratios: {} });
  // The registry may answer after the form is shown: name the default title then, unless it was edited.
  useEffect(() => setForm((f) => (f.title === `${dept}${f.year}年随机抽查计划` ? { ...f, title: `${names[dept] ?? dept}${f.year}年随机抽查计划` } : f)), [names[dept]]);
  const set = (k) => (e) => setForm({ ...form, [k]: e.target.value });
  const key = (i) => `${i.department}:${i.code}`;
  // Items of a department no longer taking part drop out of the plan.
  const chosen = items.filter((i) => form.keys.includes(key(i)));
  const bound = chosen.length ? Math.min(...chosen.map((i) => i.maxRatio)) : null;
  const toggle = (k) => setForm({ ...form, keys: form.keys.includes(k) ? form.keys.filter((c) => c !== k) : [...form.keys, k] });
  const togglePartner = (d) => setPartners(partners.includes(d) ? partners.filter((x) => x !== d) : [...partners, d]);
  const ratioValue = (c) => form.ratios[c] ?? (bound != null ? String(+(bound * 100).toFixed(2)) : '');
  const ready = chosen.length > 0 && (!joint || partners.length > 0);
  const create = async (submit) => {
    const ratios = {};
    for (const c of CREDIT_CLASSES) {
      const v = ratioValue(c);
      if (v !== '') ratios[c] = Number(v) / 100;
    }
    const sections = form.sections.split(/[,，、\s]+/).map((s) => s.trim().toUpperCase()).filter(Boolean);
    const input = { department: dept, title: form.title.trim(), year: Number(form.year), windowStart: form.windowStart, windowEnd: form.windowEnd,
      items: chosen.map((i) => ({ department: i.department, code: i.code })), scope: sections.length ? { industrySections: sections } : {}, ratios,
      ...(joint ? { kind: 'JOINT', participants: departments } : {}) };
    const created = await action.run(CREATE, { input });
    if (!created) return;
    if (submit && !(await action.run('mutation($id: ID!) { submitPlan(id: $id) { id } }', { id: created.createPlan.id }))) return onCreated();
    setForm({ ...form, keys: [], ratios: {} });
    onCreated();
  };
  return html`<section data-testid="plan-form">
    <h2>新建抽查计划</h2>
    <${Banners} errors=${[...checklist.errors, ...action.errors]} />
    <div class="form-grid">
      <label>计划名称<input data-testid="plan-title" value=${form.title} onInput=${set('title')} /></label>
      <label>年度<input type="number" data-testid="plan-year" value=${form.year} onInput=${set('year')} /></label>
      <label>检查时间窗口开始<input type="date" data-testid="plan-start" value=${form.windowStart} onInput=${set('windowStart')} /></label>
      <label>检查时间窗口结束<input type="date" data-testid="plan-end" value=${form.windowEnd} onInput=${set('windowEnd')} /></label>
      <label>行业门类（如 H，留空为全部名录）<input data-testid="plan-sections" value=${form.sections} onInput=${set('sections')} placeholder="H, I" /></label>
    </div>
    <p><label class="check"><input type="checkbox" data-testid="plan-joint" checked=${joint} onChange=${(e) => setJoint(e.target.checked)} />联合抽查计划（本部门牵头；范围为各参与部门名录的交集）</label></p>
    ${joint ? html`<div class="checks" data-testid="plan-partners">${Object.entries(names).filter(([c]) => c !== dept).map(([c, n]) => html`<label class="check">
      <input type="checkbox" data-testid=${`plan-partner-${c}`} checked=${partners.includes(c)} onChange=${() => togglePartner(c)} />${n}</label>`)}</div>` : null}
    <h3>抽查事项（${joint ? '各参与部门' : '本部门'}已公布清单）</h3>
    <div class="checks" data-testid="plan-items">
      ${items.map((i) => html`<label class="check"><input type="checkbox" data-testid=${`plan-item-${i.code}`} checked=${form.keys.includes(key(i))} onChange=${() => toggle(key(i))} />
        ${i.code} ${i.name} <small class="muted">${joint ? `${names[i.department] ?? i.department} · ` : ''}${i.category === 'KEY' ? '重点' : '一般'} · 上限 ${pct(i.maxRatio)}</small></label>`)}
    </div>
    <h3>各信用风险分类的抽查比例（%）${bound != null ? html` <small class="muted">所选事项比例上限 ${pct(bound)}</small>` : null}</h3>
    <div class="ratios">${CREDIT_CLASSES.map((c) => html`<label>${c} 类<input type="number" step="0.1" min="0" max="100" data-testid=${`plan-ratio-${c}`} value=${ratioValue(c)}
      onInput=${(e) => setForm({ ...form, ratios: { ...form.ratios, [c]: e.target.value } })} /></label>`)}</div>
    <div class="actions">
      <button disabled=${action.busy || !ready} data-testid="plan-save" onClick=${() => create(false)}>保存草稿</button>
      <button class="primary" disabled=${action.busy || !ready} data-testid="plan-create-submit" onClick=${() => create(true)}>保存并提交审查</button>
      ${joint && !partners.length ? html`<span class="muted">请选择至少一个参与部门</span>` : null}
    </div>
  </section>`;
}

const FILTERS = [['', '全部'], ['SUBMITTED', '待审查'], ['APPROVED', '已批准'], ['RETURNED', '已退回'], ['DRAFT', '草稿'], ['DRAWN', '已抽取']];

export function PlansPage({ session }) {
  const names = useDepartmentNames(session);
  const [state, setState] = useState(can.reviewPlans(session) ? 'SUBMITTED' : '');
  // A department may read others' approved plans (they are public); this page lists its own.
  const filter = { ...(state ? { states: [state] } : {}), ...(can.reviewPlans(session) ? {} : { department: session.department }) };
  const plans = useQuery(session, PLANS, { f: filter });
  const list = plans.data?.plans ?? [];
  return html`
    ${can.writePlans(session) ? html`<${PlanForm} session=${session} names=${names} onCreated=${plans.reload} />` : null}
    <section>
      <h2>${can.reviewPlans(session) ? '抽查计划审查' : '本部门的抽查计划'}</h2>
      <div class="tabs">${FILTERS.map(([k, label]) => html`<button class=${k === state ? 'active' : ''} data-testid=${`plans-filter-${k || 'ALL'}`} onClick=${() => setState(k)}>${label}</button>`)}</div>
      <${Banners} errors=${plans.errors} />
      ${plans.loading && !plans.data ? html`<${Loading} />` : list.length
        ? html`<table data-testid="plans"><thead><tr><th>编号</th><th>计划</th><th>时间窗口</th><th>事项 / 范围 / 比例</th><th>状态</th><th></th></tr></thead>
          <tbody>${list.map((p) => html`<${PlanRow} key=${p.id} session=${session} plan=${p} names=${names} onChanged=${plans.reload} />`)}</tbody></table>`
        : html`<p class="muted">没有符合条件的计划。</p>`}
    </section>`;
}
