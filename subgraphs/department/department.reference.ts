import type { ChecklistItem } from './checklist-item.entity';
import { getChecklistItem } from './checklist-item.service';
import type { DepartmentContext } from './context';
import type { Department } from './department.entity';
import { assertOwnDepartment } from './department.guards';
import type { Inspector } from './inspector.entity';
import { getInspector } from './inspector.service';
import type { PoolEntry } from './pool-entry.entity';
import { getPoolEntry } from './pool-entry.service';

// `_entities` lookups. A representation for another department is MISROUTED, never another's data;
// the per-request loaders turn N representations into one statement per entity type.

export async function resolveDepartmentReference(ref: Pick<Department, 'code'>, ctx: DepartmentContext): Promise<Department> {
  assertOwnDepartment(ctx, ref.code);
  return { code: ctx.department };
}

type KeyRef = { department: string; id: string };

export async function resolveChecklistItemReference(ref: KeyRef, ctx: DepartmentContext): Promise<ChecklistItem | null> {
  assertOwnDepartment(ctx, ref.department);
  return getChecklistItem(ctx, ref.id);
}

export async function resolvePoolEntryReference(ref: KeyRef, ctx: DepartmentContext): Promise<PoolEntry | null> {
  assertOwnDepartment(ctx, ref.department);
  return getPoolEntry(ctx, ref.id);
}

export async function resolveInspectorReference(ref: KeyRef, ctx: DepartmentContext): Promise<Inspector | null> {
  assertOwnDepartment(ctx, ref.department);
  return getInspector(ctx, ref.id);
}

export const referenceResolvers = {
  Department: { __resolveReference: resolveDepartmentReference },
  ChecklistItem: { __resolveReference: resolveChecklistItemReference },
  PoolEntry: { __resolveReference: resolvePoolEntryReference },
  Inspector: { __resolveReference: resolveInspectorReference },
};
