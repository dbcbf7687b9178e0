// Identifier and format checks (docs/domain.md, "Identifiers").
// Every check returns null when valid, otherwise a Chinese reason shown to the user.

/** GB 32100-2015 alphabet: 0-9A-Z without I O Z S V; a symbol's value is its index. */
const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

function usccCheckChar(body17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_CHARSET.indexOf(body17[i]) * USCC_WEIGHTS[i];
  const c = 31 - (sum % 31);
  return USCC_CHARSET[c === 31 ? 0 : c];
}

/** GB 11714 values letters A=10 … Z=35 (its own alphabet, not the USCC one). */
function orgValue(ch: string): number {
  return /[0-9]/.test(ch) ? Number(ch) : ch.charCodeAt(0) - 55;
}

function orgCheckChar(body8: string): string {
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += orgValue(body8[i]) * ORG_WEIGHTS[i];
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

/** Organisation code (GB 11714): 8 body chars + check char. */
export function checkOrgCode(code: string): string | null {
  if (code.length !== 9) return '组织机构代码应为9位';
  if (!/^[0-9A-Z]{8}[0-9X]$/.test(code)) return '组织机构代码含有非法字符';
  const expected = orgCheckChar(code.slice(0, 8));
  return code[8] === expected ? null : `组织机构代码校验位错误，应为 ${expected}`;
}

// Symbol values by char code (−1 = not in the alphabet): one pass, no allocation, for bulk checks.
const USCC_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < USCC_CHARSET.length; i++) USCC_VALUE[USCC_CHARSET.charCodeAt(i)] = i;

const X = 'X'.charCodeAt(0);
const ZERO = '0'.charCodeAt(0);

/**
 * Format only (18 characters, the first 17 of the USCC alphabet), writing an exact numeric key: characters 1–9 and
 * 10–17 in base 31 (each below 2^53, over an alphabet in ASCII order, so the pairs sort as the codes do). The 18th
 * is their check character, so the pair identifies a valid code. For bulk work that verifies each distinct code
 * once (isValidUscc) and recognises repeats by key.
 */
export function usccKey(code: string, key: Float64Array): boolean {
  if (typeof code !== 'string' || code.length !== 18) return false;
  let a = 0;
  let b = 0;
  for (let i = 0; i < 17; i++) {
    const c = code.charCodeAt(i);
    const v = c < 128 ? USCC_VALUE[c] : -1;
    if (v < 0) return false;
    if (i < 9) a = a * 31 + v;
    else b = b * 31 + v;
  }
  key[0] = a;
  key[1] = b;
  return true;
}

const FORMAT_KEY = new Float64Array(2);

/** Same verdict as `checkUscc(code) === null`, without allocation, for pools of a million codes. */
export function isValidUscc(code: string): boolean {
  if (!usccKey(code, FORMAT_KEY)) return false;
  let sum = 0;
  let org = 0;
  for (let i = 0; i < 17; i++) {
    const c = code.charCodeAt(i);
    sum += USCC_VALUE[c] * USCC_WEIGHTS[i];
    // GB 11714 values letters A=10 … Z=35, its own alphabet.
    if (i >= 8 && i < 16) org += (c <= 57 ? c - ZERO : c - 55) * ORG_WEIGHTS[i - 8];
  }
  const last = code.charCodeAt(17);
  const check = 31 - (sum % 31);
  if (last >= 128 || USCC_VALUE[last] !== (check === 31 ? 0 : check)) return false;
  const oc = 11 - (org % 11);
  return code.charCodeAt(16) === (oc === 10 ? X : oc === 11 ? ZERO : ZERO + oc);
}

export function checkUscc(code: string): string | null {
  if (typeof code !== 'string' || code.length === 0) return '统一社会信用代码不能为空';
  if (code.length !== 18) return '统一社会信用代码应为18位';
  if (/[a-z]/.test(code)) return '统一社会信用代码中的字母应为大写';
  if (/[IOZSV]/.test(code)) return '含有不允许的字符 I/O/Z/S/V';
  for (const ch of code) {
    if (!USCC_CHARSET.includes(ch)) return `含有非法字符“${ch}”`;
  }
  if (checkOrgCode(code.slice(8, 17)) !== null) return '第9–17位组织机构代码校验位错误';
  const expected = usccCheckChar(code.slice(0, 17));
  return code[17] === expected ? null : `校验位错误，应为 ${expected}`;
}

