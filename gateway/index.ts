import { loadHubConfig, secrets } from '../shared/config';
import { listen } from '../shared/subgraph-server';
import { createGateway } from './server';

async function main() {
  const config = loadHubConfig();
  const { jwt, identity } = secrets();
  const gw = await createGateway({ config, jwtSecret: jwt, identitySecret: identity });
  for (const u of gw.contractReport?.unreachable ?? [])
    console.warn(`[gateway] 部门 ${u.code} 暂不可达（${u.reason}），其数据将显示为不可用，恢复后自动可用`);
  const port = Number(process.env.PORT ?? config.gateway.port);
  const running = await listen(gw.server, port, process.env.HOST ?? '0.0.0.0');
  console.log(`[gateway] listening on http://localhost:${port}/graphql`);
  const stop = () => void running.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e) => {
  console.error(`[gateway] 启动失败：${e.message}`);
  process.exit(1);
});
