import { Directive, Field, ObjectType } from 'type-graphql';

// @shareable: other subgraphs define the same Relay PageInfo, and composition rejects a value type
// resolved by two subgraphs unless every definition is shareable.
@Directive('@shareable')
@ObjectType({ description: 'Relay 分页信息' })
export class PageInfo {
  @Field()
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}
