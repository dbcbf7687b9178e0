import { buildSchema, parse } from 'graphql';
import { readCommitted } from '../../gateway/compose';
import { fieldOwners, singleSubgraph } from '../../gateway/single-subgraph';
import { cacheScope } from '../../gateway/fast-path';
import { DEEP, OVERVIEW, SINGLE_DEPARTMENT } from '../../bench/queries';

const { supergraph } = readCommitted();
const schema = buildSchema(supergraph, { assumeValidSDL: true });
const owners = fieldOwners(supergraph);
const owner = (query: string, operationName?: string) => singleSubgraph(schema, parse(query), owners, operationName);

describe('single-subgraph: who alone can answer a query', () => {
  test('reads the owners off the join directives', () => {
    expect([...owners.get('Query')!.get('inspectors')!]).toEqual(['department']);
    expect([...owners.get('Query')!.get('departments')!]).toEqual(['joint-inspection']);
    expect([...owners.get('Department')!.get('summary')!]).toEqual(['department']);
    // A key field both subgraphs define.
    expect([...owners.get('Department')!.get('code')!].sort()).toEqual(['department', 'joint-inspection']);
  });

  test('a single department query belongs to the department subgraph alone', () => {
    expect(owner(SINGLE_DEPARTMENT)).toEqual(['department']);
  });

  test('a joint-only query belongs to the joint subgraph, fields reached through fragments included', () => {
    expect(owner('query { departments { code name } }')).toEqual(['joint-inspection']);
    expect(owner('query Q { ...F } fragment F on Query { departments { ... on Department { code } } }')).toEqual(['joint-inspection']);
  });

  test('queries spanning subgraphs need a plan', () => {
    expect(owner(OVERVIEW)).toBeNull();
    expect(owner(DEEP)).toBeNull();
    expect(owner('query { departments { code summary { poolSize } } }')).toBeNull();
  });

  test('mutations, introspection, other directives and a missing operation are left to the runtime', () => {
    expect(owner('mutation { __typename }')).toBeNull();
    expect(owner('query { __schema { types { name } } }')).toBeNull();
    expect(owner('query { departments @deprecated { code } }')).toBeNull();
    expect(owner('query A { departments { code } } query B { departments { name } }')).toBeNull();
    expect(owner('query A { departments { code } } query B { departments { name } }', 'B')).toEqual(['joint-inspection']);
  });

  test('include/skip and __typename do not change the answer', () => {
    expect(owner('query Q($x: Boolean!) { __typename departments @include(if: $x) { __typename code } }')).toEqual(['joint-inspection']);
  });
});

describe('fast path: whose answers may be shared', () => {
  test('one scope per role, per department for department staff; none for inspectors and services', () => {
    expect(cacheScope({ sub: 'anonymous', role: 'PUBLIC' })).toBe('PUBLIC');
    expect(cacheScope({ sub: 'a', role: 'JOINT_OFFICE' })).toBe(cacheScope({ sub: 'b', role: 'JOINT_OFFICE' }));
    expect(cacheScope({ sub: 'a', role: 'DEPT_STAFF', department: 'SAMR' })).toBe('DEPT_STAFF:SAMR');
    expect(cacheScope({ sub: 'a', role: 'DEPT_STAFF', department: 'SAMR' })).not.toBe(cacheScope({ sub: 'a', role: 'DEPT_STAFF', department: 'PSB' }));
    expect(cacheScope({ sub: 'a', role: 'DEPT_ADMIN', department: 'SAMR' })).not.toBe(cacheScope({ sub: 'a', role: 'DEPT_STAFF', department: 'SAMR' }));
    expect(cacheScope({ sub: 'c-1', role: 'INSPECTOR', department: 'SAMR' })).toBeNull();
    expect(cacheScope({ sub: 'joint-inspection', role: 'SERVICE' })).toBeNull();
  });
});
