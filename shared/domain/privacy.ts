// Masking of personal data inside free text before it is published (一公开). Structured fields are masked
// where they are defined; this catches what staff type into findings: resident IDs, phones, e-mail addresses.
import { checkResidentId, checkUscc, maskPhone, maskResidentId } from '../validation';

// Digit runs are matched whole (no digit on either side) so parts of longer numbers are never half-masked.
const RESIDENT_ID = /(?<![0-9A-Za-z])(\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])/g;
const MOBILE = /(?<!\d)(?:\+?86[- ]?)?(1[3-9]\d)[- ]?(\d{4})[- ]?(\d{4})(?!\d)/g;
const LANDLINE = /(?<![\d-])(0\d{2,3})-(\d{7,8})(?:-\d{1,6})?(?![\d-])/g;
const EMAIL = /([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+\.[A-Za-z]{2,})/g;

/** An 18-digit run that is a valid USCC (business, public) and not a valid resident ID stays visible. */
function isBusinessCode(s: string): boolean {
  return s.length === 18 && checkUscc(s) === null && checkResidentId(s) !== null;
}

export function maskText(text: string): string {
  return text
    .replace(RESIDENT_ID, (m) => (isBusinessCode(m) ? m : maskResidentId(m.toUpperCase())))
    .replace(MOBILE, (_m, a: string, b: string, c: string) => maskPhone(`${a}${b}${c}`))
    .replace(LANDLINE, (_m, area: string, local: string) => maskPhone(`${area}-${local}`))
    .replace(EMAIL, (_m, first: string, domain: string) => `${first}***@${domain}`);
}

/** True when the text still carries something that looks like personal data (used by tests and guards). */
export function containsPersonalData(text: string): boolean {
  const probe = (re: RegExp) => {
    re.lastIndex = 0;
    for (const m of text.matchAll(re)) if (re !== RESIDENT_ID || !isBusinessCode(m[0])) return true;
    return false;
  };
  return probe(RESIDENT_ID) || probe(MOBILE) || probe(LANDLINE) || probe(EMAIL);
}
