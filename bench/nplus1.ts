// SQL statements per request through the gateway for the overview (b) and the deep query (c), with 10, 100 and
// 1,000 tasks (in rounds of 10, so the overview lists 1, 10, 100 rounds). Batched lookups keep the count flat.
import type { Server } from 'node:http';
import { createGateway } from '../gateway/server';
import { createApolloGateway } from './apollo-gateway';
import { mintJwt } from '../shared/identity';
import { listen } from '../shared/subgraph-server';
import { BENCH_IDENTITY_SECRET, BENCH_JWT_SECRET, startUpstream } from './fixture';
import { DEEP, OVERVIEW } from './queries';
import type { BenchOptions, BenchReport } from './run';

const SIZES = [10, 100, 1000];

export async function runNplus1Bench(_o: BenchOptions): Promise<BenchReport> {
  const queries = { b: { label: '(b) overview', query: OVERVIEW }, c: { label: '(c) deep, all tasks', query: DEEP } };
  type Count = { total: number; joint: number; departments: number; perDepartment: Record<string, number> };
  // Per query and gateway ("b:hive", "c:apollo"): statements by number of tasks.
  const counts: Record<string, Record<number, Count>> = {};
  const gatewayNames = { hive: 'our gateway', apollo: '@apollo/gateway' } as const;
  const token = await mintJwt({ sub: 'bench-joint-office', role: 'JOINT_OFFICE' }, BENCH_JWT_SECRET, 3600);
  for (const n of SIZES) {
    const up = await startUpstream({ tasks: n, count: true });
    const secrets = { config: up.config, jwtSecret: BENCH_JWT_SECRET, identitySecret: BENCH_IDENTITY_SECRET };
    const servers: [keyof typeof gatewayNames, Server][] = [
      ['hive', (await createGateway({ ...secrets, fastPath: { forward: true, cacheTtlMs: 0 } })).server],
      ['apollo', await createApolloGateway(secrets)],
    ];
    const gateways = await Promise.all(servers.map(async ([name, server]) => ({ name, running: await listen(server, 0) })));
    try {
      for (const { name, running } of gateways)
      for (const [key, q] of Object.entries(queries)) {
        const call = async () => {
          const res = await fetch(running.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query: q.query }) });
          const body = (await res.json()) as { data?: Record<string, unknown[]>; errors?: unknown[] };
          if (body.errors?.length) throw new Error(`${q.label} with ${n} tasks: ${JSON.stringify(body.errors).slice(0, 500)}`);
          return body.data!;
        };
        await call(); // warm-up (plan caches); counted below is one request
        for (const c of up.counters.values()) c.reset();
        const data = await call();
        if (key === 'c' && data.tasks!.length !== n) throw new Error(`deep query returned ${data.tasks!.length} tasks, expected ${n}`);
        const perDepartment = Object.fromEntries([...up.counters].filter(([k]) => k !== 'joint').map(([k, c]) => [k, c.count]));
        const departments = Object.values(perDepartment).reduce((s, x) => s + x, 0);
        const joint = up.counters.get('joint')!.count;
        (counts[`${key}:${name}`] ??= {})[n] = { total: joint + departments, joint, departments, perDepartment };
        console.log(`[bench] ${q.label} via ${gatewayNames[name]}, ${n} tasks: ${joint + departments} statements (joint ${joint}, departments ${departments})`);
      }
    } finally {
      for (const g of gateways) await g.running.close();
      await up.close();
    }
  }
  const flat = Object.fromEntries(Object.entries(counts).map(([k, byN]) => [k, new Set(SIZES.map((n) => byN[n]!.total)).size === 1]));
  let md = 'SQL statements per request through each gateway (joint subgraph + all department subgraphs)\n\n| query | gateway | ' + SIZES.map((n) => `${n.toLocaleString('en')} tasks`).join(' | ') + ' | flat |\n|---|---|' + SIZES.map(() => '---|').join('') + '---|\n';
  for (const [k, q] of Object.entries(queries))
    for (const g of Object.keys(gatewayNames) as (keyof typeof gatewayNames)[]) {
      const byN = counts[`${k}:${g}`]!;
      md += `| ${q.label} | ${gatewayNames[g]} | ${SIZES.map((n) => `${byN[n]!.total} (joint ${byN[n]!.joint} + departments ${byN[n]!.departments})`).join(' | ')} | ${flat[`${k}:${g}`] ? 'yes' : '**no**'} |\n`;
    }
  md += '\n(b) lists 1, 10 and 100 draw rounds (10 tasks each); (c) fetches every task with its entity, departments and their inspectors.';
  return { name: 'nplus1', params: { sizes: SIZES, database: process.env.DATABASE_URL ? 'mysql' : 'sqlite' }, steps: [], outcome: { counts, flat }, peakRssMb: Math.round(process.memoryUsage().rss / 2 ** 20), markdown: md };
}
