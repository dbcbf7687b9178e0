import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { signIdentity, type Identity } from '../shared/identity';
import { dropMysqlDatabase, isMysqlUrl } from '../shared/db';

export const TEST_IDENTITY_SECRET = 'test-identity-secret';
export const TEST_JWT_SECRET = 'test-jwt-secret';

/** CI sets DATABASE_URL to MariaDB; without it tests fall back to throw-away SQLite files. */
export const DATABASE_URL = process.env.DATABASE_URL;

let sqliteDir: string | undefined;
function ensureSqliteDir() {
  if (!sqliteDir) {
    sqliteDir = mkdtempSync(join(tmpdir(), 'hub-test-'));
    process.env.DATA_DIR = sqliteDir;
  }
}

const created: string[] = [];

/** A fresh database name for one subgraph instance in one test file. */
export function testDbName(label: string): string {
  const name = `t_${randomBytes(4).toString('hex')}_${label.toLowerCase().replace(/[^a-z0-9_]/g, '_')}`;
  if (!isMysqlUrl(DATABASE_URL)) ensureSqliteDir();
  created.push(name);
  return name;
}

/** The DATABASE_URL for a named test database (MySQL: URL with path; SQLite: undefined → DATA_DIR/<name>.sqlite). */
export function testDbUrl(name: string): string | undefined {
  if (!isMysqlUrl(DATABASE_URL)) return undefined;
  const u = new URL(DATABASE_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function dropTestDatabases(): Promise<void> {
  if (!isMysqlUrl(DATABASE_URL)) return;
  for (const name of created.splice(0)) await dropMysqlDatabase(DATABASE_URL, name);
}

export interface GqlResponse<T = any> {
  status: number;
  data?: T;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, any> }[];
}

const names = new Map<string, Promise<string>>();
/** A subgraph's service name (the audience a signed identity names), as its /healthz reports it. */
export function subgraphName(url: string): Promise<string> {
  let name = names.get(url);
  if (!name) {
    name = fetch(new URL('/healthz', url)).then(async (r) => ((await r.json()) as { service: string }).service);
    names.set(url, name);
    name.catch(() => names.delete(url));
  }
  return name;
}

/** Signed identity headers for a POST of `body` to the subgraph at `url`, as the gateway would send them. */
export async function signedFor(url: string, identity: Identity, body: string, secret = TEST_IDENTITY_SECRET): Promise<Record<string, string>> {
  return signIdentity(identity, secret, { method: 'POST', target: await subgraphName(url), body });
}

/** Posts a GraphQL request to a subgraph, signing the identity as the gateway would. */
export async function callSubgraph<T = any>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  identity: Identity | null = { sub: 'test-joint', role: 'JOINT_OFFICE' },
  secret = TEST_IDENTITY_SECRET,
): Promise<GqlResponse<T>> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const sent = JSON.stringify({ query, variables });
  if (identity) Object.assign(headers, signIdentity(identity, secret, { method: 'POST', target: await subgraphName(url), body: sent }));
  const res = await fetch(url, { method: 'POST', headers, body: sent });
  const body = (await res.json()) as GqlResponse<T>;
  return { ...body, status: res.status };
}

/** Posts to the gateway with an optional bearer token. */
export async function callGateway<T = any>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  token?: string,
): Promise<GqlResponse<T>> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  const body = (await res.json()) as GqlResponse<T>;
  return { ...body, status: res.status };
}
