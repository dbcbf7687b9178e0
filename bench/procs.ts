// Child processes pinned to a core with taskset, and this process pinned to another: the load generator must not
// steal the servers' CPU (2 cores: servers on one, load generator on the other).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { cpus } from 'node:os';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';

function hasTaskset(): boolean {
  try {
    execFileSync('taskset', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export interface Layout {
  pinned: boolean;
  /** Subgraphs (the upstream process). */
  serverCores: string;
  /** Gateways. */
  gatewayCores: string;
  loadCores: string;
}

/**
 * `shared` (default): every server on core 0, the load generator on the last core — gateways compete with their
 * subgraphs as on one host. `split`: the gateway alone on core 0, subgraphs and load generator on the last core — the
 * gateway's own capacity. Without taskset or with one core nothing is pinned.
 */
export function pinSelf(mode: 'shared' | 'split' = 'shared'): Layout {
  const n = cpus().length;
  if (n < 2 || !hasTaskset()) return { pinned: false, serverCores: 'all', gatewayCores: 'all', loadCores: 'all' };
  const last = String(n - 1);
  const layout = { pinned: true, serverCores: mode === 'split' ? last : '0', gatewayCores: '0', loadCores: last };
  execFileSync('taskset', ['-a', '-p', '-c', layout.loadCores, String(process.pid)], { stdio: 'ignore' });
  return layout;
}

export interface Child {
  ready: unknown;
  proc: ChildProcess;
  stop(): Promise<void>;
}

/** Starts `dist/bench/servers.js <role>` and waits for its READY line. */
export function startChild(role: string, env: Record<string, string>, layout: Layout, nodeArgs: string[] = []): Promise<Child> {
  const script = resolve(__dirname, 'servers.js');
  const argv = [...nodeArgs, script, role];
  const cores = role === 'upstream' ? layout.serverCores : layout.gatewayCores;
  // A JSON line per request (the services' default) would time the logger: warnings only, unless asked otherwise.
  env = { LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn', ...env };
  const proc = layout.pinned
    ? spawn('taskset', ['-c', cores, process.execPath, ...argv], { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'inherit'] })
    : spawn(process.execPath, argv, { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'inherit'] });
  return new Promise((resolvePromise, reject) => {
    const lines = createInterface({ input: proc.stdout! });
    const timer = setTimeout(() => reject(new Error(`${role}: not ready after 180 s`)), 180_000);
    proc.once('exit', (code) => reject(new Error(`${role} exited with ${code} before it was ready`)));
    lines.on('line', (line) => {
      if (!line.startsWith('READY ')) return void process.stdout.write(`[${role}] ${line}\n`);
      clearTimeout(timer);
      resolvePromise({
        ready: JSON.parse(line.slice(6)),
        proc,
        // A line on stdin, not SIGTERM: Apollo Server's own signal handler would end the process before the
        // child drops its databases; SIGTERM only if it has not stopped after 60 s.
        stop: () =>
          new Promise<void>((r) => {
            if (proc.exitCode !== null) return r();
            const force = setTimeout(() => proc.kill('SIGTERM'), 60_000);
            proc.once('exit', () => {
              clearTimeout(force);
              r();
            });
            proc.stdin!.end('stop\n');
          }),
      });
    });
  });
}
