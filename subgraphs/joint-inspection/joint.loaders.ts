import DataLoader from 'dataloader';
import { In, type EntityManager, type ObjectLiteral } from 'typeorm';
import { Department } from './department.entity';
import { MarketEntity } from './market-entity.entity';
import { InspectionResult, TaskDispatch } from './result.entity';
import { Plan } from './plan.entity';
import { Task } from './task.entity';

// Bounded batches keep one IN (…) list well under SQLite's and MySQL's parameter limits.
const MAX_BATCH = 1000;

/** Keyed lookups by natural key, in the order asked, null for unknown keys. */
function byKey<E extends ObjectLiteral, K extends keyof E & string>(em: EntityManager, target: new () => E, key: K) {
  return new DataLoader<string, E | null>(
    async (keys) => {
      const rows: E[] = await em.getRepository(target).findBy({ [key]: In([...keys]) } as never);
      const found = new Map(rows.map((r) => [String(r[key]), r]));
      return keys.map((k) => found.get(k) ?? null);
    },
    { maxBatchSize: MAX_BATCH },
  );
}

/** Rows grouped by a foreign key (e.g. a task's dispatch rows), in the order asked, [] when none. */
function groupedBy<E extends ObjectLiteral, K extends keyof E & string>(em: EntityManager, target: new () => E, key: K) {
  return new DataLoader<number, E[]>(
    async (keys) => {
      const rows: E[] = await em.getRepository(target).find({ where: { [key]: In([...keys]) } as never, order: { id: 'ASC' } as never });
      const groups = new Map<number, E[]>(keys.map((k) => [k, []]));
      for (const r of rows) groups.get(Number(r[key]))?.push(r);
      return keys.map((k) => groups.get(k) ?? []);
    },
    { maxBatchSize: MAX_BATCH },
  );
}

export interface JointLoaders {
  departmentByCode: DataLoader<string, Department | null>;
  marketEntityByCreditCode: DataLoader<string, MarketEntity | null>;
  dispatchByTask: DataLoader<number, TaskDispatch[]>;
  resultsByTask: DataLoader<number, InspectionResult[]>;
  /** A list of rounds asks for every round's tasks and plans (stats): one statement each, not two per round. */
  tasksByRound: DataLoader<number, Task[]>;
  planById: DataLoader<string, Plan | null>;
}

/** Fresh per request: caches never outlive the request's identity or transaction. */
export function createLoaders(em: EntityManager): JointLoaders {
  return {
    departmentByCode: byKey(em, Department, 'code'),
    marketEntityByCreditCode: byKey(em, MarketEntity, 'creditCode'),
    dispatchByTask: groupedBy(em, TaskDispatch, 'taskId'),
    resultsByTask: groupedBy(em, InspectionResult, 'taskId'),
    tasksByRound: groupedBy(em, Task, 'roundId'),
    planById: byKey(em, Plan, 'id'),
  };
}
