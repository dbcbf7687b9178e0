import { loadHubConfig, secrets } from '../shared/config';
import { listen } from '../shared/subgraph-server';
import { createLogger } from '../shared/log';
import { startTracing } from '../shared/tracing';
import { createGateway } from './server';

const log = createLogger('gateway');

async function main() {
  startTracing('gateway');
  const config = loadHubConfig();
  const { jwt, identity } = secrets();
  const gw = await createGateway({ config, jwtSecret: jwt, identitySecret: identity, logger: log });
  for (const u of gw.contractReport?.unreachable ?? [])
    log.warn({ department: u.code, reason: u.reason }, `部门 ${u.code} 暂不可达，其数据将显示为不可用，恢复后自动可用`);
  const port = Number(process.env.PORT ?? config.gateway.port);
  const running = await listen(gw.server, port, process.env.HOST ?? '0.0.0.0');
  log.info({ port }, `listening on http://localhost:${port}/graphql`);
  const stop = () => void running.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e) => {
  console.error(`[gateway] 启动失败：${e.message}`);
  process.exit(1);
});
