import { JointRegistry1764000000000 } from './1764000000000-JointRegistry';
import { DoubleRandom1764200000000 } from './1764200000000-DoubleRandom';

/** In order; later issues append here. */
export const jointMigrations = [JointRegistry1764000000000, DoubleRandom1764200000000];
