// 本部门: the department's checklist, its target pool and inspector pool (searchable, paginated).
import { useState } from 'preact/hooks';
import { html, useQuery, usePager, Pager, SearchBox, Banners, Loading, Badge, today } from '../lib.js';
import { ImportExport } from './io.js';

const DEPARTMENT = `query($d: String!) { department(code: $d) { code name
  summary { publishedItems draftItems poolSize activeInspectors totalInspectors }
  checklist { code name category status maxRatio } } }`;
const POOL = `query($d: String!, $after: String, $s: String) { targetPool(department: $d, first: 20, after: $after, filter: { search: $s }) {
  totalCount pageInfo { hasNextPage endCursor } edges { node { creditCode name industrySection regionCode creditClass tags } } } }`;
const INSPECTORS = `query($d: String!, $after: String, $s: String) { inspectors(department: $d, first: 20, after: $after, filter: { search: $s }) {
  totalCount pageInfo { hasNextPage endCursor } edges { node { id name certificateNumber certificateExpiry status expertise } } } }`;
const ITEM_STATES = { PUBLISHED: '已发布', DRAFT: '草稿', RETIRED: '已废止' };
const INSPECTOR_STATES = { ACTIVE: '在岗', ON_LEAVE: '休假', LEFT: '已调离' };

function Paged({ session, department, query, field, title, placeholder, testid, head, row }) {
  const pager = usePager();
  const [search, setSearch] = useState('');
  const r = useQuery(session, query, { d: department, after: pager.after, s: search || null });
  const conn = r.data?.[field];
  return html`<section>
    <h2>${title}${conn ? `（${conn.totalCount}）` : ''}</h2>
    <${SearchBox} placeholder=${placeholder} testid=${`${testid}-search`} onSearch=${(s) => { setSearch(s); pager.reset(); }} />
    <${Banners} errors=${r.errors} />
    <table data-testid=${testid} class="stack"><thead><tr>${head.map((h) => html`<th>${h}</th>`)}</tr></thead>
      <tbody>${(conn?.edges ?? []).map(({ node }) => row(node))}</tbody></table>
    ${conn && !conn.edges.length ? html`<p class="muted">没有符合条件的记录。</p>` : null}
    <${Pager} pager=${pager} pageInfo=${conn?.pageInfo} totalCount=${conn?.totalCount ?? 0} size=${20} testid=${`${testid}-pager`} />
  </section>`;
}

export function DepartmentView({ session }) {
  // Bumped after an import: the lists below are queried (and remounted) afresh.
  const [version, setVersion] = useState(0);
  const { loading, data, errors, reload } = useQuery(session, DEPARTMENT, { d: session.department });
  if (loading && !data) return html`<${Loading} />`;
  const d = data?.department;
  return html`
    <${Banners} errors=${errors} departments=${d ? [d] : []} />
    ${['DEPT_STAFF', 'DEPT_ADMIN'].includes(session.role) && html`<${ImportExport} session=${session} onImported=${() => (reload(), setVersion((v) => v + 1))} />`}
    ${d && html`<section>
      <h2 data-testid="department-name">${d.name}：随机抽查事项清单</h2>
      <table data-testid="checklist" class="stack"><thead><tr><th>编号</th><th>事项</th><th>类别</th><th>比例上限</th><th>状态</th></tr></thead>
        <tbody>${(d.checklist ?? []).map((i) => html`<tr><td>${i.code}</td><td>${i.name}</td><td>${i.category === 'KEY' ? '重点' : '一般'}</td><td>${(i.maxRatio * 100).toFixed(0)}%</td>
          <td><${Badge} kind=${i.status === 'PUBLISHED' ? 'ok' : ''}>${ITEM_STATES[i.status]}</${Badge}></td></tr>`)}</tbody></table>
    </section>
    <${Paged} key=${`pool-${version}`} session=${session} department=${d.code} query=${POOL} field="targetPool" title="检查对象名录库" placeholder="企业名称或信用代码前缀" testid="pool"
      head=${['企业', '统一社会信用代码', '行业门类', '行政区划', '信用分类', '标签']}
      row=${(e) => html`<tr><td>${e.name}</td><td><small>${e.creditCode}</small></td><td>${e.industrySection}</td><td>${e.regionCode}</td><td>${e.creditClass}</td><td><small>${e.tags.join('、')}</small></td></tr>`} />
    <${Paged} key=${`inspectors-${version}`} session=${session} department=${d.code} query=${INSPECTORS} field="inspectors" title="执法检查人员名录库" placeholder="姓名或执法证号" testid="inspectors"
      head=${['姓名', '执法证号', '有效期至', '状态', '专长']}
      row=${(p) => html`<tr><td>${p.name}</td><td>${p.certificateNumber}</td><td class=${p.certificateExpiry < today() ? 'bad' : ''}>${p.certificateExpiry}${p.certificateExpiry < today() ? '（已过期）' : ''}</td><td>${INSPECTOR_STATES[p.status]}</td><td>${p.expertise.join('、')}</td></tr>`} />`}`;
}
