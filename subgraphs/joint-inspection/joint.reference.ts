import type { JointContext } from './context';
import type { Department } from './department.entity';
import type { MarketEntity } from './market-entity.entity';

// `_entities` calls these once per representation in the same tick; the loaders turn them into one
// SELECT … WHERE key IN (…) per entity type per request.
export function resolveDepartmentReference(ref: Pick<Department, 'code'>, ctx: JointContext): Promise<Department | null> {
  return ctx.loaders.departmentByCode.load(ref.code);
}

export function resolveMarketEntityReference(ref: Pick<MarketEntity, 'creditCode'>, ctx: JointContext): Promise<MarketEntity | null> {
  return ctx.loaders.marketEntityByCreditCode.load(ref.creditCode);
}

export const jointReferenceResolvers = {
  Department: { __resolveReference: resolveDepartmentReference },
  MarketEntity: { __resolveReference: resolveMarketEntityReference },
};
