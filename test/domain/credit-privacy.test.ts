import { DEFAULT_CREDIT_RULES, RESULT_CATEGORIES, proposeCreditMove, severity } from '../../shared/domain/credit';
import { containsPersonalData, maskText } from '../../shared/domain/privacy';
import { makeUscc } from '../../shared/validation';

describe('credit-class moves', () => {
  const r = (categories: string[], followUp = 'NONE') => ({ categories, followUp });

  test('the published wording is docs/domain.md\'s', () => {
    expect(Object.values(RESULT_CATEGORIES)).toContain('通过登记的住所（经营场所）无法联系');
    expect(Object.keys(RESULT_CATEGORIES)).toHaveLength(8);
  });

  test('a minor finding moves A to B at once; a serious one moves A to C', () => {
    expect(proposeCreditMove('A', [r(['NO_PROBLEM']), r(['CORRECTED'], 'ORDERED_TO_CORRECT')])).toMatchObject({ to: 'B', needsConfirmation: false });
    expect(proposeCreditMove('A', [r(['FALSE_INFO'])])).toMatchObject({ to: 'C', needsConfirmation: false });
    expect(proposeCreditMove('A', [r(['CORRECTED'], 'ABNORMAL_LIST')])).toMatchObject({ to: 'C' });
    expect(proposeCreditMove('C', [r(['REFUSED'])])).toMatchObject({ to: 'D' });
    expect(proposeCreditMove('D', [r(['REFUSED'])])).toBeNull();
  });

  test('a clean inspection of B proposes A for the joint office to confirm; clean A stays', () => {
    expect(proposeCreditMove('B', [r(['NO_PROBLEM']), r(['NO_ACTIVITY'])])).toMatchObject({ to: 'A', needsConfirmation: true });
    expect(proposeCreditMove('A', [r(['NO_PROBLEM'])])).toBeNull();
    expect(proposeCreditMove('B', [r(['NO_PROBLEM'])], { ...DEFAULT_CREDIT_RULES, promoteCleanB: false })).toBeNull();
    expect(proposeCreditMove('B', [])).toBeNull();
  });

  test('rules are configurable', () => {
    const strict = { ...DEFAULT_CREDIT_RULES, moves: { ...DEFAULT_CREDIT_RULES.moves, A: { MINOR: 'C' as const, SERIOUS: 'D' as const } } };
    expect(proposeCreditMove('A', [r(['CORRECTED'])], strict)?.to).toBe('C');
    expect(severity(r(['PENDING_FOLLOW_UP'], 'TRANSFER_POLICE'))).toBe('SERIOUS');
    expect(severity(r(['UNPUBLISHED_INFO']))).toBe('MINOR');
  });
});

describe('masking free text for publication', () => {
  test('resident IDs, mobiles, landlines and e-mails are masked; business codes and dates stay', () => {
    const text = '负责人身份证11010519491231002X，电话13812345678、+86 139-1234-5678，座机0793-1234567，邮箱 zhang.san@example.com；企业代码91350100M000100Y43，2026-07-02 检查。';
    const masked = maskText(text);
    expect(masked).toContain('110105********002X');
    expect(masked).toContain('138****5678');
    expect(masked).toContain('139****5678');
    expect(masked).toContain('0793-***4567');
    expect(masked).toContain('z***@example.com');
    expect(masked).toContain('91350100M000100Y43');
    expect(masked).toContain('2026-07-02');
    expect(containsPersonalData(text)).toBe(true);
    expect(containsPersonalData(masked)).toBe(false);
  });

  test('an all-digit valid USCC stays; an 18-digit run that is not a USCC is masked', () => {
    let digits = '';
    for (let i = 1; !/^\d{18}$/.test(digits); i++) digits = makeUscc('91361129', String(i).padStart(8, '0'));
    expect(maskText(`代码 ${digits} 无误`)).toBe(`代码 ${digits} 无误`);
    expect(maskText('编号123456789012345678')).not.toContain('123456789012345678');
  });
});
