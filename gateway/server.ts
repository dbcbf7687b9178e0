// Builds the gateway (no listening here: index.ts listens, tests use port 0).
import { createServer, type Server } from 'node:http';
import { createGatewayRuntime, type GatewayRuntime } from '@graphql-hive/gateway-runtime';
import httpTransport from '@graphql-mesh/transport-http';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { departmentUrl, jointUrl, type HubConfig } from '../shared/config';
import { shardedTransport, type ShardedOptions } from './sharded-transport';
import { identityPlugin } from './identity-plugin';
import { checkDepartmentContracts, formatDrift, type ContractReport } from './contract';
import { DEPARTMENT_SUBGRAPH, JOINT_SUBGRAPH, readCommitted } from './compose';
import { handleFormRequest } from './forms';
import { handleWebRequest } from './web';

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
  /**
   * `js` (default) or `rust`: the Hive Router query planner from `@graphql-hive/router-runtime` (native, experimental
   * in the runtime); default from GATEWAY_QUERY_PLANNER. Its measured effect is in the README (Benchmarks).
   */
  queryPlanner?: 'js' | 'rust';
}

export interface Gateway {
  runtime: GatewayRuntime;
  server: Server;
  contractReport?: ContractReport;
}

export class ContractDriftError extends Error {}

export async function createGateway(opts: GatewayOptions): Promise<Gateway> {
  const committed = opts.supergraph && opts.contract ? undefined : readCommitted();
  const supergraph = opts.supergraph ?? committed!.supergraph;
  const contract = opts.contract ?? committed!.contract;
  const departments = opts.config.departments.map((d) => ({ code: d.code, name: d.name, url: departmentUrl(d) }));
  const timeoutMs = opts.departmentTimeoutMs ?? Number(process.env.DEPARTMENT_TIMEOUT_MS ?? 5000);

  let contractReport: ContractReport | undefined;
  if (!opts.skipContractCheck) {
    contractReport = await checkDepartmentContracts(departments, contract, opts.identitySecret);
    if (contractReport.drifted.length) throw new ContractDriftError(formatDrift(contractReport.drifted));
  }

  const sharded: ShardedOptions = { departments, timeoutMs };
  const planner = opts.queryPlanner ?? process.env.GATEWAY_QUERY_PLANNER ?? 'js';
  if (planner !== 'js' && planner !== 'rust') throw new Error(`GATEWAY_QUERY_PLANNER 应为 js 或 rust，而不是 ${planner}`);
  // Loaded only when chosen: a native module nobody asked for should not load.
  const unifiedGraphHandler = planner === 'rust' ? (await import('@graphql-hive/router-runtime')).unifiedGraphHandler : undefined;
  const runtime = createGatewayRuntime({
    supergraph,
    transports: { http: httpTransport, sharded: shardedTransport as unknown as typeof httpTransport },
    transportEntries: {
      [DEPARTMENT_SUBGRAPH]: { kind: 'sharded', options: sharded },
      [JOINT_SUBGRAPH]: { location: jointUrl(opts.config) },
    },
    plugins: () => [identityPlugin({ jwtSecret: opts.jwtSecret, identitySecret: opts.identitySecret })],
    // GraphiQL assets are bundled (no CDN): the machines this runs on may have no internet.
    graphiql: process.env.NODE_ENV === 'production' ? false : { title: '联合监管枢纽 GraphQL' },
    renderGraphiQL,
    landingPage: false,
    logging: process.env.LOG_LEVEL === 'debug' ? 'debug' : 'warn',
    ...(unifiedGraphHandler ? { unifiedGraphHandler } : {}),
  });
  const web = { departments: opts.config.departments, jwtSecret: opts.jwtSecret, production: process.env.NODE_ENV === 'production' };
  const server = createServer((req, res) => {
    handleWebRequest(web, req, res)
      .then((handled) => handled || handleFormRequest(runtime, req, res))
      .then(
      (handled) => void (handled || runtime(req, res)),
      (e) => {
        console.error('[gateway] page failed', e);
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
        res.end('服务器内部错误');
      },
    );
  });
  server.on('close', () => void runtime[Symbol.asyncDispose]?.());
  return { runtime, server, contractReport };
}
