import {
  checkDate, checkOrgCode, checkPhone, checkResidentId, checkUscc, isValidUscc, makeUscc, maskPhone, maskResidentId, orgCode,
  residentId, uscc,
} from '../../shared/validation';

// Vectors recomputed independently (Python, straight from the GB formulas), not with this module.
const VALID_USCC = [
  '91350100M000100Y43',
  '91361129MA35XK2T1Q',
  '92361129L123456742',
  '93361129MA37Y8B14J',
  '9111000010001766X6', // org check char X inside the code
  '91440300MA5FA8XQ9P',
  '12100000400001467N',
];

describe('checkUscc', () => {
  it.each(VALID_USCC)('accepts %s', (code) => {
    expect(checkUscc(code)).toBeNull();
  });

  it('rejects a wrong check char and names the right one', () => {
    expect(checkUscc('91350100M000100Y44')).toBe('校验位错误，应为 3');
    expect(checkUscc('91361129MA35XK2T1R')).toBe('校验位错误，应为 Q');
  });

  it('rejects a wrong organisation-code check char', () => {
    // Position 17 changed from 4 to 5; the USCC check char recomputed so only the org check fails.
    const body = '91350100M000100Y5';
    expect(checkUscc(uscc(body))).toBe('第9–17位组织机构代码校验位错误');
  });

  it.each(['I', 'O', 'Z', 'S', 'V'])('rejects excluded letter %s at a body position', (ch) => {
    const code = '91350100M000100Y43';
    expect(checkUscc(code.slice(0, 9) + ch + code.slice(10))).toBe('含有不允许的字符 I/O/Z/S/V');
    expect(checkUscc(ch + code.slice(1))).toBe('含有不允许的字符 I/O/Z/S/V');
  });

  it('rejects lowercase, wrong lengths, empty and punctuation', () => {
    expect(checkUscc('91350100m000100y43')).toBe('统一社会信用代码中的字母应为大写');
    expect(checkUscc('91350100M000100Y4')).toBe('统一社会信用代码应为18位');
    expect(checkUscc('91350100M000100Y433')).toBe('统一社会信用代码应为18位');
    expect(checkUscc('')).toBe('统一社会信用代码不能为空');
    expect(checkUscc('91350100M000100-43')).toContain('非法字符');
  });

  it('builds valid codes', () => {
    expect(uscc('91350100M000100Y4')).toBe('91350100M000100Y43');
    expect(orgCode('M000100Y')).toBe('M000100Y4');
    expect(orgCode('10001766')).toBe('10001766X');
    expect(makeUscc('91361129', 'MA35XK2T')).toBe('91361129MA35XK2T1Q');
    expect(checkOrgCode('M000100Y4')).toBeNull();
    expect(checkOrgCode('M000100Y5')).toBe('组织机构代码校验位错误，应为 4');
    expect(() => uscc('91350100M000100I4')).toThrow();
    expect(() => makeUscc('91361129', 'MA35XK2I')).toThrow();
  });
});

describe('isValidUscc (the bulk check the draw uses)', () => {
  test('agrees with checkUscc on the vectors and on 50,000 mutated codes', () => {
    for (const v of VALID_USCC) expect(isValidUscc(v)).toBe(true);
    const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZa-';
    let state = 12345;
    const next = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32;
    for (let n = 0; n < 50_000; n++) {
      const base = n % 2 ? VALID_USCC[n % VALID_USCC.length] : makeUscc('91361129', String(n).padStart(8, '0'));
      const chars = [...base];
      // Half unchanged-but-for-one-char mutations, some length changes.
      if (next() < 0.9) chars[Math.floor(next() * 18)] = alphabet[Math.floor(next() * alphabet.length)];
      if (next() < 0.05) chars.pop();
      const code = chars.join('');
      expect([code, isValidUscc(code)]).toEqual([code, checkUscc(code) === null]);
    }
    expect(isValidUscc(undefined as unknown as string)).toBe(false);
    expect(isValidUscc('中'.repeat(18))).toBe(false);
  });
});

describe('checkResidentId', () => {
  it.each(['11010519491231002X', '36112919850317123X', '440304199202294567', '361129200010100011'])(
    'accepts %s', (id) => {
      expect(checkResidentId(id)).toBeNull();
    },
  );

  it('completes a body', () => {
    expect(residentId('11010519491231002')).toBe('11010519491231002X');
    expect(residentId('36112920001010001')).toBe('361129200010100011');
  });

  it('rejects wrong check char, bad dates, bad shapes', () => {
    expect(checkResidentId('110105194912310021')).toBe('身份证号码校验位错误，应为 X');
    expect(checkResidentId('11010519490230002X')).toBe('出生日期不存在：19490230');
    expect(checkResidentId(residentId('36112919931301123'))).toBe('出生日期不存在：19931301');
    expect(checkResidentId('11010519491231002x')).toBe('身份证号码应为17位数字加1位数字或大写X');
    expect(checkResidentId('11010519491231002')).toBe('身份证号码应为18位');
    expect(checkResidentId('')).toBe('身份证号码不能为空');
  });

  it('masks', () => {
    expect(maskResidentId('11010519491231002X')).toBe('110105********002X');
  });
});

describe('checkPhone / maskPhone', () => {
  it('accepts mobiles and landlines', () => {
    for (const p of ['13812345678', '19900001111', '0793-7123456', '010-12345678', '0793-7123456-801']) {
      expect(checkPhone(p)).toBeNull();
    }
  });
  it('rejects the rest', () => {
    for (const p of ['12812345678', '1381234567', '138123456789', '7123456', '0793 7123456', '']) {
      expect(checkPhone(p)).not.toBeNull();
    }
  });
  it('masks', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('0793-7123456')).toBe('0793-***3456');
  });
});

describe('checkDate', () => {
  it('accepts real dates incl. leap days', () => {
    for (const d of ['2024-02-29', '2000-02-29', '2026-12-31', '2026-01-01']) expect(checkDate(d)).toBeNull();
  });
  it('rejects impossible dates and other formats', () => {
    for (const d of ['2025-02-29', '1900-02-29', '2026-04-31', '2026-13-01', '2026-00-10', '2026-1-1', '20260101', '']) {
      expect(checkDate(d)).not.toBeNull();
    }
  });
});
