import './shims'; // first: must run before anything loads graphql or jose
import type { DemoEntity } from '../../shared/demo-data';
import { makeUscc } from '../../shared/validation';
import { ENTITIES, PUBLIC, rowCount, staff, startJoint, type JointHarness } from './fixture';

const PAGE = `query($first: Int, $after: String, $search: String, $filter: MarketEntityFilter) {
  marketEntities(first: $first, after: $after, search: $search, filter: $filter) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { creditCode } }
  }
}`;
const GET = `query($c: String!) { marketEntity(creditCode: $c) {
  creditCode name entityType industrySection industryName regionCode address legalRepresentative creditClass
  hasComplaints onAbnormalList hasSeriousViolations updatedAt } }`;
const REGISTER = `mutation($input: RegisterMarketEntityInput!) { registerMarketEntity(input: $input) { creditCode name industryName creditClass hasComplaints } }`;
const UPDATE = `mutation($c: String!, $input: UpdateMarketEntityInput!) { updateMarketEntity(creditCode: $c, input: $input) { creditCode name creditClass onAbnormalList updatedAt } }`;

let h: JointHarness;
beforeAll(async () => {
  h = await startJoint('joint_me');
});
afterAll(() => h?.close());

/** Walks every page; returns the credit codes in order and each page's totalCount. */
async function walk(first: number, search?: string, filter?: Record<string, unknown>) {
  const codes: string[] = [];
  const totals = new Set<number>();
  let after: string | null = null;
  for (let pages = 0; pages < 100; pages++) {
    const r: any = await h.call(PAGE, { first, after, search, filter }, PUBLIC);
    expect(r.errors).toBeUndefined();
    const c = r.data.marketEntities;
    totals.add(c.totalCount);
    codes.push(...c.edges.map((e: any) => e.node.creditCode));
    if (!c.pageInfo.hasNextPage) return { codes, totals: [...totals] };
    expect(c.pageInfo.endCursor).toBe(c.edges[c.edges.length - 1].cursor);
    after = c.pageInfo.endCursor;
  }
  throw new Error('pagination did not terminate');
}

const expected = (pred: (e: DemoEntity) => boolean) => ENTITIES.filter(pred).map((e) => e.creditCode);

describe('market entities — reads (public registration information)', () => {
  it('gets one entity by credit code, with the industry name; null when unknown', async () => {
    const e = ENTITIES[3];
    const r = await h.call(GET, { c: e.creditCode }, PUBLIC);
    expect(r.errors).toBeUndefined();
    expect(r.data.marketEntity).toMatchObject({ ...e, industryName: '信息传输、软件和信息技术服务业' });
    expect(new Date(r.data.marketEntity.updatedAt).getTime()).not.toBeNaN();
    const none = await h.call(GET, { c: '91350100M000100Y43' }, PUBLIC);
    expect(none.data.marketEntity).toBeNull();
  });

  it('paginates across pages without duplicates or gaps, totalCount constant', async () => {
    const { codes, totals } = await walk(25);
    expect(totals).toEqual([ENTITIES.length]);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes).toEqual(ENTITIES.map((e) => e.creditCode));
  });

  it('handles first: 0 and an exact last page', async () => {
    const zero = await h.call(PAGE, { first: 0 });
    expect(zero.data.marketEntities).toMatchObject({ totalCount: 120, edges: [], pageInfo: { hasNextPage: true, endCursor: null } });
    const { codes } = await walk(40);
    expect(codes).toHaveLength(120);
  });

  it('searches by name (contains) and by credit-code prefix', async () => {
    const byName = await walk(10, '建材');
    expect(byName.codes).toEqual(expected((e) => e.name.includes('建材')));
    expect(byName.totals).toEqual([24]);
    const byPrefix = await walk(10, '92361129');
    expect(byPrefix.codes).toEqual(expected((e) => e.creditCode.startsWith('92361129')));
    expect(byPrefix.codes.length).toBeGreaterThan(0);
    const wildcard = await walk(10, '%');
    expect(wildcard.codes).toEqual([]);
  });

  it.each<[string, Record<string, unknown>, (e: DemoEntity) => boolean]>([
    ['industrySections', { industrySections: ['C', 'H'] }, (e) => ['C', 'H'].includes(e.industrySection)],
    ['regionCodes (prefix)', { regionCodes: ['361129002', '361128'] }, (e) => e.regionCode === '361129002' || e.regionCode.startsWith('361128')],
    ['creditClasses', { creditClasses: ['C', 'D'] }, (e) => ['C', 'D'].includes(e.creditClass)],
    ['hasComplaints', { hasComplaints: true }, (e) => e.hasComplaints],
    ['onAbnormalList: false', { onAbnormalList: false }, (e) => !e.onAbnormalList],
    ['hasSeriousViolations', { hasSeriousViolations: true }, (e) => e.hasSeriousViolations],
    [
      'combined',
      { industrySections: ['F'], creditClasses: ['A', 'B'], regionCodes: ['361129'] },
      (e) => e.industrySection === 'F' && ['A', 'B'].includes(e.creditClass) && e.regionCode.startsWith('361129'),
    ],
  ])('filters by %s', async (_label, filter, pred) => {
    const want = expected(pred);
    expect(want.length).toBeGreaterThan(0);
    const { codes, totals } = await walk(7, undefined, filter);
    expect(codes).toEqual(want);
    expect(totals).toEqual([want.length]);
  });

  it('combines search with a filter', async () => {
    const { codes } = await walk(50, '陈营', { creditClasses: ['A'] });
    expect(codes).toEqual(expected((e) => e.name.includes('陈营') && e.creditClass === 'A'));
  });

  it('rejects a bad cursor, page size or region prefix with BAD_USER_INPUT', async () => {
    for (const vars of [{ after: 'garbage' }, { first: 1000 }, { filter: { regionCodes: ['36x'] } }]) {
      const r = await h.call(PAGE, vars);
      expect(r.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    }
  });
});

