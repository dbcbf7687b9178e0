import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { SignJWT, jwtVerify } from 'jose';
import { ROLES, type Role } from './domain';

/** Who is asking. Every resolver receives one; PUBLIC when nobody logged in. */
export interface Identity {
  sub: string;
  role: Role;
  /** Department code for INSPECTOR / DEPT_STAFF / DEPT_ADMIN; absent otherwise. */
  department?: string;
}

export const PUBLIC_IDENTITY: Identity = { sub: 'anonymous', role: 'PUBLIC' };

const DEPARTMENT_ROLES: Role[] = ['INSPECTOR', 'DEPT_STAFF', 'DEPT_ADMIN'];

export function parseIdentityClaims(claims: Record<string, unknown>): Identity {
  const { sub, role, department } = claims;
  if (typeof sub !== 'string' || !sub) throw new Error('令牌缺少 sub');
  if (typeof role !== 'string' || !(ROLES as readonly string[]).includes(role)) throw new Error('令牌角色无效');
  if (DEPARTMENT_ROLES.includes(role as Role)) {
    if (typeof department !== 'string' || !department) throw new Error('部门角色的令牌必须包含 department');
    return { sub, role: role as Role, department };
  }
  return { sub, role: role as Role };
}

// ---- HS256 tokens (demo logins, the SERVICE token); verification with JWKS etc. lives in jwt.ts ----
const enc = (s: string) => new TextEncoder().encode(s);

/** HS256 only, no issuer/audience: kept for callers that only hold the shared secret. */
export async function verifyJwt(token: string, secret: string): Promise<Identity> {
  const { payload } = await jwtVerify(token, enc(secret), { algorithms: ['HS256'], requiredClaims: ['exp'] });
  return parseIdentityClaims(payload as Record<string, unknown>);
}

/** Mints an HS256 token; carries JWT_ISSUER / JWT_AUDIENCE when the gateway checks them. */
export async function mintJwt(identity: Identity, secret: string, ttlSeconds = 30 * 24 * 3600): Promise<string> {
  const jwt = new SignJWT({ role: identity.role, ...(identity.department ? { department: identity.department } : {}) })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(identity.sub)
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`);
  if (process.env.JWT_ISSUER) jwt.setIssuer(process.env.JWT_ISSUER);
  if (process.env.JWT_AUDIENCE) jwt.setAudience(process.env.JWT_AUDIENCE);
  return jwt.sign(enc(secret));
}

// ---- Signed identity between gateway and subgraphs ----
// Subgraphs trust nothing but this header pair, so a caller that bypasses the gateway gets nowhere. The signature
// covers the identity and the request it travels with (method, target subgraph, SHA-256 of the body) and expires
// within a minute, so a captured pair is worth nothing against another subgraph, another body or later
// (docs/security.md, "Identity header").
export const IDENTITY_HEADER = 'x-hub-identity';
export const SIGNATURE_HEADER = 'x-hub-signature';
/** Longest life of a signed header. */
export const IDENTITY_TTL_SECONDS = 60;
/** Clocks of gateway and subgraph may differ this much. */
export const CLOCK_SKEW_SECONDS = 5;

/** The request a signed identity is good for: its method, the subgraph it goes to (its service name), its body. */
export interface SignedRequest {
  method: string;
  /** Service name of the subgraph, e.g. `joint-inspection`, `department-SAMR`. */
  target: string;
  body: string;
}

function hmac(secret: string, payload: string) {
  return createHmac('sha256', secret).update(payload).digest('base64url');
}

export const bodyHash = (body: string) => createHash('sha256').update(body).digest('base64url');

export function signIdentity(identity: Identity, secret: string, request: SignedRequest, now = Date.now(), ttlSeconds = IDENTITY_TTL_SECONDS): Record<string, string> {
  const iat = Math.floor(now / 1000);
  const claims = { ...identity, iat, exp: iat + Math.min(ttlSeconds, IDENTITY_TTL_SECONDS), m: request.method.toUpperCase(), aud: request.target, bh: bodyHash(request.body) };
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return { [IDENTITY_HEADER]: payload, [SIGNATURE_HEADER]: hmac(secret, payload) };
}

/** Returns the identity, or throws with a reason when the header is missing, forged, stale or meant for another request. */
export function verifyIdentityHeaders(
  get: (name: string) => string | undefined | null,
  secret: string,
  request: SignedRequest,
  now = Date.now(),
): Identity {
  const payload = get(IDENTITY_HEADER);
  const signature = get(SIGNATURE_HEADER);
  if (!payload || !signature) throw new Error('缺少身份签名');
  const expected = Buffer.from(hmac(secret, payload));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw new Error('身份签名无效');
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
  const iat = Number(claims.iat);
  const exp = Number(claims.exp);
  const t = now / 1000;
  if (!Number.isFinite(iat) || !Number.isFinite(exp) || exp - iat > IDENTITY_TTL_SECONDS || exp < iat) throw new Error('身份签名有效期无效');
  if (iat > t + CLOCK_SKEW_SECONDS) throw new Error('身份签名的签发时间晚于当前时间');
  if (t > exp + CLOCK_SKEW_SECONDS) throw new Error('身份签名已过期');
  if (claims.aud !== request.target) throw new Error('身份签名不是发给本服务的');
  if (claims.m !== request.method.toUpperCase()) throw new Error('身份签名与请求方法不符');
  if (claims.bh !== bodyHash(request.body)) throw new Error('身份签名与请求内容不符');
  return parseIdentityClaims(claims);
}

// ---- Authorization rules (pure) ----
export const isJointOffice = (id: Identity) => id.role === 'JOINT_OFFICE';
export const isService = (id: Identity) => id.role === 'SERVICE';

/** Department-private data: the department's own people, the joint office, and services. */
export function canReadDepartmentPrivate(id: Identity, department: string): boolean {
  if (id.role === 'JOINT_OFFICE' || id.role === 'SERVICE') return true;
  return DEPARTMENT_ROLES.includes(id.role) && id.department === department;
}

/** Department data is writable only by that department's staff/admin, or a service. */
export function canWriteDepartment(id: Identity, department: string): boolean {
  if (id.role === 'SERVICE') return true;
  return (id.role === 'DEPT_STAFF' || id.role === 'DEPT_ADMIN') && id.department === department;
}

/** Publishing, retiring and inspector status changes are the department admin's call. */
export function canAdministerDepartment(id: Identity, department: string): boolean {
  if (id.role === 'SERVICE') return true;
  return id.role === 'DEPT_ADMIN' && id.department === department;
}

/** The demo identities `npm start` prints tokens for. */
export function demoIdentities(departmentCode = 'SAMR', inspectorCertificate?: string): Identity[] {
  const d = departmentCode.toLowerCase();
  return [
    { sub: 'public', role: 'PUBLIC' },
    // An inspector's subject is their enforcement certificate number: results are entered only for tasks they are matched to.
    { sub: inspectorCertificate ?? `inspector-${d}`, role: 'INSPECTOR', department: departmentCode },
    { sub: `staff-${d}`, role: 'DEPT_STAFF', department: departmentCode },
    { sub: `admin-${d}`, role: 'DEPT_ADMIN', department: departmentCode },
    { sub: 'joint-office', role: 'JOINT_OFFICE' },
    { sub: 'service-joint-inspection', role: 'SERVICE' },
  ];
}
