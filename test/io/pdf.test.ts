// The 一企一表 PDF: drawn with pdfkit and a Debian CJK font (CI installs fonts-wqy-microhei and poppler-utils).
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findCjkFont, renderJointFormPdf } from '../../subgraphs/joint-inspection/form.pdf';
import type { JointFormData } from '../../subgraphs/joint-inspection/form.render';

const form: JointFormData = {
  taskId: 12,
  roundName: '2026-Q3',
  entity: { creditCode: '91361129MA0000007U', name: '万年县陈营镇示例餐饮有限公司', address: '万年县陈营镇建设路18号', legalRepresentative: '王小明', industry: 'H 住宿和餐饮业', creditClass: 'B' },
  window: { start: '2026-07-01', end: '2026-09-30' },
  lead: { code: 'SAMR', name: '市场监督管理局' },
  leader: { name: '张三', certificateNumber: '361129000101' },
  departments: [
    { code: 'SAMR', name: '市场监督管理局', items: [{ code: 'SAMR-01', name: '餐饮服务单位食品安全管理' }], inspectors: [{ name: '张三', certificateNumber: '361129000101', role: 'LEADER' }, { name: '李四', certificateNumber: '361129000102', role: 'MEMBER' }], dispatch: 'MATCHED' },
    // Enough departments to need a second page.
    ...Array.from({ length: 9 }, (_, i) => ({ code: `D${i}`, name: `第${i + 1}部门`, items: [{ code: `D${i}-01`, name: '公共场所卫生' }], inspectors: [], dispatch: 'PENDING' })),
  ],
  printedAt: '2026-12-01 22:30',
};

describe('一企一表 PDF', () => {
  it('finds a CJK font, or none when CJK_FONT names a missing file', () => {
    expect(findCjkFont()).not.toBeNull();
    expect(findCjkFont('/nonexistent/font.ttc')).toBeNull();
  });

  it('renders the form with Chinese text that reads back, breaking onto a second page', async () => {
    const pdf = await renderJointFormPdf(form, findCjkFont()!);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.length).toBeLessThan(200_000); // the font is subset, not embedded whole (5 MB)
    const out = join(process.cwd(), 'test-output');
    mkdirSync(out, { recursive: true });
    const file = join(out, 'joint-form-sample.pdf');
    writeFileSync(file, pdf);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    for (const s of ['部门联合随机抽查“一企一表”', '万年县陈营镇示例餐饮有限公司', '91361129MA0000007U', '张三', '361129000101', '〔组长〕', '待派发', '第9部门', '检查对象签字']) {
      expect(text).toContain(s);
    }
    expect(text.split('\f').filter((p) => p.trim()).length).toBe(2);
  });
});
