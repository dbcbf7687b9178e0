import './shims'; // first: must run before anything loads graphql or jose
import { signIdentity } from '../../shared/identity';
import { jointSdl } from '../../subgraphs/joint-inspection/schema';
import { TEST_IDENTITY_SECRET } from '../helpers';
import { ENTITIES, PUBLIC, SERVICE, startJoint, type JointHarness } from './fixture';

const ENTITIES_QUERY = `query($r: [_Any!]!) { _entities(representations: $r) {
  __typename
  ... on Department { code name role }
  ... on MarketEntity { creditCode name industryName }
} }`;

let h: JointHarness;
beforeAll(async () => {
  h = await startJoint('joint_fed');
});
afterAll(() => h?.close());

describe('federation', () => {
  it('resolves Department and MarketEntity representations in order, null for unknown keys', async () => {
    const r = await h.call(ENTITIES_QUERY, {
      r: [
        { __typename: 'MarketEntity', creditCode: ENTITIES[5].creditCode },
        { __typename: 'Department', code: 'ECO' },
        { __typename: 'Department', code: 'NOPE' },
        { __typename: 'MarketEntity', creditCode: '91350100M000100Y43' },
        { __typename: 'Department', code: 'SAMR' },
      ],
    }, SERVICE);
    expect(r.errors).toBeUndefined();
    expect(r.data._entities).toEqual([
      { __typename: 'MarketEntity', creditCode: ENTITIES[5].creditCode, name: ENTITIES[5].name, industryName: '制造业' },
      { __typename: 'Department', code: 'ECO', name: '生态环境局', role: 'MEMBER' },
      null,
      null,
      { __typename: 'Department', code: 'SAMR', name: '市场监督管理局', role: 'CONVENER' },
    ]);
  });

  it('masks a department phone reached through _entities for PUBLIC', async () => {
    const r = await h.call(`query($r: [_Any!]!) { _entities(representations: $r) { ... on Department { contactPhone } } }`, {
      r: [{ __typename: 'Department', code: 'SAMR' }],
    }, PUBLIC);
    expect(r.data._entities).toEqual([{ contactPhone: '138****5678' }]);
  });

  it('batches MarketEntity references: 10 and 100 representations cost the same SQL statements', async () => {
    const run = async (n: number) => {
      const reps = ENTITIES.slice(0, n).map((e) => ({ __typename: 'MarketEntity', creditCode: e.creditCode }));
      h.counter.reset();
      const r = await h.call(ENTITIES_QUERY, { r: reps }, SERVICE);
      expect(r.errors).toBeUndefined();
      expect(r.data._entities.map((e: { creditCode: string }) => e.creditCode)).toEqual(reps.map((x) => x.creditCode));
      return { count: h.counter.count, queries: [...h.counter.queries] };
    };
    const ten = await run(10);
    const hundred = await run(100);
    console.log(`[joint] _entities SQL statements: 10 representations → ${ten.count}, 100 representations → ${hundred.count}\n  ${hundred.queries.join('\n  ')}`);
    expect(hundred.count).toBe(ten.count);
    expect(ten.count).toBe(1);
  });

  it('batches Department references too (one SELECT for several)', async () => {
    h.counter.reset();
    const r = await h.call(ENTITIES_QUERY, { r: ['SAMR', 'ECO', 'FIRE', 'X1'].map((code) => ({ __typename: 'Department', code })) }, SERVICE);
    expect(r.errors).toBeUndefined();
    expect(h.counter.count).toBe(1);
  });

  it('refuses an unsigned or forged request with HTTP 401', async () => {
    const unsigned = await h.call('{ departments { code } }', {}, null);
    expect(unsigned.status).toBe(401);
    expect(unsigned.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const forged = await fetch(h.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...signIdentity({ sub: 'x', role: 'JOINT_OFFICE' }, 'wrong-secret', { method: 'POST', target: 'joint-inspection', body: JSON.stringify({ query: '{ departments { code } }' }) }) },
      body: JSON.stringify({ query: '{ departments { code } }' }),
    });
    expect(forged.status).toBe(401);
    expect(TEST_IDENTITY_SECRET).not.toBe('wrong-secret');
  });

  it('jointSdl() is exactly what _service { sdl } serves, with both keys', async () => {
    const r = await h.call('{ _service { sdl } }', {}, SERVICE);
    const sdl = await jointSdl();
    expect(r.data._service.sdl).toBe(sdl);
    expect(sdl).toMatch(/type Department\s+@key\(fields: "code"\)/);
    expect(sdl).toMatch(/type MarketEntity\s+@key\(fields: "creditCode"\)/);
  });
});
