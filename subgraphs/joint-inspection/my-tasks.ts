// 我的任务: the tasks an inspector is matched to (谁检查、谁录入), newest first, paged on the server.
import { Field, Int, ObjectType } from 'type-graphql';
import { In } from 'typeorm';
import { forbidden } from '../../shared/errors';
import { decodeCursor, encodeCursor, pageSize } from '../../shared/pagination';
import type { JointContext } from './context';
import { PageInfo } from './joint.pagination';
import { TaskDispatch } from './result.entity';
import { Task } from './task.entity';

@ObjectType()
export class MyTaskEdge {
  @Field() cursor!: string;
  @Field(() => Task) node!: Task;
}

@ObjectType({ description: '本人被选派的检查任务（分页）' })
export class MyTaskConnection {
  @Field(() => [MyTaskEdge]) edges!: MyTaskEdge[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
  @Field(() => Int, { description: '本人（在岗，未被递补）参与的任务总数' }) totalCount!: number;
}

// '!' as LIKE escape: a backslash literal means different things to SQLite and MySQL.
const escapeLike = (s: string) => s.replace(/[!%_]/g, (c) => `!${c}`);

/**
 * An INSPECTOR's token subject is her enforcement certificate number. The dispatch rows of her department that
 * mention it (a LIKE on the stored JSON narrows the scan) are checked in code for an ACTIVE membership, so a
 * member who was replaced (递补) no longer sees the task, nor does anyone a task a redraw cancelled. Only the
 * page's tasks are loaded.
 */
export async function myTasks(ctx: JointContext, first: number | null | undefined, after: string | null | undefined): Promise<MyTaskConnection> {
  const id = ctx.identity;
  if (id.role !== 'INSPECTOR' || !id.department) throw forbidden('“我的任务”只对执法检查人员开放');
  const size = pageSize(first);
  const before = decodeCursor(after);
  const rows = await ctx.em
    .getRepository(TaskDispatch)
    .createQueryBuilder('d')
    .select(['d.taskId', 'd.status', 'd.inspectors'])
    .where('d.department = :department', { department: id.department })
    .andWhere("d.inspectors LIKE :pattern ESCAPE '!'", { pattern: `%${escapeLike(`"certificateNumber":${JSON.stringify(id.sub)}`)}%` })
    .getMany();
  // A part cancelled by a redraw (the business left the plan, or the department left the task) is no longer hers.
  const mine = rows.filter((r) => r.status !== 'CANCELLED' && r.inspectors.some((i) => i.certificateNumber === id.sub && i.status === 'ACTIVE'));
  const ids = [...new Set(mine.map((r) => r.taskId))].sort((a, b) => b - a);
  const rest = before === undefined ? ids : ids.filter((t) => t < before);
  const pageIds = rest.slice(0, size);
  const tasks = pageIds.length ? await ctx.em.getRepository(Task).findBy({ id: In(pageIds) }) : [];
  const byId = new Map(tasks.map((t) => [t.id, t]));
  const edges = pageIds.filter((t) => byId.has(t)).map((t) => ({ cursor: encodeCursor(t), node: byId.get(t)! }));
  return { edges, pageInfo: { hasNextPage: rest.length > size, endCursor: edges.length ? edges[edges.length - 1].cursor : null }, totalCount: ids.length };
}
