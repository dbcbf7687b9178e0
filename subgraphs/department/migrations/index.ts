import { DepartmentSchema1764100000000 } from './1764100000000-DepartmentSchema';

/** In order; later changes append here. */
export const departmentMigrations = [DepartmentSchema1764100000000];
