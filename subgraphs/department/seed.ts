import type { DataSource, EntityManager } from 'typeorm';
import type { DemoData } from '../../shared/demo-data';
import { ChecklistItem } from './checklist-item.entity';
import { departmentAudit } from './department.audit';
import { chunks } from './department.db';
import { Inspector, InspectorConflict, InspectorStatusChange } from './inspector.entity';
import { PoolEntry } from './pool-entry.entity';

const SEED_ACTOR = 'seed';

async function isEmpty(em: EntityManager, code: string): Promise<boolean> {
  for (const target of [ChecklistItem, PoolEntry, Inspector]) {
    if (await em.getRepository(target).existsBy({ department: code })) return false;
  }
  return true;
}

/**
 * Loads one department's part of the demo data: only into empty tables (returns false otherwise), in one
 * transaction, as multi-row inserts of ≤ 500 rows (a few hundred statements would be slow on MariaDB).
 */
export async function seedDepartment(ds: DataSource, code: string, data: DemoData): Promise<boolean> {
  return ds.transaction(async (em) => {
    if (!(await isEmpty(em, code))) return false;
    const now = new Date();

    const items = data.checklistItems
      .filter((i) => i.department === code)
      .map((i) => ({ ...i, createdAt: now, updatedAt: now, publishedAt: i.status === 'DRAFT' ? null : now }));
    for (const part of chunks(items)) await em.getRepository(ChecklistItem).insert(part);

    const pool = data.poolEntries.filter((p) => p.department === code).map((p) => ({ ...p, addedAt: now, updatedAt: now }));
    for (const part of chunks(pool)) await em.getRepository(PoolEntry).insert(part);

    const inspectors = data.inspectors.filter((i) => i.department === code);
    const rows = inspectors.map(({ conflicts: _conflicts, ...i }) => ({ ...i, createdAt: now, updatedAt: now }));
    for (const part of chunks(rows)) await em.getRepository(Inspector).insert(part);

    // Generated ids are read back by the unique certificate number (multi-row inserts do not return them portably).
    const ids = new Map(
      (await em.getRepository(Inspector).find({ select: { id: true, certificateNumber: true }, where: { department: code } })).map(
        (r) => [r.certificateNumber, r.id],
      ),
    );
    const history: Partial<InspectorStatusChange>[] = [];
    const conflicts: Partial<InspectorConflict>[] = [];
    for (const i of inspectors) {
      const inspectorId = ids.get(i.certificateNumber)!;
      history.push({ inspectorId, from: null, to: 'ACTIVE', reason: '入库', changedBy: SEED_ACTOR, changedAt: now });
      if (i.status !== 'ACTIVE') {
        history.push({ inspectorId, from: 'ACTIVE', to: i.status, reason: '演示数据初始状态', changedBy: SEED_ACTOR, changedAt: now });
      }
      for (const creditCode of new Set(i.conflicts)) conflicts.push({ inspectorId, creditCode, declaredBy: SEED_ACTOR, declaredAt: now });
    }
    for (const part of chunks(history)) await em.getRepository(InspectorStatusChange).insert(part);
    for (const part of chunks(conflicts)) await em.getRepository(InspectorConflict).insert(part);
    // The demo load opens the department's audit chain, as one batch with counts.
    await departmentAudit.append(em, { department: code }, {
      actor: SEED_ACTOR, action: 'SEEDED', subject: 'seed',
      payload: { checklistItems: items.length, poolEntries: pool.length, inspectors: rows.length, conflicts: conflicts.length },
    });
    return true;
  });
}
