import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** Stub: market-entity master data is owned by the joint-inspection subgraph; we only hand out the key. */
@Directive('@key(fields: "creditCode", resolvable: false)')
@ObjectType()
export class MarketEntity {
  @Field(() => ID)
  creditCode!: string;
}
