// Our gateway vs @apollo/gateway (same sharded routing) vs calling the subgraph directly, same upstream processes,
// same data, same run. Servers run in child processes on one core, the load generator (autocannon) on the other.
// Per cell: a throughput run (`--connections` in flight: RPS, p50/p95 under load) and a latency run (one request in
// flight: the overhead a user feels). Targets rotate per run so drift on a shared machine hits every target alike.
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { mintJwt, signIdentity } from '../shared/identity';
import type { HubConfig } from '../shared/config';
import { BENCH_IDENTITY_SECRET, BENCH_JWT_SECRET } from './fixture';
import { pinSelf, startChild, type Child } from './procs';
import { DEEP, OVERVIEW, SINGLE_DEPARTMENT } from './queries';
import type { BenchOptions, BenchReport, StepResult } from './run';

const JOINT = { sub: 'bench-joint-office', role: 'JOINT_OFFICE' } as const;
// Requests come from this many distinct joint-office users in turn. With one user, concurrent identical requests
// carry identical signed headers and the Hive runtime's in-flight deduplication answers many with one upstream
// fetch: real, but a benchmark artefact (`--same-user` measures it).
const USERS = 256;
const user = (i: number) => ({ ...JOINT, sub: `bench-joint-office-${i}` });

interface Scenario {
  key: 'a' | 'b' | 'c';
  label: string;
  query: string;
  variables?: Record<string, unknown>;
}
const ALL_SCENARIOS: Scenario[] = [
  { key: 'a', label: '(a) single department', query: SINGLE_DEPARTMENT },
  { key: 'b', label: '(b) overview, 8 departments', query: OVERVIEW },
  { key: 'c', label: '(c) deep: tasks → entities → departments → inspectors', query: DEEP, variables: { round: '1' } },
];

interface Target {
  name: string;
  url: string;
  /** Headers for the i-th user, fresh per run (subgraph signatures are valid for 5 minutes). */
  /** Headers for user i sending `body` (direct calls are signed for that body, as the gateway would). */
  headers: (body: string) => (i: number) => Record<string, string>;
  scenarios: Scenario['key'][];
  pid?: number;
  upstreamPid?: number;
}

interface Sample {
  rps: number;
  p50: number;
  p95: number;
  errors: number;
  /** CPU ms per answered request, in the target's own process and in the subgraphs' process. */
  cpuMs?: { target: number; upstream: number };
}

// utime + stime of a process in ms (Linux /proc; 100 ticks per second): who spent the one shared core.
function cpuMsOf(pid: number | undefined): number {
  if (!pid) return NaN;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return NaN;
  }
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** One autocannon run; latencies are kept per response so p95 is exact (autocannon's summary has p90/p97.5). */
async function load(target: Target, s: Scenario, connections: number, seconds: number, users: number): Promise<Sample> {
  const before = { target: cpuMsOf(target.pid), upstream: cpuMsOf(target.upstreamPid) };
  const sample = await loadOnly(target, s, connections, seconds, users);
  const n = sample.rps * seconds;
  sample.cpuMs = { target: (cpuMsOf(target.pid) - before.target) / n, upstream: (cpuMsOf(target.upstreamPid) - before.upstream) / n };
  return sample;
}

function loadOnly(target: Target, s: Scenario, connections: number, seconds: number, users: number): Promise<Sample> {
  const body = JSON.stringify({ query: s.query, variables: s.variables ?? {} });
  const headersOf = target.headers(body);
  const pool = Array.from({ length: users }, (_, i) => ({ 'content-type': 'application/json', ...headersOf(i) }));
  let next = 0;
  const latencies: number[] = [];
  let errors = 0;
  const started = process.hrtime.bigint();
  return new Promise((resolvePromise, reject) => {
    const inst = autocannon(
      {
        url: target.url,
        method: 'POST',
        body,
        requests: [{ setupRequest: (req) => ({ ...req, headers: pool[next++ % pool.length] }) }],
        connections,
        duration: seconds,
        timeout: 30,
      },
      (err) => {
        if (err) return reject(err);
        const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
        latencies.sort((x, y) => x - y);
        resolvePromise({ rps: latencies.length / elapsed, p50: percentile(latencies, 50), p95: percentile(latencies, 95), errors });
      },
    );
    inst.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
      if (status >= 200 && status < 300) latencies.push(ms);
      else errors++;
    });
    inst.on('reqError', () => errors++);
  });
}

