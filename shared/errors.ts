import { GraphQLError } from 'graphql';

// Every error a clerk can see carries a stable extensions.code and a Chinese message naming the field.
export type ErrorCode =
  | 'BAD_USER_INPUT'
  | 'FORBIDDEN'
  | 'UNAUTHENTICATED'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'MISROUTED'
  | 'DEPARTMENT_UNAVAILABLE'
  | 'DATABASE_UNAVAILABLE'
  /** The gateway could not reach a non-department subgraph (joint-inspection). */
  | 'SUBGRAPH_UNAVAILABLE'
  | 'UPSTREAM_ERROR'
  /** The server lacks something optional (e.g. a CJK font for PDFs). */
  | 'FEATURE_UNAVAILABLE';

export function hubError(code: ErrorCode, message: string, extra: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...extra } });
}

export const badInput = (field: string, reason: string) =>
  hubError('BAD_USER_INPUT', `${field}：${reason}`, { field });
export const forbidden = (message = '无权执行此操作') => hubError('FORBIDDEN', message);
export const notFound = (what: string, key: string) => hubError('NOT_FOUND', `${what}不存在：${key}`);
export const conflict = (message: string) => hubError('CONFLICT', message);
