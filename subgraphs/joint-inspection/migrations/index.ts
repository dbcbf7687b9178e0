import { JointRegistry1764000000000 } from './1764000000000-JointRegistry';
import { DoubleRandom1764200000000 } from './1764200000000-DoubleRandom';
import { Results1764400000000 } from './1764400000000-Results';
import { Redraws1765000000000 } from './1765000000000-Redraws';

/** In order; later issues append here. */
export const jointMigrations = [JointRegistry1764000000000, DoubleRandom1764200000000, Results1764400000000, Redraws1765000000000];
