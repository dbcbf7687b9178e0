import { ArgsType, Field, ID, Int } from 'type-graphql';

// Arguments as @ArgsType classes: type-graphql lists @Arg parameters in reverse, while ArgsType fields keep
// declaration order (base class first) — and the contract wants `department` as every root field's first argument.

@ArgsType()
export class DepartmentArgs {
  @Field({ description: '部门代码：网关据此路由，非本实例的部门报 MISROUTED' })
  department!: string;
}

@ArgsType()
export class DepartmentIdArgs extends DepartmentArgs {
  @Field(() => ID)
  id!: string;
}

@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true, description: '每页条数（默认20，最多200）' })
  first?: number | null;

  @Field(() => String, { nullable: true })
  after?: string | null;
}

@ArgsType()
export class DepartmentPageArgs extends DepartmentArgs {
  @Field(() => Int, { nullable: true, description: '每页条数（默认20，最多200）' })
  first?: number | null;

  @Field(() => String, { nullable: true })
  after?: string | null;
}
