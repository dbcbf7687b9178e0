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
    onFetch({ context, options, setOptions }) {
      const identity = (context as Partial<IdentityContext>).identity;
      if (!identity) return;
      const headers = new Headers(options.headers as HeadersInit | undefined);
      for (const [k, v] of Object.entries(signIdentity(identity, opts.identitySecret))) headers.set(k, v);
      setOptions({ ...options, headers: Object.fromEntries(headers) });
    },
  };
}
