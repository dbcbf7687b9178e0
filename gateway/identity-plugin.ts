// Who is asking: verify the bearer JWT once per request, count it against its rate limit, then hand every
// subgraph a signed identity (and the trace context, when tracing is on).
import { GraphQLError } from 'graphql';
import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { PUBLIC_IDENTITY, signIdentity, type Identity } from '../shared/identity';
import type { JwtVerifier } from '../shared/jwt';
import { traceHeaders } from '../shared/tracing';
import { rateLimitedAnswer, type RateLimiter } from './rate-limit';
import { rateCounted } from './fast-path';

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
      const nodeRequest = (serverContext as { req?: import('node:http').IncomingMessage }).req;
      if (nodeRequest && rateCounted.has(nodeRequest)) return;
      const identity = await identityOf(request).catch(() => undefined);
      if (!identity) return;
      const address = (serverContext as { req?: { socket?: { remoteAddress?: string } } }).req?.socket?.remoteAddress;
      try {
        await opts.rateLimiter.consume(identity, address);
      } catch (e) {
        if (!(e instanceof GraphQLError)) throw e;
        const answer = rateLimitedAnswer(e);
        endResponse(new Response(answer.body, { status: answer.status, headers: answer.headers }));
      }
    },
    async onContextBuilding({ context, extendContext }) {
      const request = context.request;
      extendContext({ identity: request ? await identityOf(request) : PUBLIC_IDENTITY });
    },
    // The identity travels as per-request headers in the execution request, not added later at fetch time: the HTTP
    // executor merges identical in-flight subgraph requests by url, body and these headers, so two users asking the
    // same thing at once stay two requests, each signed for its own user (the gateway benchmark caught the merge).
    onSubgraphExecute({ executionRequest, setExecutionRequest }) {
      const identity = (executionRequest.context as Partial<IdentityContext> | undefined)?.identity;
      if (!identity) return;
      const extensions = executionRequest.extensions ?? {};
      const headers = { ...(extensions.headers as Record<string, string> | undefined), ...signIdentity(identity, opts.identitySecret) };
      setExecutionRequest({ ...executionRequest, extensions: { ...extensions, headers } });
    },
    // Only the trace context is added at fetch time: it identifies the request, not who may see the answer.
    // Without tracing there is nothing to add, and every subgraph fetch skips the header copy.
    onFetch({ options, setOptions }) {
      const trace = traceHeaders();
      if (!Object.keys(trace).length) return;
      const headers = new Headers(options.headers as HeadersInit | undefined);
      for (const [k, v] of Object.entries(trace)) headers.set(k, v);
      setOptions({ ...options, headers: Object.fromEntries(headers) });
    },
  };
}
