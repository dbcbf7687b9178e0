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
  serverCores: string;
  loadCores: string;
}

/** Servers on core 0, load generator on the last core (both on every core when there is only one or no taskset). */
export function pinSelf(): Layout {
  const n = cpus().length;
  if (n < 2 || !hasTaskset()) return { pinned: false, serverCores: 'all', loadCores: 'all' };
  const layout = { pinned: true, serverCores: '0', loadCores: String(n - 1) };
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
  const proc = layout.pinned
    ? spawn('taskset', ['-c', layout.serverCores, process.execPath, ...argv], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] })
    : spawn(process.execPath, argv, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
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
        stop: () =>
          new Promise<void>((r) => {
            if (proc.exitCode !== null) return r();
            proc.once('exit', () => r());
            proc.kill('SIGTERM');
          }),
      });
    });
  });
}
