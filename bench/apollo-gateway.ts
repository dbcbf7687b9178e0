// The baseline users would pick instead: @apollo/gateway on the same supergraph, with a department-sharded data
// source built from the same pure router (gateway/router.ts) our transport uses, so both split, route and merge alike.
import { createServer, type Server } from 'node:http';
import { ApolloGateway, RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { ApolloServer, HeaderMap } from '@apollo/server';
import { parse, print, type DocumentNode } from 'graphql';
import { mergeShardResults, planShardedRequest, unavailable, type ShardOutcome, type ShardResult } from '../gateway/router';
import { DEPARTMENT_SUBGRAPH, readCommitted } from '../gateway/compose';
import { jointUrl, type HubConfig } from '../shared/config';
import { PUBLIC_IDENTITY, signIdentity, verifyJwt, type Identity } from '../shared/identity';

interface Ctx {
  identity: Identity;
}

// Stock Apollo fetches through make-fetch-happen; `BENCH_APOLLO_FETCHER=undici` gives it Node's own fetch (keep-alive
// pool) instead, to tell the gateway's cost from its HTTP client's.
const fetcher =
  process.env.BENCH_APOLLO_FETCHER === 'undici'
    ? (((url: string, init: RequestInit) => fetch(url, init)) as unknown as RemoteGraphQLDataSource['fetcher'])
    : undefined;

const PENDING = 'x-bench-pending-identity';

/** Signs at fetch time, when the body is known (shared/identity.ts): the identity waits in a header until then. */
function signingFetcher(target: string, identitySecret: string): RemoteGraphQLDataSource['fetcher'] {
  const base = (fetcher ?? ((url: string, init: RequestInit) => fetch(url, init))) as unknown as (url: string, init: RequestInit) => Promise<Response>;
  return ((url: string, init: RequestInit & { headers: Record<string, string> | Headers }) => {
    const headers = new Headers(init.headers);
    const pending = headers.get(PENDING);
    headers.delete(PENDING);
    if (pending) for (const [k, v] of Object.entries(signIdentity(JSON.parse(pending) as Identity, identitySecret, { method: 'POST', target, body: String(init.body ?? '') }))) headers.set(k, v);
    return base(url, { ...init, headers });
  }) as unknown as RemoteGraphQLDataSource['fetcher'];
}

class SignedDataSource extends RemoteGraphQLDataSource<Ctx> {
  constructor(url: string, target: string, identitySecret: string) {
    super({ url, fetcher: signingFetcher(target, identitySecret) });
  }
  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<Ctx>) {
    const identity = (context as Partial<Ctx>).identity;
    if (identity) request.http?.headers.set(PENDING, JSON.stringify(identity));
  }
}

/** One logical `department` subgraph, N department instances: split by value, call in parallel, merge in order. */
export class ShardedDataSource extends RemoteGraphQLDataSource<Ctx> {
  private readonly shards: Map<string, SignedDataSource>;
  // The gateway hands data sources query text; parse each distinct text once (the plans are finite).
  private readonly parsed = new Map<string, DocumentNode>();

  constructor(departments: { code: string; url: string }[], identitySecret: string, private timeoutMs: number) {
    super({ url: 'http://department.sharded/graphql' });
    this.shards = new Map(departments.map((d) => [d.code, new SignedDataSource(d.url, `department-${d.code}`, identitySecret)]));
  }

  private document(query: string): DocumentNode {
    let doc = this.parsed.get(query);
    if (!doc) {
      if (this.parsed.size > 1000) this.parsed.clear();
      doc = parse(query);
      this.parsed.set(query, doc);
    }
    return doc;
  }

  private async runOne(department: string, options: GraphQLDataSourceProcessOptions<Ctx>, query: string, variables: Record<string, unknown>): Promise<ShardOutcome> {
    const shard = this.shards.get(department);
    if (!shard) return { ok: false, code: 'MISROUTED', message: `未知部门：${department}（不是联席会议成员单位或未配置）` };
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<ShardOutcome>((r) => {
      timer = setTimeout(() => r(unavailable(department, `超过 ${this.timeoutMs} ms 未响应`)), this.timeoutMs);
    });
    // The shard copies the incoming headers into its own request, then signs it (willSendRequest).
    const call = shard
      .process({ ...options, request: { ...options.request, query, variables } })
      .then(
        (r): ShardOutcome => ({ ok: true, result: r as ShardResult }),
        (e: Error) => unavailable(department, e.message),
      );
    try {
      return await Promise.race([call, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  override async process(options: GraphQLDataSourceProcessOptions<Ctx>) {
    const { request } = options;
    const plan = planShardedRequest(this.document(request.query!), request.variables ?? {}, request.operationName ?? undefined);
    const outcomes = new Map<string, ShardOutcome[]>();
    for (const batch of plan.batches) {
      const results = await Promise.all(batch.map((r) => this.runOne(r.department, options, print(r.document), r.variables)));
      batch.forEach((r, i) => outcomes.set(r.department, [...(outcomes.get(r.department) ?? []), results[i]!]));
    }
    const merged = mergeShardResults(plan, outcomes);
    return { data: merged.data ?? null, ...(merged.errors ? { errors: merged.errors as never } : {}) };
  }
}

export async function createApolloGateway(opts: { config: HubConfig; jwtSecret: string; identitySecret: string; departmentTimeoutMs?: number }): Promise<Server> {
  const departments = opts.config.departments.map((d) => ({ code: d.code, url: d.url ?? `http://127.0.0.1:${d.port}/graphql` }));
  const joint = jointUrl(opts.config);
  const gateway = new ApolloGateway({
    supergraphSdl: readCommitted().supergraph,
    buildService: ({ name }) =>
      name === DEPARTMENT_SUBGRAPH
        ? new ShardedDataSource(departments, opts.identitySecret, opts.departmentTimeoutMs ?? 5000)
        : new SignedDataSource(joint, 'joint-inspection', opts.identitySecret),
  });
  const apollo = new ApolloServer<Ctx>({ gateway: gateway as never, includeStacktraceInErrorResponses: false });
  await apollo.start();
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const headers = new HeaderMap();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v);
    const url = new URL(req.url ?? '/', 'http://localhost');
    const result = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method ?? 'POST', headers, search: url.search, body: chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : undefined },
      context: async () => {
        const auth = headers.get('authorization');
        const m = auth ? /^Bearer\s+(\S+)$/i.exec(auth) : null;
        return { identity: m ? await verifyJwt(m[1]!, opts.jwtSecret) : PUBLIC_IDENTITY };
      },
    });
    const out: Record<string, string> = {};
    for (const [k, v] of result.headers) out[k] = v;
    res.writeHead(result.status ?? 200, out);
    if (result.body.kind === 'complete') res.end(result.body.string);
    else {
      for await (const chunk of result.body.asyncIterator) res.write(chunk);
      res.end();
    }
  });
  server.on('close', () => void apollo.stop());
  return server;
}
