import type { EntityManager } from 'typeorm';
import type { Identity } from '../../shared/identity';
import type { DepartmentLoaders } from './department.loaders';

/** Per request: who asks, which department this instance serves, and loaders bound to this request. */
export interface DepartmentContext {
  identity: Identity;
  department: string;
  departmentName: string;
  em: EntityManager;
  loaders: DepartmentLoaders;
}
