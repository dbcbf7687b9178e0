// Pure import pipeline: encodings, XLSX cells, header mapping, row-level rejections, templates.
import 'reflect-metadata';
import iconv from 'iconv-lite';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { CellError, dateCell, mapHeaders, normalizeHeader, ratioCell } from '../../shared/io/columns';
import { decodeText, detectEncoding, encodeText } from '../../shared/io/decode';
import { prepareTable, issuesCsv, buildReport } from '../../shared/io/import';
import { KINDS } from '../../shared/io/kinds';
import { samplePoolRows, sampleUscc } from '../../shared/io/sample';
import { sheetsToXlsx, sheetToCsv, templateXlsx } from '../../shared/io/sheet';
import { FileFormatError, readTable } from '../../shared/io/table';
import { checkUscc } from '../../shared/validation';
import { validateChecklistItem } from '../../subgraphs/department/checklist-item.input';
import { validateInspector } from '../../subgraphs/department/inspector.input';
import { validateTarget, type TargetValues } from '../../subgraphs/department/pool-entry.input';
import { validateEntityRow } from '../../subgraphs/joint-inspection/import.service';

const POOL_CSV = [
  '统一社会信用代码,企业名称,行业门类,行政区划代码,信用风险分类,许可证号,风险提示,标签',
  `${sampleUscc(1)},万年县陈营镇示例一号商贸有限公司,批发和零售业,361129,A类,JY1；JY2,"有投诉, 需复查",餐饮；学校周边`,
  `${sampleUscc(2)},万年县石镇镇示例二号餐饮店,H,361129001,C,,,`,
].join('\r\n');

const poolKey = (v: TargetValues) => v.creditCode;
const preparePool = (csv: string | Buffer) => readTable(typeof csv === 'string' ? Buffer.from(csv) : csv, 'pool.csv').then((t) => prepareTable(t, KINDS.pool, validateTarget, poolKey));

describe('decoding', () => {
  it.each([
    ['UTF-8 with BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(POOL_CSV)]), 'utf-8'],
    ['UTF-8 without BOM', Buffer.from(POOL_CSV), 'utf-8'],
    ['GB18030', iconv.encode(POOL_CSV, 'gb18030'), 'gb18030'],
    ['GBK', iconv.encode(POOL_CSV, 'gbk'), 'gb18030'],
    ['UTF-16LE with BOM (Excel “Unicode text”)', encodeText(POOL_CSV.replace(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/gm, '\t'), 'utf-16le', true), 'utf-16le'],
  ])('%s reads to the same rows', async (_label, buf, encoding) => {
    const table = await readTable(buf, 'pool.csv');
    expect(table.encoding).toBe(encoding);
    expect(table.headers[0]).toBe('统一社会信用代码');
    expect(table.rows.map((r) => r.cells[1])).toEqual(['万年县陈营镇示例一号商贸有限公司', '万年县石镇镇示例二号餐饮店']);
    expect(table.rows[0].cells[6]).toBe('有投诉, 需复查');
  });

  it('detects GB18030 from bytes that are not UTF-8, and an explicit encoding wins', () => {
    const gbk = iconv.encode('企业名称', 'gbk');
    expect(detectEncoding(gbk).encoding).toBe('gb18030');
    expect(decodeText(gbk).text).toBe('企业名称');
    expect(decodeText(gbk, 'gbk').text).toBe('企业名称');
    // Four-byte GB18030 sequences (outside GBK) survive too.
    expect(decodeText(iconv.encode('𠀀', 'gb18030')).text).toBe('𠀀');
  });

  it('refuses old .xls and fake .xlsx files with a Chinese reason', async () => {
    await expect(readTable(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0, 0]), 'a.xls')).rejects.toThrow(/另存为 \.xlsx 或 CSV/);
    await expect(readTable(Buffer.from('a,b'), 'a.xlsx')).rejects.toThrow(FileFormatError);
    await expect(readTable(Buffer.from('\r\n\r\n'), 'a.csv')).rejects.toThrow(/表头/);
  });
});

