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
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`无法读取枢纽配置 ${file}：${(e as Error).message}`);
  }
  const problems = hubConfigProblems(raw);
  if (problems.length) throw new Error(`枢纽配置 ${file} 有误：\n- ${problems.join('\n- ')}`);
  return raw as HubConfig;
}

/**
 * Ports browsers and Node's fetch refuse to connect to (WHATWG Fetch, "bad port"): a service there would start but
 * never be reached.
 */
export const BAD_PORTS = new Set([
  1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101, 102, 103, 104, 109, 110, 111, 113, 115, 117,
  119, 123, 135, 137, 139, 143, 161, 179, 389, 427, 465, 512, 513, 514, 515, 526, 530, 531, 532, 540, 548, 554, 556, 563, 587, 601, 636,
  989, 990, 993, 995, 1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060, 5061, 6000, 6566, 6665, 6666, 6667, 6668, 6669, 6679, 6697, 10080,
]);

function portProblem(where: string, port: unknown): string | null {
  if (!Number.isInteger(port) || (port as number) < 1 || (port as number) > 65535) return `${where} 的端口 ${JSON.stringify(port)} 无效：应为 1–65535 的整数`;
  if (BAD_PORTS.has(port as number)) return `${where} 的端口 ${port} 在浏览器和 Node 的 fetch 禁止连接的端口表（WHATWG bad ports）中，服务会启动却无法访问：请换一个端口，例如 ${(port as number) + 1 < 65536 && !BAD_PORTS.has((port as number) + 1) ? (port as number) + 1 : 4000}`;
  return null;
}

function urlProblem(where: string, url: unknown): string | null {
  if (url === undefined) return null;
  let u: URL;
  try {
    u = new URL(String(url));
  } catch {
    return `${where} 的地址 ${JSON.stringify(url)} 不是合法的 URL：应写成 http://主机:端口/graphql`;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return `${where} 的地址 ${url} 应以 http:// 或 https:// 开头`;
  const port = u.port ? Number(u.port) : null;
  if (port !== null && BAD_PORTS.has(port)) return `${where} 的地址 ${url} 用了被禁止连接的端口 ${port}（WHATWG bad ports）：请换一个端口`;
  return null;
}

/** Every problem with a hub layout, each naming what to change; empty when it is usable. */
export function hubConfigProblems(raw: unknown): string[] {
  const c = raw as Partial<HubConfig> | null;
  if (!c || typeof c !== 'object') return ['配置应为 JSON 对象，含 gateway、jointInspection、departments'];
  const problems: string[] = [];
  const push = (p: string | null) => p && problems.push(p);
  const used = new Map<number, string>();
  const claim = (where: string, port: unknown) => {
    if (!Number.isInteger(port)) return;
    const other = used.get(port as number);
    if (other) problems.push(`${where} 与 ${other} 用了同一个端口 ${port}：请给其中一个换端口`);
    else used.set(port as number, where);
  };
  if (!c.gateway) problems.push('缺少 gateway（网关）：请加上 "gateway": { "port": 4000 }');
  else {
    push(portProblem('gateway', c.gateway.port));
    claim('gateway', c.gateway.port);
  }
  if (!c.jointInspection) problems.push('缺少 jointInspection（联合抽查子图）：请加上 "jointInspection": { "port": 4001 }');
  else {
    push(portProblem('jointInspection', c.jointInspection.port));
    push(urlProblem('jointInspection', c.jointInspection.url));
    claim('jointInspection', c.jointInspection.port);
  }
  if (!Array.isArray(c.departments) || c.departments.length === 0) problems.push('departments 应为至少含一个部门的数组');
  else {
    const codes = new Set<string>();
    c.departments.forEach((d, i) => {
      const where = `departments[${i}]${d && typeof d.code === 'string' ? `（${d.code}）` : ''}`;
      if (!d || typeof d.code !== 'string' || !/^[A-Z0-9_]{2,20}$/.test(d.code)) problems.push(`${where} 的 code 应为 2–20 位大写字母、数字或下划线`);
      else if (codes.has(d.code)) problems.push(`部门代码 ${d.code} 重复出现：每个部门只能配置一次，请删除或改名其中一个`);
      else codes.add(d.code);
      if (!d || typeof d.name !== 'string' || !d.name.trim()) problems.push(`${where} 缺少 name（部门名称）`);
      push(portProblem(where, d?.port));
      push(urlProblem(where, d?.url));
      claim(where, d?.port);
    });
  }
  return problems;
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
