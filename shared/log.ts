// Structured JSON logs (pino), one line per event, with the request id. Logs must never hold a token or personal
// data: known secret fields are redacted by path, and every string is scrubbed (JWT-shaped strings, bearer
// headers, resident IDs, phones and e-mails masked) before it is written.
import pino, { type DestinationStream, type Logger } from 'pino';
import { maskText } from './domain/privacy';

export type { Logger } from 'pino';

const JWT = /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g;
const BEARER = /\b(Bearer)\s+\S+/gi;

export function scrub(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return maskText(value.replace(JWT, '[令牌已隐藏]').replace(BEARER, '$1 [已隐藏]'));
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => scrub(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = scrub(v, depth + 1);
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
