import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { DepartmentConfig } from './domain';

export interface HubConfig {
  gateway: { port: number };
  jointInspection: { port: number; url?: string };
  departments: DepartmentConfig[];
}

/** The hub layout: config/hub.json by default, HUB_CONFIG to point elsewhere (docker uses hub.docker.json). */
export function loadHubConfig(path = process.env.HUB_CONFIG): HubConfig {
  const file = path ? resolve(path) : resolve(__dirname, '../../config/hub.json');
  return JSON.parse(readFileSync(file, 'utf8')) as HubConfig;
}

export function departmentUrl(d: DepartmentConfig): string {
  return d.url ?? `http://127.0.0.1:${d.port}/graphql`;
}

export function jointUrl(c: HubConfig): string {
  return c.jointInspection.url ?? `http://127.0.0.1:${c.jointInspection.port}/graphql`;
}

/** The published development secrets: `npm start` works out of the box with them, production refuses them. */
export const DEV_SECRETS = { jwt: 'dev-jwt-secret-change-me', identity: 'dev-identity-secret-change-me' } as const;
/** HS256 wants a key at least as long as its hash (RFC 7518 §3.2). */
export const MIN_SECRET_BYTES = 32;

/**
 * Secrets: development defaults so `npm start` works out of the box; production must set both, each at least
 * 32 bytes, neither a published default, and not the same (docs/security.md, "Secrets").
 */
export function secrets(env: NodeJS.ProcessEnv = process.env) {
  const dev = env.NODE_ENV !== 'production';
  const jwt = env.JWT_SECRET || (dev ? DEV_SECRETS.jwt : undefined);
  const identity = env.IDENTITY_SECRET || (dev ? DEV_SECRETS.identity : undefined);
  if (!jwt || !identity) throw new Error('NODE_ENV=production 时必须设置 JWT_SECRET 和 IDENTITY_SECRET（各至少 32 字节的随机值，例如 `openssl rand -base64 48`）');
  if (!dev) {
    for (const [name, value] of [['JWT_SECRET', jwt], ['IDENTITY_SECRET', identity]] as const) {
      if ((Object.values(DEV_SECRETS) as string[]).includes(value)) throw new Error(`${name} 是公开的开发默认值，生产环境不可使用：请换成随机值（例如 \`openssl rand -base64 48\`）`);
      if (Buffer.byteLength(value) < MIN_SECRET_BYTES) throw new Error(`${name} 只有 ${Buffer.byteLength(value)} 字节，生产环境至少需要 ${MIN_SECRET_BYTES} 字节：请换成更长的随机值（例如 \`openssl rand -base64 48\`）`);
    }
    if (jwt === identity) throw new Error('JWT_SECRET 与 IDENTITY_SECRET 不能相同：请各自生成一个随机值');
  }
  return { jwt, identity };
}

/** Where servers listen: HOST when set; otherwise everywhere in production (containers) and loopback in development. */
export function listenHost(env: NodeJS.ProcessEnv = process.env): string {
  if (env.HOST) return env.HOST;
  return env.NODE_ENV === 'production' ? '0.0.0.0' : '127.0.0.1';
}

/** Service name of each subgraph by its URL: the audience the gateway signs identities for (shared/identity.ts). */
export function subgraphTargets(c: HubConfig): Map<string, string> {
  const targets = new Map<string, string>([[jointUrl(c), 'joint-inspection']]);
  for (const d of c.departments) targets.set(departmentUrl(d), `department-${d.code}`);
  return targets;
}
