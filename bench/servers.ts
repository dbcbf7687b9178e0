// One benchmark server per process, so the load generator can be pinned to another core than the servers:
// `node dist/bench/servers.js <upstream|hive|hive-cache|hive-runtime|hive-rust|apollo|floor>`; BENCH_CONFIG (JSON) says what to start.
// Prints one line `READY <json>` when listening, stops (and drops its databases) on `stop` from stdin.
import { createInterface } from 'node:readline';
import { listen } from '../shared/subgraph-server';
import { createGateway } from '../gateway/server';
import type { HubConfig } from '../shared/config';
import { createApolloGateway } from './apollo-gateway';
import { createFloorProxy } from './floor-proxy';
import { BENCH_IDENTITY_SECRET, BENCH_JWT_SECRET, startUpstream } from './fixture';

export type ServerRole = 'upstream' | 'hive' | 'hive-cache' | 'hive-runtime' | 'hive-rust' | 'apollo' | 'floor';

/** Our gateway's variants: the fast path without and with the shared cache, the runtime alone, the Rust planner. */
export const HIVE_VARIANTS = {
  hive: { fastPath: { forward: true, cacheTtlMs: 0 }, queryPlanner: 'js' },
  'hive-cache': { fastPath: { forward: true, cacheTtlMs: 5000 }, queryPlanner: 'js' },
  'hive-runtime': { fastPath: false, queryPlanner: 'js' },
  'hive-rust': { fastPath: { forward: true, cacheTtlMs: 0 }, queryPlanner: 'rust' },
} as const;

async function main() {
  const role = process.argv[2] as ServerRole;
  const cfg = JSON.parse(process.env.BENCH_CONFIG ?? '{}') as { tasks?: number; config?: HubConfig };
  const secrets = { jwtSecret: BENCH_JWT_SECRET, identitySecret: BENCH_IDENTITY_SECRET };
  let close: () => Promise<void>;
  let ready: unknown;
  if (role === 'upstream') {
    const up = await startUpstream({ tasks: cfg.tasks ?? 100 });
    close = up.close;
    ready = up.config;
  } else {
    const config = cfg.config!;
    let server;
    if (role === 'apollo') server = await createApolloGateway({ config, ...secrets });
    else if (role === 'floor') server = createFloorProxy(config.departments.find((d) => d.code === 'SAMR')!.url!);
    else {
      const variant = HIVE_VARIANTS[role as keyof typeof HIVE_VARIANTS];
      if (!variant) throw new Error(`unknown role ${role}`);
      server = (await createGateway({ config, ...secrets, ...variant })).server;
    }
    const running = await listen(server, 0);
    close = running.close;
    ready = { url: running.url };
  }
  console.log(`READY ${JSON.stringify(ready)}`);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    close().then(
      () => process.exit(0),
      (e) => {
        console.error(`[bench:${role}] stop: ${(e as Error).stack ?? e}`);
        process.exit(1);
      },
    );
  };
  // The parent says `stop` on stdin (or closes it); see bench/procs.ts.
  createInterface({ input: process.stdin }).once('close', stop).on('line', (l) => l.trim() === 'stop' && stop());
}

main().catch((e) => {
  console.error(`[bench:${process.argv[2]}] ${(e as Error).stack ?? e}`);
  process.exit(1);
});
