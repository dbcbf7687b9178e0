// 导入、导出与工作总结: files go through the gateway with the user's token, so the API's authorization applies.
import { useState } from 'preact/hooks';
import { html, gql, Progress } from '../lib.js';
import { errorText } from '../messages.js';

const withToken = (session, path) => `${path}${path.includes('?') ? '&' : '?'}token=${encodeURIComponent(session.token ?? '')}`;
const IMPORT = `mutation($d: String!, $kind: String!, $name: String!, $b64: String!, $mode: ImportMode, $dry: Boolean) {
  importFile(department: $d, kind: $kind, fileName: $name, contentBase64: $b64, mode: $mode, dryRun: $dry) {
    committed message warnings issueCount issues { row column reason } } }`;
const KINDS = [['pool', '检查对象名录库'], ['inspectors', '执法检查人员名录库'], ['checklist', '随机抽查事项清单']];

function toBase64(buffer) {
  const bytes = new Uint8Array(buffer);
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

export function ImportExport({ session, onImported }) {
  const [kind, setKind] = useState('pool');
  const [file, setFile] = useState(null);
  const [validRows, setValidRows] = useState(false);
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState(null);
  const d = session.department;
  const year = new Date().getFullYear();
  const run = async (dry) => {
    if (!file) return;
    setBusy(true);
    const b64 = toBase64(await file.arrayBuffer());
    const r = await gql(session, IMPORT, { d, kind, name: file.name, b64, mode: validRows ? 'VALID_ROWS' : 'ALL_OR_NOTHING', dry });
    setBusy(false);
    setReport(r.data?.importFile ?? { error: r.errors.length ? errorText(r.errors[0]) : '导入失败' });
    if (r.data?.importFile?.committed) onImported?.();
  };
  return html`<section>
    <h2>导入、导出与工作总结</h2>
    <p>
      <select data-testid="import-kind" value=${kind} onChange=${(e) => setKind(e.target.value)}>${KINDS.map(([k, l]) => html`<option value=${k}>${l}</option>`)}</select>
      ${' '}<input type="file" accept=".xlsx,.csv" data-testid="import-file" onChange=${(e) => setFile(e.target.files[0] ?? null)} />
      ${' '}<label><input type="checkbox" checked=${validRows} onChange=${(e) => setValidRows(e.target.checked)} /> 仅导入正确的行</label>
      ${' '}<button disabled=${!file || busy} onClick=${() => run(true)} data-testid="import-check">检查</button>
      ${' '}<button class="primary" disabled=${!file || busy} onClick=${() => run(false)} data-testid="import-run">导入</button>
      ${' '}<a href=${`/templates/${kind}.xlsx`} data-testid="template-link">下载导入模板</a>
    </p>
    ${busy ? html`<${Progress} label="正在处理文件" />` : null}
    ${report && html`<div class=${report.error || !report.committed ? 'banner error' : 'banner'} data-testid="import-report">
      ${report.error ?? report.message}
      ${(report.warnings ?? []).map((w) => html`<div class="muted">${w}</div>`)}
      ${report.issues?.length ? html`<table data-testid="import-issues"><thead><tr><th>行号</th><th>列</th><th>原因</th></tr></thead>
        <tbody>${report.issues.slice(0, 100).map((i) => html`<tr><td>${i.row}</td><td>${i.column}</td><td>${i.reason}</td></tr>`)}</tbody></table>
        ${report.issueCount > 100 ? html`<div class="muted">共 ${report.issueCount} 个问题，仅列出前100个</div>` : null}` : null}
    </div>`}
    <p>导出：${KINDS.map(([k, l]) => html`<a href=${withToken(session, `/export/${k}.xlsx?department=${d}`)}>${l}</a>（<a href=${withToken(session, `/export/${k}.csv?department=${d}`)}>CSV</a>）　`)}
      <a href=${withToken(session, `/export/tasks.xlsx?department=${d}`)}>检查任务</a>　<a href=${withToken(session, `/export/results.xlsx?department=${d}`)}>检查结果</a></p>
    <p>工作总结：<a target="_blank" href=${withToken(session, `/reports/work.html?period=${year}-H1&department=${d}`)}>${year}年半年总结</a>（<a href=${withToken(session, `/reports/work.xlsx?period=${year}-H1&department=${d}`)}>Excel</a>）　
      <a target="_blank" href=${withToken(session, `/reports/work.html?period=${year}&department=${d}`)}>${year}年度总结</a>（<a href=${withToken(session, `/reports/work.xlsx?period=${year}&department=${d}`)}>Excel</a>）</p>
  </section>`;
}

export function CountyReports({ session }) {
  const year = new Date().getFullYear();
  return html`<section data-testid="county-reports">
    <h2>全县工作总结（6月22日、12月22日前报送）</h2>
    <p><a target="_blank" href=${withToken(session, `/reports/work.html?period=${year}-H1`)}>${year}年半年总结</a>（<a href=${withToken(session, `/reports/work.xlsx?period=${year}-H1`)}>Excel</a>）　
      <a target="_blank" href=${withToken(session, `/reports/work.html?period=${year}`)}>${year}年度总结</a>（<a href=${withToken(session, `/reports/work.xlsx?period=${year}`)}>Excel</a>）　
      导出：<a href=${withToken(session, '/export/tasks.xlsx')}>检查任务</a>　<a href=${withToken(session, '/export/results.xlsx')}>检查结果</a>　<a href=${withToken(session, '/export/draws.xlsx')}>抽取结果</a></p>
  </section>`;
}

