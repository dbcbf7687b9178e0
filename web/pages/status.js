// 部门连接状态 (joint office): the gateway's circuit breaker per department, from GET /status.
import { useEffect, useState } from 'preact/hooks';
import { html, SESSION_EXPIRED } from '../lib.js';
import { plainOr } from '../messages.js';

const STATES = { CLOSED: ['正常', 'ok'], OPEN: ['已熔断（暂停调用）', 'bad'], HALF_OPEN: ['试探恢复中', 'warn'] };
const time = (iso) => (iso ? new Date(iso).toLocaleString('zh-CN', { hour12: false }) : '—');

export function ConnectionStatus({ session }) {
  const [status, setStatus] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => {
    let live = true;
    const load = () =>
      fetch('/status', { headers: { authorization: `Bearer ${session.token}` } })
        .then(async (r) => {
          if (r.status === 401) dispatchEvent(new CustomEvent(SESSION_EXPIRED));
          return r.ok ? r.json() : Promise.reject(new Error(r.status === 403 ? '您没有权限查看部门连接状态' : '网关暂时无法提供连接状态'));
        })
        .then((s) => live && (setStatus(s), setError(null)), (e) => live && setError(plainOr(e.message, '无法连接服务器')));
    load();
    // The breaker changes on its own (cool-down, probes): refresh while the page is open.
    const timer = setInterval(load, 15000);
    return () => ((live = false), clearInterval(timer));
  }, [session?.token]);
  if (error) return html`<section><h2>部门连接状态</h2><p class="muted">无法读取：${error}</p></section>`;
  if (!status) return null;
  const troubled = status.departments.filter((d) => d.state !== 'CLOSED');
  const table = html`<table><thead><tr><th>部门</th><th>状态</th><th>连续失败</th><th>最近错误</th><th>恢复试探时间</th></tr></thead>
      <tbody>${status.departments.map((d) => {
        const [label, kind] = STATES[d.state] ?? [d.state, ''];
        return html`<tr data-testid=${`circuit-${d.department}`}><td>${d.name}</td><td class=${kind}>${label}</td><td>${d.consecutiveFailures}</td><td><small>${d.lastError ? plainOr(d.lastError, '无法连接该部门的服务') : '—'}</small></td><td>${time(d.retryAt)}</td></tr>`;
      })}</tbody></table>
    <p class="muted">更新于 ${time(status.checkedAt)}；连续失败达到阈值的部门会被暂时跳过，冷却后自动试探恢复。</p>`;
  // All well: one line, details on demand; a department in trouble opens the table at the top of the page.
  if (!troubled.length)
    return html`<section data-testid="connection-status"><details><summary>部门连接状态：${status.departments.length} 个部门全部正常</summary>${table}</details></section>`;
  return html`<section data-testid="connection-status"><h2 class="bad">部门连接状态（${troubled.length} 个异常）</h2>${table}</section>`;
}
