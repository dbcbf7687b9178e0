// The gateway's fast path (gateway/fast-path.ts) answers exactly as the runtime does: forwarded single-subgraph
// queries, shared answers per role, cleared by mutations, never shared across departments or with inspectors.
import { startTestHub, type TestHub } from './hub';
import { callGateway } from '../helpers';
import { DEVELOPMENT_LIMITS } from '../../gateway/limits';
import { ChecklistItem } from '../../subgraphs/department/checklist-item.entity';
import { SINGLE_DEPARTMENT } from '../../bench/queries';

const SUMMARY = 'query Summary { departments { code summary { publishedItems poolSize activeInspectors } } }';
const JOINT_ONLY = 'query Registry { departments { code name } }';
const PUBLISHED = 'query Published($d: String!) { checklist(department: $d, status: PUBLISHED) { id code } }';

describe('gateway fast path', () => {
  let hub: TestHub;
  let office: string;
  let office2: string;
  let samrAdmin: string;
  let ecoStaff: string;
  let inspector: string;

  beforeAll(async () => {
    hub = await startTestHub(['SAMR', 'ECO']);
    office = await hub.token({ sub: 'office-1', role: 'JOINT_OFFICE' });
    office2 = await hub.token({ sub: 'office-2', role: 'JOINT_OFFICE' });
    samrAdmin = await hub.token({ sub: 'samr-admin', role: 'DEPT_ADMIN', department: 'SAMR' });
    ecoStaff = await hub.token({ sub: 'eco-staff', role: 'DEPT_STAFF', department: 'ECO' });
    const samrInspector = hub.data.inspectors.find((i) => i.department === 'SAMR')!;
    inspector = await hub.token({ sub: samrInspector.certificateNumber, role: 'INSPECTOR', department: 'SAMR' });
  });
  afterAll(async () => {
    await hub?.close();
  });

  const gateway = (fastPath: { forward: boolean; cacheTtlMs: number } | false) =>
    hub.extraGateway({ fastPath }).then(({ url, gateway: gw }) => ({ url, gw }));

  test('forwarded answers equal the runtime’s, data and errors alike', async () => {
    const plain = await gateway(false);
    const fast = await gateway({ forward: true, cacheTtlMs: 0 });
    const cases: [string, Record<string, unknown>, string | undefined][] = [
      [SINGLE_DEPARTMENT, {}, office],
      [JOINT_ONLY, {}, undefined],
      [PUBLISHED, { d: 'ECO' }, ecoStaff],
      // Another department's private pool: FORBIDDEN, from the department itself.
      ['query Pool { targetPool(department: "SAMR", first: 2) { totalCount } }', {}, ecoStaff],
      // A department nobody configured.
      ['query Nowhere { checklist(department: "NOPE") { code } }', {}, office],
    ];
    for (const [query, variables, token] of cases) {
      const expected = await callGateway(plain.url, query, variables, token);
      // The first request teaches the fast path the document; the second takes it.
      await callGateway(fast.url, query, variables, token);
      const before = fast.gw.fastPath!.stats.forwarded;
      const got = await callGateway(fast.url, query, variables, token);
      expect(fast.gw.fastPath!.stats.forwarded).toBe(before + 1);
      expect(got.data ?? null).toEqual(expected.data ?? null);
      expect((got.errors ?? []).map((e) => e.extensions?.code)).toEqual((expected.errors ?? []).map((e) => e.extensions?.code));
    }
    expect(plain.gw.fastPath).toBeUndefined();
  });

  test('bad variables and bad tokens still get the runtime’s answer', async () => {
    const fast = await gateway({ forward: true, cacheTtlMs: 0 });
    await callGateway(fast.url, PUBLISHED, { d: 'SAMR' }, office);
    const bad = await callGateway(fast.url, PUBLISHED, { d: 42 }, office);
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const anon = await callGateway(fast.url, PUBLISHED, { d: 'SAMR' }, 'not-a-token');
    expect(anon.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  test('a department that is down answers DEPARTMENT_UNAVAILABLE on the fast path too', async () => {
    const fast = await gateway({ forward: true, cacheTtlMs: 0 });
    const query = 'query Down { checklist(department: "ECO") { code } }';
    await callGateway(fast.url, query, {}, office);
    await hub.stopDepartment('ECO');
    try {
      const res = await callGateway(fast.url, query, {}, office);
      expect(res.errors?.[0]?.extensions?.code).toBe('DEPARTMENT_UNAVAILABLE');
    } finally {
      await hub.restartDepartment('ECO');
    }
  });

  test('users of one role share an answer; a mutation through the gateway clears it at once', async () => {
    const fast = await gateway({ forward: true, cacheTtlMs: 60_000 });
    const stats = fast.gw.fastPath!.stats;
    const first = await callGateway(fast.url, SUMMARY, {}, office);
    await callGateway(fast.url, SUMMARY, {}, office); // learned, stored
    const hits = stats.cacheHits;
    const shared = await callGateway(fast.url, SUMMARY, {}, office2);
    expect(stats.cacheHits).toBe(hits + 1);
    expect(shared.data).toEqual(first.data);

    const published = await callGateway(fast.url, PUBLISHED, { d: 'SAMR' }, samrAdmin);
    const item = published.data.checklist[0];
    const retired = await callGateway(fast.url, 'mutation Retire($id: ID!) { retireChecklistItem(department: "SAMR", id: $id) { status } }', { id: item.id }, samrAdmin);
    expect(retired.errors).toBeUndefined();
    const after = await callGateway(fast.url, SUMMARY, {}, office2);
    const samr = (d: any) => d.departments.find((x: any) => x.code === 'SAMR').summary.publishedItems;
    expect(samr(after.data)).toBe(samr(first.data) - 1);
  });

  test('no sharing across departments, and none for inspectors', async () => {
    const fast = await gateway({ forward: true, cacheTtlMs: 60_000 });
    const stats = fast.gw.fastPath!.stats;
    const query = 'query Mine { inspectors(department: "SAMR", first: 3) { totalCount edges { node { name } } } }';
    const samr = await callGateway(fast.url, query, {}, samrAdmin);
    await callGateway(fast.url, query, {}, samrAdmin);
    const hits = stats.cacheHits;
    // ECO staff may not read SAMR's inspectors: they must get their own answer, not SAMR's.
    const eco = await callGateway(fast.url, query, {}, ecoStaff);
    expect(stats.cacheHits).toBe(hits);
    expect(eco.data?.inspectors ?? null).not.toEqual(samr.data.inspectors);
    await callGateway(fast.url, query, {}, inspector);
    await callGateway(fast.url, query, {}, inspector);
    expect(stats.cacheHits).toBe(hits);
  });

  test('a change made outside the gateway shows once the answer expires', async () => {
    const fast = await gateway({ forward: true, cacheTtlMs: 400 });
    const read = async () => (await callGateway(fast.url, PUBLISHED, { d: 'ECO' }, office)).data.checklist.length as number;
    const before = await read();
    await read(); // stored
    const repo = hub.departments.get('ECO')!.dataSource.getRepository(ChecklistItem);
    const one = await repo.findOneByOrFail({ status: 'PUBLISHED' } as never);
    await repo.update({ id: one.id } as never, { status: 'RETIRED' } as never);
    expect(await read()).toBe(before); // still the shared answer
    await new Promise((r) => setTimeout(r, 500));
    expect(await read()).toBe(before - 1);
  });

  test('one rate-limit point per request, fast path or not', async () => {
    const { url, gateway: gw } = await hub.extraGateway({
      limits: { ...DEVELOPMENT_LIMITS, rateLimit: { requests: 4, windowSeconds: 60 } },
      fastPath: { forward: true, cacheTtlMs: 0 },
    });
    const codes = [];
    for (let i = 0; i < 5; i++) codes.push((await callGateway(url, JOINT_ONLY, {}, office)).errors?.[0]?.extensions?.code ?? 'OK');
    expect(codes).toEqual(['OK', 'OK', 'OK', 'OK', 'RATE_LIMITED']);
    expect(gw.fastPath!.stats.forwarded).toBe(3);
  });
});
