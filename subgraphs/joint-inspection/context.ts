import type { EntityManager } from 'typeorm';
import type { Identity } from '../../shared/identity';
import { createLoaders, type JointLoaders } from './joint.loaders';
import type { DepartmentClient } from './department-client';

export interface JointContext {
  identity: Identity;
  /** Every repository comes from here, so a caller-provided transaction covers the whole request. */
  em: EntityManager;
  loaders: JointLoaders;
  /** Department data (published items, pool snapshots) through the gateway as a SERVICE. */
  departments: DepartmentClient;
}

export function createJointContext(identity: Identity, em: EntityManager, departments: DepartmentClient): JointContext {
  return { identity, em, loaders: createLoaders(em), departments };
}
