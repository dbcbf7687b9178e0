import 'reflect-metadata';
import { loadHubConfig, secrets } from '../../shared/config';
import { listen } from '../../shared/subgraph-server';
import { createDepartmentService } from './server';

// One process = one department. Env: DEPARTMENT_CODE (required), DEPARTMENT_NAME, PORT, DATABASE_URL, HOST.
async function main() {
  const code = process.env.DEPARTMENT_CODE;
  if (!code) throw new Error('DEPARTMENT_CODE must be set (e.g. SAMR)');
  const configured = loadHubConfig().departments.find((d) => d.code === code);
  const name = process.env.DEPARTMENT_NAME ?? configured?.name;
  const port = Number(process.env.PORT ?? configured?.port);
  if (!name) throw new Error(`DEPARTMENT_NAME must be set: ${code} is not in the hub config`);
  if (!Number.isInteger(port)) throw new Error(`PORT must be set: ${code} is not in the hub config`);

  const service = await createDepartmentService({ code, name, databaseUrl: process.env.DATABASE_URL, identitySecret: secrets().identity });
  const running = await listen(service.server, port, process.env.HOST ?? '127.0.0.1');
  console.log(`[department ${code}] ${name} listening on ${running.url}`);
  const stop = () => {
    service.close().then(
      () => process.exit(0),
      (e) => {
        console.error(e);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((e) => {
  console.error('[department] failed to start', e);
  process.exit(1);
});
