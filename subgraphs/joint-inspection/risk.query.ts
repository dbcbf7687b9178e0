import type { EntityManager } from 'typeorm';
import type { EntityRiskFacts } from '../../shared/domain/risk';
import { MarketEntity } from './market-entity.entity';

/** The registry's flagged businesses only: flags are rare, so this stays small whatever the registry's size. */
export async function flaggedEntities(em: EntityManager): Promise<Map<string, EntityRiskFacts>> {
  const rows = await em
    .getRepository(MarketEntity)
    .createQueryBuilder('m')
    .select(['m.creditCode', 'm.hasComplaints', 'm.onAbnormalList', 'm.hasSeriousViolations'])
    .where('m.hasComplaints = :t OR m.onAbnormalList = :t OR m.hasSeriousViolations = :t', { t: true })
    .getMany();
  return new Map(rows.map((r) => [r.creditCode, r]));
}
