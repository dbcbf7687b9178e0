import 'reflect-metadata';
import { execute, parse, type GraphQLSchema } from 'graphql';
import { buildFederatedSchema } from '../../shared/federation';
import { AssignmentResolver } from './assignment.resolver';
import { DepartmentAuditResolver } from './audit.resolver';
import { ChecklistItem } from './checklist-item.entity';
import { ChecklistItemResolver } from './checklist-item.resolver';
import { CreditClassResolver } from './credit-class.resolver';
import { Department } from './department.entity';
import { referenceResolvers } from './department.reference';
import { DepartmentResolver } from './department.resolver';
import { Inspector } from './inspector.entity';
import { ImportResolver } from './import.resolver';
import { InspectorResolver } from './inspector.resolver';
import { MarketEntity } from './market-entity.entity';
import { PoolEntry } from './pool-entry.entity';
import { PoolEntryResolver } from './pool-entry.resolver';

// Nothing here depends on the instance's department: every instance serves the same SDL.
export function buildDepartmentSchema(): Promise<GraphQLSchema> {
  return buildFederatedSchema(
    {
      resolvers: [DepartmentResolver, ChecklistItemResolver, PoolEntryResolver, InspectorResolver, AssignmentResolver, ImportResolver, CreditClassResolver, DepartmentAuditResolver],
      // Department (and the others, for `_entities`) would vanish from the schema without this.
      orphanedTypes: [Department, ChecklistItem, PoolEntry, Inspector, MarketEntity],
    },
    referenceResolvers as never,
  );
}

/** The SDL exactly as `_service { sdl }` serves it: what the gateway composes and compares instances against. */
export async function departmentSdl(): Promise<string> {
  const result = await execute({ schema: await buildDepartmentSchema(), document: parse('{ _service { sdl } }') });
  const sdl = (result.data as { _service?: { sdl?: string } } | null | undefined)?._service?.sdl;
  if (!sdl) throw new Error(`department SDL unavailable: ${result.errors?.map((e) => e.message).join('; ')}`);
  return sdl;
}
