// The printable 一企一表 (one business, one joint form): A4, Chinese, no external assets, prints as it looks.
import { escapeHtml } from '../../shared/io/report-render';
export interface JointFormData {
  taskId: number;
  roundName: string;
  entity: { creditCode: string; name: string; address: string | null; legalRepresentative: string | null; industry: string | null; creditClass: string | null };
  window: { start: string; end: string };
  lead: { code: string; name: string };
  leader: { name: string; certificateNumber: string } | null;
  departments: {
    code: string;
    name: string;
    items: { code: string; name: string }[];
    inspectors: { name: string; certificateNumber: string; role: string }[];
    dispatch: string;
  }[];
  printedAt: string;
}

const esc = escapeHtml;

const DISPATCH_LABEL: Record<string, string> = { MATCHED: '已匹配', UNDERSTAFFED: '人员不足', PENDING: '待派发' };

export function renderJointForm(f: JointFormData): string {
  const rows = f.departments
    .map((d) => {
      const items = d.items.map((i) => `<li>${esc(i.code)} ${esc(i.name)}</li>`).join('') || '<li>—</li>';
      const people = d.inspectors.length
        ? d.inspectors.map((p) => `${esc(p.name)}（${esc(p.certificateNumber)}）${p.role === 'LEADER' ? '〔组长〕' : ''}`).join('<br>')
        : `<span class="muted">${esc(DISPATCH_LABEL[d.dispatch] ?? d.dispatch)}</span>`;
      return `<tr><td>${esc(d.name)}${d.code === f.lead.code ? '<br><small>（牵头）</small>' : ''}</td><td><ul>${items}</ul></td><td>${people}</td>
        <td class="write"></td><td class="write"></td><td class="write"></td></tr>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>一企一表 · ${esc(f.entity.name)}</title>
<style>
  @page { size: A4; margin: 15mm 12mm; }
  body { font-family: "Songti SC", "SimSun", "Noto Serif CJK SC", serif; font-size: 10.5pt; color: #000; margin: 0; }
  h1 { font-size: 16pt; text-align: center; margin: 0 0 4mm; letter-spacing: 2px; }
  .sub { text-align: center; margin-bottom: 5mm; }
  table { width: 100%; border-collapse: collapse; margin-bottom: 4mm; }
  th, td { border: 1px solid #000; padding: 2mm; vertical-align: top; }
  th { background: #f2f2f2; font-weight: bold; }
  ul { margin: 0; padding-left: 4mm; }
  td.write { height: 22mm; }
  .muted { color: #666; }
  .sign td { height: 16mm; }
  @media screen { body { max-width: 210mm; margin: 10mm auto; padding: 0 10mm; } }
</style></head>
<body>
<h1>部门联合随机抽查“一企一表”</h1>
<div class="sub">抽查轮次：${esc(f.roundName)}　任务编号：${f.taskId}　检查时间：${esc(f.window.start)} 至 ${esc(f.window.end)}</div>
<table>
  <tr><th style="width:22%">检查对象名称</th><td colspan="3">${esc(f.entity.name)}</td></tr>
  <tr><th>统一社会信用代码</th><td>${esc(f.entity.creditCode)}</td><th style="width:18%">信用风险分类</th><td>${esc(f.entity.creditClass ?? '—')}</td></tr>
  <tr><th>住所（经营场所）</th><td colspan="3">${esc(f.entity.address ?? '—')}</td></tr>
  <tr><th>法定代表人（负责人）</th><td>${esc(f.entity.legalRepresentative ?? '—')}</td><th>行业</th><td>${esc(f.entity.industry ?? '—')}</td></tr>
  <tr><th>牵头部门</th><td>${esc(f.lead.name)}</td><th>检查组组长</th><td>${f.leader ? `${esc(f.leader.name)}（${esc(f.leader.certificateNumber)}）` : '<span class="muted">待派发</span>'}</td></tr>
</table>
<table>
  <thead><tr><th style="width:13%">部门</th><th style="width:25%">抽查事项</th><th style="width:20%">执法检查人员（执法证号）</th><th>检查结果</th><th>发现的问题</th><th style="width:12%">后续处理</th></tr></thead>
  <tbody>
${rows}
  </tbody>
</table>
<table class="sign">
  <tr><th style="width:22%">检查人员签名</th><td></td><th style="width:22%">检查对象签字（盖章）</th><td></td></tr>
</table>
<p class="muted"><small>结果类别：未发现问题 / 未按规定公示应当公示的信息 / 公示信息隐瞒真实情况、弄虚作假 / 通过登记的住所（经营场所）无法联系 / 不配合检查情节严重 / 发现问题已责令改正 / 发现问题待后续处理 / 未发现开展本次抽查涉及的经营活动。检查结果应于检查后20个工作日内录入并公示。打印时间：${esc(f.printedAt)}</small></p>
</body></html>`;
}
