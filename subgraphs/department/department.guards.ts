import { hubError, forbidden } from '../../shared/errors';
import {
  canAdministerDepartment,
  canReadDepartmentPrivate,
  canWriteDepartment,
  type Identity,
} from '../../shared/identity';
import type { DepartmentContext } from './context';

/** This instance answers only for its own department: anything else was routed wrongly. */
export function assertOwnDepartment(ctx: DepartmentContext, department: string | undefined | null): void {
  if (department !== ctx.department) {
    throw hubError('MISROUTED', `department：请求的部门 ${String(department)} 不由本实例（${ctx.department}）服务`, {
      department: ctx.department,
      requested: department ?? null,
    });
  }
}

export const canReadPrivate = (ctx: DepartmentContext) => canReadDepartmentPrivate(ctx.identity, ctx.department);

export function requirePrivateRead(ctx: DepartmentContext): void {
  if (!canReadPrivate(ctx)) throw forbidden('无权查看本部门的非公开数据');
}

export function requireWrite(ctx: DepartmentContext): void {
  if (!canWriteDepartment(ctx.identity, ctx.department)) throw forbidden('无权修改本部门的数据');
}

export function requireAdmin(ctx: DepartmentContext): void {
  if (!canAdministerDepartment(ctx.identity, ctx.department)) throw forbidden('仅本部门管理员可执行此操作');
}

/** Personal data (phone, ID number) is shown in full only to the department's own staff/admin and services. */
export function seesPersonalData(identity: Identity, department: string): boolean {
  if (identity.role === 'SERVICE') return true;
  return (identity.role === 'DEPT_STAFF' || identity.role === 'DEPT_ADMIN') && identity.department === department;
}
