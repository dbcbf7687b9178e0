import { Arg, Args, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { ItemStatus } from '../../shared/domain';
import { ChecklistItem } from './checklist-item.entity';
import { listChecklist } from './checklist-item.service';
import type { DepartmentContext } from './context';
import { Department, DepartmentSummary } from './department.entity';
import { assertOwnDepartment } from './department.guards';
import { ItemStatusEnum } from './enums';
import { InspectorConnection, InspectorsFieldArgs } from './inspector.input';
import { listInspectors } from './inspector.service';
import { TargetPoolConnection, TargetPoolFieldArgs } from './pool-entry.input';
import { listTargetPool } from './pool-entry.service';

// Fields this contract contributes to Department; all nullable, so one department's outage or a
// FORBIDDEN nulls only its own part of a dashboard that lists every department.
@Resolver(() => Department)
export class DepartmentResolver {
  @FieldResolver(() => [ChecklistItem], { nullable: true })
  checklist(
    @Root() department: Department,
    @Arg('status', () => ItemStatusEnum, { nullable: true }) status: ItemStatus | null,
    @Ctx() ctx: DepartmentContext,
  ) {
    assertOwnDepartment(ctx, department.code);
    return ctx.loaders.once(`checklist:${status}`, () => listChecklist(ctx, status));
  }

  @FieldResolver(() => TargetPoolConnection, { nullable: true })
  targetPool(
    @Root() department: Department,
    @Args(() => TargetPoolFieldArgs) { first, after, filter }: TargetPoolFieldArgs,
    @Ctx() ctx: DepartmentContext,
  ) {
    assertOwnDepartment(ctx, department.code);
    return ctx.loaders.once(`targetPool:${JSON.stringify([first, after, filter])}`, () => listTargetPool(ctx, first, after, filter));
  }

  @FieldResolver(() => InspectorConnection, { nullable: true })
  inspectors(
    @Root() department: Department,
    @Args(() => InspectorsFieldArgs) { first, after, filter }: InspectorsFieldArgs,
    @Ctx() ctx: DepartmentContext,
  ) {
    assertOwnDepartment(ctx, department.code);
    return ctx.loaders.once(`inspectors:${JSON.stringify([first, after, filter])}`, () => listInspectors(ctx, first, after, filter));
  }

  @FieldResolver(() => DepartmentSummary, { nullable: true, description: '计数，任何人可见' })
  summary(@Root() department: Department, @Ctx() ctx: DepartmentContext) {
    assertOwnDepartment(ctx, department.code);
    return ctx.loaders.summary.load(department.code);
  }
}
