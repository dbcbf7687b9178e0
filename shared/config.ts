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

/** Secrets: development defaults so `npm start` works out of the box; production must set both. */
export function secrets() {
  const dev = process.env.NODE_ENV !== 'production';
  const jwt = process.env.JWT_SECRET ?? (dev ? 'dev-jwt-secret-change-me' : undefined);
  const identity = process.env.IDENTITY_SECRET ?? (dev ? 'dev-identity-secret-change-me' : undefined);
  if (!jwt || !identity) throw new Error('JWT_SECRET and IDENTITY_SECRET must be set when NODE_ENV=production');
  return { jwt, identity };
}

/** Service name of each subgraph by its URL: the audience the gateway signs identities for (shared/identity.ts). */
export function subgraphTargets(c: HubConfig): Map<string, string> {
  const targets = new Map<string, string>([[jointUrl(c), 'joint-inspection']]);
  for (const d of c.departments) targets.set(departmentUrl(d), `department-${d.code}`);
  return targets;
}
