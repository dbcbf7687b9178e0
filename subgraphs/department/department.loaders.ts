import DataLoader from 'dataloader';
import { In, type EntityManager, type ObjectLiteral, type EntityTarget } from 'typeorm';
import { ChecklistItem } from './checklist-item.entity';
import { DepartmentSummary } from './department.entity';
import { Inspector, InspectorConflict, InspectorStatusChange } from './inspector.entity';
import { PoolEntry } from './pool-entry.entity';

// Fresh per request: caching never outlives one request, and every lookup in it is one statement per kind.

// Keeps IN (...) lists bounded on both engines (SQLite's variable limit, MySQL packet size).
const MAX_BATCH = 500;

function byIdLoader<T extends ObjectLiteral & { id: number }>(em: EntityManager, target: EntityTarget<T>, department: string) {
  return new DataLoader<number, T | null>(
    async (ids) => {
      const rows = await em.getRepository(target).find({ where: { department, id: In([...ids]) } as never });
      const map = new Map(rows.map((r) => [r.id, r]));
      return ids.map((id) => map.get(id) ?? null);
    },
    { maxBatchSize: MAX_BATCH },
  );
}

function groupLoader<T extends ObjectLiteral & { inspectorId: number }>(em: EntityManager, target: EntityTarget<T>) {
  return new DataLoader<number, T[]>(
    async (ids) => {
      const rows = await em.getRepository(target).find({ where: { inspectorId: In([...ids]) } as never, order: { id: 'ASC' } as never });
      const map = new Map<number, T[]>(ids.map((id) => [id, []]));
      for (const r of rows) map.get(r.inspectorId)?.push(r);
      return ids.map((id) => map.get(id) ?? []);
    },
    { maxBatchSize: MAX_BATCH },
  );
}

async function countBy(em: EntityManager, table: string, column: string | null, department: string) {
  const qb = em.createQueryBuilder().from(table, 't').where('t.department = :department', { department });
  if (column) qb.select(`t.${column}`, 'k').addSelect('COUNT(*)', 'n').groupBy(`t.${column}`);
  else qb.select("'all'", 'k').addSelect('COUNT(*)', 'n');
  const rows = await qb.getRawMany<{ k: string; n: string | number }>();
  return new Map(rows.map((r) => [r.k, Number(r.n)]));
}

/** Same question, same request → one answer (see `once` below). */
function memo() {
  const answers = new Map<string, Promise<unknown>>();
  return <T>(key: string, run: () => Promise<T>): Promise<T> => {
    let p = answers.get(key);
    if (!p) answers.set(key, (p = run()));
    return p as Promise<T>;
  };
}

export function createLoaders(em: EntityManager, department: string) {
  return {
    // A gateway that does not deduplicate `_entities` representations (@apollo/gateway) sends this department once
    // per task in a task list; its lists (inspectors, pool, checklist) are then computed once per argument set.
    once: memo(),
    itemById: byIdLoader(em, ChecklistItem, department),
    poolEntryById: byIdLoader(em, PoolEntry, department),
    inspectorById: byIdLoader(em, Inspector, department),
    statusHistoryByInspector: groupLoader(em, InspectorStatusChange),
    conflictsByInspector: groupLoader(em, InspectorConflict),
    summary: new DataLoader<string, DepartmentSummary>(async (codes) =>
      Promise.all(
        codes.map(async (code) => {
          const [items, pool, inspectors] = await Promise.all([
            countBy(em, 'checklist_item', 'status', code),
            countBy(em, 'pool_entry', null, code),
            countBy(em, 'inspector', 'status', code),
          ]);
          let totalInspectors = 0;
          for (const n of inspectors.values()) totalInspectors += n;
          return {
            publishedItems: items.get('PUBLISHED') ?? 0,
            draftItems: items.get('DRAFT') ?? 0,
            retiredItems: items.get('RETIRED') ?? 0,
            poolSize: pool.get('all') ?? 0,
            activeInspectors: inspectors.get('ACTIVE') ?? 0,
            totalInspectors,
          };
        }),
      ),
    ),
  };
}

export type DepartmentLoaders = ReturnType<typeof createLoaders>;
