// The gateway's fast path, in front of the Hive runtime. A query document the runtime has already parsed, validated
// and let through its limits once is known; the next time it comes:
//   - from a role whose answers do not depend on who exactly is asking, it may be answered from a short-lived shared
//     cache (cleared by every mutation through the gateway);
//   - if one subgraph owns every field (single-subgraph.ts), it is forwarded as written, without a query plan —
//     to the joint subgraph, or split by department through the same sharded executor the runtime uses.
// Everything else, and anything unusual (a bad token, bad variables, another content type), goes to the runtime,
// which answers exactly as before. The gateway benchmark measured what each part saves (README, Benchmarks).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Pool } from 'undici';
import { randomUUID } from 'node:crypto';
import {
  GraphQLError,
  Kind,
  OperationTypeNode,
  isNonNullType,
  getVariableValues,
  print,
  type DocumentNode,
  type GraphQLSchema,
  type VariableDefinitionNode,
} from 'graphql';
import { LRUCache } from 'lru-cache';
import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import type { ExecutionRequest, ExecutionResult, Executor } from '@graphql-tools/utils';
import { signIdentity, type Identity } from '../shared/identity';
import { operationOf, type ServiceMetrics } from '../shared/metrics';
import { traceHeaders } from '../shared/tracing';
import { createShardRunner, type ShardedOptions, type ShardedState } from './sharded-transport';
import { planShardedRequest, type ShardPlan } from './router';
import { selectOperation, singleSubgraph, type FieldOwners } from './single-subgraph';
import { admitOrAnswer, type RateLimiter } from './rate-limit';
import { costWithVariables } from './limits';
import { checkOperationInputs } from '../shared/input-limits';

/** Requests whose rate-limit point the fast path has already taken (the identity plugin must not take another). */
export const rateCounted = new WeakSet<IncomingMessage>();

/** What the runtime's first pass established about one document (per operation name). */
interface Known {
  document: DocumentNode;
  schema: GraphQLSchema;
  variableDefinitions: readonly VariableDefinitionNode[];
  operation: { type: string; name: string | null };
  /** The subgraph that answers it alone, if any. */
  subgraph: string | null;
  /** Response keys of root fields that may not be null: a department's missing part then nulls the whole answer. */
  nonNullRoots: string[];
}

/**
 * Whose answers may be shared: the same role (and department) sees the same data, except an inspector, whose
 * results depend on the certificate they hold, and services, which are not users.
 */
export function cacheScope(identity: Identity): string | null {
  switch (identity.role) {
    case 'PUBLIC':
    case 'JOINT_OFFICE':
      return identity.role;
    case 'DEPT_STAFF':
    case 'DEPT_ADMIN':
      return `${identity.role}:${identity.department}`;
    default:
      return null;
  }
}

export interface FastPathOptions {
  owners: FieldOwners;
  departmentSubgraph: string;
  jointSubgraph: string;
  jointUrl: string;
  sharded: ShardedOptions;
  shardedState: ShardedState;
  identityOf: (authorization: string | undefined) => Promise<Identity>;
  identitySecret: string;
  /** Subgraph service name by URL: the audience of each signed identity. */
  targetOf: (url: string) => string | undefined;
  rateLimiter?: RateLimiter;
  metrics: ServiceMetrics;
  /** Shared answers live this long (ms); 0 = no cache. */
  cacheTtlMs: number;
  /** Forward single-subgraph queries (off = only the cache applies). */
  forward: boolean;
  maxBodyBytes: number;
  /** The cost limit, checked again with this request's variables. */
  maxCost: number;
}

export interface FastPath {
  /** Handles a POST /graphql fully (true) or leaves the request untouched for the runtime (false). */
  handle(req: IncomingMessage, res: ServerResponse, runtime: (req: IncomingMessage, res: ServerResponse) => unknown): Promise<boolean>;
  /** Learns documents from the runtime's executions and clears the cache after every mutation. */
  plugin: GatewayPlugin;
  stats: { forwarded: number; cacheHits: number };
}

const keyOf = (query: string, operationName: string | null | undefined) => `${operationName ?? ''}\n${query}`;

// undici's own pools (keep-alive): less gateway CPU per forwarded call than node:http's client in the gateway bench.
const pools = new Map<string, Pool>();
const poolFor = (origin: string) => {
  let p = pools.get(origin);
  if (!p) pools.set(origin, (p = new Pool(origin, { connections: 256 })));
  return p;
};