describe('XLSX cells', () => {
  it('reads text, numbers, dates, booleans, rich text and formula results; skips blank rows; rows keep Excel numbering', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('人员');
    ws.addRow(['姓名', '执法证有效期至', '联系电话', '工作单位']);
    ws.addRow(['张三', new Date(Date.UTC(2028, 5, 30)), 13800138000, { richText: [{ text: '市场监管局' }, { text: '食品科' }] }]);
    ws.addRow([]);
    ws.addRow(['李四', '2027/1/5', { formula: '"0793-"&"7654321"', result: '0793-7654321' }, true]);
    const table = await readTable(Buffer.from(await wb.xlsx.writeBuffer()), 'x.xlsx');
    expect(table.format).toBe('xlsx');
    expect(table.rows).toEqual([
      { row: 2, cells: ['张三', '2028-06-30', '13800138000', '市场监管局食品科'] },
      { row: 4, cells: ['李四', '2027/1/5', '0793-7654321', '是'] },
    ]);
  });

  it('reads a workbook laid out as Excel writes it: sheets before the shared strings, data on the first sheet only', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('名录');
    ws.addRow(['统一社会信用代码', '企业名称']);
    ws.addRow([sampleUscc(1), '共享字符串公司']);
    wb.addWorksheet('填写说明').addRow(['说明', '不是数据']);
    const zip = await JSZip.loadAsync(await wb.xlsx.writeBuffer());
    const names = Object.keys(zip.files).filter((n) => !zip.files[n].dir);
    const strings = names.filter((n) => n.endsWith('sharedStrings.xml'));
    expect(strings).toHaveLength(1);
    const reordered = new JSZip();
    for (const n of [...names.filter((x) => !strings.includes(x)), ...strings]) reordered.file(n, await zip.files[n].async('nodebuffer'));
    const table = await readTable(await reordered.generateAsync({ type: 'nodebuffer' }), 'x.xlsx');
    expect(table.headers).toEqual(['统一社会信用代码', '企业名称']);
    expect(table.rows).toEqual([{ row: 2, cells: [sampleUscc(1), '共享字符串公司'] }]);
  });
});

describe('header mapping', () => {
  it('matches headers and aliases ignoring spaces, required marks and full-width brackets', () => {
    expect(normalizeHeader(' 统一社会信用代码* ')).toBe('统一社会信用代码');
    expect(normalizeHeader('企业名称（必填）')).toBe('企业名称');
    const m = mapHeaders(['名称', '备用列', '统一社会 信用代码', '信用分类', '行业', '区划代码'], KINDS.pool.columns);
    expect(m.index.slice(0, 5)).toEqual([2, 0, 4, 5, 3]);
    expect(m.unknown).toEqual(['备用列']);
  });

  it('names every missing required column, and a header given twice', () => {
    expect(() => mapHeaders(['企业名称', '标签'], KINDS.pool.columns)).toThrow('缺少必填列：统一社会信用代码、行业门类、行政区划代码、信用风险分类');
    expect(() => mapHeaders(['企业名称', '名称 '], KINDS.pool.columns.slice(0, 0))).not.toThrow();
    expect(() => mapHeaders(['企业名称', '企业名称'], KINDS.pool.columns)).toThrow(/出现了两次（第1列和第2列）/);
  });
});

