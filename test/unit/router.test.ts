import { parse, print, type OperationDefinitionNode } from 'graphql';
import { mergeShardResults, planShardedRequest, unavailable, type ShardOutcome, type ShardPlan } from '../../gateway/router';

const printed = (plan: ShardPlan) =>
  plan.batches.map((b) => b.map((r) => ({ department: r.department, query: print(r.document).replace(/\s+/g, ' '), variables: r.variables })));

function answer(plan: ShardPlan, respond: (department: string, query: string, variables: Record<string, unknown>) => ShardOutcome) {
  const outcomes = new Map<string, ShardOutcome[]>();
  for (const batch of plan.batches)
    for (const r of batch) outcomes.set(r.department, [...(outcomes.get(r.department) ?? []), respond(r.department, print(r.document), r.variables)]);
  return mergeShardResults(plan, outcomes);
}

describe('router: splitting', () => {
  test('routes root fields by literal and variable department, one request per department', () => {
    const doc = parse(`query Q($d: String!, $unused: Int) {
      a: checklist(department: "SAMR") { id }
      b: checklist(department: $d) { id }
      c: inspectors(department: "SAMR", first: 5) { totalCount }
    }`);
    const plan = planShardedRequest(doc, { d: 'ECO', unused: 1 });
    expect(plan.batches).toHaveLength(1);
    const reqs = printed(plan)[0]!;
    expect(reqs.map((r) => r.department).sort()).toEqual(['ECO', 'SAMR']);
    const samr = reqs.find((r) => r.department === 'SAMR')!;
    expect(samr.query).toContain('a: checklist');
    expect(samr.query).toContain('c: inspectors');
    expect(samr.query).not.toContain('$d');
    expect(samr.variables).toEqual({});
    const eco = reqs.find((r) => r.department === 'ECO')!;
    expect(eco.query).toContain('query Q($d: String!)');
    expect(eco.variables).toEqual({ d: 'ECO' });
  });

  test('splits _entities representations by department and keeps batched entity fields apart', () => {
    const doc = parse(`query($representations: [_Any!]!, $r2: [_Any!]!) {
      _v0__entities: _entities(representations: $representations) { ... on Department { code } }
      _v1__entities: _entities(representations: $r2) { ...I }
    }
    fragment I on Inspector { name }
    fragment Unused on Inspector { phone }`);
    const reps = [
      { __typename: 'Department', code: 'SAMR' },
      { __typename: 'Department', code: 'ECO' },
      { __typename: 'Department', code: 'SAMR' },
    ];
    const r2 = [{ __typename: 'Inspector', department: 'ECO', id: '7' }];
    const plan = planShardedRequest(doc, { representations: reps, r2 });
    const reqs = printed(plan)[0]!;
    const samr = reqs.find((r) => r.department === 'SAMR')!;
    expect(Object.values(samr.variables)).toEqual([[reps[0], reps[2]]]);
    expect(samr.query).not.toContain('fragment I');
    const eco = reqs.find((r) => r.department === 'ECO')!;
    expect(eco.query).toContain('fragment I on Inspector');
    expect(eco.query).not.toContain('Unused');
    expect(Object.values(eco.variables)).toEqual([[reps[1]], r2]);
  });

  test('root-level fragments are flattened; __typename answered locally', () => {
    const doc = parse(`query { __typename ...F ... on Query { y: checklist(department: "ECO") { id } } }
      fragment F on Query { x: checklist(department: "SAMR") { id } }`);
    const plan = planShardedRequest(doc, {});
    expect(plan.routes.map((r) => r.key)).toEqual(['__typename', 'x', 'y']);
    const merged = answer(plan, (d) => ({ ok: true, result: { data: d === 'SAMR' ? { x: [{ id: '1' }] } : { y: [{ id: '2' }] } } }));
    expect(Object.keys(merged.data!)).toEqual(['__typename', 'x', 'y']);
    expect(merged.data).toEqual({ __typename: 'Query', x: [{ id: '1' }], y: [{ id: '2' }] });
  });

  test('mutations for two departments run in order, consecutive ones batched', () => {
    const doc = parse(`mutation {
      m1: publishChecklistItem(department: "SAMR", id: "1") { id }
      m2: publishChecklistItem(department: "SAMR", id: "2") { id }
      m3: publishChecklistItem(department: "ECO", id: "3") { id }
      m4: publishChecklistItem(department: "SAMR", id: "4") { id }
    }`);
    const plan = planShardedRequest(doc, {});
    expect(plan.batches.map((b) => b.map((r) => r.department))).toEqual([['SAMR'], ['ECO'], ['SAMR']]);
    const first = plan.batches[0]![0]!.document.definitions[0] as OperationDefinitionNode;
    expect(first.selectionSet.selections).toHaveLength(2);
    const merged = answer(plan, (_d, q) => {
      const keys = [...q.matchAll(/(m\d):/g)].map((m) => m[1]!);
      return { ok: true, result: { data: Object.fromEntries(keys.map((k) => [k, { id: k }])) } };
    });
    expect(Object.keys(merged.data!)).toEqual(['m1', 'm2', 'm3', 'm4']);
    expect(merged.data!.m4).toEqual({ id: 'm4' });
  });

  test('a root field without department is an error, not a guess', () => {
    const plan = planShardedRequest(parse('{ checklist { id } }'), {});
    const merged = answer(plan, () => ({ ok: true, result: { data: {} } }));
    expect(merged.data).toEqual({ checklist: null });
    expect(merged.errors![0]!.extensions!.code).toBe('MISROUTED');
  });
});