/** POST a GraphQL request; the answer's text. Rejects when the subgraph cannot be reached in time. */
const targets = new Map<string, { pool: Pool; path: string }>();
async function postGraphQL(url: string, body: string, headers: Record<string, string>, timeoutMs: number, sign: (url: string, body: string) => Record<string, string>): Promise<{ status: number; text: string }> {
  let target = targets.get(url);
  if (!target) {
    const u = new URL(url);
    targets.set(url, (target = { pool: poolFor(u.origin), path: `${u.pathname}${u.search}` }));
  }
  const res = await target.pool.request({
    method: 'POST',
    path: target.path,
    headers: { ...headers, ...sign(url, body), 'content-type': 'application/json' },
    body,
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
  });
  return { status: res.statusCode, text: await res.body.text() };
}

function parseAnswer({ status, text }: { status: number; text: string }): ExecutionResult {
  try {
    return JSON.parse(text) as ExecutionResult;
  } catch {
    throw new Error(`HTTP ${status}：应答不是 JSON`);
  }
}

/** An answer that can go to the client as the subgraph wrote it: data only (no errors, no extensions to drop). */
const plainData = (text: string) => text.startsWith('{"data":') && !text.includes('"errors"') && !text.includes('"extensions"');

function readBody(req: IncomingMessage, max: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= max) chunks.push(c);
    });
    req.on('error', reject);
    req.on('end', () => resolve(size > max ? null : Buffer.concat(chunks).toString('utf8')));
  });
}

const JSON_TYPE = 'application/json; charset=utf-8';

/** The runtime's answer to this request is JSON, in full (no event streams or multipart for @defer). */
function plainJsonExchange(req: IncomingMessage): boolean {
  if (!(req.headers['content-type'] ?? '').toLowerCase().startsWith('application/json')) return false;
  const accept = (req.headers.accept ?? '').toLowerCase();
  return !accept || accept.includes('application/json') || accept === '*/*';
}

