import { badInput } from '../../shared/errors';

// Small edge checks shared by the inputs; each throws BAD_USER_INPUT naming the field.

export function requireText(field: string, value: string | null | undefined, max: number): string {
  const v = typeof value === 'string' ? value.trim() : '';
  if (!v) throw badInput(field, '不能为空');
  if ([...v].length > max) throw badInput(field, `长度不能超过${max}个字符`);
  return v;
}

export function optionalText(field: string, value: string | null | undefined, max: number): string | null {
  if (value == null) return null;
  const v = value.trim();
  if (!v) return null;
  if ([...v].length > max) throw badInput(field, `长度不能超过${max}个字符`);
  return v;
}

export function oneOf<T extends string>(field: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) throw badInput(field, `取值应为 ${allowed.join('/')} 之一`);
  return value as T;
}

/** Lists of short labels (tags, expertise, licence numbers): trimmed, deduplicated, bounded. */
export function textList(field: string, values: string[] | null | undefined, maxItems: number, maxLen: number): string[] {
  const out: string[] = [];
  for (const raw of values ?? []) {
    const v = typeof raw === 'string' ? raw.trim() : '';
    if (!v) throw badInput(field, '不能包含空值');
    if ([...v].length > maxLen) throw badInput(field, `每项长度不能超过${maxLen}个字符`);
    if (!out.includes(v)) out.push(v);
  }
  if (out.length > maxItems) throw badInput(field, `最多${maxItems}项`);
  return out;
}

/** Wraps a shared check (null = valid, else a Chinese reason). */
export function check(field: string, value: string, fn: (v: string) => string | null): string {
  const reason = fn(value);
  if (reason) throw badInput(field, reason);
  return value;
}
