// Who is asking: verify the bearer JWT once per request, then hand every subgraph a signed identity.
import { GraphQLError } from 'graphql';
import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { PUBLIC_IDENTITY, signIdentity, verifyJwt, type Identity } from '../shared/identity';

export interface IdentityContext {
  identity: Identity;
}

const unauthenticated = (message: string) =>
  new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });

export function identityPlugin(opts: { jwtSecret: string; identitySecret: string }): GatewayPlugin<IdentityContext> {
  return {
    async onContextBuilding({ context, extendContext }) {
      const header = context.request?.headers.get('authorization');
      if (!header) return extendContext({ identity: PUBLIC_IDENTITY });
      const m = /^Bearer\s+(\S+)$/i.exec(header);
      if (!m) throw unauthenticated('Authorization 头格式应为 "Bearer <令牌>"');
      try {
        extendContext({ identity: await verifyJwt(m[1]!, opts.jwtSecret) });
      } catch {
        throw unauthenticated('令牌无效或已过期，请重新登录');
      }
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
  };
}
