import type { EntityManager } from 'typeorm';
import type { Identity } from '../../shared/identity';
import { createLoaders, type JointLoaders } from './joint.loaders';

export interface JointContext {
  identity: Identity;
  /** Every repository comes from here, so a caller-provided transaction covers the whole request. */
  em: EntityManager;
  loaders: JointLoaders;
}

export function createJointContext(identity: Identity, em: EntityManager): JointContext {
  return { identity, em, loaders: createLoaders(em) };
}