async function post(target: Target, s: Scenario): Promise<{ data?: unknown; errors?: { message: string }[] }> {
  const res = await fetch(target.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...target.headers(JSON.stringify({ query: s.query, variables: s.variables ?? {} }))(0) },
    body: JSON.stringify({ query: s.query, variables: s.variables ?? {} }),
  });
  return (await res.json()) as { data?: unknown; errors?: { message: string }[] };
}

// A run without a single answer (a target stalled) has NaN percentiles: leave it out of min/median/max.
const stats = (xs: number[]) => {
  const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
  if (!s.length) return { min: NaN, median: NaN, max: NaN };
  return { min: s[0]!, median: s[Math.floor((s.length - 1) / 2)]!, max: s[s.length - 1]! };
};
const f0 = (x: number) => (Number.isFinite(x) ? x.toFixed(0) : '–');
const f1 = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : '–');
const f2 = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : '–');

export async function runGatewayBench(o: BenchOptions): Promise<BenchReport> {
  const layout = pinSelf(o.layout);
  const where = `subgraphs on core ${layout.serverCores}, gateways on core ${layout.gatewayCores}, load generator on core ${layout.loadCores}${layout.pinned ? '' : ' (taskset unavailable: not pinned)'}`;
  console.log(`[bench] ${where}`);
  const children: Child[] = [];
  try {
    const profile = (role: string) => (o.profile === role ? ['--cpu-prof', '--cpu-prof-dir=bench/results/profiles'] : []);
    // Embedded SQLite by default: the subject is the gateway, and a MariaDB shared with other work adds its noise to
    // every target. BENCH_DATABASE_URL=mysql://… puts the subgraphs on MySQL/MariaDB instead.
    const upstream = await startChild('upstream', { BENCH_CONFIG: JSON.stringify({ tasks: o.items }), DATABASE_URL: process.env.BENCH_DATABASE_URL ?? '' }, layout, profile('upstream'));
    children.push(upstream);
    const config = upstream.ready as HubConfig;
    // No rate limit: @apollo/gateway has none, and the cached variant answers 256 users far past 600 a minute each.
    const gatewayEnv = { BENCH_CONFIG: JSON.stringify({ config }), RATE_LIMIT_REQUESTS: '0' };
    const roles = (['floor', 'hive', 'hive-cache', 'hive-runtime', 'hive-rust', 'apollo'] as const).filter((r) => !o.targets || o.targets.includes(r));
    const gateways = new Map<string, { url: string; pid?: number }>();
    const skipped: Record<string, string> = {};
    for (const role of roles) {
      try {
        const child = await startChild(role, gatewayEnv, layout, profile(role));
        children.push(child);
        gateways.set(role, { url: (child.ready as { url: string }).url, pid: child.proc.pid });
      } catch (e) {
        skipped[role] = (e as Error).message;
        console.warn(`[bench] ${role} skipped: ${(e as Error).message}`);
      }
    }
    const users = o.sameUser ? 1 : USERS;
    const tokens = await Promise.all(Array.from({ length: users }, (_, i) => mintJwt(user(i), BENCH_JWT_SECRET, 24 * 3600)));
    const bearer = () => (i: number) => ({ authorization: `Bearer ${tokens[i % users]}` });
    const samr = config.departments.find((d) => d.code === 'SAMR')!.url!;
    // Signed as the gateway would sign them: for calling the subgraph directly (and through the floor proxy).
    // Signed once per run (a run is shorter than the signature's minute).
    const signedHeaders = (body: string) => {
      const signed = Array.from({ length: users }, (_, i) => signIdentity(user(i), BENCH_IDENTITY_SECRET, { method: 'POST', target: 'department-SAMR', body }));
      return (i: number) => signed[i % users]!;
    };
    const names: Record<string, string> = {
      hive: 'our gateway (fast path, no cache)',
      'hive-cache': 'our gateway, default: fast path + 5 s shared cache',
      'hive-runtime': 'our gateway, runtime only (no fast path)',
      'hive-rust': 'our gateway, fast path + Rust planner',
      apollo: '@apollo/gateway (sharded data source)',
      direct: 'direct to the subgraph',
      floor: 'floor: a bare Node forwarding proxy (reference, bench/floor-proxy.ts)',
    };
    const targets: Target[] = [
      { name: 'direct', url: samr, headers: signedHeaders, scenarios: ['a'] as Scenario['key'][] },
      ...[...gateways].map(([name, g]) =>
        name === 'floor'
          ? { name, url: g.url, pid: g.pid, headers: signedHeaders, scenarios: ['a'] as Scenario['key'][] }
          : { name, url: g.url, pid: g.pid, headers: bearer, scenarios: ['a', 'b', 'c'] as Scenario['key'][] },
      ),
    ]
      .filter((t) => !o.targets || o.targets.includes(t.name))
      .map((t) => ({ ...t, upstreamPid: upstream.proc.pid }));
    const SCENARIOS = ALL_SCENARIOS.filter((s) => !o.queries || o.queries.includes(s.key));

    // Same answers everywhere, or the comparison means nothing.
    for (const s of SCENARIOS) {
      let reference: { name: string; text: string } | undefined;
      for (const t of targets.filter((x) => x.scenarios.includes(s.key))) {
        const r = await post(t, s);
        if (r.errors?.length || !r.data) throw new Error(`${t.name} ${s.label}: ${JSON.stringify(r.errors ?? r)}`.slice(0, 800));
        const text = JSON.stringify(r.data);
        if (!reference) reference = { name: t.name, text };
        else if (text !== reference.text) throw new Error(`${t.name} ${s.label}: answer differs from ${reference.name}'s`);
      }
    }
    // Warm-up: JIT, plan caches, keep-alive pools. A full run's length per cell: with the fast path taking (a), the
    // runtime's own code sees only (b) and (c) and needs about 10 s of them before it stops getting faster.
    for (const s of SCENARIOS) for (const t of targets) if (t.scenarios.includes(s.key)) await load(t, s, o.connections, o.duration, users);

    const samples = new Map<string, { loaded: Sample[]; single: Sample[] }>();
    for (let run = 0; run < o.runs; run++) {
      for (const s of SCENARIOS) {
        const order = targets.filter((t) => t.scenarios.includes(s.key));
        for (let i = 0; i < order.length; i++) {
          const t = order[(i + run) % order.length]!;
          const key = `${s.key}:${t.name}`;
          const entry = samples.get(key) ?? { loaded: [], single: [] };
          entry.loaded.push(await load(t, s, o.connections, o.duration, users));
          // Let the servers drain what the throughput run left in flight before timing single requests.
          await post(t, s);
          entry.single.push(await load(t, s, 1, Math.max(1, Math.round(o.duration / 2)), users));
          samples.set(key, entry);
          const l = entry.loaded.at(-1)!;
          const one = entry.single.at(-1)!;
          console.log(`[bench] run ${run + 1} ${s.key} ${t.name}: ${f0(l.rps)} rps, p50 ${f1(l.p50)} ms, p95 ${f1(l.p95)} ms; 1 in flight: p50 ${f1(one.p50)} ms; CPU per request ${f2(l.cpuMs!.target)} ms here + ${f2(l.cpuMs!.upstream)} ms subgraphs${l.errors + one.errors ? `, ${l.errors + one.errors} errors` : ''}`);
        }
      }
    }

    const rows: Record<string, unknown>[] = [];
    const steps: StepResult[] = [];
    const median = (key: string, pick: (x: { loaded: Sample[]; single: Sample[] }) => number[]) => {
      const e = samples.get(key);
      return e ? stats(pick(e)).median : NaN;
    };
    let md = `Gateway benchmark — ${o.runs} runs × ${o.duration} s per cell, ${o.connections} connections (throughput) and 1 (latency), ${o.items} tasks, ${users === 1 ? 'one user (in-flight deduplication applies)' : `${users} distinct users in turn`}; ${where}.\n\n`;
    md += '| query | target | RPS min / median / max | p50 ms | p95 ms | p50 ms, 1 in flight | RPS vs @apollo/gateway | p50 (1 in flight) vs direct | CPU ms per request: gateway + subgraphs |\n|---|---|---|---|---|---|---|---|---|\n';
    for (const s of SCENARIOS) {
      for (const t of targets.filter((x) => x.scenarios.includes(s.key))) {
        const e = samples.get(`${s.key}:${t.name}`)!;
        const rps = stats(e.loaded.map((x) => x.rps));
        const p50 = stats(e.loaded.map((x) => x.p50));
        const p95 = stats(e.loaded.map((x) => x.p95));
        const one50 = stats(e.single.map((x) => x.p50));
        const one95 = stats(e.single.map((x) => x.p95));
        const vsApollo = rps.median / median(`${s.key}:apollo`, (x) => x.loaded.map((y) => y.rps));
        const vsDirect = one50.median / median(`${s.key}:direct`, (x) => x.single.map((y) => y.p50));
        const errors = [...e.loaded, ...e.single].reduce((n, x) => n + x.errors, 0);
        const cpu = { gateway: stats(e.loaded.map((x) => x.cpuMs?.target ?? NaN)).median, subgraphs: stats(e.loaded.map((x) => x.cpuMs?.upstream ?? NaN)).median };
        rows.push({ query: s.key, target: t.name, rps, p50Ms: p50, p95Ms: p95, singleP50Ms: one50, singleP95Ms: one95, rpsVsApollo: vsApollo, singleP50VsDirect: vsDirect, cpuMsPerRequest: cpu, errors });
        steps.push({ step: `${s.key} ${t.name} p50 (1 in flight)`, runs: o.runs, minMs: one50.min, medianMs: one50.median, maxMs: one50.max, ratioToBaseline: Number.isFinite(vsDirect) ? vsDirect : null });
        md += `| ${s.label} | ${names[t.name]} | ${f0(rps.min)} / **${f0(rps.median)}** / ${f0(rps.max)} | ${f1(p50.median)} | ${f1(p95.median)} | ${f2(one50.median)} (${f2(one50.min)}–${f2(one50.max)}) | ${Number.isFinite(vsApollo) ? `${f2(vsApollo)}×` : '–'} | ${Number.isFinite(vsDirect) ? `${f2(vsDirect)}×` : '–'} | ${Number.isFinite(cpu.gateway) ? f2(cpu.gateway) : '–'} + ${f2(cpu.subgraphs)} |\n`;
      }
    }
    const ratio = (k: string, a: string, b: string, pick: (x: { loaded: Sample[]; single: Sample[] }) => number[]) => median(`${k}:${a}`, pick) / median(`${k}:${b}`, pick);
    const rpsOf = (x: { loaded: Sample[] }) => x.loaded.map((y) => y.rps);
    const targetsMet = {
      overviewRpsVsApollo: { value: ratio('b', 'hive', 'apollo', rpsOf), goal: '≥ 3' },
      overviewRpsVsApolloWithCache: { value: ratio('b', 'hive-cache', 'apollo', rpsOf), goal: '≥ 3' },
      fastPathRpsVsRuntime: Object.fromEntries(SCENARIOS.map((s) => [s.key, ratio(s.key, 'hive', 'hive-runtime', rpsOf)])),
      singleP50VsDirect: { value: ratio('a', 'hive', 'direct', (x) => x.single.map((y) => y.p50)), goal: '≤ 1.3' },
      singleLoadedP50VsDirect: { value: ratio('a', 'hive', 'direct', (x) => x.loaded.map((y) => y.p50)) },
      floorSingleP50VsDirect: { value: ratio('a', 'floor', 'direct', (x) => x.single.map((y) => y.p50)) },
      rustPlannerRpsVsJs: Object.fromEntries(SCENARIOS.map((s) => [s.key, ratio(s.key, 'hive-rust', 'hive', rpsOf)])),
    };
    md += `\nTargets: (b) RPS vs @apollo/gateway ${f2(targetsMet.overviewRpsVsApollo.value)}× without the cache, ${f2(targetsMet.overviewRpsVsApolloWithCache.value)}× with it (goal ≥ 3×); (a) p50 vs direct ${f2(targetsMet.singleP50VsDirect.value)}× with 1 in flight (goal ≤ 1.3×), ${f2(targetsMet.singleLoadedP50VsDirect.value)}× under load; the bare forwarding proxy ${f2(targetsMet.floorSingleP50VsDirect.value)}×.`;
    md += `\nFast path vs runtime only, RPS: ${SCENARIOS.map((s) => `(${s.key}) ${f2(targetsMet.fastPathRpsVsRuntime[s.key]!)}×`).join(', ')}.`;
    md += `\nRust planner vs JS planner, RPS: ${SCENARIOS.map((s) => `(${s.key}) ${f2(targetsMet.rustPlannerRpsVsJs[s.key]!)}×`).join(', ')}.`;
    if (Object.keys(skipped).length) md += `\nSkipped: ${JSON.stringify(skipped)}`;
    const variant = [o.layout === 'split' ? 'split' : '', o.sameUser ? 'same-user' : '', o.targets || o.queries ? 'partial' : ''].filter(Boolean).join('-');
    return {
      name: 'gateway',
      variant: variant || undefined,
      params: { runs: o.runs, users, durationSeconds: o.duration, connections: o.connections, tasks: o.items, layout, database: process.env.BENCH_DATABASE_URL ? 'mysql' : 'sqlite' },
      steps,
      outcome: { rows, targets: targetsMet, skipped },
      peakRssMb: Math.round(process.memoryUsage().rss / 2 ** 20),
      markdown: md,
    };
  } finally {
    for (const c of children.reverse()) await c.stop();
  }
}
