import type { DataSource } from 'typeorm';
import { openDatabase, type QueryCounter } from '../../shared/db';
import { Department } from './department.entity';
import { MarketEntity } from './market-entity.entity';
import { Plan } from './plan.entity';
import { Draw, DrawRound, PoolSnapshot } from './draw.entity';
import { Task } from './task.entity';
import { AuditEntryRow } from './audit.entity';
import { Setting } from './setting.entity';
import { CalendarOverride, CreditChange, InspectionResult, PublishedResult, TaskDispatch } from './result.entity';
import { jointMigrations } from './migrations';
import { CreditDelivery } from './credit-delivery.entity';

export const jointEntities = [Department, MarketEntity, Plan, DrawRound, PoolSnapshot, Draw, Task, AuditEntryRow, Setting, TaskDispatch, InspectionResult, PublishedResult, CreditChange, CalendarOverride, CreditDelivery];

export function openJointDatabase(opts: { url?: string; name?: string; counter?: QueryCounter }): Promise<DataSource> {
  return openDatabase({ name: opts.name ?? 'joint', url: opts.url, entities: jointEntities, migrations: jointMigrations, counter: opts.counter });
}

/** A unique-key violation from either driver (a concurrent insert that passed our existence check). */
export function isUniqueViolation(e: unknown): boolean {
  const err = e as { code?: string; driverError?: { code?: string } };
  const code = err.driverError?.code ?? err.code;
  return code === 'ER_DUP_ENTRY' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
