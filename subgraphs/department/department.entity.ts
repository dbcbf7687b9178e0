import { Directive, Field, Int, ObjectType } from 'type-graphql';

/** The department entity: joint-inspection owns `name`; this contract adds department-owned fields. */
@Directive('@key(fields: "code")')
@ObjectType()
export class Department {
  @Field()
  code!: string;
}

@ObjectType({ description: '部门数据概况（仅计数，无个人信息）' })
export class DepartmentSummary {
  @Field(() => Int) publishedItems!: number;
  @Field(() => Int) draftItems!: number;
  @Field(() => Int) retiredItems!: number;
  @Field(() => Int) poolSize!: number;
  @Field(() => Int) activeInspectors!: number;
  @Field(() => Int) totalInspectors!: number;
}
