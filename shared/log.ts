// Structured JSON logs (pino), one line per event, with the request id. Logs must never hold a token or personal
// data: known secret fields are redacted by path, and every string is scrubbed (JWT-shaped strings, bearer
// headers, resident IDs, phones and e-mails masked) before it is written.
import pino, { type DestinationStream, type Logger } from 'pino';
import { maskText } from './domain/privacy';

export type { Logger } from 'pino';

const JWT = /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g;
const BEARER = /\b(Bearer)\s+\S+/gi;

// Scrubbing must cost time linear in what is logged, whatever a caller sent: every string is cut before any
// pattern runs, and a structure is walked only so far.
export const MAX_LOGGED_STRING = 2000;
const MAX_LOGGED_ITEMS = 50;
// Driver errors carry the statement and its parameters (what users typed, at any length): never logged.
const NEVER_WALKED = new Set(['parameters', 'driverError', 'query', 'sql', 'variables']);

function cut(s: string): string {
  return s.length > MAX_LOGGED_STRING ? `${s.slice(0, MAX_LOGGED_STRING)}…[已截断，共${s.length}字符]` : s;
}

export function scrub(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return maskText(cut(value).replace(JWT, '[令牌已隐藏]').replace(BEARER, '$1 [已隐藏]'));
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) {
    const e = value as Error & { code?: unknown };
    return { name: e.name, ...(e.code !== undefined ? { code: scrub(e.code, depth + 1) } : {}), message: scrub(String(e.message), depth + 1) };
  }
  if (Array.isArray(value)) return value.slice(0, MAX_LOGGED_ITEMS).map((v) => scrub(v, depth + 1));
  const out: Record<string, unknown> = {};
  let n = 0;
  for (const k in value) {
    if (!Object.prototype.hasOwnProperty.call(value, k) || NEVER_WALKED.has(k)) continue;
    if (++n > MAX_LOGGED_ITEMS) break;
    out[k] = scrub((value as Record<string, unknown>)[k], depth + 1);
  }
  return out;
}

// Tokens, signatures and GraphQL variables (which carry whatever users typed) are never logged.
const REDACT = [
  'authorization', 'token', 'password', 'secret', 'variables', 'query',
  '*.authorization', '*.token', '*.password', '*.secret', '*.variables',
  'headers.authorization', 'headers.cookie', 'headers["x-hub-identity"]', 'headers["x-hub-signature"]',
];

function defaultLevel(): string {
  if (process.env.LOG_LEVEL) return process.env.LOG_LEVEL;
  // Jest sets NODE_ENV=test: keep test output readable; tests that check logs pass their own stream.
  return process.env.NODE_ENV === 'test' ? 'silent' : 'info';
}

export function createLogger(service: string, opts: { level?: string; destination?: DestinationStream } = {}): Logger {
  return pino(
    {
      level: opts.level ?? defaultLevel(),
      base: { service },
      timestamp: pino.stdTimeFunctions.isoTime,
      messageKey: 'msg',
      redact: { paths: REDACT, censor: '[已隐藏]' },
      formatters: {
        level: (label) => ({ level: label }),
        log: (obj) => scrub(obj) as Record<string, unknown>,
      },
      serializers: {
        // Error messages can quote SQL values (a duplicate key, say): only the kind, the code and a scrubbed message.
        err: (e: Error & { code?: unknown }) => ({ type: e?.name, code: e?.code, message: String(e?.message ?? e).slice(0, 500) }),
      },
    },
    opts.destination,
  );
}

/** A request id from the client is kept only when it is short and plain; otherwise we make one. */
export function requestIdFrom(header: string | null | undefined, make: () => string): string {
  return header && /^[A-Za-z0-9._:-]{1,64}$/.test(header) ? header : make();
}
