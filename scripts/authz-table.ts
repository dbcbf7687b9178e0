// npm run authz:table — rewrites the authorization table in docs/authorization.md from shared/authz-matrix.ts.
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { withAuthzTable } from '../shared/authz-matrix';

const path = resolve(__dirname, '..', '..', 'docs', 'authorization.md');
writeFileSync(path, withAuthzTable(readFileSync(path, 'utf8')));
console.log(`docs/authorization.md: authorization table updated`);
