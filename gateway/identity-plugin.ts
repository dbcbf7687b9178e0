// Who is asking: verify the bearer JWT once per request, count it against its rate limit, then hand every
// subgraph a signed identity (and the trace context, when tracing is on).
import { GraphQLError } from 'graphql';
import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { PUBLIC_IDENTITY, signIdentity, type Identity } from '../shared/identity';
import type { JwtVerifier } from '../shared/jwt';
import { injectTraceHeaders } from '../shared/tracing';
import type { RateLimiter } from './rate-limit';

export interface IdentityContext {
  identity: Identity;
}

const unauthenticated = (message: string) =>
  new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });

/** The Identity for an Authorization header value (none = PUBLIC); throws UNAUTHENTICATED. Also used by /status. */
export async function identityFromHeader(header: string | null | undefined, verify: JwtVerifier): Promise<Identity> {
  if (!header) return PUBLIC_IDENTITY;
  const m = /^Bearer\s+(\S+)$/i.exec(header);
  if (!m) throw unauthenticated('Authorization 头格式应为 "Bearer <令牌>"');
  try {
    return await verify(m[1]!);
  } catch {
    throw unauthenticated('令牌无效或已过期，请重新登录');
  }
}

/** One verification per HTTP request, shared by every plugin that needs to know who is asking. */
export function identityCache(verify: JwtVerifier) {
  const verified = new WeakMap<Request, Promise<Identity>>();
  return (request: Request): Promise<Identity> => {
    let p = verified.get(request);
    if (!p) {
      p = identityFromHeader(request.headers.get('authorization'), verify);
      verified.set(request, p);
    }
    return p;
  };
}

export function identityPlugin(opts: { identityOf: (request: Request) => Promise<Identity>; identitySecret: string; rateLimiter?: RateLimiter }): GatewayPlugin<IdentityContext> {
  // Verified in onRequest (so the rate limit applies before parsing and validation) and reused when the context is
  // built. A bad token is reported from context building, as a GraphQL error.
  const { identityOf } = opts;
  return {
    async onRequest({ request, serverContext, url, endResponse }) {
      if (!opts.rateLimiter || url.pathname !== '/graphql') return;
      const identity = await identityOf(request).catch(() => undefined);
      if (!identity) return;
      const address = (serverContext as { req?: { socket?: { remoteAddress?: string } } }).req?.socket?.remoteAddress;
      try {
        await opts.rateLimiter.consume(identity, address);
      } catch (e) {
        if (!(e instanceof GraphQLError)) throw e;
        const { http, ...extensions } = e.extensions as { http: { status: number; headers: Record<string, string> } };
        endResponse(
          new Response(JSON.stringify({ errors: [{ message: e.message, extensions }] }), {
            status: http.status,
            headers: { 'content-type': 'application/json; charset=utf-8', ...http.headers },
          }),
        );
      }
    },
    async onContextBuilding({ context, extendContext }) {
      const request = context.request;
      extendContext({ identity: request ? await identityOf(request) : PUBLIC_IDENTITY });
    },
    onFetch({ context, options, setOptions }) {
      const identity = (context as Partial<IdentityContext>).identity;
      if (!identity) return;
      const headers = new Headers(options.headers as HeadersInit | undefined);
      for (const [k, v] of Object.entries(signIdentity(identity, opts.identitySecret))) headers.set(k, v);
      injectTraceHeaders(headers);
      setOptions({ ...options, headers: Object.fromEntries(headers) });
    },
  };
}
