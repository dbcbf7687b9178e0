// Prometheus metrics (prom-client). Each server gets its own registry (tests run many in one process); process
// metrics (RSS, CPU, event-loop lag, GC) are collected once per process and served alongside.
import { timingSafeEqual } from 'node:crypto';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { DataSource } from 'typeorm';

let processRegistry: Registry | undefined;
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

export const METRICS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/**
 * With METRICS_TOKEN set, /metrics wants `Authorization: Bearer <METRICS_TOKEN>` (the gateway's is public-facing).
 * In production there is no open /metrics: without a token it is refused (docs/security.md, "Metrics").
 */
export function metricsAllowed(authorization: string | undefined, token = process.env.METRICS_TOKEN, production = process.env.NODE_ENV === 'production'): boolean {
  if (!token) return !production;
  const given = Buffer.from(authorization ?? '');
  const expected = Buffer.from(`Bearer ${token}`);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

// Operation names come from clients: keep them well-formed and few, so a hostile client cannot explode the series.
const MAX_OPERATION_NAMES = 200;
export function operationLabeler() {
  const seen = new Set<string>();
  return (name: string | null | undefined): string => {
    if (!name) return 'anonymous';
    if (!/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(name)) return 'invalid';
    if (seen.has(name)) return name;
    if (seen.size >= MAX_OPERATION_NAMES) return 'other';
    seen.add(name);
    return name;
  };
}

/** `query Name(` → { type, name }; anonymous documents keep a null name. */
export function operationOf(query: string | undefined, operationName?: string | null): { type: string; name: string | null } {
  const m = /^\s*(?:#[^\n]*\n\s*)*(query|mutation|subscription)\b\s*([A-Za-z_][A-Za-z0-9_]*)?/.exec(query ?? '');
  return { type: m?.[1] ?? 'query', name: operationName || m?.[2] || null };
}

export interface ServiceMetrics {
  registry: Registry;
  requests: Counter<'operation' | 'type' | 'outcome'>;
  duration: Histogram<'operation' | 'type'>;
  label: (name: string | null | undefined) => string;
  /** Prometheus text: this server's series plus the process's. */
  render(): Promise<string>;
}

export function createServiceMetrics(service: string): ServiceMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  const requests = new Counter({
    name: 'hub_graphql_requests_total',
    help: 'GraphQL requests by operation name, type and outcome (ok, error = answered with errors, rejected = 4xx before execution)',
    labelNames: ['operation', 'type', 'outcome'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'hub_graphql_request_duration_seconds',
    help: 'GraphQL request latency by operation',
    labelNames: ['operation', 'type'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  return {
    registry,
    requests,
    duration,
    label: operationLabeler(),
    async render() {
      return `${await registry.metrics()}\n${await processMetrics().metrics()}`;
    },
  };
}

export function upstreamMetrics(registry: Registry) {
  return {
    requests: new Counter({
      name: 'hub_department_upstream_requests_total',
      help: 'Gateway → department calls by outcome: ok, unavailable (down, timeout, 5xx), skipped (circuit open)',
      labelNames: ['department', 'outcome'] as const,
      registers: [registry],
    }),
    duration: new Histogram({
      name: 'hub_department_upstream_duration_seconds',
      help: 'Gateway → department call latency (calls that were sent)',
      labelNames: ['department'] as const,
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    }),
    circuit: new Gauge({
      name: 'hub_department_circuit_state',
      help: 'Circuit breaker per department: 0 closed, 1 half-open, 2 open',
      labelNames: ['department'] as const,
      registers: [registry],
    }),
  };
}
export type UpstreamMetrics = ReturnType<typeof upstreamMetrics>;

interface PoolLike {
  _allConnections?: { length: number };
  _freeConnections?: { length: number };
  _connectionQueue?: { length: number };
  config?: { connectionLimit?: number };
}

/** DB pool gauges read at scrape time: mysql2's pool counts, or the single embedded SQLite connection. */
export function databaseMetrics(registry: Registry, dataSource: DataSource) {
  new Gauge({
    name: 'hub_db_pool_connections',
    help: 'Database connections by state (open, idle, waiting requests, limit)',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      const pool = (dataSource.driver as unknown as { pool?: PoolLike }).pool;
      if (pool && pool._allConnections) {
        this.set({ state: 'open' }, pool._allConnections.length);
        this.set({ state: 'idle' }, pool._freeConnections?.length ?? 0);
        this.set({ state: 'waiting' }, pool._connectionQueue?.length ?? 0);
        this.set({ state: 'limit' }, pool.config?.connectionLimit ?? 0);
      } else {
        const open = dataSource.isInitialized ? 1 : 0;
        this.set({ state: 'open' }, open);
        this.set({ state: 'limit' }, 1);
      }
    },
  });
}

/** What a refused /metrics says: in production without a token, how to turn it on. */
export function metricsRefusal(token = process.env.METRICS_TOKEN): string {
  return token ? '需要 METRICS_TOKEN' : '生产环境的 /metrics 需要先设置 METRICS_TOKEN，再以 “Authorization: Bearer <METRICS_TOKEN>” 访问';
}
