import 'reflect-metadata';
import { execute, parse, type GraphQLSchema } from 'graphql';
import { buildFederatedSchema } from '../../shared/federation';
import { Department } from './department.entity';
import { DepartmentResolver } from './department.resolver';
import { jointReferenceResolvers } from './joint.reference';
import { MarketEntity } from './market-entity.entity';
import { ImportResolver } from './import.resolver';
import { MarketEntityResolver } from './market-entity.resolver';
import { PlanResolver } from './plan.resolver';
import { DispatchResolver } from './dispatch.resolver';
import { DrawResolver, DrawRoundResolver, TaskResolver } from './round.resolver';
import { ResultResolver, TaskResultsResolver } from './result.resolver';
import { CreditDeliveryResolver } from './credit-delivery.resolver';

export function buildJointSchema(): Promise<GraphQLSchema> {
  return buildFederatedSchema(
    {
      resolvers: [DepartmentResolver, MarketEntityResolver, PlanResolver, DrawRoundResolver, DrawResolver, TaskResolver, DispatchResolver, ResultResolver, TaskResultsResolver, ImportResolver, CreditDeliveryResolver],
      // Entities must be listed: reachable only through `_entities`, they would otherwise vanish.
      orphanedTypes: [Department, MarketEntity],
    },
    jointReferenceResolvers,
  );
}

/** The SDL exactly as `_service { sdl }` serves it (what composition consumes). */
export async function jointSdl(): Promise<string> {
  const result = await execute({ schema: await buildJointSchema(), document: parse('{ _service { sdl } }') });
  const sdl = (result.data as { _service?: { sdl?: string } } | null | undefined)?._service?.sdl;
  if (!sdl) throw new Error(`joint-inspection SDL unavailable: ${result.errors?.map((e) => e.message).join('; ')}`);
  return sdl;
}
