// Bearer-token verification at the gateway: HS256 with the shared secret, and RS256/ES256 (and the other
// asymmetric JOSE algorithms jose supports) against a JWKS from a file or URL. `exp` is required; `exp` and `nbf`
// are checked with a configurable clock skew; issuer and audience are checked when configured.
import { readFileSync } from 'node:fs';
import { createLocalJWKSet, createRemoteJWKSet, decodeProtectedHeader, jwtVerify, type JWTVerifyGetKey, type JSONWebKeySet } from 'jose';
import { LRUCache } from 'lru-cache';
import { parseIdentityClaims, type Identity } from './identity';

export interface JwtSettings {
  /** HS256 secret; absent disables HS256. */
  secret?: string;
  jwksFile?: string;
  jwksUrl?: string;
  /** Inline key set (tests, or a key set read elsewhere). */
  jwks?: JSONWebKeySet;
  issuer?: string;
  audience?: string;
  /** Seconds of clock difference tolerated on exp/nbf/iat. */
  clockSkewSeconds: number;
  /** Asymmetric algorithms accepted with the key set. */
  asymmetricAlgorithms: string[];
  /** For tests: the verification clock. */
  now?: () => Date;
}

export const DEFAULT_ASYMMETRIC = ['RS256', 'ES256'];

const list = (v: string | undefined) => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : undefined);

export function jwtSettingsFromEnv(secret: string | undefined, env = process.env): JwtSettings {
  const skew = Number(env.JWT_CLOCK_SKEW_S ?? 30);
  if (!Number.isFinite(skew) || skew < 0) throw new Error('JWT_CLOCK_SKEW_S 应为非负秒数');
  return {
    secret: env.JWT_HS256 === 'off' ? undefined : secret,
    jwksFile: env.JWT_JWKS_FILE || undefined,
    jwksUrl: env.JWT_JWKS_URL || undefined,
    issuer: env.JWT_ISSUER || undefined,
    audience: env.JWT_AUDIENCE || undefined,
    clockSkewSeconds: skew,
    asymmetricAlgorithms: list(env.JWT_ALGORITHMS) ?? DEFAULT_ASYMMETRIC,
  };
}

export type JwtVerifier = (token: string) => Promise<Identity>;

export class JwtRejected extends Error {}

export function createJwtVerifier(s: JwtSettings): JwtVerifier {
  let keySet: JWTVerifyGetKey | undefined;
  if (s.jwks) keySet = createLocalJWKSet(s.jwks);
  else if (s.jwksFile) keySet = createLocalJWKSet(JSON.parse(readFileSync(s.jwksFile, 'utf8')) as JSONWebKeySet);
  // Remote sets are cached by jose and refetched on an unknown `kid` (key rotation), at most every 30 s.
  else if (s.jwksUrl) keySet = createRemoteJWKSet(new URL(s.jwksUrl), { cooldownDuration: 30_000, cacheMaxAge: 600_000 });
  const secret = s.secret ? new TextEncoder().encode(s.secret) : undefined;
  if (!keySet && !secret) throw new Error('JWT: 需要 JWT_SECRET（HS256）或 JWT_JWKS_FILE / JWT_JWKS_URL');

  const common = {
    issuer: s.issuer,
    audience: s.audience,
    clockTolerance: s.clockSkewSeconds,
    requiredClaims: ['exp'],
  };
  // A token verified once is taken at its word for a minute (or until it expires): verification is most of what the
  // gateway spends on a forwarded query, and every dashboard request carries the same token.
  const verified = new LRUCache<string, { identity: Identity; until: number }>({ max: 10_000 });
  return async (token) => {
    const now = s.now?.().getTime() ?? Date.now();
    const hit = verified.get(token);
    if (hit && hit.until > now) return hit.identity;
    const identity = await verifyOnce(token);
    verified.set(token, { identity: identity.identity, until: Math.min(identity.exp * 1000, now + 60_000) });
    return identity.identity;
  };

  async function verifyOnce(token: string): Promise<{ identity: Identity; exp: number }> {
    let alg: string | undefined;
    try {
      alg = decodeProtectedHeader(token).alg;
    } catch {
      throw new JwtRejected('令牌格式无效');
    }
    const currentDate = s.now?.();
    let payload;
    if (alg === 'HS256') {
      if (!secret) throw new JwtRejected('不接受 HS256 令牌');
      ({ payload } = await jwtVerify(token, secret, { ...common, algorithms: ['HS256'], currentDate }));
    } else if (alg && s.asymmetricAlgorithms.includes(alg)) {
      if (!keySet) throw new JwtRejected(`未配置公钥集，不接受 ${alg} 令牌`);
      ({ payload } = await jwtVerify(token, keySet, { ...common, algorithms: s.asymmetricAlgorithms, currentDate }));
    } else {
      throw new JwtRejected(`不接受的签名算法：${alg ?? '无'}`);
    }
    return { identity: parseIdentityClaims(payload as Record<string, unknown>), exp: payload.exp! };
  }
}
