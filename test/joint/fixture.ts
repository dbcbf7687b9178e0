import './shims';
import type { DataSource } from 'typeorm';
import { QueryCounter } from '../../shared/db';
import type { DemoData, DemoDepartment, DemoEntity } from '../../shared/demo-data';
import { CREDIT_CLASSES, ENTITY_TYPES } from '../../shared/domain';
import type { Identity } from '../../shared/identity';
import { listen } from '../../shared/subgraph-server';
import { makeUscc } from '../../shared/validation';
import { seedJoint } from '../../subgraphs/joint-inspection/seed';
import { createJointService } from '../../subgraphs/joint-inspection/server';
import { callSubgraph, dropTestDatabases, TEST_IDENTITY_SECRET, testDbName, testDbUrl } from '../helpers';

export const JOINT: Identity = { sub: 'joint-office', role: 'JOINT_OFFICE' };
export const SERVICE: Identity = { sub: 'svc', role: 'SERVICE' };
export const PUBLIC: Identity = { sub: 'public', role: 'PUBLIC' };
export const staff = (department: string): Identity => ({ sub: `staff-${department}`, role: 'DEPT_STAFF', department });
export const admin = (department: string): Identity => ({ sub: `admin-${department}`, role: 'DEPT_ADMIN', department });

export const DEPARTMENTS: DemoDepartment[] = [
  { code: 'SAMR', name: '市场监督管理局', role: 'CONVENER', contactName: '王伟', contactPhone: '13812345678' },
  { code: 'ECO', name: '生态环境局', role: 'MEMBER', contactName: '李娜', contactPhone: '0793-7221234' },
  { code: 'FIRE', name: '消防救援大队', role: 'MEMBER', contactName: '张强', contactPhone: '13900001111' },
];

const SECTIONS = ['C', 'F', 'H', 'I', 'E'];
const TOWNS = ['361129001', '361129002', '361129003', '361128001'];

/** 120 entities with every combination of the filtered attributes spread around deterministically. */
export const ENTITIES: DemoEntity[] = Array.from({ length: 120 }, (_, i) => ({
  creditCode: makeUscc(i % 7 === 0 ? '92361129' : '91361129', String(10000000 + i * 37)),
  name: `${['万年', '陈营', '青云'][i % 3]}${['食品', '建材', '酒店', '软件', '建筑'][i % 5]}有限公司${i}号`,
  entityType: ENTITY_TYPES[i % ENTITY_TYPES.length],
  industrySection: SECTIONS[i % SECTIONS.length],
  regionCode: TOWNS[i % TOWNS.length],
  address: `万年县某路${i}号`,
  legalRepresentative: `法人${i}`,
  creditClass: CREDIT_CLASSES[i % 4],
  hasComplaints: i % 6 === 0,
  onAbnormalList: i % 10 === 0,
  hasSeriousViolations: i % 15 === 0,
}));

export const FIXTURE: DemoData = { departments: DEPARTMENTS, entities: ENTITIES, checklistItems: [], poolEntries: [], inspectors: [] };

export interface JointHarness {
  url: string;
  dataSource: DataSource;
  counter: QueryCounter;
  call<T = any>(query: string, variables?: Record<string, unknown>, identity?: Identity | null): ReturnType<typeof callSubgraph<T>>;
  close(): Promise<void>;
}

/** A joint-inspection subgraph on a fresh database (MariaDB when DATABASE_URL is set, else SQLite), on port 0. */
export async function startJoint(label: string, data: DemoData | null = FIXTURE): Promise<JointHarness> {
  const dbName = testDbName(label);
  const counter = new QueryCounter(true);
  const service = await createJointService({ databaseUrl: testDbUrl(dbName), dbName, identitySecret: TEST_IDENTITY_SECRET, counter });
  if (data) await seedJoint(service.dataSource, data);
  const running = await listen(service.server, 0);
  return {
    url: running.url,
    dataSource: service.dataSource,
    counter,
    call: (query, variables = {}, identity = JOINT) => callSubgraph(running.url, query, variables, identity),
    async close() {
      await service.close();
      await dropTestDatabases();
    },
  };
}

export async function rowCount(ds: DataSource, table: 'department' | 'market_entity'): Promise<number> {
  const [row] = await ds.query(`SELECT COUNT(*) AS n FROM ${table}`);
  return Number(row.n);
}
