// `npm start`: the whole hub on one machine, like production — one process per department, the
// joint-inspection subgraph and the gateway — with demo data on first start (embedded SQLite by default).
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { departmentUrl, jointUrl, loadHubConfig, secrets } from '../shared/config';
import { demoIdentities, mintJwt } from '../shared/identity';
import { isMysqlUrl } from '../shared/db';
import { generateDemoData } from '../shared/demo-data';
import { seedAll } from './services';

const children: { name: string; proc: ChildProcess }[] = [];
let stopping = false;

function run(name: string, script: string, env: Record<string, string>) {
  const proc = spawn(process.execPath, [resolve(__dirname, script)], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const prefix = (chunk: Buffer) =>
    chunk
      .toString()
      .split('\n')
      .filter(Boolean)
      .map((l) => `[${name}] ${l.replace(/^\[[^\]]+\]\s*/, '')}`)
      .join('\n');
  proc.stdout!.on('data', (c: Buffer) => console.log(prefix(c)));
  proc.stderr!.on('data', (c: Buffer) => console.error(prefix(c)));
  proc.on('exit', (code) => {
    if (!stopping) console.error(`[start] ${name} exited with code ${code}; the rest of the hub keeps running`);
  });
  children.push({ name, proc });
  return proc;
}

async function waitFor(url: string, name: string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
      if (res.ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${name} did not become healthy at ${url} within ${timeoutMs / 1000}s`);
}

function shutdown(code = 0) {
  if (stopping) return;
  stopping = true;
  console.log('\n[start] stopping all services…');
  for (const c of children) c.proc.kill('SIGTERM');
  const left = () => children.filter((c) => c.proc.exitCode === null && c.proc.signalCode === null);
  const timer = setInterval(() => {
    if (left().length === 0) {
      clearInterval(timer);
      process.exit(code);
    }
  }, 100);
  setTimeout(() => {
    for (const c of left()) c.proc.kill('SIGKILL');
    process.exit(code);
  }, 5000).unref();
}

async function main() {
  const t0 = Date.now();
  const config = loadHubConfig();
  const { jwt } = secrets();
  const db = isMysqlUrl(process.env.DATABASE_URL) ? 'MySQL/MariaDB (DATABASE_URL)' : `embedded SQLite in ${resolve(process.env.DATA_DIR ?? 'data')}`;
  console.log(`[start] 联合监管枢纽 — database: ${db}`);

  // Demo data only where a database is empty, so restarts keep whatever users changed.
  const seeded = await seedAll((l) => console.log(l));
  if (!seeded) console.log('[start] existing data found; demo data not re-seeded');

  process.on('SIGINT', () => shutdown(0));
  process.on('SIGTERM', () => shutdown(0));

  // With DATABASE_URL but no database name, each instance uses hub_<instance> (see shared/db.ts).
  run('joint-inspection', '../subgraphs/joint-inspection/index.js', { PORT: String(config.jointInspection.port) });
  for (const d of config.departments)
    run(`dept-${d.code}`, '../subgraphs/department/index.js', {
      DEPARTMENT_CODE: d.code,
      DEPARTMENT_NAME: d.name,
      PORT: String(d.port),
    });
  const health = (graphqlUrl: string) => graphqlUrl.replace(/\/graphql$/, '/healthz');
  await Promise.all([
    waitFor(health(jointUrl(config)), 'joint-inspection'),
    ...config.departments.map((d) => waitFor(health(departmentUrl(d)), `department ${d.code}`)),
  ]);

  run('gateway', '../gateway/index.js', { PORT: String(config.gateway.port) });
  const gatewayUrl = `http://localhost:${config.gateway.port}/graphql`;
  // Ready, not just running: the supergraph is loaded before the first user query arrives.
  await waitFor(`http://127.0.0.1:${config.gateway.port}/readyz`, 'gateway');

  const inspector = generateDemoData().inspectors.find((i) => i.department === 'SAMR' && i.status === 'ACTIVE');
  const tokens = await Promise.all(demoIdentities('SAMR', inspector?.certificateNumber).map(async (id) => ({ id, token: await mintJwt(id, jwt) })));
  const lines = [
    '',
    '联合监管枢纽 is ready',
    `  Web app            ${gatewayUrl.replace(/\/graphql$/, '/')}   (pick a demo identity)`,
    `  GraphQL + GraphiQL  ${gatewayUrl}`,
    `  joint-inspection    ${jointUrl(config)}`,
    ...config.departments.map((d) => `  ${`dept ${d.code}`.padEnd(19)} ${departmentUrl(d)}   ${d.name}`),
    '',
    'Demo tokens (send as "Authorization: Bearer <token>"; no header = PUBLIC):',
    ...tokens.map(({ id, token }) => `  ${`${id.role}${id.department ? ` ${id.department}` : ''}`.padEnd(16)} ${token}`),
    '',
    `Try: curl -s ${gatewayUrl} -H 'content-type: application/json' -H 'authorization: Bearer <JOINT_OFFICE token>' \\`,
    `       -d '{"query":"{ departments { code name checklist { name } inspectors(first: 5) { totalCount } } }"}'`,
    '',
    `[start] ready in ${((Date.now() - t0) / 1000).toFixed(1)} s — Ctrl-C stops everything`,
  ];
  console.log(lines.join('\n'));
}

main().catch((e) => {
  console.error(`[start] ${e.message}`);
  shutdown(1);
});
