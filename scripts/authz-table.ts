// npm run authz:table — rewrites the README's authorization table from shared/authz-matrix.ts.
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { withAuthzTable } from '../shared/authz-matrix';

const path = resolve(__dirname, '..', '..', 'README.md');
writeFileSync(path, withAuthzTable(readFileSync(path, 'utf8')));
console.log(`README.md: authorization table updated`);
