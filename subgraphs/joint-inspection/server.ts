import 'reflect-metadata';
import type { QueryCounter } from '../../shared/db';
import { createSubgraphService, type SubgraphService } from '../../shared/subgraph-server';
import { createJointContext, type JointContext } from './context';
import { openJointDatabase } from './joint.db';
import { buildJointSchema } from './schema';
import { gatewayDepartmentClient, type DepartmentClient } from './department-client';
import { loadHubConfig, secrets } from '../../shared/config';
import { mintJwt } from '../../shared/identity';

export interface JointServiceOptions {
  /** mysql://…; absent → DATABASE_URL, else embedded SQLite. */
  databaseUrl?: string;
  /** Logical database name (SQLite file / default MySQL database `hub_<name>`); default `joint`. */
  dbName?: string;
  identitySecret: string;
  counter?: QueryCounter;
  /** How to read department data; default: the gateway at GATEWAY_URL with a SERVICE token. */
  departmentClient?: DepartmentClient;
}

/** Opens and migrates the database and builds the HTTP server; the caller decides where to listen. */
export async function createJointService(opts: JointServiceOptions): Promise<SubgraphService> {
  const departments = opts.departmentClient ?? defaultDepartmentClient();
  const dataSource = await openJointDatabase({ url: opts.databaseUrl, name: opts.dbName, counter: opts.counter });
  return createSubgraphService<JointContext>(dataSource, {
    schema: await buildJointSchema(),
    identitySecret: opts.identitySecret,
    service: 'joint-inspection',
    context: (identity) => createJointContext(identity, dataSource.manager, departments),
  });
}

/** GATEWAY_URL (default: the hub config's gateway) with SERVICE_TOKEN, or a short-lived token minted from JWT_SECRET. */
export function defaultDepartmentClient(): DepartmentClient {
  const url = process.env.GATEWAY_URL ?? `http://127.0.0.1:${loadHubConfig().gateway.port}/graphql`;
  let cached: { token: string; until: number } | undefined;
  return gatewayDepartmentClient({
    url: () => url,
    token: async () => {
      if (process.env.SERVICE_TOKEN) return process.env.SERVICE_TOKEN;
      if (!cached || cached.until < Date.now()) {
        cached = { token: await mintJwt({ sub: 'joint-inspection', role: 'SERVICE' }, secrets().jwt, 600), until: Date.now() + 300_000 };
      }
      return cached.token;
    },
  });
}
