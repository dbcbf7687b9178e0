// The web app (dashboard, department view, 一公开) served by the gateway: static ES modules, no bundler.
// Preact and htm come from node_modules through an import map, so nothing is fetched from a CDN at run time.
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { dirname, join, resolve } from 'node:path';
import { demoIdentities, mintJwt, type Identity } from '../shared/identity';
import type { DepartmentConfig } from '../shared/domain';

const WEB_DIR = resolve(__dirname, '../../web');
const VENDOR: Record<string, string> = {
  'preact.mjs': join(dirname(require.resolve('preact')), 'preact.mjs'),
  'hooks.mjs': join(dirname(require.resolve('preact/hooks')), 'hooks.mjs'),
  'htm.mjs': join(dirname(require.resolve('htm')), 'htm.mjs'),
};
const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8' };

export interface WebOptions {
  departments: DepartmentConfig[];
  jwtSecret: string;
  /** Demo logins are for development only. */
  production: boolean;
  /** Asks this gateway's API as a SERVICE (to pick each department's demo inspector); absent: no demo inspectors. */
  ask?: <T>(query: string, variables?: Record<string, unknown>) => Promise<T>;
}

interface DemoInspector { name: string; certificateNumber: string }
type Dispatched = { department: string; inspectors: { name: string; certificateNumber: string; status: string }[] };

/**
 * Each department's demo inspector: the one on most tasks of the latest drawn round, so 我的任务 shows real
 * work; before any dispatch, the department's first active inspector. Any failure just leaves her out.
 */
async function demoInspectors(opts: WebOptions): Promise<Map<string, DemoInspector>> {
  const found = new Map<string, DemoInspector>();
  const ask = opts.ask;
  if (!ask) return found;
  try {
    const { drawRounds } = await ask<{ drawRounds: { id: string; state: string }[] }>('{ drawRounds { id state } }');
    const last = drawRounds.filter((r) => r.state === 'DRAWN').pop();
    if (last) {
      const { tasks } = await ask<{ tasks: { dispatch: Dispatched[] }[] }>(
        'query($r: ID!) { tasks(roundId: $r) { dispatch { department inspectors { name certificateNumber status } } } }', { r: last.id });
      const counts = new Map<string, { who: DemoInspector; n: number }>();
      for (const t of tasks) for (const d of t.dispatch) for (const i of d.inspectors) {
        if (i.status !== 'ACTIVE') continue;
        const key = `${d.department}|${i.certificateNumber}`;
        const c = counts.get(key) ?? { who: { name: i.name, certificateNumber: i.certificateNumber }, n: 0 };
        c.n++;
        counts.set(key, c);
      }
      const best = new Map<string, number>();
      for (const [key, c] of counts) {
        const department = key.slice(0, key.indexOf('|'));
        if ((best.get(department) ?? 0) < c.n) (best.set(department, c.n), found.set(department, c.who));
      }
    }
  } catch {
    // No rounds readable: fall through to the pools.
  }
  await Promise.all(opts.departments.filter((d) => !found.has(d.code)).map(async (d) => {
    try {
      const { inspectors } = await ask<{ inspectors: { edges: { node: DemoInspector }[] } }>(
        'query($d: String!) { inspectors(department: $d, first: 1, filter: { status: ACTIVE }) { edges { node { name certificateNumber } } } }', { d: d.code });
      const node = inspectors.edges[0]?.node;
      if (node) found.set(d.code, node);
    } catch {
      // Department unreachable: no demo inspector for it.
    }
  }));
  return found;
}

async function send(res: ServerResponse, file: string) {
  const ext = file.slice(file.lastIndexOf('.'));
  try {
    const body = await readFile(file);
    res.writeHead(200, { 'content-type': TYPES[ext] ?? 'application/octet-stream', 'cache-control': 'no-cache' });
    res.end(body);
  } catch {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('未找到');
  }
}

/** The identities a developer can pick on the login page: the joint office, the public, each department's staff and an inspector. */
async function demoLogins(opts: WebOptions) {
  const inspectors = await demoInspectors(opts);
  const people: { label: string; name?: string; identity: Identity | null }[] = [
    { label: '社会公众（不登录）', identity: null },
    { label: '联席会议办公室', identity: demoIdentities().find((i) => i.role === 'JOINT_OFFICE')! },
  ];
  for (const d of opts.departments) {
    const code = d.code.toLowerCase();
    people.push({ label: `${d.name} 管理员`, identity: { sub: `admin-${code}`, role: 'DEPT_ADMIN', department: d.code } });
    people.push({ label: `${d.name} 工作人员`, identity: { sub: `staff-${code}`, role: 'DEPT_STAFF', department: d.code } });
    const inspector = inspectors.get(d.code);
    // An inspector's token subject is her certificate number (谁检查、谁录入); the header shows her name.
    if (inspector) people.push({ label: `${d.name} 执法检查人员 ${inspector.name}`, name: inspector.name, identity: { sub: inspector.certificateNumber, role: 'INSPECTOR', department: d.code } });
  }
  return Promise.all(
    people.map(async (p) => ({
      label: p.label,
      ...(p.name ? { name: p.name } : {}),
      role: p.identity?.role ?? 'PUBLIC',
      department: p.identity?.department ?? null,
      token: p.identity ? await mintJwt(p.identity, opts.jwtSecret, 24 * 3600) : null,
    })),
  );
}

const isLoopback = (address: string | undefined) => address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';

export async function handleWebRequest(opts: WebOptions, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  if (req.method !== 'GET') return false;
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  if (path === '/' || path === '/index.html') return send(res, join(WEB_DIR, 'index.html')).then(() => true);
  const app = /^\/app\/((?:pages\/)?[a-z0-9-]+\.(?:js|css))$/.exec(path);
  if (app) return send(res, join(WEB_DIR, app[1])).then(() => true);
  const vendor = /^\/vendor\/([a-z]+\.mjs)$/.exec(path);
  if (vendor && VENDOR[vendor[1]]) return send(res, VENDOR[vendor[1]]).then(() => true);
  if (path === '/auth/demo') {
    // Demo tokens (a JOINT_OFFICE one among them) only in development, and only to this machine.
    if (opts.production || !isLoopback(req.socket.remoteAddress)) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end('[]');
    } else {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
      res.end(JSON.stringify(await demoLogins(opts)));
    }
    return true;
  }
  return false;
}
