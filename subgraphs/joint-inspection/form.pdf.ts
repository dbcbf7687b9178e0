// The 一企一表 as a PDF, drawn with pdfkit (no browser on the server). Chinese needs a CJK font on the machine:
// Debian's fonts-wqy-microhei (5 MB) or fonts-noto-cjk, or any TTF/TTC/OTF named by CJK_FONT. pdfkit embeds
// only the glyphs used, so a form is ~30 kB.
import { existsSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import type { JointFormData } from './form.render';

const CANDIDATES: [string, string | undefined][] = [
  ['/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', 'WenQuanYiMicroHei'],
  ['/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', 'NotoSansCJKsc-Regular'],
  ['/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc', 'NotoSerifCJKsc-Regular'],
  ['/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc', 'WenQuanYiZenHei'],
];

/** CJK_FONT=/path/font.ttc[#PostScriptName] wins; otherwise the first Debian CJK font found. */
export function findCjkFont(env = process.env.CJK_FONT): { path: string; family?: string } | null {
  if (env) {
    const [path, family] = env.split('#');
    return existsSync(path) ? { path, family } : null;
  }
  for (const [path, family] of CANDIDATES) if (existsSync(path)) return { path, family };
  return null;
}

const DISPATCH_LABEL: Record<string, string> = { MATCHED: '已匹配', UNDERSTAFFED: '人员不足', PENDING: '待派发' };

interface Cell {
  text: string;
  width: number;
  head?: boolean;
}

export function renderJointFormPdf(f: JointFormData, font: { path: string; family?: string }): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margins: { top: 42, bottom: 42, left: 34, right: 34 }, info: { Title: `一企一表 · ${f.entity.name}`, Creator: '联合监管枢纽' } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('cjk', font.path, font.family as never);
  doc.font('cjk');
  const left = doc.page.margins.left;
  const full = doc.page.width - left - doc.page.margins.right;
  const pad = 4;
  const bottom = () => doc.page.height - doc.page.margins.bottom;
  let y = doc.y;

  /** One table row: every cell as tall as the tallest, a new page when it does not fit. */
  const row = (cells: Cell[], minHeight = 0, size = 9.5) => {
    doc.fontSize(size);
    const h = Math.max(minHeight, ...cells.map((c) => doc.heightOfString(c.text || ' ', { width: c.width - 2 * pad }) + 2 * pad));
    if (y + h > bottom()) {
      doc.addPage();
      y = doc.page.margins.top;
    }
    let x = left;
    for (const c of cells) {
      if (c.head) doc.rect(x, y, c.width, h).fillAndStroke('#f0f0f0', '#000');
      else doc.rect(x, y, c.width, h).stroke('#000');
      doc.fillColor('#000').text(c.text, x + pad, y + pad, { width: c.width - 2 * pad });
      x += c.width;
    }
    y += h;
  };
  const w = (share: number) => Math.round(full * share);

  doc.fontSize(16).text('部门联合随机抽查“一企一表”', left, y, { width: full, align: 'center', characterSpacing: 1 });
  y = doc.y + 4;
  doc.fontSize(9.5).text(`抽查轮次：${f.roundName}　任务编号：${f.taskId}　检查时间：${f.window.start} 至 ${f.window.end}`, left, y, { width: full, align: 'center' });
  y = doc.y + 10;

  const dash = (s: string | null) => s ?? '—';
  const a = w(0.22);
  const c = w(0.18);
  const rest = full - a - c;
  row([{ text: '检查对象名称', width: a, head: true }, { text: f.entity.name, width: full - a }]);
  row([{ text: '统一社会信用代码', width: a, head: true }, { text: f.entity.creditCode, width: rest / 2 }, { text: '信用风险分类', width: c, head: true }, { text: dash(f.entity.creditClass), width: rest / 2 }]);
  row([{ text: '住所（经营场所）', width: a, head: true }, { text: dash(f.entity.address), width: full - a }]);
  row([{ text: '法定代表人（负责人）', width: a, head: true }, { text: dash(f.entity.legalRepresentative), width: rest / 2 }, { text: '行业', width: c, head: true }, { text: dash(f.entity.industry), width: rest / 2 }]);
  row([
    { text: '牵头部门', width: a, head: true }, { text: f.lead.name, width: rest / 2 }, { text: '检查组组长', width: c, head: true },
    { text: f.leader ? `${f.leader.name}（${f.leader.certificateNumber}）` : '待派发', width: rest / 2 },
  ]);
  y += 10;

  const cols = [w(0.13), w(0.23), w(0.22), w(0.14), w(0.14)];
  cols.push(full - cols.reduce((s, x) => s + x, 0));
  const heads = ['部门', '抽查事项', '执法检查人员（执法证号）', '检查结果', '发现的问题', '后续处理'];
  row(heads.map((text, i) => ({ text, width: cols[i], head: true })));
  for (const d of f.departments) {
    const items = d.items.map((i) => `${i.code} ${i.name}`).join('\n') || '—';
    const people = d.inspectors.length
      ? d.inspectors.map((p) => `${p.name}（${p.certificateNumber}）${p.role === 'LEADER' ? '〔组长〕' : ''}`).join('\n')
      : (DISPATCH_LABEL[d.dispatch] ?? d.dispatch);
    row([{ text: `${d.name}${d.code === f.lead.code ? '\n（牵头）' : ''}`, width: cols[0] }, { text: items, width: cols[1] }, { text: people, width: cols[2] }, { text: '', width: cols[3] }, { text: '', width: cols[4] }, { text: '', width: cols[5] }], 64);
  }
  y += 10;
  row([{ text: '检查人员签名', width: a, head: true }, { text: '', width: rest / 2 + c / 2 - a / 2 }, { text: '检查对象签字（盖章）', width: a, head: true }, { text: '', width: full - 2 * a - (rest / 2 + c / 2 - a / 2) }], 44);
  y += 8;
  doc.fontSize(8).fillColor('#444').text(
    `结果类别：未发现问题 / 未按规定公示应当公示的信息 / 公示信息隐瞒真实情况、弄虚作假 / 通过登记的住所（经营场所）无法联系 / 不配合检查情节严重 / 发现问题已责令改正 / 发现问题待后续处理 / 未发现开展本次抽查涉及的经营活动。检查结果应于检查后20个工作日内录入并公示。打印时间：${f.printedAt}`,
    left, y, { width: full },
  );
  doc.end();
  return done;
}
