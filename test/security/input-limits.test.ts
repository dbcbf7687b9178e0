// Bounds at the schema edge (shared/input-limits.ts) and the cost limit with variables (gateway/limits.ts), on the
// committed supergraph's API: each case is one the issue found served or crashing.
import { buildSchema, parse, validate } from 'graphql';
import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { readCommitted } from '../../gateway/compose';
import { costWithVariables } from '../../gateway/limits';
import { checkOperationInputs, forbiddenCharacter, LIST_LIMITS, TEXT_LIMITS } from '../../shared/input-limits';

// The API schema without the federation directives' definitions: enough to type arguments.
const schema = buildSchema(readCommitted().supergraph, { assumeValidSDL: true });
const check = (query: string, variables: Record<string, unknown> = {}) => checkOperationInputs(schema, parse(query), variables);

describe('string lengths at the edge', () => {
  test('a 60,000-character search is refused with BAD_USER_INPUT and the limit, as a literal or a variable', () => {
    const long = '测'.repeat(60_000);
    for (const e of [check(`{ publishedResults(search: "${long}") { corrected } }`), check('query($s: String) { publishedResults(search: $s) { corrected } }', { s: long })]) {
      expect(e?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: TEXT_LIMITS.search, field: 'search' });
      expect(e?.message).toMatch(/长度不能超过100个字符/);
    }
  });

  test('a 5 MB string inside an input object is refused (department inspectors filter)', () => {
    const e = check('query($f: InspectorFilter) { inspectors(department: "SAMR", filter: $f) { totalCount } }', { f: { search: 'x'.repeat(5_000_000) } });
    expect(e?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.search', limit: 100 });
  });

  test('characters are counted, not UTF-16 units: 100 astral characters are within the search limit', () => {
    expect(check('query($s: String) { publishedResults(search: $s) { corrected } }', { s: '𠀀'.repeat(100) })).toBeNull();
    expect(check('query($s: String) { publishedResults(search: $s) { corrected } }', { s: '𠀀'.repeat(101) })).not.toBeNull();
  });
});

describe('list sizes at the edge', () => {
  test('regionCodes of 200,000 items is refused with the list limit', () => {
    const e = check('query($f: MarketEntityFilter) { marketEntities(filter: $f) { totalCount } }', { f: { regionCodes: Array.from({ length: 200_000 }, () => '3611') } });
    expect(e?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: LIST_LIMITS.regionCodes, found: 200_000 });
  });

  test('tags of the target pool filter: 51 items refused, 50 pass', () => {
    const q = 'query($f: TargetPoolFilter) { targetPool(department: "SAMR", filter: $f) { totalCount } }';
    expect(check(q, { f: { tags: Array.from({ length: 51 }, (_, i) => `t${i}`) } })?.extensions?.limit).toBe(50);
    expect(check(q, { f: { tags: Array.from({ length: 50 }, (_, i) => `t${i}`) } })).toBeNull();
  });
});

describe('IDs at the edge', () => {
  test.each(['NaN', 'Infinity', '1e400', '-1', '1.5', ' 1', '9'.repeat(16), ''])('draw(id: %p) and drawRound are BAD_USER_INPUT', (id) => {
    for (const field of ['draw', 'drawRound']) {
      const e = check(`query($id: ID!) { ${field}(id: $id) { id } }`, { id });
      expect(e?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(e?.message).toMatch(/编号无效/);
    }
  });

  test('ordinary ids pass, as strings or numbers', () => {
    expect(check('query($id: ID!) { draw(id: $id) { id } }', { id: '42' })).toBeNull();
    expect(check('query($id: ID!) { draw(id: $id) { id } }', { id: 42 })).toBeNull();
    expect(check('{ drawRound(id: 7) { id } }')).toBeNull();
  });
});

describe('control and bidirectional characters at the edge', () => {
  test.each([
    ['RTL override', '张三\u202E公司'],
    ['NUL', 'a\u0000b'],
    ['lone surrogate', 'a\uD800b'],
    ['bell', 'a\u0007b'],
    ['right-to-left isolate', 'a\u2067b\u2069'],
    ['C1 control', 'a\u0085b'],
  ])('%s in a name is refused', (_label, name) => {
    const e = check('mutation($i: RegisterDepartmentInput!) { registerDepartment(input: $i) { code } }', { i: { code: 'TEST', name } });
    expect(e?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(e?.message).toMatch(/控制字符/);
  });

  test('line breaks, tabs, zero-width spaces and ordinary CJK text are accepted', () => {
    expect(forbiddenCharacter('第一行\n第二行\t（附注）\u200B１３８')).toBeNull();
  });
});

describe('cost limit with the request variables', () => {
  const query = 'query($n: Int) { inspectors(department: "SAMR", first: $n) { edges { node { id name phone certificateNumber expertise } } } }';
  const literal = (n: number) => `{ inspectors(department: "SAMR", first: ${n}) { edges { node { id name phone certificateNumber expertise } } } }`;

  test('first: $n with n = 200 costs what first: 200 costs, and is refused', () => {
    const e = costWithVariables(schema, parse(query), { n: 200 }, 5000);
    expect(e?.extensions).toMatchObject({ code: 'QUERY_TOO_COSTLY', limit: 5000 });
    // The same figure as the literal form, which the validation rule refuses.
    const rejected: string[] = [];
    validate(schema, parse(literal(200)), [costLimitRule({ maxCost: 5000, flattenFragments: true, propagateOnRejection: false, onReject: [(_c: unknown, err: Error) => void rejected.push(err.message)] })]);
    expect(rejected[0]).toContain(`found ${e?.extensions.found}`);
  });

  test('a small n passes', () => {
    expect(costWithVariables(schema, parse(query), { n: 10 }, 5000)).toBeNull();
  });
});
