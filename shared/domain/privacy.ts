// Masking of personal data inside free text before it is published (一公开). Structured fields are masked
// where they are defined; this catches what staff type into findings: resident IDs, phones (mobile and landline),
// passport-like numbers, e-mail addresses. Rules and their reasons: docs/security.md, "Masking".
import { checkResidentId, checkUscc, maskPhone, maskResidentId } from '../validation';

// What people type is folded first: full-width digits and letters (Chinese input methods), the full-width @ and
// separators become ASCII, and format characters (zero-width spaces and joiners, bidi marks, soft hyphens) go.
// CJK punctuation stays as typed, so the published text reads as written.
const FOLDED = /^[0-9A-Za-z@.\-+()_% ]$/;
const FORMAT = /\p{Cf}/u;
const NON_ASCII_OR_FORMAT = /[^\x00-\x7F]|\p{Cf}/u;

export function foldForMasking(text: string): string {
  if (!NON_ASCII_OR_FORMAT.test(text)) return text;
  let out = '';
  for (const ch of text) {
    if (FORMAT.test(ch)) continue;
    if (ch.charCodeAt(0) < 0x80) {
      out += ch;
      continue;
    }
    const n = ch.normalize('NFKC');
    out += FOLDED.test(n) ? n : ch === '\u3000' ? ' ' : ch;
  }
  return out;
}

// Between two digits of a number, at most two separator characters (spaces, dots, dashes, slashes, middle dots).
// Every pattern is a fixed-length chain of `S?\d` steps: linear in the text, no nested unbounded repeats.
const S = "[ .\\-\\u00B7\\u2013\\u2014/_]{0,2}";
const D = `(?:${S}\\d)`;

const RESIDENT_ID = new RegExp(`(?<![0-9A-Za-z])(\\d${D}{16}${S}[\\dXx]|\\d{15})(?![0-9A-Za-z])`, 'g');
const MOBILE = new RegExp(`(?<!\\d)(?:\\+?86${S})?(1${S}[3-9]${D}{9})(?!\\d)`, 'g');
const LANDLINE = new RegExp(`(?<!\\d)(?:\\((0\\d{2,3})\\)|(0\\d{2,3}))${S}(\\d${D}{6,7})(?:(?:-|转|#)\\d{1,6})?(?!\\d)`, 'g');
// Chinese passports (E/G/D/S/P + 7–8 digits), Hong Kong / Macao permits (C/H/M/K/L + 8–10 digits).
const PASSPORT = new RegExp(`(?<![0-9A-Za-z_-])([EGDSPCHMKLegdspchmkl][A-Za-z]?)(\\d${D}{6,9})(?![0-9A-Za-z_-])`, 'g');
// The local part starts where a run of its characters starts, so each run is tried once (linear, not quadratic).
const EMAIL = /(?<![A-Za-z0-9._%+-])([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*\s?@\s?([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})/g;

const digitsOf = (s: string) => s.replace(/[^0-9Xx]/g, '').toUpperCase();

/** An 18-digit run that is a valid USCC (business, public) and not a valid resident ID stays visible. */
function isBusinessCode(s: string): boolean {
  const d = digitsOf(s);
  return d.length === 18 && checkUscc(d) === null && checkResidentId(d) !== null;
}

export function maskText(text: string): string {
  return foldForMasking(text)
    .replace(RESIDENT_ID, (m) => (isBusinessCode(m) ? m : maskResidentId(digitsOf(m))))
    .replace(PASSPORT, (_m, prefix: string, num: string) => `${prefix.toUpperCase()}${'*'.repeat(digitsOf(num).length - 2)}${digitsOf(num).slice(-2)}`)
    .replace(MOBILE, (_m, number: string) => maskPhone(digitsOf(number)))
    .replace(LANDLINE, (_m, bracketed: string | undefined, area: string | undefined, local: string) => maskPhone(`${bracketed ?? area}-${digitsOf(local)}`))
    .replace(EMAIL, (_m, first: string, domain: string) => `${first}***@${domain}`);
}

/** True when the text still carries something that looks like personal data (used by tests and guards). */
export function containsPersonalData(text: string): boolean {
  const folded = foldForMasking(text);
  const probe = (re: RegExp) => {
    re.lastIndex = 0;
    for (const m of folded.matchAll(re)) if (re !== RESIDENT_ID || !isBusinessCode(m[0])) return true;
    return false;
  };
  return probe(RESIDENT_ID) || probe(PASSPORT) || probe(MOBILE) || probe(LANDLINE) || probe(EMAIL);
}
