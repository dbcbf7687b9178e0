// Builds the gateway (no listening here: index.ts listens, tests use port 0).
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse, type Server } from 'node:http';
import { createGatewayRuntime, type GatewayRuntime } from '@graphql-hive/gateway-runtime';
import { Logger as HiveLogger, type LogWriter } from '@graphql-hive/logger';
import httpTransport from '@graphql-mesh/transport-http';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { departmentUrl, jointUrl, subgraphTargets, type HubConfig } from '../shared/config';
import { createJwtVerifier, jwtSettingsFromEnv, type JwtSettings } from '../shared/jwt';
import { createLogger, requestIdFrom, type Logger } from '../shared/log';
import { createServiceMetrics, upstreamMetrics, type ServiceMetrics } from '../shared/metrics';
import { inServerSpan } from '../shared/tracing';
import { shardedTransport, type ShardedOptions } from './sharded-transport';
import { identityCache, identityPlugin } from './identity-plugin';
import { loadManifest, persistedOnlyPlugin } from './persisted';
import { errorCodesPlugin, subgraphUnavailablePlugin } from './error-codes-plugin';
import { checkDepartmentContracts, formatDrift, type ContractReport } from './contract';
import { DEPARTMENT_SUBGRAPH, JOINT_SUBGRAPH, readCommitted } from './compose';
import { handleFormRequest } from './forms';
import { askGateway, handleIoRequest } from './io';
import { handleWebRequest, type WebOptions } from './web';
import { mintJwt } from '../shared/identity';
import { CircuitBreakers, DEFAULT_BREAKER, type BreakerOptions, type CircuitState } from './breaker';
import { executionLimitsPlugin, limitPlugins, limitsFromEnv, type LimitSettings } from './limits';
import { admitOrAnswer, createRateLimiter } from './rate-limit';
import { PUBLIC_IDENTITY } from '../shared/identity';
import { gatewayCounters, handleOpsRequest, metricsPlugin } from './ops';
import { createFastPath, type FastPath } from './fast-path';
import { fieldOwners } from './single-subgraph';
import { identityFromHeader } from './identity-plugin';

export interface GatewayOptions {
  config: HubConfig;
  jwtSecret: string;
  identitySecret: string;
  /** Per-department upstream timeout (ms). */
  departmentTimeoutMs?: number;
  /** Defaults to the committed supergraph and contract. */
  supergraph?: string;
  contract?: string;
  /** Skip the start-up SDL check (only for tests that start departments later). */
  skipContractCheck?: boolean;
  /** Operation limits, rate limit, introspection…; default from the environment (limits.ts). */
  limits?: LimitSettings;
  /** JWT verification beyond the HS256 secret (JWKS, issuer, audience, skew); default from the environment. */
  jwt?: Partial<JwtSettings>;
  /** Circuit breaker per department; default from DEPARTMENT_BREAKER_FAILURES / DEPARTMENT_BREAKER_COOLDOWN_MS. */
  breaker?: Partial<BreakerOptions>;
  logger?: Logger;
  /**
   * `js` (default) or `rust`: the Hive Router query planner from `@graphql-hive/router-runtime` (native, experimental
   * in the runtime); default from GATEWAY_QUERY_PLANNER. Its measured effect is in the README (Benchmarks).
   */
  queryPlanner?: 'js' | 'rust';
  /**
   * The fast path in front of the runtime (fast-path.ts): `forward` single-subgraph queries without a plan, and share
   * answers among users of one role for `cacheTtlMs`. Default from GATEWAY_FAST_PATH (on) and GATEWAY_CACHE_TTL_MS
   * (5000; 0 = no cache); `false` turns both off. Off by itself when only persisted operations may run.
   */
  fastPath?: { forward: boolean; cacheTtlMs: number } | false;
}

export function fastPathFromEnv(env = process.env): { forward: boolean; cacheTtlMs: number } | false {
  const on = !/^(0|false|off|no)$/i.test(env.GATEWAY_FAST_PATH ?? '');
  const ttl = env.GATEWAY_CACHE_TTL_MS === undefined || env.GATEWAY_CACHE_TTL_MS === '' ? 5000 : Number(env.GATEWAY_CACHE_TTL_MS);
  if (!Number.isInteger(ttl) || ttl < 0) throw new Error(`GATEWAY_CACHE_TTL_MS 应为 ≥ 0 的整数（毫秒），实际为 "${env.GATEWAY_CACHE_TTL_MS}"`);
  return on ? { forward: true, cacheTtlMs: ttl } : false;
}

