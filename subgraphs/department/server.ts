import 'reflect-metadata';
import type { DataSource } from 'typeorm';
import { openDatabase, type QueryCounter } from '../../shared/db';
import { createSubgraphService, type SubgraphService } from '../../shared/subgraph-server';
import { Assignment, TaskMatch } from './assignment.entity';
import { DepartmentAuditEntry } from './audit.entity';
import { ChecklistItem } from './checklist-item.entity';
import type { DepartmentContext } from './context';
import { CreditClassRecord } from './credit-class.entity';
import { createLoaders } from './department.loaders';
import { Inspector, InspectorConflict, InspectorStatusChange } from './inspector.entity';
import { departmentMigrations } from './migrations';
import { PoolEntry } from './pool-entry.entity';
import { buildDepartmentSchema } from './schema';

export const DEPARTMENT_ENTITIES = [ChecklistItem, PoolEntry, Inspector, InspectorStatusChange, InspectorConflict, TaskMatch, Assignment, CreditClassRecord, DepartmentAuditEntry];

export interface DepartmentServiceOptions {
  code: string;
  name: string;
  /** mysql://…; absent → DATABASE_URL, else embedded SQLite. */
  databaseUrl?: string;
  /** Logical database name; default `dept_<code>`. */
  dbName?: string;
  identitySecret: string;
  counter?: QueryCounter;
}

export function openDepartmentDatabase(opts: { code: string; url?: string; name?: string; counter?: QueryCounter }): Promise<DataSource> {
  return openDatabase({
    name: opts.name ?? `dept_${opts.code.toLowerCase()}`,
    url: opts.url,
    entities: DEPARTMENT_ENTITIES,
    migrations: departmentMigrations,
    counter: opts.counter,
  });
}

/** Opens and migrates the database and builds the HTTP server; the caller decides where to listen. */
export async function createDepartmentService(
  opts: DepartmentServiceOptions,
): Promise<SubgraphService> {
  if (!/^[A-Z][A-Z0-9_]{1,31}$/.test(opts.code)) throw new Error(`部门代码无效：${opts.code}`);
  const dataSource = await openDepartmentDatabase({ code: opts.code, url: opts.databaseUrl, name: opts.dbName, counter: opts.counter });
  return createSubgraphService<DepartmentContext>(dataSource, {
    schema: await buildDepartmentSchema(),
    identitySecret: opts.identitySecret,
    service: `department-${opts.code}`,
    context: (identity) => ({
      identity,
      department: opts.code,
      departmentName: opts.name,
      em: dataSource.manager,
      loaders: createLoaders(dataSource.manager, opts.code),
    }),
  });
}
