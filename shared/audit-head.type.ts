import { Directive, Field, Int, ObjectType } from 'type-graphql';

// @shareable: joint-inspection and every department serve this same value type.
@Directive('@shareable')
@ObjectType('AuditHead', { description: '审计链头：现有条数与最后一条的哈希。任何人可记下，日后用它核对记录没有被截短或改写' })
export class AuditHeadType {
  @Field(() => Int, { description: '条数（即最后一条的序号；空链为 0）' })
  length!: number;

  @Field({ description: '最后一条的 SHA-256 哈希（空链为 64 个 0）' })
  hash!: string;

  @Field(() => String, { nullable: true, description: '最后一条的记录时间（ISO）' })
  at!: string | null;
}
