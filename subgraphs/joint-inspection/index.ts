import 'reflect-metadata';
import { loadHubConfig, secrets } from '../../shared/config';
import { runService } from '../../shared/subgraph-server';
import { createJointService } from './server';

void runService(
  'joint-inspection',
  () => createJointService({ databaseUrl: process.env.DATABASE_URL, identitySecret: secrets().identity }),
  Number(process.env.PORT ?? loadHubConfig().jointInspection.port),
);
