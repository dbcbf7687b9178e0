import { Field, Int, ObjectType } from 'type-graphql';
import { In } from 'typeorm';
import { uncoveredItems } from '../../shared/domain/stats';
import type { JointContext } from './context';
import { Department } from './department.entity';
import { Plan } from './plan.entity';

@ObjectType({ description: '本年度没有任何计划覆盖的已公布事项' })
export class UncoveredItem {
  @Field() department!: string;
  @Field() code!: string;
  @Field() name!: string;
}

@ObjectType({ description: '清单覆盖情况（每个已公布事项每年至少有一个计划）' })
export class ChecklistCoverage {
  @Field(() => Int) year!: number;
  @Field(() => Int, { description: '已公布事项总数（可访问的部门）' }) publishedItems!: number;
  @Field(() => [UncoveredItem]) uncovered!: UncoveredItem[];
  @Field(() => [String], { description: '暂时无法访问、未计入的部门' }) unavailableDepartments!: string[];
}

/** Every department's published items vs the items of this year's non-draft plans. */
export async function checklistCoverage(ctx: JointContext, year: number): Promise<ChecklistCoverage> {
  const departments = await ctx.em.getRepository(Department).find({ where: { active: true }, order: { sortOrder: 'ASC' } });
  const unavailable: string[] = [];
  const published = (
    await Promise.all(
      departments.map((d) =>
        ctx.departments.publishedItems(d.code).then(
          (items) => items.map((i) => ({ department: d.code, code: i.code, name: i.name })),
          () => (unavailable.push(d.code), []),
        ),
      ),
    )
  ).flat();
  const plans = await ctx.em.getRepository(Plan).find({ where: { year, state: In(['SUBMITTED', 'APPROVED', 'DRAWN', 'CLOSED']) } });
  const names = new Map(published.map((i) => [`${i.department}/${i.code}`, i.name]));
  const uncovered = uncoveredItems(published, plans.flatMap((p) => p.items)).map((i) => ({ ...i, name: names.get(`${i.department}/${i.code}`) ?? '' }));
  return { year, publishedItems: published.length, uncovered, unavailableDepartments: unavailable.sort() };
}
