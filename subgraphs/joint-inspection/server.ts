import 'reflect-metadata';
import type { QueryCounter } from '../../shared/db';
import { createSubgraphService, type SubgraphService } from '../../shared/subgraph-server';
import { createJointContext, type JointContext } from './context';
import { openJointDatabase } from './joint.db';
import { buildJointSchema } from './schema';

export interface JointServiceOptions {
  /** mysql://…; absent → DATABASE_URL, else embedded SQLite. */
  databaseUrl?: string;
  /** Logical database name (SQLite file / default MySQL database `hub_<name>`); default `joint`. */
  dbName?: string;
  identitySecret: string;
  counter?: QueryCounter;
}

/** Opens and migrates the database and builds the HTTP server; the caller decides where to listen. */
export async function createJointService(opts: JointServiceOptions): Promise<SubgraphService> {
  const dataSource = await openJointDatabase({ url: opts.databaseUrl, name: opts.dbName, counter: opts.counter });
  return createSubgraphService<JointContext>(dataSource, {
    schema: await buildJointSchema(),
    identitySecret: opts.identitySecret,
    context: (identity) => createJointContext(identity, dataSource.manager),
  });
}
