import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { DataSource, type Logger, type MixedList, type EntitySchema } from 'typeorm';
import { createConnection } from 'mysql2/promise';

/** Counts SQL statements, so tests and benchmarks can prove lookups are batched. */
export class QueryCounter implements Logger {
  count = 0;
  queries: string[] = [];
  constructor(private keep = false) {}
  logQuery(query: string) {
    this.count++;
    if (this.keep) this.queries.push(query);
  }
  logQueryError() {}
  logQuerySlow() {}
  logSchemaBuild() {}
  logMigration() {}
  logInfo() {}
  logWarn() {}
  log() {}
  logError() {}
  reset() {
    this.count = 0;
    this.queries = [];
  }
}

export interface DatabaseOptions {
  /** Logical instance name, e.g. `dept_samr` or `joint`: one database per subgraph instance. */
  name: string;
  // eslint-disable-next-line @typescript-eslint/ban-types
  entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/ban-types
  migrations: MixedList<Function | string>;
  /** mysql://user:pass@host:port[/database]; absent → embedded SQLite under ./data (or DATA_DIR). */
  url?: string;
  counter?: QueryCounter;
}

export function isMysqlUrl(url: string | undefined): url is string {
  return !!url && /^(mysql|mariadb):\/\//.test(url);
}

/** Opens (creating if needed) the instance's database and brings its schema up to date through migrations. */
export async function openDatabase(opts: DatabaseOptions): Promise<DataSource> {
  const url = opts.url ?? process.env.DATABASE_URL;
  let ds: DataSource;
  if (isMysqlUrl(url)) {
    const u = new URL(url);
    const database = decodeURIComponent(u.pathname.replace(/^\//, '')) || `hub_${opts.name}`;
    const conn = {
      host: u.hostname,
      port: Number(u.port || 3306),
      user: decodeURIComponent(u.username || 'root'),
      password: decodeURIComponent(u.password || ''),
    };
    const admin = await createConnection(conn);
    try {
      await admin.query(`CREATE DATABASE IF NOT EXISTS \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    } finally {
      await admin.end();
    }
    ds = new DataSource({
      type: 'mysql',
      ...conn,
      username: conn.user,
      database,
      charset: 'utf8mb4_unicode_ci',
      entities: opts.entities,
      migrations: opts.migrations,
      migrationsRun: false,
      synchronize: false,
      logging: opts.counter ? ['query'] : false,
      logger: opts.counter,
      extra: { connectionLimit: 10 },
    });
  } else {
    const dir = resolve(process.env.DATA_DIR ?? 'data');
    mkdirSync(dir, { recursive: true });
    ds = new DataSource({
      type: 'better-sqlite3',
      database: resolve(dir, `${opts.name}.sqlite`),
      entities: opts.entities,
      migrations: opts.migrations,
      synchronize: false,
      logging: opts.counter ? ['query'] : false,
      logger: opts.counter,
      prepareDatabase: (db: { pragma(s: string): unknown }) => {
        db.pragma('journal_mode = WAL');
        db.pragma('foreign_keys = ON');
      },
    });
  }
  await ds.initialize();
  await ds.runMigrations({ transaction: 'each' });
  return ds;
}

/** Drops a MySQL database (tests clean up after themselves). */
export async function dropMysqlDatabase(url: string, database: string): Promise<void> {
  const u = new URL(url);
  const admin = await createConnection({
    host: u.hostname,
    port: Number(u.port || 3306),
    user: decodeURIComponent(u.username || 'root'),
    password: decodeURIComponent(u.password || ''),
  });
  try {
    await admin.query(`DROP DATABASE IF EXISTS \`${database}\``);
  } finally {
    await admin.end();
  }
}

// Driver codes that mean "the database cannot be reached right now" (not a bad query): mysql2 and Node's net layer.
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'PROTOCOL_CONNECTION_LOST', 'PROTOCOL_SEQUENCE_TIMEOUT', 'ER_CON_COUNT_ERROR', 'ER_SERVER_SHUTDOWN']);

/** True when an error (or what it wraps: TypeORM's driverError, GraphQL's originalError, a thrown non-Error) is a lost database connection. */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e = error as any, depth = 0; e && depth < 6; depth++) {
    if (typeof e.code === 'string' && UNAVAILABLE_CODES.has(e.code)) return true;
    if (typeof e.message === 'string' && /Connection lost|closed state|Pool is closed|connect ECONNREFUSED/i.test(e.message)) return true;
    e = e.driverError ?? e.originalError ?? e.thrownValue ?? e.cause;
  }
  return false;
}

/** The driver's code of a wrapped database error (for a one-line log without statement or parameters). */
export function databaseErrorCode(error: unknown): string {
  for (let e = error as any, depth = 0; e && depth < 6; depth++) {
    if (typeof e.code === 'string' && e.code !== 'INTERNAL_SERVER_ERROR') return e.code;
    e = e.driverError ?? e.originalError ?? e.thrownValue ?? e.cause;
  }
  return 'unknown';
}
