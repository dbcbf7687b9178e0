// Opening every subgraph's database in-process: used by `npm run migrate`, `npm run seed` and first start.
import { loadHubConfig } from '../shared/config';
import { generateDemoData } from '../shared/demo-data';
import { createDepartmentService } from '../subgraphs/department/server';
import { seedDepartment } from '../subgraphs/department/seed';
import { createJointService } from '../subgraphs/joint-inspection/server';
import { seedJoint } from '../subgraphs/joint-inspection/seed';

// The secret is irrelevant here: nothing listens, we only need each service's DataSource.
const identitySecret = 'unused-offline';

/** Runs migrations for every configured subgraph instance (opening a database migrates it). */
export async function migrateAll(log = console.log): Promise<void> {
  const config = loadHubConfig();
  const joint = await createJointService({ identitySecret });
  await joint.close();
  log('[migrate] joint-inspection up to date');
  for (const d of config.departments) {
    const svc = await createDepartmentService({ code: d.code, name: d.name, identitySecret });
    await svc.close();
    log(`[migrate] department ${d.code} up to date`);
  }
}

/** Seeds demo data into every empty database; returns how many were seeded. */
export async function seedAll(log = console.log): Promise<number> {
  const config = loadHubConfig();
  const data = generateDemoData();
  let seeded = 0;
  const joint = await createJointService({ identitySecret });
  try {
    if (await seedJoint(joint.dataSource, data)) {
      seeded++;
      log(`[seed] joint-inspection: ${data.departments.length} departments, ${data.entities.length} market entities`);
    }
  } finally {
    await joint.close();
  }
  for (const d of config.departments) {
    const svc = await createDepartmentService({ code: d.code, name: d.name, identitySecret });
    try {
      if (await seedDepartment(svc.dataSource, d.code, data)) {
        seeded++;
        const n = (xs: { department: string }[]) => xs.filter((x) => x.department === d.code).length;
        log(`[seed] ${d.code}: ${n(data.checklistItems)} checklist items, ${n(data.poolEntries)} pool entries, ${n(data.inspectors)} inspectors`);
      }
    } finally {
      await svc.close();
    }
  }
  return seeded;
}
