// Operations endpoints of the gateway (/healthz, /readyz, /metrics, /status) and the plugin that records
// request metrics. /status shows the joint office each department's circuit; it needs a JOINT_OFFICE or
// SERVICE token because it names failures.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GatewayPlugin, GatewayRuntime } from '@graphql-hive/gateway-runtime';
import { Counter } from 'prom-client';
import { METRICS_CONTENT_TYPE, metricsAllowed, metricsRefusal, operationOf, type ServiceMetrics } from '../shared/metrics';
import type { JwtVerifier } from '../shared/jwt';
import type { CircuitBreakers } from './breaker';
import { identityFromHeader } from './identity-plugin';

export interface GatewayCounters {
  rateLimited: Counter;
  limitRejections: Counter<'code'>;
}

export function gatewayCounters(metrics: ServiceMetrics): GatewayCounters {
  return {
    rateLimited: new Counter({ name: 'hub_rate_limited_total', help: 'Requests refused with 429 (per-identity rate limit)', registers: [metrics.registry] }),
    limitRejections: new Counter({
      name: 'hub_operation_limit_rejections_total',
      help: 'Operations refused by a limit (depth, aliases, tokens, directives, cost)',
      labelNames: ['code'] as const,
      registers: [metrics.registry],
    }),
  };
}

/** Per GraphQL request: operation (name and type), outcome and latency. */
export function metricsPlugin(metrics: ServiceMetrics): GatewayPlugin {
  const seen = new WeakMap<Request, { t0: bigint; op?: { type: string; name: string | null }; errors?: boolean }>();
  return {
    onRequest({ request, url }) {
      if (url.pathname === '/graphql') seen.set(request, { t0: process.hrtime.bigint() });
    },
    onParams({ request, params }) {
      const s = seen.get(request);
      if (s) s.op = operationOf(params.query, params.operationName);
    },
    onResultProcess({ request, result }) {
      const s = seen.get(request);
      if (s) s.errors = !!(result as { errors?: unknown[] } | undefined)?.errors?.length;
    },
    onResponse({ request, response }) {
      const s = seen.get(request);
      if (!s) return;
      const labels = { operation: metrics.label(s.op?.name), type: s.op?.type ?? 'unknown' };
      const outcome = response.status >= 400 ? 'rejected' : s.errors ? 'error' : 'ok';
      metrics.requests.inc({ ...labels, outcome });
      metrics.duration.observe(labels, Number(process.hrtime.bigint() - s.t0) / 1e9);
    },
  };
}

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
};

export interface OpsOptions {
  runtime: GatewayRuntime;
  metrics: ServiceMetrics;
  breakers: CircuitBreakers;
  departments: { code: string; name?: string }[];
  verify: JwtVerifier;
}

export async function handleOpsRequest(o: OpsOptions, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  if (req.method !== 'GET') return false;
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  switch (path) {
    case '/healthz':
      json(res, 200, { status: 'ok' });
      return true;
    case '/readyz': {
      // Ready = the supergraph is loaded. Departments are not part of it: a department down is partial data, not an outage.
      const r = await Promise.resolve(o.runtime.fetch('http://localhost/readiness')).catch(() => undefined);
      const ok = r?.ok === true;
      const circuits = o.breakers.status(o.departments.map((d) => d.code));
      json(res, ok ? 200 : 503, { status: ok ? 'ready' : 'not ready', departmentsUnavailable: circuits.filter((c) => c.state !== 'CLOSED').map((c) => c.department) });
      return true;
    }
    case '/metrics':
      if (!metricsAllowed(req.headers.authorization)) {
        json(res, 401, { error: metricsRefusal() });
        return true;
      }
      res.writeHead(200, { 'content-type': METRICS_CONTENT_TYPE });
      res.end(await o.metrics.render());
      return true;
    case '/status': {
      let identity;
      try {
        identity = await identityFromHeader(req.headers.authorization, o.verify);
      } catch (e) {
        json(res, 401, { errors: [{ message: (e as Error).message, extensions: { code: 'UNAUTHENTICATED' } }] });
        return true;
      }
      if (identity.role !== 'JOINT_OFFICE' && identity.role !== 'SERVICE') {
        json(res, 403, { errors: [{ message: '仅联席会议办公室可查看各部门连接状态', extensions: { code: 'FORBIDDEN' } }] });
        return true;
      }
      const names = new Map(o.departments.map((d) => [d.code, d.name]));
      json(res, 200, {
        checkedAt: new Date().toISOString(),
        departments: o.breakers.status(o.departments.map((d) => d.code)).map((c) => ({ ...c, name: names.get(c.department) ?? c.department })),
      });
      return true;
    }
    default:
      return false;
  }
}