export function createFastPath(o: FastPathOptions): FastPath {
  const known = new LRUCache<string, Known>({ max: 2000 });
  const cache = o.cacheTtlMs > 0 ? new LRUCache<string, string>({ maxSize: 64 * 2 ** 20, sizeCalculation: (v) => v.length || 1, ttl: o.cacheTtlMs }) : undefined;
  // Bumped by every mutation: an answer computed before one finished is not stored after it.
  let generation = 0;
  const stats = { forwarded: 0, cacheHits: 0 };

  const printed = new WeakMap<DocumentNode, string>();
  const textOf = (doc: DocumentNode) => {
    let t = printed.get(doc);
    if (t === undefined) printed.set(doc, (t = print(doc)));
    return t;
  };
  const headersOf = (request: ExecutionRequest) => (request.extensions?.headers ?? {}) as Record<string, string>;
  // Signed per call, for the subgraph it goes to and the body it carries (shared/identity.ts).
  const signer = (identity: Identity) => (url: string, body: string) => {
    const target = o.targetOf(url);
    return target ? signIdentity(identity, o.identitySecret, { method: 'POST', target, body }) : {};
  };
  const runShards = createShardRunner(
    o.sharded,
    (d): Executor => async (request) => {
      const answer = await postGraphQL(d.url, JSON.stringify({ query: textOf(request.document), variables: request.variables ?? {} }), headersOf(request), o.sharded.timeoutMs, signer(request.extensions!.identity as Identity));
      // A request that is the whole query (one department, plain root fields) keeps the department's own text.
      const whole = request.extensions?.whole as { text?: string } | undefined;
      if (whole && plainData(answer.text)) {
        whole.text = answer.text;
        return { data: {} };
      }
      return parseAnswer(answer);
    },
    o.shardedState,
  );
  // The split is a pure function of document and variables: the same dashboard query splits the same way each time.
  const plans = new LRUCache<string, ShardPlan>({ max: 2000 });

  /** The answer to send: the subgraph's own text when it is plain data, else the merged, re-serialised result. */
  async function forward(k: Known, key: string, query: string, operationName: string | undefined, variables: Record<string, unknown>, headers: Record<string, string>, identity: Identity): Promise<{ body: string; errors: boolean }> {
    const serialise = (r: ExecutionResult) =>
      r.errors?.length ? { body: JSON.stringify({ errors: r.errors, data: r.data ?? null }), errors: true } : { body: JSON.stringify({ data: r.data ?? null }), errors: false };
    if (k.subgraph === o.departmentSubgraph) {
      const planKey = `${JSON.stringify(variables)}\n${key}`;
      let plan = plans.get(planKey);
      if (!plan) plans.set(planKey, (plan = planShardedRequest(k.document, variables, operationName)));
      const single = plan.batches.length === 1 && plan.batches[0]!.length === 1 && plan.routes.every((r) => r.kind === 'field');
      const whole: { text?: string } | undefined = single ? {} : undefined;
      const result = await runShards(plan, { document: k.document, variables, operationName, extensions: { headers, whole, identity } });
      if (whole?.text !== undefined) return { body: whole.text, errors: false };
      // As the runtime does: null in a non-null root field propagates to the whole answer.
      if (result.data && k.nonNullRoots.some((key) => (result.data as Record<string, unknown>)[key] == null)) return serialise({ ...result, data: null });
      return serialise(result);
    }
    try {
      const answer = await postGraphQL(o.jointUrl, JSON.stringify({ query, variables, ...(operationName ? { operationName } : {}) }), headers, o.sharded.timeoutMs, signer(identity));
      if (plainData(answer.text)) return { body: answer.text, errors: false };
      const { data, errors } = parseAnswer(answer);
      return serialise({ data, ...(errors ? { errors } : {}) });
    } catch {
      return serialise({ data: null, errors: [new GraphQLError('联合抽查子图暂时无法访问，请稍后重试', { extensions: { code: 'SUBGRAPH_UNAVAILABLE', subgraph: '联合抽查子图' } })] });
    }
  }

  const record = (k: Known, t0: bigint, outcome: 'ok' | 'error') => {
    const labels = { operation: o.metrics.label(k.operation.name), type: k.operation.type };
    o.metrics.requests.inc({ ...labels, outcome });
    o.metrics.duration.observe(labels, Number(process.hrtime.bigint() - t0) / 1e9);
  };

  const send = (res: ServerResponse, body: string) => {
    res.writeHead(200, { 'content-type': JSON_TYPE, 'content-length': Buffer.byteLength(body) });
    res.end(body);
  };

  /** Runs the request through the runtime, copying what it writes so a clean answer can be shared. */
  function runtimeAndStore(req: IncomingMessage, res: ServerResponse, runtime: (req: IncomingMessage, res: ServerResponse) => unknown, store?: (body: string) => void) {
    if (store) {
      const chunks: Buffer[] = [];
      const write = res.write.bind(res);
      const end = res.end.bind(res);
      const keep = (c: unknown, enc?: unknown) => {
        if (c != null && typeof c !== 'function') chunks.push(Buffer.isBuffer(c) ? c : typeof c === 'string' ? Buffer.from(c, typeof enc === 'string' ? (enc as BufferEncoding) : 'utf8') : Buffer.from(c as Uint8Array));
      };
      res.write = ((c: unknown, ...rest: unknown[]) => (keep(c, rest[0]), (write as (...a: unknown[]) => boolean)(c, ...rest))) as typeof res.write;
      res.end = ((c?: unknown, ...rest: unknown[]) => {
        keep(c, rest[0]);
        if (res.statusCode === 200) store(Buffer.concat(chunks).toString('utf8'));
        return (end as (...a: unknown[]) => ServerResponse)(c, ...rest);
      }) as typeof res.end;
    }
    return runtime(req, res);
  }

  return {
    stats,
    async handle(req, res, runtime) {
      if (req.method !== 'POST' || !plainJsonExchange(req)) return false;
      const path = (req.url ?? '/').split('?')[0];
      if (path !== '/graphql') return false;
      const t0 = process.hrtime.bigint();
      const raw = await readBody(req, o.maxBodyBytes);
      // From here on the body is read: the runtime gets it as `req.body` (the Node adapter takes it from there).
      (req as IncomingMessage & { body?: unknown }).body = raw ?? '';
      const toRuntime = () => (runtimeAndStore(req, res, runtime), true);
      let params: { query?: unknown; variables?: unknown; operationName?: unknown };
      try {
        params = raw ? JSON.parse(raw) : {};
      } catch {
        return toRuntime();
      }
      // Parsed once: the adapter hands a non-empty object body to the runtime as is.
      if (params && typeof params === 'object' && !Array.isArray(params) && Object.keys(params).length) (req as IncomingMessage & { body?: unknown }).body = params;
      else return toRuntime();
      const { query, operationName } = params;
      const variables = (params.variables ?? {}) as Record<string, unknown>;
      if (typeof query !== 'string' || (operationName != null && typeof operationName !== 'string') || typeof variables !== 'object' || Array.isArray(variables)) return toRuntime();
      const key = keyOf(query, operationName as string | undefined);
      const k = known.get(key);
      if (!k) return toRuntime();
      const coerced = getVariableValues(k.schema, k.variableDefinitions, variables);
      if (coerced.errors) return toRuntime();
      // A known document with new variables may break a bound the first ones kept: the runtime refuses it. Without
      // variables it is the document the runtime already checked.
      if (k.variableDefinitions.length && (checkOperationInputs(k.schema, k.document, variables) ?? costWithVariables(k.schema, k.document, coerced.coerced, o.maxCost))) return toRuntime();
      // What the client sent, plus the defaults it left out (the department a query is routed to may be one).
      const sent = { ...variables };
      for (const d of k.variableDefinitions) {
        const name = d.variable.name.value;
        if (!(name in sent) && d.defaultValue && name in coerced.coerced) sent[name] = coerced.coerced[name];
      }
      let identity: Identity;
      try {
        identity = await o.identityOf(req.headers.authorization);
      } catch {
        return toRuntime();
      }
      if (o.rateLimiter) {
        if (!(await admitOrAnswer(o.rateLimiter, identity, req, res))) return true;
        rateCounted.add(req);
      }
      const scope = cache ? cacheScope(identity) : null;
      const cacheKey = scope ? `${scope}\n${key}\n${JSON.stringify(variables)}` : undefined;
      const hit = cacheKey ? cache!.get(cacheKey) : undefined;
      if (hit !== undefined) {
        stats.cacheHits++;
        send(res, hit);
        record(k, t0, 'ok');
        return true;
      }
      const started = generation;
      const store = cacheKey
        ? (body: string) => {
            // Only whole, error-free answers are shared, and never one computed across a mutation.
            if (generation === started && !body.includes('"errors"')) cache!.set(cacheKey, body);
          }
        : undefined;
      if (!k.subgraph || !o.forward) {
        runtimeAndStore(req, res, runtime, store);
        return true;
      }
      stats.forwarded++;
      const requestId = String(req.headers['x-request-id'] ?? randomUUID());
      const headers = { 'x-request-id': requestId, ...traceHeaders() };
      const { body, errors } = await forward(k, key, query, (operationName as string | undefined) ?? undefined, sent, headers, identity);
      if (store && !errors) store(body);
      send(res, body);
      record(k, t0, errors ? 'error' : 'ok');
      return true;
    },
    plugin: {
      onExecute({ args }) {
        const op = selectOperation(args.document, args.operationName);
        if (op?.operation === OperationTypeNode.MUTATION) {
          return {
            onExecuteDone() {
              generation++;
              cache?.clear();
            },
          };
        }
        const params = (args.contextValue as { params?: { query?: string; operationName?: string | null } }).params;
        if (!op || op.operation !== OperationTypeNode.QUERY || typeof params?.query !== 'string') return;
        const key = keyOf(params.query, params.operationName ?? undefined);
        if (known.has(key)) return;
        const subgraphs = singleSubgraph(args.schema, args.document, o.owners, args.operationName);
        // Prefer the subgraph that needs no split, when both could answer. A split answer is completed here (null
        // propagation at the root), so its root selections must be plain fields.
        const plainRoots = op.selectionSet.selections.every((sel) => sel.kind === Kind.FIELD);
        const subgraph = subgraphs?.includes(o.jointSubgraph) ? o.jointSubgraph : plainRoots ? (subgraphs?.[0] ?? null) : null;
        const rootFields = args.schema.getQueryType()?.getFields() ?? {};
        const nonNullRoots = op.selectionSet.selections.flatMap((sel) =>
          sel.kind === Kind.FIELD && rootFields[sel.name.value] && isNonNullType(rootFields[sel.name.value]!.type) ? [sel.alias?.value ?? sel.name.value] : [],
        );
        known.set(key, {
          nonNullRoots,
          document: args.document,
          schema: args.schema,
          variableDefinitions: op.variableDefinitions ?? [],
          operation: operationOf(params.query, params.operationName),
          subgraph: subgraph === o.departmentSubgraph || subgraph === o.jointSubgraph ? subgraph : null,
        });
      },
    },
  };
}
