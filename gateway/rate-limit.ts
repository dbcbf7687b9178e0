// Per-identity rate limiting (rate-limiter-flexible, in memory: one gateway process; its Redis limiter is a
// drop-in when the gateway is scaled out). Logged-in callers are counted by subject, the public by address.
import { GraphQLError } from 'graphql';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { Identity } from '../shared/identity';

export interface RateLimiter {
  /** Throws a RATE_LIMITED error (HTTP 429, Retry-After) when the caller is over its budget. */
  consume(identity: Identity, address: string | undefined): Promise<void>;
}

export function rateLimitKey(identity: Identity, address: string | undefined): string | null {
  // The joint-inspection service drives dispatch for whole rounds through the gateway: it is not a user.
  if (identity.role === 'SERVICE') return null;
  if (identity.role === 'PUBLIC') return `ip:${address ?? 'unknown'}`;
  return `${identity.role}:${identity.department ?? ''}:${identity.sub}`;
}

export function rateLimitError(retryAfterSeconds: number): GraphQLError {
  return new GraphQLError(`请求过于频繁，请 ${retryAfterSeconds} 秒后再试`, {
    extensions: { code: 'RATE_LIMITED', retryAfterSeconds, http: { status: 429, headers: { 'retry-after': String(retryAfterSeconds) } } },
  });
}

/** The HTTP answer for a RATE_LIMITED error: its status, Retry-After, and the error with its code. */
export function rateLimitedAnswer(e: GraphQLError): { status: number; headers: Record<string, string>; body: string } {
  const { http, ...extensions } = e.extensions as { http: { status: number; headers: Record<string, string> } };
  return {
    status: http.status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...http.headers },
    body: JSON.stringify({ errors: [{ message: e.message, extensions }] }),
  };
}

export function createRateLimiter(opts: { requests: number; windowSeconds: number; onLimited?: () => void }): RateLimiter {
  const limiter = new RateLimiterMemory({ points: opts.requests, duration: opts.windowSeconds });
  return {
    async consume(identity, address) {
      const key = rateLimitKey(identity, address);
      if (!key) return;
      try {
        await limiter.consume(key);
      } catch (e) {
        if (!(e instanceof RateLimiterRes)) throw e;
        opts.onLimited?.();
        throw rateLimitError(Math.max(1, Math.ceil(e.msBeforeNext / 1000)));
      }
    },
  };
}

/** Counts one request; when over budget, answers it with 429 on the Node response and returns false. */
export async function admitOrAnswer(
  limiter: RateLimiter,
  identity: Identity,
  req: import('node:http').IncomingMessage,
  res: import('node:http').ServerResponse,
): Promise<boolean> {
  try {
    await limiter.consume(identity, req.socket.remoteAddress);
    return true;
  } catch (e) {
    if (!(e instanceof GraphQLError)) throw e;
    const answer = rateLimitedAnswer(e);
    res.writeHead(answer.status, answer.headers);
    res.end(answer.body);
    return false;
  }
}
