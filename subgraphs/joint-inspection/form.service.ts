import { forbidden, notFound } from '../../shared/errors';
import { INDUSTRY_SECTIONS } from '../../shared/domain';
import { isJointOffice, isService } from '../../shared/identity';
import type { JointContext } from './context';
import { DrawRound } from './draw.entity';
import { Task } from './task.entity';
import type { JointFormData } from './form.render';

/** Everything the joint form shows; item names come from each department's published checklist. */
export async function jointFormData(ctx: JointContext, taskId: number | string): Promise<JointFormData> {
  const task = await ctx.em.getRepository(Task).findOneBy({ id: Number(taskId) });
  if (!task) throw notFound('检查任务', String(taskId));
  const mine = ctx.identity.department && task.departments.includes(ctx.identity.department);
  if (!isJointOffice(ctx.identity) && !isService(ctx.identity) && !mine) throw forbidden('只有联席会议办公室和参与部门可以查看一企一表');
  const [round, entity, dispatches, departments] = await Promise.all([
    ctx.em.getRepository(DrawRound).findOneBy({ id: task.roundId }),
    ctx.loaders.marketEntityByCreditCode.load(task.creditCode),
    ctx.loaders.dispatchByTask.load(task.id),
    Promise.all(task.departments.map((d) => ctx.loaders.departmentByCode.load(d))),
  ]);
  const names = await Promise.all(
    task.departments.map((d) => ctx.departments.publishedItems(d).then((items) => new Map(items.map((i) => [i.code, i.name])), () => new Map<string, string>())),
  );
  const leaderRow = dispatches.find((d) => d.department === task.leadDepartment)?.inspectors.find((i) => i.role === 'LEADER' && i.status === 'ACTIVE');
  return {
    taskId: task.id,
    roundName: round?.name ?? '',
    entity: {
      creditCode: task.creditCode,
      name: entity?.name ?? task.creditCode,
      address: entity?.address ?? null,
      legalRepresentative: entity?.legalRepresentative ?? null,
      industry: entity?.industrySection ? `${entity.industrySection} ${INDUSTRY_SECTIONS[entity.industrySection] ?? ''}` : null,
      creditClass: entity?.creditClass ?? null,
    },
    window: { start: task.windowStart, end: task.windowEnd },
    lead: { code: task.leadDepartment, name: departments[task.departments.indexOf(task.leadDepartment)]?.name ?? task.leadDepartment },
    leader: leaderRow ? { name: leaderRow.name, certificateNumber: leaderRow.certificateNumber } : null,
    departments: task.departments.map((code, i) => {
      const dispatch = dispatches.find((d) => d.department === code);
      return {
        code,
        name: departments[i]?.name ?? code,
        items: task.items.filter((it) => it.department === code).map((it) => ({ code: it.code, name: names[i]!.get(it.code) ?? '（部门清单暂不可查）' })),
        inspectors: (dispatch?.inspectors ?? []).filter((p) => p.status === 'ACTIVE'),
        dispatch: dispatch?.status ?? 'PENDING',
      };
    }),
    printedAt: new Date().toISOString().slice(0, 16).replace('T', ' '),
  };
}
