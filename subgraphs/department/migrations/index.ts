import { DepartmentSchema1764100000000 } from './1764100000000-DepartmentSchema';
import { Matching1764500000000 } from './1764500000000-Matching';
import { DepartmentAudit1765100000001 } from './1765100000001-DepartmentAudit';
import { CreditClassSync1765200000001 } from './1765200000001-CreditClassSync';

/** In order; later changes append here. */
export const departmentMigrations = [DepartmentSchema1764100000000, Matching1764500000000, DepartmentAudit1765100000001, CreditClassSync1765200000001];