function assertCharset(s: string, length: number, what: string): void {
  if (s.length !== length || [...s].some((ch) => !USCC_CHARSET.includes(ch))) {
    throw new Error(`${what}应为${length}位且只含统一社会信用代码允许的字符：${s}`);
  }
}

/** Completes a 17-char USCC body with its check char. */
export function uscc(body17: string): string {
  assertCharset(body17, 17, '统一社会信用代码主体');
  return body17 + usccCheckChar(body17);
}

/** Completes an 8-char organisation code body with its check char. */
export function orgCode(body8: string): string {
  if (!/^[0-9A-Z]{8}$/.test(body8)) throw new Error(`组织机构代码主体应为8位数字或大写字母：${body8}`);
  return body8 + orgCheckChar(body8);
}

/** prefix8 = registration authority + entity type + 6-digit region code. */
export function makeUscc(prefix8: string, orgBody8: string): string {
  assertCharset(prefix8, 8, '登记管理部门、机构类别和行政区划码');
  const org = orgCode(orgBody8);
  // The org check char may be X, which is allowed; the body itself must avoid I O Z S V.
  assertCharset(org, 9, '组织机构代码');
  return uscc(prefix8 + org);
}

export function checkDate(s: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s ?? '');
  if (!m) return '日期格式应为 YYYY-MM-DD';
  return realDate(Number(m[1]), Number(m[2]), Number(m[3])) ? null : `日期不存在：${s}`;
}

function realDate(y: number, mo: number, d: number): boolean {
  if (mo < 1 || mo > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return d <= days[mo - 1];
}

function idCheckChar(body17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(body17[i]) * ID_WEIGHTS[i];
  return ID_CHECK[sum % 11];
}

export function checkResidentId(id: string): string | null {
  if (typeof id !== 'string' || id.length === 0) return '身份证号码不能为空';
  if (id.length !== 18) return '身份证号码应为18位';
  if (!/^\d{17}[0-9X]$/.test(id)) return '身份证号码应为17位数字加1位数字或大写X';
  const y = Number(id.slice(6, 10));
  const mo = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  if (!realDate(y, mo, d)) return `出生日期不存在：${id.slice(6, 14)}`;
  const expected = idCheckChar(id.slice(0, 17));
  return id[17] === expected ? null : `身份证号码校验位错误，应为 ${expected}`;
}

/** Completes a 17-digit resident ID body with its check char. */
export function residentId(body17: string): string {
  if (!/^\d{17}$/.test(body17)) throw new Error(`身份证号码主体应为17位数字：${body17}`);
  return body17 + idCheckChar(body17);
}

const MOBILE = /^1[3-9]\d{9}$/;
// Area code 3–4 digits starting with 0, local number 7–8 digits, optional extension.
const LANDLINE = /^0\d{2,3}-\d{7,8}(-\d{1,6})?$/;

export function checkPhone(s: string): string | null {
  if (typeof s !== 'string' || s.length === 0) return '联系电话不能为空';
  return MOBILE.test(s) || LANDLINE.test(s) ? null : '联系电话应为11位手机号或“区号-号码”格式的固定电话';
}

/** Published data hides phones: mobile keeps 3 + 4 digits, landline keeps the area code and last 4. */
export function maskPhone(s: string): string {
  if (MOBILE.test(s)) return `${s.slice(0, 3)}****${s.slice(7)}`;
  const dash = s.indexOf('-');
  if (dash > 0 && s.length - dash > 5) {
    const local = s.slice(dash + 1);
    return `${s.slice(0, dash + 1)}${'*'.repeat(local.length - 4)}${local.slice(-4)}`;
  }
  return s.length > 4 ? '*'.repeat(s.length - 4) + s.slice(-4) : '****';
}

export function maskResidentId(id: string): string {
  if (id.length < 10) return '*'.repeat(id.length);
  return `${id.slice(0, 6)}********${id.slice(-4)}`;
}
