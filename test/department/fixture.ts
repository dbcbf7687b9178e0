import type { DataSource } from 'typeorm';
import { QueryCounter } from '../../shared/db';
import type { Identity } from '../../shared/identity';
import { listen } from '../../shared/subgraph-server';
import { makeUscc, residentId } from '../../shared/validation';
import { createDepartmentService } from '../../subgraphs/department/server';
import { callSubgraph, dropTestDatabases, TEST_IDENTITY_SECRET, testDbName, testDbUrl } from '../helpers';

export const JOINT: Identity = { sub: 'joint-office', role: 'JOINT_OFFICE' };
export const SERVICE: Identity = { sub: 'svc', role: 'SERVICE' };
export const PUBLIC: Identity = { sub: 'public', role: 'PUBLIC' };
export const staff = (department: string): Identity => ({ sub: `staff-${department}`, role: 'DEPT_STAFF', department });
export const admin = (department: string): Identity => ({ sub: `admin-${department}`, role: 'DEPT_ADMIN', department });
export const inspectorRole = (department: string): Identity => ({ sub: `insp-${department}`, role: 'INSPECTOR', department });

/** Valid USCCs: n-th synthetic company in 万年县. */
export const usccOf = (n: number) => makeUscc('91361129', String(20000000 + n * 13));
export const idOf = (n: number) => residentId(`3611291985${String(1 + (n % 12)).padStart(2, '0')}${String(10 + (n % 18)).padStart(2, '0')}${String(100 + (n % 900))}`);

export const itemInput = (code: string, over: Record<string, unknown> = {}) => ({
  code,
  name: `食品生产企业监督检查 ${code}`,
  category: 'GENERAL',
  legalBasis: '《食品安全法》第一百一十条',
  targetType: '食品生产企业',
  content: '生产许可、原料查验、生产过程控制',
  method: 'ON_SITE',
  minRatio: 0.03,
  maxRatio: 0.1,
  frequency: '每年不少于1次',
  ...over,
});

export const targetInput = (n: number, over: Record<string, unknown> = {}) => ({
  creditCode: usccOf(n),
  name: `万年${['食品', '建材', '酒店'][n % 3]}有限公司${n}号`,
  industrySection: ['C', 'F', 'H'][n % 3],
  regionCode: `361129${String(1 + (n % 4)).padStart(3, '0')}`,
  creditClass: ['A', 'B', 'C', 'D'][n % 4],
  licenceNumbers: [`SC1${n}`],
  riskNotes: n % 5 === 0 ? '有投诉记录' : null,
  tags: n % 2 === 0 ? ['食品', '重点'] : ['建材'],
  ...over,
});

export const inspectorInput = (n: number, over: Record<string, unknown> = {}) => ({
  name: `检查员${n}`,
  gender: n % 2 ? 'MALE' : 'FEMALE',
  position: '科员',
  certificateNumber: `36112900${String(n).padStart(4, '0')}`,
  certificateExpiry: '2028-12-31',
  unit: '万年县市场监督管理局',
  phone: `1380000${String(n).padStart(4, '0')}`,
  idNumber: idOf(n),
  expertise: n % 2 ? ['食品安全'] : ['特种设备'],
  ...over,
});

export interface DepartmentHarness {
  code: string;
  url: string;
  dataSource: DataSource;
  counter: QueryCounter;
  call<T = any>(query: string, variables?: Record<string, unknown>, identity?: Identity | null): ReturnType<typeof callSubgraph<T>>;
  close(): Promise<void>;
}

/** One department instance on a fresh database (MariaDB when DATABASE_URL is set, else SQLite), on port 0. */
export async function startDepartment(code = 'SAMR', name = '市场监督管理局'): Promise<DepartmentHarness> {
  const dbName = testDbName(`dept_${code}`);
  const counter = new QueryCounter(true);
  const service = await createDepartmentService({ code, name, dbName, databaseUrl: testDbUrl(dbName), identitySecret: TEST_IDENTITY_SECRET, counter });
  const running = await listen(service.server, 0);
  return {
    code,
    url: running.url,
    dataSource: service.dataSource,
    counter,
    call: (query, variables = {}, identity = admin(code)) => callSubgraph(running.url, query, variables, identity),
    close: () => service.close(),
  };
}

export async function stopAll(...hs: (DepartmentHarness | undefined)[]) {
  for (const h of hs) await h?.close();
  await dropTestDatabases();
}

export async function rowCount(ds: DataSource, table: string): Promise<number> {
  const [row] = await ds.query(`SELECT COUNT(*) AS n FROM ${table}`);
  return Number(row.n);
}

/** The first error's code (and the field when it is a BAD_USER_INPUT). */
export const errorCode = (r: { errors?: { extensions?: Record<string, any> }[] }) => r.errors?.[0]?.extensions?.code;
