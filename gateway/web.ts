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

/** The identities a developer can pick on the login page: the joint office, the public, and each department's staff. */
async function demoLogins(opts: WebOptions) {
  const people: { label: string; identity: Identity | null }[] = [
    { label: '社会公众（不登录）', identity: null },
    { label: '联席会议办公室', identity: demoIdentities().find((i) => i.role === 'JOINT_OFFICE')! },
  ];
  for (const d of opts.departments) {
    const code = d.code.toLowerCase();
    people.push({ label: `${d.name} 管理员`, identity: { sub: `admin-${code}`, role: 'DEPT_ADMIN', department: d.code } });
    people.push({ label: `${d.name} 工作人员`, identity: { sub: `staff-${code}`, role: 'DEPT_STAFF', department: d.code } });
  }
  return Promise.all(
    people.map(async (p) => ({
      label: p.label,
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
