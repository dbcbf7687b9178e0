// Masking for 一公开 on what people actually type (shared/domain/privacy.ts): full-width digits from Chinese input
// methods, dotted and spaced numbers, zero-width characters, the full-width @, bracketed area codes, passports.
import fc from 'fast-check';
import { containsPersonalData, maskText } from '../../shared/domain/privacy';
import { residentId } from '../../shared/validation';

const FULL = (s: string) => s.replace(/[0-9A-Za-z@]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
const digitsOf = (s: string) => s.normalize('NFKC').replace(/[^0-9Xx]/g, '');

describe('forms found published unmasked (issue 14, finding 4)', () => {
  test.each([
    ['full-width mobile', '１３８００１３８０００', '13800138000'],
    ['dotted mobile', '138.0013.8000', '13800138000'],
    ['zero-width-split mobile', '1\u200B3\u200B8\u200B0\u200B0\u200B1\u200B3\u200B8\u200B0\u200B0\u200B0', '13800138000'],
    ['spaced ID number', '3611 2919 6704 1526 26', '361129196704152626'],
    ['full-width ID number', FULL('11010519491231002X'), '11010519491231002X'],
    ['full-width @', 'zhangsan＠example.com', 'zhangsan@'],
    ['bracketed landline', '(0791)88123456', '88123456'],
    ['full-width bracketed landline', '（０７９１）８８１２３４５６', '88123456'],
    ['passport', '护照号E12345678', 'E12345678'],
  ])('%s', (_label, text, secret) => {
    const masked = maskText(`当事人联系方式：${text}。`);
    expect(masked.replace(/[^0-9A-Za-z@]/g, '')).not.toContain(secret.replace(/[^0-9A-Za-z@]/g, ''));
    expect(containsPersonalData(`当事人联系方式：${text}。`)).toBe(true);
    expect(containsPersonalData(masked)).toBe(false);
  });

  test('CJK punctuation, dates, amounts and business codes stay as typed', () => {
    const text = '经查，该单位于2026-07-02整改完毕，罚款5000元；统一社会信用代码91350100M000100Y43。';
    expect(maskText(text)).toBe(text);
  });
});

// Variants a person (or an input method) produces: full- or half-width digits, separators between any digits,
// zero-width characters anywhere, spaces around.
const ZERO_WIDTH = ['\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF'];
const SEPARATORS = ['', '', '', ' ', '-', '.', '·', '  ', '－', '．', '\u3000'];
const variant = (digits: string) =>
  fc
    .tuple(
      fc.boolean(),
      fc.array(fc.constantFrom(...SEPARATORS), { minLength: digits.length, maxLength: digits.length }),
      fc.array(fc.boolean(), { minLength: digits.length, maxLength: digits.length }),
      fc.constantFrom(...ZERO_WIDTH),
      fc.constantFrom('', ' ', '：', '电话', '（', '\u3000'),
      fc.constantFrom('', ' ', '。', '，请联系', '）'),
    )
    .map(([wide, seps, zw, z, before, after]) => {
      let out = '';
      [...digits].forEach((d, i) => {
        if (i > 0) out += seps[i] ?? '';
        out += wide ? FULL(d) : d;
        if (zw[i]) out += z;
      });
      return { text: `${before}${out}${after}`, digits };
    });

const mobile = fc.tuple(fc.constantFrom('13', '15', '17', '18', '19'), fc.stringMatching(/^\d{9}$/)).map(([a, b]) => `${a}${b}`);
const idNumber = fc
  .tuple(fc.constantFrom('110105', '361129', '440300', '310101'), fc.integer({ min: 1950, max: 2008 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }), fc.integer({ min: 100, max: 999 }))
  .map(([r, y, m, d, s]) => residentId(`${r}${y}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}${s}`));
const landline = fc.tuple(fc.constantFrom('010', '0791', '0755', '021'), fc.stringMatching(/^[2-8]\d{7}$/));

// A separator may be at most two characters: more is not one number any more (and is left alone).
const oneNumber = (v: { text: string }) => !/[ \-.·－．\u3000]{3,}/.test(v.text);

describe('no variant survives masking (property)', () => {
  test('mobiles', () => {
    fc.assert(
      fc.property(mobile.chain(variant).filter(oneNumber), ({ text, digits }) => {
        const masked = maskText(`检查中发现联系人${text}`);
        expect(digitsOf(masked)).not.toContain(digits);
        expect(containsPersonalData(masked)).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  test('resident ID numbers', () => {
    fc.assert(
      fc.property(idNumber.chain(variant).filter(oneNumber), ({ text, digits }) => {
        const masked = maskText(`负责人身份证${text}`);
        expect(digitsOf(masked)).not.toContain(digits.slice(6, 14));
        expect(containsPersonalData(masked)).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  test('landlines with the area code in brackets or before a separator', () => {
    fc.assert(
      fc.property(landline, fc.boolean(), fc.constantFrom('-', ' ', '', '－'), fc.boolean(), ([area, local], bracket, sep, wide) => {
        const raw = bracket ? `(${area})${sep}${local}` : `${area}${sep || '-'}${local}`;
        const text = wide ? FULL(raw).replace('(', '（').replace(')', '）') : raw;
        const masked = maskText(`座机${text}`);
        expect(digitsOf(masked)).not.toContain(local);
        expect(containsPersonalData(masked)).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  test('e-mail addresses, half- or full-width, with zero-width characters', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z][a-z0-9._]{2,12}$/), fc.constantFrom('example.com', 'qq.com', 'gov.cn'), fc.boolean(), fc.constantFrom('', ...ZERO_WIDTH), (local, domain, wide, z) => {
        const at = wide ? '＠' : '@';
        const text = `${wide ? FULL(local) : local}${z}${at}${domain}`;
        const masked = maskText(`邮箱${text}`);
        expect(masked.normalize('NFKC')).not.toContain(`${local}@`);
        expect(containsPersonalData(masked)).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});

describe('masking is linear in its input', () => {
  // Each of these took the old e-mail pattern O(n²) steps; a 5 MB one would have run for hours.
  test.each([
    ['letters without @', 'a'.repeat(5_000_000)],
    ['dots and letters', 'a.'.repeat(2_500_000)],
    ['@ after a long run', `${'a'.repeat(2_500_000)}@`],
    ['digits', '1'.repeat(5_000_000)],
    ['spaced digits', '1 '.repeat(2_500_000)],
  ])('%s (5 MB) is masked at all', (_label, text) => {
    expect(typeof maskText(text)).toBe('string');
  });
});