export interface Gateway {
  runtime: GatewayRuntime;
  server: Server;
  contractReport?: ContractReport;
  breakers: CircuitBreakers;
  metrics: ServiceMetrics;
  fastPath?: FastPath;
}

export class ContractDriftError extends Error {}

const CIRCUIT_GAUGE: Record<CircuitState, number> = { CLOSED: 0, HALF_OPEN: 1, OPEN: 2 };

function breakerFromEnv(env = process.env) {
  return {
    failureThreshold: Number(env.DEPARTMENT_BREAKER_FAILURES ?? DEFAULT_BREAKER.failureThreshold),
    cooldownMs: Number(env.DEPARTMENT_BREAKER_COOLDOWN_MS ?? DEFAULT_BREAKER.cooldownMs),
  };
}

const pinoWriter = (log: Logger): LogWriter => ({
  write: (level, attrs, msg) => log[level]({ ...(attrs && typeof attrs === 'object' ? attrs : { attrs }), source: 'hive' }, msg ?? ''),
});

/**
 * Cross-origin calls only from the allow-list (CORS_ORIGINS), never by reflecting whatever Origin comes, and without
 * credentials (callers send bearer tokens, not cookies). True when this was a preflight, now answered.
 */
export function corsAnswered(req: IncomingMessage, res: ServerResponse, allowed: ReadonlySet<string>): boolean {
  const origin = req.headers.origin;
  if (!origin) return false;
  const ok = allowed.has(origin);
  res.setHeader('vary', 'Origin');
  if (ok) res.setHeader('access-control-allow-origin', origin);
  if (req.method !== 'OPTIONS' || !req.headers['access-control-request-method']) return false;
  if (ok) {
    res.writeHead(204, {
      'access-control-allow-methods': 'GET, POST',
      'access-control-allow-headers': 'authorization, content-type, x-request-id',
      'access-control-max-age': '600',
    });
  } else {
    res.writeHead(403, { 'content-type': 'text/plain; charset=utf-8' });
  }
  res.end(ok ? undefined : '不允许的跨域来源');
  return true;
}

const MAX_LOGGED_PATH = 200;
const cutPath = (p: string) => (p.length > MAX_LOGGED_PATH ? `${p.slice(0, MAX_LOGGED_PATH)}…` : p);

function sendJsonError(res: ServerResponse, status: number, code: string, message: string) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify({ errors: [{ message, extensions: { code } }] }));
}

/** Refuses a body over the limit before anything reads it; a body of unknown length is refused too (411). */
function bodyTooLarge(req: IncomingMessage, res: ServerResponse, max: number): boolean {
  if (req.method !== 'POST' && req.method !== 'PUT' && req.method !== 'PATCH') return false;
  const length = req.headers['content-length'];
  if (length === undefined) {
    if (!req.headers['transfer-encoding']) return false;
    sendJsonError(res, 411, 'LENGTH_REQUIRED', '请求须带 Content-Length');
    return true;
  }
  if (Number(length) > max) {
    sendJsonError(res, 413, 'PAYLOAD_TOO_LARGE', `请求体过大（上限 ${max} 字节）`);
    req.resume();
    return true;
  }
  return false;
}

