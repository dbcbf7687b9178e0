import { Directive, Field, ObjectType } from 'type-graphql';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { decodeCursor, encodeCursor, pageSize } from '../../shared/pagination';

// Relay's PageInfo is a value type other subgraphs may define too, hence @shareable.
@Directive('@shareable')
@ObjectType()
export class PageInfo {
  @Field() hasNextPage!: boolean;
  @Field(() => String, { nullable: true }) endCursor!: string | null;
}

export interface Page<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: PageInfo;
  totalCount: number;
}

/** Keyset pagination over the numeric id: stable under inserts, one page query plus one count. */
export async function paginate<T extends ObjectLiteral & { id: number }>(
  qb: SelectQueryBuilder<T>,
  first: number | null | undefined,
  after: string | null | undefined,
): Promise<Page<T>> {
  const size = pageSize(first);
  const afterId = decodeCursor(after);
  const alias = qb.alias;
  const totalCount = await qb.clone().getCount();
  const pageQb = qb.clone().orderBy(`${alias}.id`, 'ASC').limit(size + 1);
  if (afterId !== undefined) pageQb.andWhere(`${alias}.id > :afterId`, { afterId });
  const rows = size === 0 ? [] : await pageQb.getMany();
  const hasNextPage = rows.length > size;
  const nodes = rows.slice(0, size);
  const edges = nodes.map((node) => ({ cursor: encodeCursor(node.id), node }));
  return { edges, totalCount, pageInfo: { hasNextPage, endCursor: edges.length ? edges[edges.length - 1].cursor : null } };
}