describe('market entities — writes', () => {
  const fresh = makeUscc('91361129', '20000001');

  it.each([
    ['wrong check character', (() => { const c = makeUscc('91361129', '20000002'); return c.slice(0, 17) + (c[17] === '1' ? '2' : '1'); })()],
    ['an excluded letter (I)', '91361129MA35I1234X'],
    ['wrong length', '9136112920000'],
  ])('rejects an invalid USCC (%s) naming 统一社会信用代码, nothing written', async (_label, creditCode) => {
    const before = await rowCount(h.dataSource, 'market_entity');
    const r = await h.call(REGISTER, { input: { creditCode, name: '某公司' } });
    expect(r.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: '统一社会信用代码' });
    expect(r.errors?.[0].message).toMatch(/^统一社会信用代码：/);
    expect(await rowCount(h.dataSource, 'market_entity')).toBe(before);
  });

  it('lets the joint office register an entity', async () => {
    const r = await h.call(REGISTER, { input: { creditCode: fresh, name: '万年新开餐饮有限公司', industrySection: 'H', creditClass: 'B', regionCode: '361129001' } });
    expect(r.errors).toBeUndefined();
    expect(r.data.registerMarketEntity).toEqual({ creditCode: fresh, name: '万年新开餐饮有限公司', industryName: '住宿和餐饮业', creditClass: 'B', hasComplaints: false });
  });

  it('rejects a duplicate credit code with CONFLICT, nothing written', async () => {
    const before = await rowCount(h.dataSource, 'market_entity');
    const r = await h.call(REGISTER, { input: { creditCode: ENTITIES[0].creditCode, name: '重复' } });
    expect(r.errors?.[0].extensions?.code).toBe('CONFLICT');
    expect(await rowCount(h.dataSource, 'market_entity')).toBe(before);
  });

  it('refuses registration and update by department staff and PUBLIC', async () => {
    const before = await rowCount(h.dataSource, 'market_entity');
    for (const who of [staff('SAMR'), PUBLIC]) {
      const r = await h.call(REGISTER, { input: { creditCode: makeUscc('91361129', '20000003'), name: 'x' } }, who);
      expect(r.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      const u = await h.call(UPDATE, { c: fresh, input: { name: 'y' } }, who);
      expect(u.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    }
    expect(await rowCount(h.dataSource, 'market_entity')).toBe(before);
  });

  it('lets the joint office update an entity; unknown → NOT_FOUND; bad region → BAD_USER_INPUT', async () => {
    const before = (await h.call(GET, { c: fresh })).data.marketEntity.updatedAt;
    await new Promise((r) => setTimeout(r, 1100)); // MariaDB DATETIME has second precision
    const r = await h.call(UPDATE, { c: fresh, input: { creditClass: 'D', onAbnormalList: true } });
    expect(r.errors).toBeUndefined();
    expect(r.data.updateMarketEntity).toMatchObject({ creditCode: fresh, name: '万年新开餐饮有限公司', creditClass: 'D', onAbnormalList: true });
    expect(new Date(r.data.updateMarketEntity.updatedAt).getTime()).toBeGreaterThan(new Date(before).getTime());
    const missing = await h.call(UPDATE, { c: '91350100M000100Y43', input: { name: 'x' } });
    expect(missing.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const bad = await h.call(UPDATE, { c: fresh, input: { regionCode: '3611' } });
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: '行政区划代码' });
  });
});
