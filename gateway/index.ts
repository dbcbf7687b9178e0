import { listenHost, loadHubConfig, secrets } from '../shared/config';
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
  const host = listenHost();
  const running = await listen(gw.server, port, host);
  log.info({ port, host }, `listening on http://${host}:${port}/graphql`);
  if (host === '127.0.0.1' && process.env.NODE_ENV !== 'production')
    log.info('开发模式：只在本机 127.0.0.1 监听（演示登录和默认密钥不对外）；需要对外时设置 HOST=0.0.0.0 并使用 NODE_ENV=production 与自己的密钥');
  const stop = () => void running.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e) => {
  console.error(`[gateway] 启动失败：${e.message}`);
  process.exit(1);
});
