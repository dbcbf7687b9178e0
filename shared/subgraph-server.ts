import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, HeaderMap, type BaseContext } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import type { GraphQLSchema } from 'graphql';
import { randomUUID } from 'node:crypto';
import type { ApolloServerPlugin } from '@apollo/server';
import { verifyIdentityHeaders, type Identity } from './identity';
import { createLogger, requestIdFrom, type Logger } from './log';
import { METRICS_CONTENT_TYPE, createServiceMetrics, databaseMetrics, metricsAllowed, metricsRefusal, type ServiceMetrics } from './metrics';
import { inServerSpan, startTracing } from './tracing';
import { runWithRequest } from './request-context';
import { databaseErrorCode, isDatabaseUnavailable } from './db';
import { maskText } from './domain/privacy';
import { checkOperationInputs } from './input-limits';

export interface SubgraphHttpOptions<C extends BaseContext> {
  schema: GraphQLSchema;
  identitySecret: string;
  /** Builds the per-request context (fresh DataLoaders each request). */
  context: (identity: Identity) => Promise<C> | C;
  /** Readiness probe, e.g. a `SELECT 1`. */
  ready?: () => Promise<void>;
  /** Label in logs and metrics, e.g. `department-SAMR`. */
  service?: string;
  metrics?: ServiceMetrics;
  logger?: Logger;
}

const READY_TIMEOUT_MS = 2000;

const isInternal = (code: unknown) => code === undefined || code === 'INTERNAL_SERVER_ERROR';

/** Request count and latency per operation, recorded once Apollo knows the operation; unexpected errors logged. */
function apolloMetricsPlugin(metrics: ServiceMetrics, log: Logger): ApolloServerPlugin {
  return {
    async requestDidStart() {
      const t0 = process.hrtime.bigint();
      return {
        async didEncounterErrors({ errors, request, operationName }) {
          for (const e of errors)
            if (isInternal(e.extensions?.code))
              log.error({ requestId: request.http?.headers.get('x-request-id'), operation: operationName, path: e.path, err: e.originalError ?? e }, 'internal error');
        },
        async willSendResponse({ operationName, operation, errors, response }) {
          const labels = { operation: metrics.label(operationName), type: operation?.operation ?? 'unknown' };
          const status = response.http.status ?? 200;
          const outcome = !operation || status >= 400 ? 'rejected' : errors?.length ? 'error' : 'ok';
          metrics.requests.inc({ ...labels, outcome });
          metrics.duration.observe(labels, Number(process.hrtime.bigint() - t0) / 1e9);
        },
      };
    },
  };
}

/** The same input bounds as the gateway (shared/input-limits.ts): a subgraph is never the only line. */
function inputLimitsPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, request, schema }) {
          const error = checkOperationInputs(schema, document, request.variables);
          if (error) throw error;
        },
      };
    },
  };
}

export interface RunningServer {
  server: Server;
  url: string;
  close(): Promise<void>;
}

const MAX_BODY = 5 * 1024 * 1024;

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw Object.assign(new Error('请求体过大'), { status: 413 });
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Logs never carry personal data or secrets: driver errors hold the statement's parameters (phones, ID numbers)
 * and MySQL repeats offending values in its messages, so only name, code and the masked message and stack go out.
 */
export function logError(label: string, error: unknown): void {
  const e = (error ?? {}) as { name?: string; message?: string; stack?: string; code?: string; originalError?: unknown };
  const inner = (e.originalError ?? e) as { name?: string; message?: string; stack?: string; code?: string };
  const stack = (inner.stack ?? '').split('\n').slice(1, 6).join('\n');
  console.error(`${label}: ${inner.name ?? 'Error'}${inner.code ? ` (${inner.code})` : ''}: ${maskText(String(inner.message ?? e.message ?? error))}\n${maskText(stack)}`);
}