describe('router: merging', () => {
  const doc = parse(`query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Department { code } } }`);
  const reps = ['SAMR', 'ECO', 'FIRE', 'ECO', 'SAMR'].map((code) => ({ __typename: 'Department', code }));

  test('entities come back in the original order; error paths are re-indexed and tagged', () => {
    const plan = planShardedRequest(doc, { representations: reps });
    const merged = answer(plan, (d, _q, vars) => {
      const mine = Object.values(vars)[0] as { code: string }[];
      return {
        ok: true,
        result: {
          data: { _entities: mine.map((r, i) => (d === 'ECO' && i === 1 ? null : { code: r.code })) },
          errors: d === 'ECO' ? [{ message: 'boom', path: ['_entities', 1, 'checklist'], extensions: { code: 'FORBIDDEN' } }] : undefined,
        },
      };
    });
    expect(merged.data!._entities).toEqual([{ code: 'SAMR' }, { code: 'ECO' }, { code: 'FIRE' }, null, { code: 'SAMR' }]);
    expect(merged.errors).toEqual([
      { message: 'boom', path: ['_entities', 3, 'checklist'], extensions: { code: 'FORBIDDEN', department: 'ECO' } },
    ]);
  });

  test('a department that is down nulls only its entities and names itself', () => {
    const plan = planShardedRequest(doc, { representations: reps });
    const merged = answer(plan, (d, _q, vars) =>
      d === 'FIRE' ? unavailable('FIRE', 'ECONNREFUSED') : { ok: true, result: { data: { _entities: (Object.values(vars)[0] as object[]).map(() => ({ code: d })) } } },
    );
    expect(merged.data!._entities).toEqual([{ code: 'SAMR' }, { code: 'ECO' }, null, { code: 'ECO' }, { code: 'SAMR' }]);
    expect(merged.errors).toHaveLength(1);
    expect(merged.errors![0]).toMatchObject({ path: ['_entities', 2], extensions: { code: 'DEPARTMENT_UNAVAILABLE', department: 'FIRE' } });
  });

  test('errors without a path (validation) are kept once, tagged with the department', () => {
    const plan = planShardedRequest(parse('{ a: checklist(department: "SAMR") { id } b: checklist(department: "SAMR") { nope } }'), {});
    const merged = answer(plan, () => ({ ok: true, result: { errors: [{ message: 'Cannot query field nope', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }] } }));
    expect(merged.data).toEqual({ a: null, b: null });
    expect(merged.errors).toHaveLength(1);
    expect(merged.errors![0]!.extensions!.department).toBe('SAMR');
  });
});
