import 'reflect-metadata';
import { listen } from '../../shared/subgraph-server';
import { loadHubConfig, secrets } from '../../shared/config';
import { createJointService } from './server';

async function main() {
  const port = Number(process.env.PORT ?? loadHubConfig().jointInspection.port);
  const service = await createJointService({ databaseUrl: process.env.DATABASE_URL, identitySecret: secrets().identity });
  const running = await listen(service.server, port, process.env.HOST ?? '127.0.0.1');
  console.log(`[joint-inspection] listening on ${running.url}`);
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
  console.error('[joint-inspection] failed to start', e);
  process.exit(1);
});
