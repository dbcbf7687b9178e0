// `npm run bench -- soak [--minutes N] [--connections N]`: bounded loopback load on a running hub (`npm start`,
// started with RATE_LIMIT_REQUESTS=0 so the per-identity limit does not answer most requests with 429). Mixed
// dashboard traffic: the joint office's overview, each department's own view, the public 一公开 pages.
// Reports RPS, p50/p95/p99, errors, the RSS of every hub process at start and end (from their /metrics), the
// first minute against the last (a soak is about drift), and GraphQL against the gateway's /healthz floor
// measured in the same run.
import autocannon from 'autocannon';
import { departmentUrl, jointUrl, loadHubConfig, secrets } from '../shared/config';
import { mintJwt, type Identity } from '../shared/identity';
import { arg, type BenchOptions, type BenchReport } from './run';

// The web app's queries (web/app.js), named so the gateway's metrics show them per operation.
const OVERVIEW = `query Overview { departments { code name summary { publishedItems poolSize activeInspectors } }
  drawRounds { id name state stats { visits departmentDraws doorsSaved jointTasks goal jointShare { department share meetsGoal } } }
  deadlineSummary { department overdue dueSoon } }`;
const DEPARTMENT = `query DepartmentView($d: String!) { department(code: $d) { code name
  summary { publishedItems draftItems poolSize activeInspectors totalInspectors }
  checklist { code name category status }
  inspectors(first: 50) { totalCount edges { node { id name certificateNumber certificateExpiry status expertise } } } } }`;
const PUBLIC_RESULTS = `query PublicResults($s: String) { publishedResults(search: $s) { corrected current { id version entityName creditCode department itemCode categories findings followUp inspectors inspectedOn correctionReason publishedAt } } }`;
const PUBLIC_DRAWS = `query PublicDraws { drawRounds { id name state seedCommitment seed draws { id planId seq poolHash verification { ok reason } } } }`;
const CHECKLISTS = `query AllChecklists { departments { code name checklist { code name } inspectors(first: 5) { totalCount } } }`;

const pct = (sorted: Float64Array, p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : NaN);
const r1 = (x: number) => Math.round(x * 10) / 10;
const stats = (xs: number[]) => {
  const s = Float64Array.from(xs).sort();
  return { p50: r1(pct(s, 50)), p95: r1(pct(s, 95)), p99: r1(pct(s, 99)) };
};

async function memoryMb(url: string): Promise<{ rss: number | null; heapUsed: number | null }> {
  try {
    const text = await (await fetch(url, { signal: AbortSignal.timeout(5000) })).text();
    const read = (name: string) => {
      const m = new RegExp(`^${name} (\\d+)`, 'm').exec(text);
      return m ? r1(Number(m[1]) / 2 ** 20) : null;
    };
    return { rss: read('process_resident_memory_bytes'), heapUsed: read('nodejs_heap_size_used_bytes') };
  } catch {
    return { rss: null, heapUsed: null };
  }
}