describe('row validation and the rejection report', () => {
  it('maps Chinese labels to codes and accepts valid rows', async () => {
    const p = await preparePool(POOL_CSV);
    expect(p.issues).toEqual([]);
    expect(p.accepted.map((a) => a.row)).toEqual([2, 3]);
    expect(p.accepted[0].values).toMatchObject({ industrySection: 'F', creditClass: 'A', licenceNumbers: ['JY1', 'JY2'], tags: ['餐饮', '学校周边'] });
    expect(p.accepted[1].values).toMatchObject({ industrySection: 'H', regionCode: '361129001', licenceNumbers: [], riskNotes: null });
  });

  it('rejects each bad row with row number, column and reason (USCC check digit, blank required, enum, region, duplicates)', async () => {
    const good = sampleUscc(7);
    const bad = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    const csv = [
      '统一社会信用代码,企业名称,行业门类,行政区划代码,信用风险分类',
      `${bad},校验位错,F,361129,A`,
      `${sampleUscc(8)},,F,361129,A`,
      `${sampleUscc(9)},行业错,外星业,361129,E`,
      `${sampleUscc(10)},区划错,F,3611,A`,
      `${good},正确的一行,F,361129,B`,
      `${good},正确的一行,F,361129,B`,
      `${good.toLowerCase().replace(/(.{6})/, '$1 ')},同码不同名,F,361129,B`,
    ].join('\n');
    const p = await preparePool(csv);
    expect(p.accepted.map((a) => a.row)).toEqual([6]);
    expect(p.issues).toEqual([
      { row: 2, column: '统一社会信用代码', reason: checkUscc(bad) },
      { row: 3, column: '企业名称', reason: '必填，不能为空' },
      { row: 4, column: '行业门类', reason: expect.stringContaining('“外星业”不是允许的取值') },
      { row: 4, column: '信用风险分类', reason: expect.stringContaining('“E”不是允许的取值') },
      { row: 5, column: '行政区划代码', reason: '行政区划代码应为6–12位数字' },
      { row: 8, column: '统一社会信用代码', reason: '与第6行的统一社会信用代码重复，但内容不同' },
    ]);
    expect(p.warnings).toContain('第7行与第6行完全相同，已忽略');
    const report = buildReport(p, 'pool.csv', 'ALL_OR_NOTHING', false, { added: 0, updated: 0, unchanged: 0, conflicts: [], committed: false });
    expect(report).toMatchObject({ totalRows: 7, rejectedRows: 5, issueCount: 6, committed: false });
    expect(report.message).toMatch(/整个文件未写入任何数据/);
    expect(issuesCsv(report.issues).split('\r\n')[0]).toBe('行号,列,原因');
  });

  it('inspectors: resident ID check digit, phone format, real dates in several spellings', async () => {
    const csv = [
      '姓名,性别,职务,执法证号,执法证有效期至,工作单位,联系电话,身份证号码,业务专长',
      '张三,男,科员,36112900 0001,2028年6月30日,市场监管局,13800138000,,食品安全；特种设备',
      '李四,女,科员,361129000002,2028/2/30,市场监管局,0793-7654321,,',
      '王五,未知,科员,361129000003,2028-01-01,市场监管局,12345,,',
      '赵六,男,科员,361129000004,2028-01-01,市场监管局,13800138001,36112919850101123X,',
    ].join('\n');
    const p = prepareTable(await readTable(Buffer.from(csv), 'p.csv'), KINDS.inspectors, validateInspector, (v) => v.certificateNumber);
    expect(p.accepted.map((a) => [a.row, a.values.certificateNumber, a.values.certificateExpiry])).toEqual([[2, '361129000001', '2028-06-30']]);
    expect(p.accepted[0].values.expertise).toEqual(['食品安全', '特种设备']);
    expect(p.issues.map((i) => [i.row, i.column])).toEqual([
      [3, '执法证有效期至'],
      [4, '性别'],
      [5, '身份证号码'],
    ]);
    expect(p.issues[0].reason).toBe('日期不存在：2028-02-30');
    expect(p.issues[2].reason).toMatch(/校验位错误/);
  });

  it('checklist: ratios as percent, general items capped at 20%', async () => {
    const csv = [
      '事项编号,事项名称,事项类别,检查依据,检查对象,检查内容,检查方式,最低抽查比例,最高抽查比例,检查频次',
      'SC-01,食品经营,重点,食品安全法,食品经营者,许可,现场检查,5%,100%,每年一次',
      'SC-02,广告,一般,广告法,广告主,广告内容,书面检查,0.05,25%,每年一次',
    ].join('\n');
    const p = prepareTable(await readTable(Buffer.from(csv), 'c.csv'), KINDS.checklist, validateChecklistItem, (v) => v.code);
    expect(p.accepted[0].values).toMatchObject({ category: 'KEY', method: 'ON_SITE', minRatio: 0.05, maxRatio: 1 });
    expect(p.issues).toEqual([{ row: 3, column: '最高抽查比例', reason: '一般事项的抽查比例不能超过20%' }]);
    expect(() => ratioCell('abc')).toThrow(CellError);
    expect(dateCell('2026.3.1')).toBe('2026-03-01');
  });

  it('market entities: blank optional cells clear, flags default to 否', async () => {
    const csv = ['统一社会信用代码,企业名称,主体类型,是否有投诉举报,行政区划代码', `${sampleUscc(3)},示例公司,个体工商户,是,36112`].join('\n');
    const p = prepareTable(await readTable(Buffer.from(csv), 'e.csv'), KINDS.entities, validateEntityRow, (v) => v.creditCode);
    expect(p.issues).toEqual([{ row: 2, column: '行政区划代码', reason: '应为6、9或12位数字' }]);
    expect(validateEntityRow({ creditCode: sampleUscc(3), name: '示例', entityType: 'SOLE_PROPRIETOR' })).toMatchObject({
      entityType: 'SOLE_PROPRIETOR', address: null, hasComplaints: false, onAbnormalList: false,
    });
  });
});

describe('templates and written sheets', () => {
  it.each(Object.values(KINDS))('the $kind template has the exact headers, no data rows, and a 填写说明 sheet', async (spec) => {
    const buf = await templateXlsx(spec);
    const table = await readTable(buf, `${spec.kind}.xlsx`);
    expect(table.headers).toEqual(spec.columns.map((c) => c.header));
    expect(table.rows).toEqual([]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as never);
    expect(wb.worksheets.map((w) => w.name)).toEqual([spec.title, '填写说明']);
    expect(wb.worksheets[1].rowCount).toBe(4 + spec.columns.length);
  });

  it('a written XLSX or GB18030 CSV of sample rows reads back to the same accepted rows', async () => {
    const { headers, rows } = samplePoolRows(50);
    const sheet = { name: '名录', headers, rows };
    for (const [buf, name] of [[await sheetsToXlsx([sheet]), 'p.xlsx'], [sheetToCsv(sheet, 'gb18030'), 'p.csv']] as const) {
      const p = prepareTable(await readTable(buf, name), KINDS.pool, validateTarget, poolKey);
      expect(p.issues).toEqual([]);
      expect(p.accepted).toHaveLength(50);
      expect(p.accepted[49].values.name).toBe(rows[49][1]);
    }
  });

  it('CSV export neutralises formulas (CSV injection) and quotes commas', () => {
    const csv = sheetToCsv({ name: 'x', headers: ['a', 'b'], rows: [['=HYPERLINK("x")', '1,2'], [-5, null]] }).toString('utf8');
    expect(csv).toBe('\ufeffa,b\r\n"\'=HYPERLINK(""x"")","1,2"\r\n-5,\r\n');
  });
});
