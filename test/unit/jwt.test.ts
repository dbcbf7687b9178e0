import { createServer } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT, exportJWK, generateKeyPair, type JWK } from 'jose';
import { createJwtVerifier, jwtSettingsFromEnv, type JwtSettings } from '../../shared/jwt';
import { listen } from '../../shared/subgraph-server';

const NOW = new Date('2026-06-01T08:00:00Z');
const t = (d: Date) => Math.floor(d.getTime() / 1000);
const base: JwtSettings = { clockSkewSeconds: 30, asymmetricAlgorithms: ['RS256', 'ES256'], now: () => NOW, issuer: 'https://idp.example.gov.cn', audience: 'joint-supervision-hub' };

interface Keys { rs: CryptoKeyPair; es: CryptoKeyPair; other: CryptoKeyPair; jwks: { keys: JWK[] } }
let keys: Keys;

beforeAll(async () => {
  const rs = (await generateKeyPair('RS256')) as CryptoKeyPair;
  const es = (await generateKeyPair('ES256')) as CryptoKeyPair;
  const other = (await generateKeyPair('RS256')) as CryptoKeyPair;
  keys = {
    rs,
    es,
    other,
    jwks: { keys: [{ ...(await exportJWK(rs.publicKey)), kid: 'rs-1', alg: 'RS256', use: 'sig' }, { ...(await exportJWK(es.publicKey)), kid: 'es-1', alg: 'ES256', use: 'sig' }] },
  };
});

function token(alg: string, kid: string, key: CryptoKey | Uint8Array, claims: { exp?: number; nbf?: number; iss?: string; aud?: string; role?: string; department?: string } = {}) {
  const jwt = new SignJWT({ role: claims.role ?? 'JOINT_OFFICE', ...(claims.department ? { department: claims.department } : {}) })
    .setProtectedHeader({ alg, kid })
    .setSubject('user-1')
    .setIssuedAt(t(NOW) - 60)
    .setIssuer(claims.iss ?? base.issuer!)
    .setAudience(claims.aud ?? base.audience!);
  if (claims.exp !== null) jwt.setExpirationTime(claims.exp ?? t(NOW) + 3600);
  if (claims.nbf) jwt.setNotBefore(claims.nbf);
  return jwt.sign(key);
}

