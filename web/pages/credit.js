// 信用分类调整的同步情况 (joint office, on the overview): confirmed credit-class moves that some department's
// 检查对象名录库 has not received yet, per department by name, with 立即重试 (docs/credit-classes.md).
import { useState } from 'preact/hooks';
import { html, useQuery, useAction, Banners } from '../lib.js';

const PENDING = '{ pendingCreditDeliveries { department departmentName pending attempts } }';
const DELIVER = 'mutation { deliverCreditChanges { delivered pending } }';

const why = (row) =>
  row.attempts > 0 ? '部门系统暂不可用，恢复后在下次调整或抽取前自动补发' : '正在同步';

export function CreditDeliveries({ session }) {
  const { data, reload } = useQuery(session, PENDING, {});
  const action = useAction(session);
  const [note, setNote] = useState('');
  const rows = data?.pendingCreditDeliveries ?? [];
  if (!rows.length && !note && !action.errors.length) return null;
  const retry = async () => {
    setNote('');
    const r = await action.run(DELIVER);
    if (r) {
      const { delivered, pending } = r.deliverCreditChanges;
      setNote(pending ? `本次补发 ${delivered} 条，仍有 ${pending} 条未能送达，部门恢复后再试。` : `已全部同步到各部门名录库（本次补发 ${delivered} 条）。`);
    }
    reload();
  };
  return html`<section data-testid="credit-sync">
    <${Banners} errors=${action.errors} />
    ${rows.length
      ? html`<div class="banner">
          <b>信用分类调整待同步：</b>
          ${rows.map((r, i) => html`${i ? '；' : ''}<span data-testid=${`credit-sync-${r.department}`}>${r.departmentName} ${r.pending} 条（${why(r)}）</span>`)}
          <p class="muted">同步完成前，这些部门的计划不能冻结名录，以免按旧的信用风险分类抽取。</p>
          <button class="primary" data-testid="credit-sync-retry" disabled=${action.busy} onClick=${retry}>${action.busy ? '正在重试…' : '立即重试'}</button>
        </div>`
      : null}
    ${note ? html`<p class="muted" data-testid="credit-sync-note">${note}</p>` : null}
  </section>`;
}