function sendJson(res: import('node:http').ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

/** A subgraph as a plain Node HTTP server: /graphql (signed identity required), /healthz, /readyz. */
export async function createSubgraphHttpServer<C extends BaseContext>(opts: SubgraphHttpOptions<C>): Promise<Server> {
  const service = opts.service ?? 'subgraph';
  const metrics = opts.metrics ?? createServiceMetrics(service);
  const log = opts.logger ?? createLogger(service);
  const apollo = new ApolloServer<C>({
    schema: opts.schema,
    includeStacktraceInErrorResponses: false,
    // No Apollo Studio here: federated tracing would only add bytes to every response.
    plugins: [ApolloServerPluginInlineTraceDisabled(), apolloMetricsPlugin(metrics, log), inputLimitsPlugin()],
    // Unexpected failures must not leak SQL or stack traces to clients.
    formatError: (formatted, error) => {
      const code = formatted.extensions?.code;
      // A lost database is an outage, not a bug: say so with a code clients can retry on.
      if (isInternal(code) && isDatabaseUnavailable(error)) {
        log.warn({ code: databaseErrorCode(error) }, 'database unavailable');
        return { ...formatted, message: '数据库暂时无法访问，请稍后重试', extensions: { code: 'DATABASE_UNAVAILABLE' } };
      }
      if (isInternal(code)) {
        return { ...formatted, message: '服务器内部错误', extensions: { code: 'INTERNAL_SERVER_ERROR' } };
      }
      return formatted;
    },
  });
  await apollo.start();

  const handle = async (req: IncomingMessage, res: import('node:http').ServerResponse, requestId: string) => {
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      // The service name is the audience a signed identity must name (shared/identity.ts).
      if (url.pathname === '/healthz') return sendJson(res, 200, { status: 'ok', service });
      if (url.pathname === '/readyz') {
        let timer: NodeJS.Timeout | undefined;
        try {
          // A database that hangs is as unready as one that refuses.
          await Promise.race([
            opts.ready?.(),
            new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), READY_TIMEOUT_MS))),
          ]);
          return sendJson(res, 200, { status: 'ready' });
        } catch {
          return sendJson(res, 503, { status: 'not ready', reason: '数据库不可用' });
        } finally {
          clearTimeout(timer);
        }
      }
      if (url.pathname === '/metrics') {
        if (!metricsAllowed(req.headers.authorization)) return sendJson(res, 401, { error: metricsRefusal() });
        res.writeHead(200, { 'content-type': METRICS_CONTENT_TYPE });
        return res.end(await metrics.render());
      }
      if (url.pathname !== '/graphql') return sendJson(res, 404, { error: 'not found' });
      const raw = req.method === 'POST' ? await readBody(req) : '';
      let identity: Identity;
      try {
        // A GET carries its operation in the query string: that is what its signature covers.
        const signed = { method: req.method ?? 'GET', target: service, body: req.method === 'POST' ? raw : url.search };
        identity = verifyIdentityHeaders((n) => req.headers[n] as string | undefined, opts.identitySecret, signed);
      } catch (e) {
        return sendJson(res, 401, { errors: [{ message: (e as Error).message, extensions: { code: 'UNAUTHENTICATED' } }] });
      }

      const headers = new HeaderMap();
      for (const [k, v] of Object.entries(req.headers)) {
        if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : v);
      }
      let body: unknown = undefined;
      if (raw) {
        try {
          body = JSON.parse(raw);
        } catch {
          return sendJson(res, 400, { errors: [{ message: '请求体不是合法的 JSON', extensions: { code: 'BAD_REQUEST' } }] });
        }
      }
      const result = await apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: url.search, body },
        context: async () => opts.context(identity),
      });
      for (const [k, v] of result.headers) res.setHeader(k, v);
      res.statusCode = result.status ?? 200;
      if (result.body.kind === 'complete') return res.end(result.body.string);
      for await (const chunk of result.body.asyncIterator) res.write(chunk);
      res.end();
    } catch (e) {
      const status = (e as { status?: number }).status ?? 500;
      if (status === 500) log.error({ requestId, err: e }, 'request failed');
      if (!res.headersSent) sendJson(res, status, { errors: [{ message: status === 413 ? '请求体过大' : '服务器内部错误' }] });
      else res.end();
    }
  };

  const server = createServer((req, res) => {
    const requestId = requestIdFrom(req.headers['x-request-id'] as string | undefined, randomUUID);
    res.setHeader('x-request-id', requestId);
    const t0 = process.hrtime.bigint();
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    res.once('finish', () => {
      if (path !== '/graphql') return;
      log.info({ requestId, method: req.method, path, status: res.statusCode, ms: Number(process.hrtime.bigint() - t0) / 1e6 }, 'request');
    });
    inServerSpan(service, req, res, () => runWithRequest({ requestId }, () => void handle(req, res, requestId)));
  });
  server.on('close', () => void apollo.stop());
  return server;
}

/** Listens (port 0 → ephemeral) and returns the URL; tests use this without fixed ports. */
export function listen(server: Server, port = 0, host = '127.0.0.1'): Promise<RunningServer> {
  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const addr = server.address() as AddressInfo;
      resolvePromise({
        server,
        url: `http://${host}:${addr.port}/graphql`,
        close: () =>
          new Promise<void>((r) => {
            server.closeAllConnections?.();
            server.close(() => r());
          }),
      });
    });
  });
}

/** A subgraph service: its HTTP server (not yet listening) and its database. */
export interface SubgraphService {
  server: Server;
  dataSource: import('typeorm').DataSource;
  close(): Promise<void>;
}

/** Wraps a built server and its DataSource; `close` works whether or not the server ever listened. */
export async function createSubgraphService<C extends BaseContext>(
  dataSource: import('typeorm').DataSource,
  opts: Omit<SubgraphHttpOptions<C>, 'ready' | 'metrics'>,
): Promise<SubgraphService> {
  try {
    const metrics = createServiceMetrics(opts.service ?? 'subgraph');
    databaseMetrics(metrics.registry, dataSource);
    const server = await createSubgraphHttpServer<C>({ ...opts, metrics, ready: async () => void (await dataSource.query('SELECT 1')) });
    return {
      server,
      dataSource,
      async close() {
        if (server.listening) {
          server.closeAllConnections?.();
          await new Promise<void>((r) => server.close(() => r()));
        } else {
          server.emit('close'); // stops Apollo even when nothing ever listened
        }
        if (dataSource.isInitialized) await dataSource.destroy();
      },
    };
  } catch (e) {
    await dataSource.destroy();
    throw e;
  }
}

/** index.ts of every subgraph: listen, log one line, close cleanly on SIGINT/SIGTERM. */
export async function runService(label: string, start: () => Promise<SubgraphService>, port: number): Promise<void> {
  const log = createLogger(label.replace(/\s+/g, '-'));
  try {
    startTracing(label.replace(/\s+/g, '-'));
    const service = await start();
    const running = await listen(service.server, port, process.env.HOST ?? '127.0.0.1');
    log.info({ port }, `listening on ${running.url}`);
    const stop = () =>
      service.close().then(
        () => process.exit(0),
        (e) => {
          log.error({ err: e }, 'failed to stop');
          process.exit(1);
        },
      );
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  } catch (e) {
    log.error({ err: e }, 'failed to start');
    process.exit(1);
  }
}
