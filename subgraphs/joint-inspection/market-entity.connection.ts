import { Field, Int, ObjectType } from 'type-graphql';
import { PageInfo } from './joint.pagination';
import { MarketEntity } from './market-entity.entity';

@ObjectType()
export class MarketEntityEdge {
  @Field()
  cursor!: string;

  @Field(() => MarketEntity)
  node!: MarketEntity;
}

@ObjectType()
export class MarketEntityConnection {
  @Field(() => [MarketEntityEdge])
  edges!: MarketEntityEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  @Field(() => Int, { description: '满足搜索和筛选条件的总数（不受分页影响）' })
  totalCount!: number;
}