export async function createGateway(opts: GatewayOptions): Promise<Gateway> {
  const committed = opts.supergraph && opts.contract ? undefined : readCommitted();
  const supergraph = opts.supergraph ?? committed!.supergraph;
  const contract = opts.contract ?? committed!.contract;
  const departments = opts.config.departments.map((d) => ({ code: d.code, name: d.name, url: departmentUrl(d) }));
  const targets = subgraphTargets(opts.config);
  const targetOf = (url: string) => targets.get(url);
  const timeoutMs = opts.departmentTimeoutMs ?? Number(process.env.DEPARTMENT_TIMEOUT_MS ?? 5000);
  const limits = opts.limits ?? limitsFromEnv();
  const log = opts.logger ?? createLogger('gateway');
  const verify = createJwtVerifier({ ...jwtSettingsFromEnv(opts.jwtSecret), secret: opts.jwtSecret, ...opts.jwt });

  let contractReport: ContractReport | undefined;
  if (!opts.skipContractCheck) {
    contractReport = await checkDepartmentContracts(departments.map((d) => ({ ...d, target: targets.get(d.url)! })), contract, opts.identitySecret);
    if (contractReport.drifted.length) throw new ContractDriftError(formatDrift(contractReport.drifted));
  }

  const metrics = createServiceMetrics('gateway');
  const upstream = upstreamMetrics(metrics.registry);
  const counters = gatewayCounters(metrics);
  const breakers = new CircuitBreakers({
    ...breakerFromEnv(),
    ...opts.breaker,
    onStateChange: (department, state) => {
      upstream.circuit.set({ department }, CIRCUIT_GAUGE[state]);
      log.warn({ department, circuit: state }, state === 'OPEN' ? '部门连续失败，暂停访问' : state === 'CLOSED' ? '部门恢复' : '部门试探恢复');
    },
  });
  for (const d of departments) upstream.circuit.set({ department: d.code }, 0);
  const rateLimiter = limits.rateLimit ? createRateLimiter({ ...limits.rateLimit, onLimited: () => counters.rateLimited.inc() }) : undefined;

  const persisted = limits.persistedOperationsFile ? loadManifest(limits.persistedOperationsFile) : undefined;
  const identityOf = identityCache(verify);

  const sharded: ShardedOptions = { departments, timeoutMs };
  const fastSettings = opts.fastPath ?? fastPathFromEnv();
  const fastPath =
    fastSettings && !(persisted && limits.persistedOnly)
      ? createFastPath({
          ...fastSettings,
          owners: fieldOwners(supergraph),
          departmentSubgraph: DEPARTMENT_SUBGRAPH,
          jointSubgraph: JOINT_SUBGRAPH,
          jointUrl: jointUrl(opts.config),
          sharded,
          shardedState: { breakers, metrics: upstream },
          identityOf: (header) => identityFromHeader(header, verify),
          identitySecret: opts.identitySecret,
          targetOf,
          rateLimiter,
          metrics,
          maxBodyBytes: limits.maxBodyBytes,
          maxCost: limits.maxCost,
        })
      : undefined;
  const planner = opts.queryPlanner ?? process.env.GATEWAY_QUERY_PLANNER ?? 'js';
  if (planner !== 'js' && planner !== 'rust') throw new Error(`GATEWAY_QUERY_PLANNER 应为 js 或 rust，而不是 ${planner}`);
  // Loaded only when chosen: a native module nobody asked for should not load.
  const unifiedGraphHandler = planner === 'rust' ? (await import('@graphql-hive/router-runtime')).unifiedGraphHandler : undefined;
  const runtime = createGatewayRuntime({
    supergraph,
    transports: { http: httpTransport, sharded: shardedTransport({ breakers, metrics: upstream }) as unknown as typeof httpTransport },
    transportEntries: {
      [DEPARTMENT_SUBGRAPH]: { kind: 'sharded', options: sharded },
      [JOINT_SUBGRAPH]: { location: jointUrl(opts.config) },
    },
    plugins: () => [
      metricsPlugin(metrics),
      ...(fastPath ? [fastPath.plugin] : []),
      ...limitPlugins({ ...limits, onRejected: (code) => counters.limitRejections.inc({ code }) }),
      executionLimitsPlugin({ maxCost: limits.maxCost, onRejected: (code) => counters.limitRejections.inc({ code }) }),
      identityPlugin({ identityOf, identitySecret: opts.identitySecret, rateLimiter, targetOf }),
      errorCodesPlugin(),
      subgraphUnavailablePlugin([{ url: jointUrl(opts.config), name: '联合抽查子图' }]),
      ...(persisted && limits.persistedOnly ? [persistedOnlyPlugin({ manifest: persisted, identityOf: (r) => identityOf(r).catch(() => undefined) })] : []),
    ],
    // CORS is answered in front of the runtime (corsAnswered below), for every route alike.
    cors: false,
    disableIntrospection: limits.introspection ? undefined : {},
    ...(persisted
      ? {
          persistedDocuments: {
            getPersistedOperation: (key: string) => persisted[key] ?? null,
            // Full texts pass here; in allow-list-only mode persistedOnlyPlugin checks their hash.
            allowArbitraryDocuments: true,
          },
        }
      : {}),
    // GraphiQL assets are bundled (no CDN): the machines this runs on may have no internet.
    graphiql: limits.graphiql ? { title: '联合监管枢纽 GraphQL' } : false,
    renderGraphiQL,
    landingPage: false,
    // The runtime's own messages go through our logger too: same JSON lines, same scrubbing.
    logging: new HiveLogger({ level: process.env.LOG_LEVEL === 'debug' ? 'debug' : 'warn', writers: [pinoWriter(log)] }),
    ...(unifiedGraphHandler ? { unifiedGraphHandler } : {}),
  });
  const production = process.env.NODE_ENV === 'production';
  const web: WebOptions = {
    departments: opts.config.departments, jwtSecret: opts.jwtSecret, production,
    ...(production ? {} : { ask: async <T>(query: string, variables?: Record<string, unknown>) =>
      askGateway<T>(runtime, await mintJwt({ sub: 'gateway-demo-logins', role: 'SERVICE' }, opts.jwtSecret, 300), query, variables) }),
  };
  const ops = { runtime, metrics, breakers, departments, verify };
  const io = { departments: opts.config.departments, jwtSecret: opts.jwtSecret };
  const handle = (req: IncomingMessage, res: ServerResponse) =>
    (fastPath ? fastPath.handle(req, res, runtime) : Promise.resolve(false))
      .then((handled) => handled || handleOpsRequest(ops, req, res))
      .then((handled) => handled || handleWebRequest(web, req, res))
      .then((handled) => handled || handleFormRequest(runtime, req, res))
      .then((handled) => handled || handleIoRequest(runtime, io, req, res))
      .then((handled) => void (handled || runtime(req, res)));

  const corsOrigins = new Set(limits.corsOrigins ?? []);
  // /graphql is counted per identity (identity-plugin.ts, fast-path.ts); every other route per address, on its own
  // budget of the same size. Health probes are not counted: an orchestrator must always get its answer.
  const routeLimiter = limits.rateLimit ? createRateLimiter({ ...limits.rateLimit, onLimited: () => counters.rateLimited.inc() }) : undefined;
  const routeAdmitted = async (req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean> => {
    if (!routeLimiter || path === '/graphql' || path === '/healthz' || path === '/readyz') return true;
    return admitOrAnswer(routeLimiter, PUBLIC_IDENTITY, req, res);
  };

  const server = createServer((req, res) => {
    // The id is passed on to every subgraph (Hive's request-id plugin reads this header) and returned to the caller.
    const requestId = requestIdFrom(req.headers['x-request-id'] as string | undefined, randomUUID);
    req.headers['x-request-id'] = requestId;
    res.setHeader('x-request-id', requestId);
    const t0 = process.hrtime.bigint();
    // Never the query string (it may carry a token), and never more of the path than a person could read.
    const path = cutPath(new URL(req.url ?? '/', 'http://localhost').pathname);
    res.once('finish', () => {
      if (path === '/metrics' || path === '/healthz' || path === '/readyz') return;
      log.info({ requestId, method: req.method, path, status: res.statusCode, ms: Number(process.hrtime.bigint() - t0) / 1e6 }, 'request');
    });
    if (corsAnswered(req, res, corsOrigins)) return;
    if (bodyTooLarge(req, res, limits.maxBodyBytes)) return;
    inServerSpan('gateway', req, res, () =>
      void routeAdmitted(req, res, path)
        .then((admitted) => (admitted ? handle(req, res) : undefined))
        .catch((e) => {
          log.error({ requestId, err: e }, 'request failed');
          if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
          res.end('服务器内部错误');
        }),
    );
  });
  server.on('close', () => void runtime[Symbol.asyncDispose]?.());
  // Load the supergraph now, not inside the first user's request: start-up pays for it, and no query races the lazy
  // load (suspected, not proven, in the one CI failure of 2026-12-02: a first query refused for missing identity).
  await Promise.resolve(runtime.fetch('http://localhost/readiness')).catch(() => undefined);
  return { runtime, server, contractReport, breakers, metrics, fastPath };
}
