import { Args, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { DepartmentContext } from './context';
import { assertOwnDepartment } from './department.guards';
import { MarketEntity } from './market-entity.entity';
import { PoolEntry } from './pool-entry.entity';
import {
  AddTargetArgs,
  BulkAddResult,
  BulkAddTargetsArgs,
  CreditCodeArgs,
  PoolMember,
  PoolSnapshotArgs,
  TargetPoolArgs,
  TargetPoolConnection,
  UpdateTargetArgs,
} from './pool-entry.input';
import * as pool from './pool-entry.service';

@Resolver(() => PoolEntry)
export class PoolEntryResolver {
  @Query(() => TargetPoolConnection, { description: '检查对象名录库（本部门、联席会议办公室与服务可见）' })
  targetPool(@Args(() => TargetPoolArgs) { department, first, after, filter }: TargetPoolArgs, @Ctx() ctx: DepartmentContext) {
    assertOwnDepartment(ctx, department);
    return pool.listTargetPool(ctx, first, after, filter);
  }

  @Query(() => [PoolMember], { description: '范围内全部对象（按信用代码排序），供摇号冻结名录快照；联席会议办公室与服务可用' })
  poolSnapshot(@Args(() => PoolSnapshotArgs) { department, filter }: PoolSnapshotArgs, @Ctx() ctx: DepartmentContext) {
    assertOwnDepartment(ctx, department);
    return pool.poolSnapshot(ctx, filter);
  }

  @Mutation(() => PoolEntry, { description: '加入名录库（已在库中报 CONFLICT）' })
  addTarget(@Args(() => AddTargetArgs) { department, input }: AddTargetArgs, @Ctx() ctx: DepartmentContext) {
    assertOwnDepartment(ctx, department);
    return pool.addTarget(ctx, input);
  }

  @Mutation(() => PoolEntry, { description: '修改本部门对该对象记录的属性' })
  updateTarget(@Args(() => UpdateTargetArgs) { department, creditCode, input }: UpdateTargetArgs, @Ctx() ctx: DepartmentContext) {
    assertOwnDepartment(ctx, department);
    return pool.updateTarget(ctx, creditCode, input);
  }

  @Mutation(() => Boolean, { description: '移出名录库' })
  removeTarget(@Args(() => CreditCodeArgs) { department, creditCode }: CreditCodeArgs, @Ctx() ctx: DepartmentContext) {
    assertOwnDepartment(ctx, department);
    return pool.removeTarget(ctx, creditCode);
  }

  @Mutation(() => BulkAddResult, { description: '批量导入：任一行有误则整批不写入；已在库中的跳过' })
  bulkAddTargets(@Args(() => BulkAddTargetsArgs) { department, inputs }: BulkAddTargetsArgs, @Ctx() ctx: DepartmentContext) {
    assertOwnDepartment(ctx, department);
    return pool.bulkAddTargets(ctx, inputs);
  }

  @FieldResolver(() => MarketEntity, { nullable: true, description: '市场主体（由联合抽查子图解析）' })
  entity(@Root() entry: PoolEntry): MarketEntity {
    return { creditCode: entry.creditCode };
  }
}
