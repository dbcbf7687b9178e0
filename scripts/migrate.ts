import { migrateAll } from './services';

migrateAll().catch((e) => {
  console.error(e);
  process.exit(1);
});