describe('JWT verification at the gateway', () => {
  test('RS256 and ES256 against an inline JWKS', async () => {
    const verify = createJwtVerifier({ ...base, jwks: keys.jwks });
    await expect(verify(await token('RS256', 'rs-1', keys.rs.privateKey))).resolves.toEqual({ sub: 'user-1', role: 'JOINT_OFFICE' });
    await expect(verify(await token('ES256', 'es-1', keys.es.privateKey, { role: 'DEPT_STAFF', department: 'SAMR' }))).resolves.toEqual({ sub: 'user-1', role: 'DEPT_STAFF', department: 'SAMR' });
  });

  test('a JWKS file and a JWKS URL', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jwks-'));
    const file = join(dir, 'jwks.json');
    writeFileSync(file, JSON.stringify(keys.jwks));
    const fromFile = createJwtVerifier({ ...base, jwksFile: file });
    await expect(fromFile(await token('ES256', 'es-1', keys.es.privateKey))).resolves.toMatchObject({ role: 'JOINT_OFFICE' });

    let served = 0;
    const running = await listen(createServer((_req, res) => {
      served++;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(keys.jwks));
    }));
    try {
      const fromUrl = createJwtVerifier({ ...base, jwksUrl: running.url.replace(/graphql$/, '.well-known/jwks.json') });
      await expect(fromUrl(await token('RS256', 'rs-1', keys.rs.privateKey))).resolves.toMatchObject({ sub: 'user-1' });
      await expect(fromUrl(await token('ES256', 'es-1', keys.es.privateKey))).resolves.toMatchObject({ sub: 'user-1' });
      expect(served).toBe(1); // cached
    } finally {
      await running.close();
    }
  });

  test('HS256 with the shared secret alongside the key set', async () => {
    const secret = 'hs-secret';
    const verify = createJwtVerifier({ ...base, jwks: keys.jwks, secret });
    await expect(verify(await token('HS256', 'x', new TextEncoder().encode(secret)))).resolves.toMatchObject({ role: 'JOINT_OFFICE' });
    await expect(verify(await token('HS256', 'x', new TextEncoder().encode('wrong')))).rejects.toThrow();
    const noHs = createJwtVerifier({ ...base, jwks: keys.jwks });
    await expect(noHs(await token('HS256', 'x', new TextEncoder().encode(secret)))).rejects.toThrow(/HS256/);
  });

  test('expired, not yet valid, wrong audience, wrong issuer, unknown key, no exp: all rejected', async () => {
    const verify = createJwtVerifier({ ...base, jwks: keys.jwks });
    const rs = (c: Parameters<typeof token>[3]) => token('RS256', 'rs-1', keys.rs.privateKey, c);
    await expect(verify(await rs({ exp: t(NOW) - 31 }))).rejects.toThrow(/exp/);
    await expect(verify(await rs({ nbf: t(NOW) + 31 }))).rejects.toThrow(/nbf/);
    await expect(verify(await rs({ aud: 'another-system' }))).rejects.toThrow(/aud/);
    await expect(verify(await rs({ iss: 'https://evil.example.com' }))).rejects.toThrow(/iss/);
    await expect(verify(await token('RS256', 'rs-1', keys.other.privateKey))).rejects.toThrow();
    await expect(verify(await rs({ exp: null as unknown as number }))).rejects.toThrow(/exp/);
  });

  test('clock skew: within the tolerance accepted, beyond it rejected', async () => {
    const strict = createJwtVerifier({ ...base, jwks: keys.jwks, clockSkewSeconds: 0 });
    const lenient = createJwtVerifier({ ...base, jwks: keys.jwks, clockSkewSeconds: 120 });
    const expiredAMinuteAgo = await token('RS256', 'rs-1', keys.rs.privateKey, { exp: t(NOW) - 60 });
    const validInAMinute = await token('ES256', 'es-1', keys.es.privateKey, { nbf: t(NOW) + 60 });
    await expect(strict(expiredAMinuteAgo)).rejects.toThrow();
    await expect(strict(validInAMinute)).rejects.toThrow();
    await expect(lenient(expiredAMinuteAgo)).resolves.toMatchObject({ sub: 'user-1' });
    await expect(lenient(validInAMinute)).resolves.toMatchObject({ sub: 'user-1' });
  });

  test('algorithm confusion and garbage are rejected', async () => {
    const verify = createJwtVerifier({ ...base, jwks: keys.jwks, secret: 's' });
    const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url')}.${Buffer.from(JSON.stringify({ sub: 'x', role: 'SERVICE', exp: t(NOW) + 60 })).toString('base64url')}.`;
    await expect(verify(unsigned)).rejects.toThrow(/算法/);
    await expect(verify('not-a-token')).rejects.toThrow(/格式/);
    // A claims problem is still a rejection: a valid signature with an unknown role.
    await expect(verify(await token('RS256', 'rs-1', keys.rs.privateKey, { role: 'ROOT' }))).rejects.toThrow(/角色/);
  });

  test('settings from the environment', () => {
    const s = jwtSettingsFromEnv('sec', { JWT_JWKS_URL: 'https://idp/jwks', JWT_ISSUER: 'i', JWT_AUDIENCE: 'a', JWT_CLOCK_SKEW_S: '5', JWT_ALGORITHMS: 'ES256' });
    expect(s).toMatchObject({ secret: 'sec', jwksUrl: 'https://idp/jwks', issuer: 'i', audience: 'a', clockSkewSeconds: 5, asymmetricAlgorithms: ['ES256'] });
    expect(jwtSettingsFromEnv('sec', { JWT_HS256: 'off' }).secret).toBeUndefined();
    expect(() => jwtSettingsFromEnv('sec', { JWT_CLOCK_SKEW_S: '-1' })).toThrow();
    expect(() => createJwtVerifier({ clockSkewSeconds: 0, asymmetricAlgorithms: [] })).toThrow();
  });
});
