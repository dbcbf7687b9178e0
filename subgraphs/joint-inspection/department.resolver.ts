import { Arg, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { conflict, notFound } from '../../shared/errors';
import { canReadDepartmentPrivate } from '../../shared/identity';
import { maskPhone } from '../../shared/validation';
import type { JointContext } from './context';
import { Department } from './department.entity';
import { checkDepartmentCode, cleanDepartmentFields, RegisterDepartmentInput, UpdateDepartmentInput } from './department.inputs';
import { requireJointOffice } from './joint.auth';
import { isUniqueViolation } from './joint.db';

@Resolver(() => Department)
export class DepartmentResolver {
  @Query(() => [Department], { description: '联席会议成员单位，按登记顺序' })
  departments(@Ctx() { em }: JointContext): Promise<Department[]> {
    return em.getRepository(Department).find({ order: { sortOrder: 'ASC', id: 'ASC' } });
  }

  @Query(() => Department, { nullable: true })
  department(@Arg('code') code: string, @Ctx() { loaders }: JointContext): Promise<Department | null> {
    return loaders.departmentByCode.load(code);
  }

  // A contact phone is personal data: only the department itself, the joint office and services see it whole.
  @FieldResolver(() => String, { nullable: true })
  contactPhone(@Root() d: Department, @Ctx() { identity }: JointContext): string | null {
    if (!d.contactPhone) return null;
    return canReadDepartmentPrivate(identity, d.code) ? d.contactPhone : maskPhone(d.contactPhone);
  }

  @Mutation(() => Department, { description: '登记成员单位（联席会议办公室）' })
  async registerDepartment(@Arg('input') input: RegisterDepartmentInput, @Ctx() { identity, em }: JointContext): Promise<Department> {
    requireJointOffice(identity);
    const code = input.code.trim();
    checkDepartmentCode(code);
    const fields = cleanDepartmentFields(input);
    try {
      return await em.transaction(async (tx) => {
        const repo = tx.getRepository(Department);
        if (await repo.existsBy({ code })) throw conflict(`部门代码已存在：${code}`);
        if (fields.role === 'CONVENER') await assertNoOtherConvener(tx, code);
        const last = await repo.createQueryBuilder('d').select('MAX(d.sort_order)', 'max').getRawOne<{ max: number | null }>();
        const now = new Date();
        return repo.save(
          repo.create({ code, active: true, role: 'MEMBER', contactName: null, contactPhone: null, ...fields, sortOrder: Number(last?.max ?? 0) + 1, createdAt: now, updatedAt: now }),
        );
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw conflict(`部门代码已存在：${code}`);
      throw e;
    }
  }

  @Mutation(() => Department, { description: '修改成员单位（联席会议办公室）' })
  async updateDepartment(
    @Arg('code') code: string,
    @Arg('input') input: UpdateDepartmentInput,
    @Ctx() { identity, em }: JointContext,
  ): Promise<Department> {
    requireJointOffice(identity);
    const fields = cleanDepartmentFields(input);
    return em.transaction(async (tx) => {
      const repo = tx.getRepository(Department);
      const d = await repo.findOneBy({ code });
      if (!d) throw notFound('成员单位', code);
      if (fields.role === 'CONVENER' && d.role !== 'CONVENER') await assertNoOtherConvener(tx, code);
      Object.assign(d, fields, { updatedAt: new Date() });
      return repo.save(d);
    });
  }
}

// One convener hosts the joint-meeting office; a second would make "who reviews plans" ambiguous.
async function assertNoOtherConvener(tx: import('typeorm').EntityManager, code: string): Promise<void> {
  const other = await tx.getRepository(Department).findOneBy({ role: 'CONVENER' });
  if (other && other.code !== code) throw conflict(`召集单位已是 ${other.code}，请先将其改为成员单位（联席会议角色）`);
}
