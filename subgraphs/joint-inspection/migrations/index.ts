import { JointRegistry1764000000000 } from './1764000000000-JointRegistry';

/** In order; later issues (plans, draws, tasks) append here. */
export const jointMigrations = [JointRegistry1764000000000];
