import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, HeaderMap, type BaseContext } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import type { GraphQLSchema } from 'graphql';
import { verifyIdentityHeaders, type Identity } from './identity';
import { databaseErrorCode, isDatabaseUnavailable } from './db';
import { maskText } from './domain/privacy';

export interface SubgraphHttpOptions<C extends BaseContext> {
  schema: GraphQLSchema;
  identitySecret: string;
  /** Builds the per-request context (fresh DataLoaders each request). */
  context: (identity: Identity) => Promise<C> | C;
  /** Readiness probe, e.g. a `SELECT 1`. */
  ready?: () => Promise<void>;
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
  const apollo = new ApolloServer<C>({
    schema: opts.schema,
    includeStacktraceInErrorResponses: false,
    // No Apollo Studio here: federated tracing would only add bytes to every response.
    plugins: [ApolloServerPluginInlineTraceDisabled()],
    // Unexpected failures must not leak SQL or stack traces to clients.
    formatError: (formatted, error) => {
      const code = formatted.extensions?.code;
      // A lost database is an outage, not a bug: say so with a code clients can retry on, and log one line.
      if ((code === 'INTERNAL_SERVER_ERROR' || code === undefined) && isDatabaseUnavailable(error)) {
        console.warn(`[subgraph] database unavailable: ${databaseErrorCode(error)}`);
        return { ...formatted, message: '数据库暂时无法访问，请稍后重试', extensions: { code: 'DATABASE_UNAVAILABLE' } };
      }
      if (code === 'INTERNAL_SERVER_ERROR' || code === undefined) {
        logError('[subgraph] internal error', error);
        return { ...formatted, message: '服务器内部错误', extensions: { code: 'INTERNAL_SERVER_ERROR' } };
      }
      return formatted;
    },
  });
  await apollo.start();

  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (url.pathname === '/healthz') return sendJson(res, 200, { status: 'ok' });
      if (url.pathname === '/readyz') {
        try {
          await opts.ready?.();
          return sendJson(res, 200, { status: 'ready' });
        } catch {
          return sendJson(res, 503, { status: 'not ready' });
        }
      }
      if (url.pathname !== '/graphql') return sendJson(res, 404, { error: 'not found' });

      let identity: Identity;
      try {
        identity = verifyIdentityHeaders((n) => req.headers[n] as string | undefined, opts.identitySecret);
      } catch (e) {
        return sendJson(res, 401, { errors: [{ message: (e as Error).message, extensions: { code: 'UNAUTHENTICATED' } }] });
      }

      const headers = new HeaderMap();
      for (const [k, v] of Object.entries(req.headers)) {
        if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : v);
      }
      const raw = req.method === 'POST' ? await readBody(req) : '';
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
      if (status === 500) logError('[subgraph] request failed', e);
      if (!res.headersSent) sendJson(res, status, { errors: [{ message: status === 413 ? '请求体过大' : '服务器内部错误' }] });
      else res.end();
    }
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
  opts: Omit<SubgraphHttpOptions<C>, 'ready'>,
): Promise<SubgraphService> {
  try {
    const server = await createSubgraphHttpServer<C>({ ...opts, ready: async () => void (await dataSource.query('SELECT 1')) });
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
  try {
    const service = await start();
    const running = await listen(service.server, port, process.env.HOST ?? '127.0.0.1');
    console.log(`[${label}] listening on ${running.url}`);
    const stop = () =>
      service.close().then(
        () => process.exit(0),
        (e) => {
          console.error(e);
          process.exit(1);
        },
      );
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  } catch (e) {
    console.error(`[${label}] failed to start`, e);
    process.exit(1);
  }
}
