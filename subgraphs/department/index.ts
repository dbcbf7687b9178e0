import 'reflect-metadata';
import { loadHubConfig, secrets } from '../../shared/config';
import { runService } from '../../shared/subgraph-server';
import { createDepartmentService } from './server';

// One process = one department. Env: DEPARTMENT_CODE (required), DEPARTMENT_NAME, PORT, DATABASE_URL, HOST.
const code = process.env.DEPARTMENT_CODE;
const configured = loadHubConfig().departments.find((d) => d.code === code);
const name = process.env.DEPARTMENT_NAME ?? configured?.name;
const port = Number(process.env.PORT ?? configured?.port);
if (!code || !name || !Number.isInteger(port)) {
  console.error('[department] set DEPARTMENT_CODE (e.g. SAMR), and DEPARTMENT_NAME and PORT unless the code is in the hub config');
  process.exit(1);
}
void runService(
  `department ${code}`,
  () => createDepartmentService({ code, name, databaseUrl: process.env.DATABASE_URL, identitySecret: secrets().identity }),
  port,
);
