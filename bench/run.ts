// `npm run bench -- <name> [--runs N] [--entities N] [--duration S] [--connections N] [--items N]`: benchmarks outside CI. Each prints the machine, times
// every step ≥ 3 times (min/median/max) and reports ratios against a baseline measured in the same run.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { runDrawBench } from './draw';
import { runSoakBench } from './soak';
import { runGatewayBench } from './gateway';
import { runNplus1Bench } from './nplus1';

export interface BenchOptions {
  runs: number;
  entities: number;
  /** gateway: seconds per throughput run (latency runs take half). */
  duration: number;
  /** gateway: requests in flight during throughput runs. */
  connections: number;
  /** gateway: tasks in the joint subgraph (rounds of 10). */
  items: number;
  /** gateway: write a CPU profile of this server (upstream, hive, hive-rust, apollo) to bench/results/profiles. */
  profile?: string;
  /** gateway: only these targets (direct, hive, hive-rust, apollo) and queries (a, b, c); default all. */
  targets?: string[];
  /** gateway: every request from one user (in-flight deduplication then applies); default 256 users in turn. */
  sameUser?: boolean;
  /** gateway: `shared` (all servers on one core) or `split` (the gateway alone on one core); see bench/procs.ts. */
  layout?: 'shared' | 'split';
  queries?: string[];
}
export interface StepResult {
  step: string;
  runs: number;
  minMs: number;
  medianMs: number;
  maxMs: number;
  ratioToBaseline: number | null;
}
export interface BenchReport {
  name: string;
  params: Record<string, unknown>;
  steps: StepResult[];
  outcome?: Record<string, unknown>;
  peakRssMb: number;
  markdown: string;
  /** Appended to the result file name when the run is not the default one (e.g. `split`, `partial`). */
  variant?: string;
}

const BENCHES: Record<string, (o: BenchOptions) => Promise<BenchReport>> = { draw: runDrawBench, soak: runSoakBench, gateway: runGatewayBench, nplus1: runNplus1Bench };

export function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i > 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(v) || v <= 0) throw new Error(`--${name} 应为正整数`);
  return v;
}

export const machine = () => ({
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  memoryGb: Math.round(totalmem() / 2 ** 30),
  node: process.version,
  platform: `${process.platform}-${process.arch}`,
});

async function main() {
  const name = process.argv[2];
  const bench = BENCHES[name];
  if (!bench) {
    console.error(`用法：npm run bench -- <${Object.keys(BENCHES).join('|')}> [--runs N] [--entities N] [--duration 秒] [--connections N] [--items N] [--profile upstream|hive|hive-rust|apollo] [--targets direct,hive,hive-rust,apollo] [--queries a,b,c] [--same-user] [--layout shared|split] | soak [--minutes N] [--connections N]`);
    process.exit(2);
  }
  if (!global.gc) console.warn('[bench] run with --expose-gc (npm run bench does) for stable memory figures');
  const m = machine();
  console.log(`[bench] ${name} on ${m.cpu} × ${m.cores}, ${m.memoryGb} GiB, node ${m.node}`);
  const t0 = Date.now();
  const str = (name: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  const report = await bench({
    runs: arg('runs', 3),
    entities: arg('entities', 1_000_000),
    duration: arg('duration', 10),
    connections: arg('connections', 16),
    items: arg('items', 100),
    profile: str('profile'),
    targets: str('targets')?.split(','),
    queries: str('queries')?.split(','),
    sameUser: process.argv.includes('--same-user'),
    layout: str('layout') === 'split' ? 'split' : 'shared',
  });
  const date = new Date().toISOString().slice(0, 10);
  const dir = resolve(__dirname, '../../bench/results');
  mkdirSync(dir, { recursive: true });
  const file = resolve(dir, `${name}-${date}${report.variant ? `-${report.variant}` : ''}.json`);
  const { markdown, variant: _variant, ...rest } = report;
  writeFileSync(file, `${JSON.stringify({ ...rest, date, machine: m, wallSeconds: Math.round((Date.now() - t0) / 1000) }, null, 2)}\n`);
  console.log(`\n${markdown}\n\n[bench] ${((Date.now() - t0) / 1000).toFixed(0)} s; results in ${file}`);
}

main().catch((e) => {
  console.error(`[bench] ${(e as Error).stack ?? e}`);
  process.exit(1);
});
