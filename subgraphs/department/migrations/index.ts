import { DepartmentSchema1764100000000 } from './1764100000000-DepartmentSchema';
import { Matching1764500000000 } from './1764500000000-Matching';

/** In order; later changes append here. */
export const departmentMigrations = [DepartmentSchema1764100000000, Matching1764500000000];