export async function runSoakBench(_o: BenchOptions): Promise<BenchReport> {
  const minutes = arg('minutes', 10);
  const connections = arg('connections', 8);
  const config = loadHubConfig();
  const gateway = `http://127.0.0.1:${config.gateway.port}`;
  const metricsUrls: Record<string, string> = {
    gateway: `${gateway}/metrics`,
    'joint-inspection': jointUrl(config).replace(/\/graphql$/, '/metrics'),
    ...Object.fromEntries(config.departments.map((d) => [`dept-${d.code}`, departmentUrl(d).replace(/\/graphql$/, '/metrics')])),
  };
  const { jwt } = secrets();
  const token = (i: Identity) => mintJwt(i, jwt, 24 * 3600);
  const jointToken = await token({ sub: 'soak-joint-office', role: 'JOINT_OFFICE' });
  const requests: { body: string; headers: Record<string, string> }[] = [];
  const add = (query: string, variables: Record<string, unknown>, bearer?: string) =>
    requests.push({ body: JSON.stringify({ query, variables }), headers: { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) } });
  add(OVERVIEW, {}, jointToken);
  add(PUBLIC_RESULTS, { s: null });
  for (const d of config.departments) {
    add(DEPARTMENT, { d: d.code }, await token({ sub: `soak-admin-${d.code.toLowerCase()}`, role: 'DEPT_ADMIN', department: d.code }));
    if (requests.length % 3 === 0) add(PUBLIC_DRAWS, {});
  }
  add(CHECKLISTS, {}, jointToken);

  // Fail fast when the hub is not there or answers the mix with errors (e.g. started without RATE_LIMIT_REQUESTS=0).
  for (const r of requests) {
    const res = await fetch(`${gateway}/graphql`, { method: 'POST', headers: r.headers, body: r.body }).catch((e: Error) => {
      throw new Error(`网关 ${gateway} 无法访问（先运行 RATE_LIMIT_REQUESTS=0 npm start）：${e.message}`);
    });
    const body = (await res.json()) as { errors?: { message: string }[] };
    if (res.status !== 200 || body.errors?.length) throw new Error(`预检失败 HTTP ${res.status}：${body.errors?.[0]?.message ?? ''}`);
  }

  const memStart = Object.fromEntries(await Promise.all(Object.entries(metricsUrls).map(async ([k, u]) => [k, await memoryMb(u)] as const)));

  // Same-run baseline: the gateway's cheapest endpoint, same connections, 10 s.
  const floor = await autocannon({ url: `${gateway}/healthz`, connections, duration: 10 });

  console.log(`[soak] ${minutes} min, ${connections} connections, ${requests.length} request kinds in rotation…`);
  const latencies: number[] = [];
  const perMinute: { count: number; lat: number[]; errors: number }[] = Array.from({ length: minutes }, () => ({ count: 0, lat: [], errors: 0 }));
  let graphqlErrors = 0;
  const t0 = Date.now();
  const minute = () => Math.min(minutes - 1, Math.floor((Date.now() - t0) / 60_000));
  let finish!: (r: autocannon.Result) => void;
  let fail!: (e: Error) => void;
  const done = new Promise<autocannon.Result>((resolve, reject) => ((finish = resolve), (fail = reject)));
  const instance = autocannon({
    url: `${gateway}/graphql`,
    connections,
    duration: minutes * 60,
    requests: requests.map((r) => ({
      method: 'POST' as const,
      path: '/graphql',
      headers: r.headers,
      body: r.body,
      onResponse: (status: number, body: string) => {
        if (status === 200 && body.includes('"errors"')) {
          graphqlErrors++;
          perMinute[minute()]!.errors++;
        }
      },
    })),
  }, (err, r) => (err ? fail(err) : finish(r)));
  instance.on('response', (_client: unknown, _status: number, _bytes: number, ms: number) => {
    latencies.push(ms);
    const m = perMinute[minute()]!;
    m.count++;
    m.lat.push(ms);
  });
  let logged = 0;
  instance.on('tick', () => {
    const m = Math.floor((Date.now() - t0) / 60_000);
    if (m > logged && logged < minutes) {
      const done = perMinute[logged]!;
      console.log(`[soak] minute ${logged + 1}: ${r1(done.count / 60)} req/s, p99 ${r1(stats(done.lat).p99)} ms, ${done.errors} GraphQL errors`);
      logged = m;
    }
  });
  const result = await done;
  const memEnd = Object.fromEntries(await Promise.all(Object.entries(metricsUrls).map(async ([k, u]) => [k, await memoryMb(u)] as const)));
  const rssStart = Object.fromEntries(Object.entries(memStart).map(([k, v]) => [k, v.rss]));
  const rssEnd = Object.fromEntries(Object.entries(memEnd).map(([k, v]) => [k, v.rss]));

  const sorted = Float64Array.from(latencies).sort();
  const rps = latencies.length / result.duration;
  const first = perMinute[0]!;
  const last = perMinute[minutes - 1]!;
  const sum = (o: Record<string, number | null>) => r1(Object.values(o).reduce<number>((a, b) => a + (b ?? 0), 0));
  const outcome = {
    minutes,
    connections,
    requests: latencies.length,
    rps: r1(rps),
    latencyMs: { ...stats(latencies), max: r1(sorted[sorted.length - 1] ?? NaN) },
    errors: { non2xx: result.non2xx, socketErrors: result.errors, timeouts: result.timeouts, graphqlErrors },
    healthzFloor: { rps: r1(floor.requests.average), p99Ms: floor.latency.p99 },
    graphqlRpsToHealthz: Number((rps / floor.requests.average).toFixed(4)),
    firstMinute: { rps: r1(first.count / 60), ...stats(first.lat) },
    lastMinute: { rps: r1(last.count / 60), ...stats(last.lat) },
    lastToFirstMinuteRps: r1(last.count / Math.max(1, first.count)),
    rssMb: { start: rssStart, end: rssEnd, hubTotalStart: sum(rssStart), hubTotalEnd: sum(rssEnd) },
    heapUsedMb: { start: Object.fromEntries(Object.entries(memStart).map(([k, v]) => [k, v.heapUsed])), end: Object.fromEntries(Object.entries(memEnd).map(([k, v]) => [k, v.heapUsed])) },
  };
  const markdown = [
    `Soak: ${minutes} min, ${connections} connections, ${requests.length} dashboard request kinds (joint office, ${config.departments.length} departments, public), loopback on the same 2-core machine as the hub`,
    '',
    '| figure | value |',
    '|---|---:|',
    `| requests | ${outcome.requests} |`,
    `| RPS | ${outcome.rps} |`,
    `| latency p50 / p95 / p99 / max (ms) | ${outcome.latencyMs.p50} / ${outcome.latencyMs.p95} / ${outcome.latencyMs.p99} / ${outcome.latencyMs.max} |`,
    `| errors: non-2xx / socket / timeouts / GraphQL errors | ${result.non2xx} / ${result.errors} / ${result.timeouts} / ${graphqlErrors} |`,
    `| first minute RPS, p99 ms | ${outcome.firstMinute.rps}, ${outcome.firstMinute.p99} |`,
    `| last minute RPS, p99 ms | ${outcome.lastMinute.rps}, ${outcome.lastMinute.p99} (× first minute RPS: ${outcome.lastToFirstMinuteRps}) |`,
    `| baseline: gateway /healthz RPS (same run, 10 s) | ${outcome.healthzFloor.rps} (GraphQL mix RPS = ${outcome.graphqlRpsToHealthz} × baseline) |`,
    `| RSS gateway start → end (MiB) | ${rssStart.gateway} → ${rssEnd.gateway} (V8 heap used ${memStart.gateway?.heapUsed} → ${memEnd.gateway?.heapUsed}) |`,
    `| RSS all hub processes start → end (MiB) | ${outcome.rssMb.hubTotalStart} → ${outcome.rssMb.hubTotalEnd} |`,
  ].join('\n');
  return {
    name: 'soak',
    params: { minutes, connections, requestKinds: requests.length, departments: config.departments.length },
    steps: [],
    outcome,
    peakRssMb: Math.round(process.memoryUsage().rss / 2 ** 20),
    markdown,
  };
}
