import type { EntityManager, SelectQueryBuilder } from 'typeorm';
import { badInput } from '../../shared/errors';
import { decodeCursor, encodeCursor, pageSize } from '../../shared/pagination';
import type { MarketEntityConnection } from './market-entity.connection';
import { MarketEntity } from './market-entity.entity';
import { checkFilter, type MarketEntityFilter } from './market-entity.inputs';

// '!' as LIKE escape: a backslash literal means different things to SQLite and MySQL.
const escapeLike = (s: string) => s.replace(/[!%_]/g, (c) => `!${c}`);

function applySearchAndFilter(qb: SelectQueryBuilder<MarketEntity>, search: string | null | undefined, filter: MarketEntityFilter | null | undefined) {
  const s = search?.trim();
  if (s) {
    if (s.length > 100) throw badInput('search', '搜索词不能超过100个字符');
    qb.andWhere("(m.name LIKE :nameLike ESCAPE '!' OR m.credit_code LIKE :codePrefix ESCAPE '!')", {
      nameLike: `%${escapeLike(s)}%`,
      codePrefix: `${escapeLike(s.toUpperCase())}%`,
    });
  }
  if (!filter) return;
  checkFilter(filter);
  if (filter.industrySections?.length) qb.andWhere('m.industry_section IN (:...sections)', { sections: filter.industrySections });
  if (filter.creditClasses?.length) qb.andWhere('m.credit_class IN (:...classes)', { classes: filter.creditClasses });
  if (filter.entityTypes?.length) qb.andWhere('m.entity_type IN (:...types)', { types: filter.entityTypes });
  if (filter.regionCodes?.length) {
    const params = Object.fromEntries(filter.regionCodes.map((r, i) => [`region${i}`, `${escapeLike(r)}%`]));
    qb.andWhere(`(${Object.keys(params).map((p) => `m.region_code LIKE :${p} ESCAPE '!'`).join(' OR ')})`, params);
  }
  for (const [key, column] of [
    ['hasComplaints', 'has_complaints'],
    ['onAbnormalList', 'on_abnormal_list'],
    ['hasSeriousViolations', 'has_serious_violations'],
  ] as const) {
    const v = filter[key];
    if (v != null) qb.andWhere(`m.${column} = :${key}`, { [key]: v });
  }
}

/** One page ordered by row id (stable, indexed), plus the total under the same search and filter. */
export async function findMarketEntities(
  em: EntityManager,
  args: { first?: number | null; after?: string | null; search?: string | null; filter?: MarketEntityFilter | null },
): Promise<MarketEntityConnection> {
  const size = pageSize(args.first);
  const afterId = decodeCursor(args.after);
  const base = em.getRepository(MarketEntity).createQueryBuilder('m');
  applySearchAndFilter(base, args.search, args.filter);

  const page = base.clone().orderBy('m.id', 'ASC').limit(size + 1);
  if (afterId !== undefined) page.andWhere('m.id > :afterId', { afterId });
  const [rows, totalCount] = await Promise.all([page.getMany(), base.getCount()]);

  const nodes = rows.slice(0, size);
  const edges = nodes.map((node) => ({ cursor: encodeCursor(node.id), node }));
  return {
    edges,
    pageInfo: { hasNextPage: rows.length > size, endCursor: edges.length ? edges[edges.length - 1].cursor : null },
    totalCount,
  };
}
