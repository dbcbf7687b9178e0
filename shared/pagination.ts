import { badInput } from './errors';

// Relay-style cursors over a stable sort key (the numeric row id), opaque to clients.
export function encodeCursor(id: number): string {
  return Buffer.from(`c:${id}`).toString('base64url');
}

export function decodeCursor(cursor: string | null | undefined): number | undefined {
  if (cursor == null) return undefined;
  const m = /^c:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!m) throw badInput('after', '分页游标无效');
  return Number(m[1]);
}

export const MAX_PAGE = 200;

export function pageSize(first: number | null | undefined, dflt = 20): number {
  const n = first ?? dflt;
  if (!Number.isInteger(n) || n < 0 || n > MAX_PAGE) throw badInput('first', `每页条数应为 0–${MAX_PAGE}`);
  return n;
}
