import 'reflect-metadata';
import type { Server } from 'node:http';
import type { DataSource } from 'typeorm';
import type { QueryCounter } from '../../shared/db';
import { createSubgraphHttpServer } from '../../shared/subgraph-server';
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
export async function createJointService(opts: JointServiceOptions): Promise<{ server: Server; dataSource: DataSource; close(): Promise<void> }> {
  const dataSource = await openJointDatabase({ url: opts.databaseUrl, name: opts.dbName, counter: opts.counter });
  try {
    const server = await createSubgraphHttpServer<JointContext>({
      schema: await buildJointSchema(),
      identitySecret: opts.identitySecret,
      context: (identity) => createJointContext(identity, dataSource.manager),
      ready: async () => void (await dataSource.query('SELECT 1')),
    });
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
