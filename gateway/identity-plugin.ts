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

/** Carried in the execution request until the fetch is built: who asks, not yet signed (the body is not known yet). */
const PENDING_IDENTITY = 'x-hub-pending-identity';

export function identityPlugin(opts: {
  identityOf: (request: Request) => Promise<Identity>;
  identitySecret: string;
  rateLimiter?: RateLimiter;
  /** Subgraph service name by URL (config.ts subgraphTargets): the audience each signature names. */
  targetOf: (url: string) => string | undefined;
}): GatewayPlugin<IdentityContext> {
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
    // The identity travels as a per-request header in the execution request, not added only at fetch time: the HTTP
    // executor merges identical in-flight subgraph requests by url, body and these headers, so two users asking the
    // same thing at once stay two requests (the gateway benchmark caught the merge). It is signed at fetch time,
    // when the body and the subgraph it goes to are known.
    onSubgraphExecute({ executionRequest, setExecutionRequest }) {
      const identity = (executionRequest.context as Partial<IdentityContext> | undefined)?.identity;
      if (!identity) return;
      const extensions = executionRequest.extensions ?? {};
      const headers = { ...(extensions.headers as Record<string, string> | undefined), [PENDING_IDENTITY]: JSON.stringify(identity) };
      setExecutionRequest({ ...executionRequest, extensions: { ...extensions, headers } });
    },
    onFetch({ url, options, setOptions }) {
      const given = (options.headers ?? {}) as Record<string, string>;
      const pending = given[PENDING_IDENTITY];
      const trace = traceHeaders();
      if (pending === undefined && !Object.keys(trace).length) return;
      const headers: Record<string, string> = { ...given, ...trace };
      if (pending !== undefined) {
        delete headers[PENDING_IDENTITY];
        const target = opts.targetOf(url);
        const body = typeof options.body === 'string' ? options.body : '';
        // An unknown URL gets no signature: the subgraph refuses it rather than trusting a guess.
        if (target) Object.assign(headers, signIdentity(JSON.parse(pending) as Identity, opts.identitySecret, { method: options.method ?? 'GET', target, body }));
      }
      setOptions({ ...options, headers });
    },
  };
}
