import type { DataSource } from 'typeorm';
import type { DemoData } from '../../shared/demo-data';
import { Department } from './department.entity';
import { MarketEntity } from './market-entity.entity';

const CHUNK = 500;

/** Inserts the demo registry when both tables are empty; false (and nothing written) otherwise. */
export async function seedJoint(ds: DataSource, data: DemoData): Promise<boolean> {
  return ds.transaction(async (em) => {
    const [departments, entities] = await Promise.all([em.count(Department), em.count(MarketEntity)]);
    if (departments > 0 || entities > 0) return false;
    const now = new Date();
    await em.insert(
      Department,
      data.departments.map((d, i) => ({ ...d, active: true, sortOrder: i + 1, createdAt: now, updatedAt: now })),
    );
    for (let i = 0; i < data.entities.length; i += CHUNK) {
      await em.insert(
        MarketEntity,
        data.entities.slice(i, i + CHUNK).map((e) => ({ ...e, createdAt: now, updatedAt: now })),
      );
    }
    return true;
  });
}
