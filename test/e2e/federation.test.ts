import { parse } from 'graphql';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { startTestHub, type TestHub } from './hub';
import { callGateway, TEST_IDENTITY_SECRET, TEST_JWT_SECRET } from '../helpers';
import { createGateway, ContractDriftError } from '../../gateway/server';
import { readCommitted } from '../../gateway/compose';
import { createSubgraphHttpServer, listen } from '../../shared/subgraph-server';
import { signIdentity } from '../../shared/identity';

const OVERVIEW = '{ departments { code name checklist { name } inspectors(first: 5) { totalCount } } }';

describe('federation end-to-end over HTTP (3 department instances)', () => {
  let hub: TestHub;
  let joint: string;
  beforeAll(async () => {
    hub = await startTestHub(['SAMR', 'ECO', 'FIRE']);
    joint = await hub.token({ sub: 'office', role: 'JOINT_OFFICE' });
  });
  afterAll(async () => hub?.close());

  const published = (code: string) =>
    hub.data.checklistItems.filter((i) => i.department === code && i.status === 'PUBLISHED').map((i) => i.name).sort();
  const inspectorCount = (code: string) => hub.data.inspectors.filter((i) => i.department === code).length;

  test('the overview query returns each department its own data', async () => {
    const res = await callGateway(hub.gatewayUrl, OVERVIEW, {}, joint);
    expect(res.errors).toBeUndefined();
    const byCode = new Map<string, any>(res.data.departments.map((d: any) => [d.code, d]));
    for (const code of ['SAMR', 'ECO', 'FIRE']) {
      const d = byCode.get(code);
      expect(d).toBeDefined();
      expect(d.name).toBeTruthy();
      // The joint office sees every item state; compare the published subset with the seed.
      const names = (d.checklist as { name: string }[]).map((i) => i.name);
      expect(names).toEqual(expect.arrayContaining(published(code)));
      expect(d.inspectors.totalCount).toBe(inspectorCount(code));
    }
  });

  test('a routed mutation changes only its own department', async () => {
    const staff = await hub.token({ sub: 'eco-staff', role: 'DEPT_STAFF', department: 'ECO' });
    const before = await callGateway(hub.gatewayUrl, '{ samr: checklist(department: "SAMR") { id } eco: checklist(department: "ECO") { id } }', {}, joint);
    const res = await callGateway(
      hub.gatewayUrl,
      `mutation($input: ChecklistItemInput!) { createChecklistItem(department: "ECO", input: $input) { id department status } }`,
      { input: itemInput('ECO-T01') },
      staff,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.createChecklistItem).toMatchObject({ department: 'ECO', status: 'DRAFT' });
    const after = await callGateway(hub.gatewayUrl, '{ samr: checklist(department: "SAMR") { id } eco: checklist(department: "ECO") { id } }', {}, joint);
    expect(after.data.eco.length).toBe(before.data.eco.length + 1);
    expect(after.data.samr.length).toBe(before.data.samr.length);
  });

  test("department A's staff cannot write department B's data", async () => {
    const samrStaff = await hub.token({ sub: 'samr-staff', role: 'DEPT_STAFF', department: 'SAMR' });
    const before = await callGateway(hub.gatewayUrl, '{ checklist(department: "ECO") { id } }', {}, joint);
    const res = await callGateway(
      hub.gatewayUrl,
      `mutation($input: ChecklistItemInput!) { createChecklistItem(department: "ECO", input: $input) { id } }`,
      { input: itemInput('ECO-T02') },
      samrStaff,
    );
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const after = await callGateway(hub.gatewayUrl, '{ checklist(department: "ECO") { id } }', {}, joint);
    expect(after.data.checklist.length).toBe(before.data.checklist.length);
  });

  test('a subgraph refuses a request without a valid identity signature', async () => {
    const url = hub.departments.get('SAMR')!.running.url;
    const body = JSON.stringify({ query: '{ checklist(department: "SAMR") { id } }' });
    const unsigned = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(unsigned.status).toBe(401);
    const forged = signIdentity({ sub: 'x', role: 'JOINT_OFFICE' }, 'not-the-secret', { method: 'POST', target: 'department-SAMR', body });
    const bad = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...forged }, body });
    expect(bad.status).toBe(401);
    const jointRes = await fetch(hub.joint.running.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ departments { code } }' }) });
    expect(jointRes.status).toBe(401);
  });

  test('an invalid bearer token is refused at the gateway; no token means PUBLIC', async () => {
    const res = await fetch(hub.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer not.a.jwt' },
      body: JSON.stringify({ query: '{ departments { code } }' }),
    });
    expect(res.status).toBe(401);
    const pub = await callGateway(hub.gatewayUrl, '{ departments { code targetPool(first: 1) { totalCount } } }');
    const samr = pub.data.departments.find((d: any) => d.code === 'SAMR');
    expect(samr.targetPool).toBeNull();
    expect(pub.errors?.some((e) => e.extensions?.code === 'FORBIDDEN')).toBe(true);
  });

  // Found by the gateway benchmark: the HTTP executor merges identical in-flight subgraph requests, and its key
  // must include the signed identity, or one user's answer reaches another.
  test('identical queries in flight at once from different users each get their own answer', async () => {
    const query = '{ departments { code contactPhone inspectors(first: 3) { totalCount } } }';
    const samrStaff = await hub.token({ sub: 'samr-staff', role: 'DEPT_STAFF', department: 'SAMR' });
    const who = Array.from({ length: 24 }, (_, i) => [undefined, joint, samrStaff][i % 3]);
    const answers = await Promise.all(who.map((token) => callGateway(hub.gatewayUrl, query, {}, token)));
    answers.forEach((r, i) => {
      const dept = (code: string) => r.data.departments.find((d: any) => d.code === code);
      // Department-private: inspectors (own department, or the joint office) and unmasked contact phones.
      const sees = (code: string) => who[i] === joint || (who[i] === samrStaff && code === 'SAMR');
      for (const code of ['SAMR', 'ECO']) {
        expect(dept(code).inspectors?.totalCount ?? null).toBe(sees(code) ? inspectorCount(code) : null);
        expect(dept(code).contactPhone.includes('*')).toBe(!sees(code));
      }
    });
  });

  // Last: it stops a department.
  test('one department stopped → the others still answer, plus an error naming it', async () => {
    await hub.stopDepartment('FIRE');
    const res = await callGateway(hub.gatewayUrl, OVERVIEW, {}, joint);
    const byCode = new Map<string, any>(res.data.departments.map((d: any) => [d.code, d]));
    expect(byCode.get('SAMR').inspectors.totalCount).toBe(inspectorCount('SAMR'));
    expect(byCode.get('ECO').inspectors.totalCount).toBe(inspectorCount('ECO'));
    expect(byCode.get('FIRE').name).toBeTruthy(); // joint-inspection data still there
    expect(byCode.get('FIRE').checklist).toBeNull();
    const fireErrors = res.errors!.filter((e) => e.extensions?.department === 'FIRE');
    expect(fireErrors.length).toBeGreaterThan(0);
    expect(fireErrors[0]!.extensions!.code).toBe('DEPARTMENT_UNAVAILABLE');
    expect(fireErrors[0]!.message).toContain('FIRE');
  });
});

describe('gateway start-up contract check', () => {
  test('a department instance whose SDL drifted from the contract is refused with a readable diff', async () => {
    const { contract, supergraph } = readCommitted();
    // A real running subgraph that serves the contract plus one extra field.
    const drifted = buildSubgraphSchema(parse(`${contract}\nextend type Query { secretExtra: Int }`));
    const running = await listen(await createSubgraphHttpServer({ schema: drifted, identitySecret: TEST_IDENTITY_SECRET, context: () => ({}), service: 'department-SAMR' }), 0);
    try {
      const attempt = createGateway({
        config: { gateway: { port: 0 }, jointInspection: { port: 0, url: 'http://127.0.0.1:9/graphql' }, departments: [{ code: 'SAMR', name: '市场监督管理局', port: 0, url: running.url }] },
        jwtSecret: TEST_JWT_SECRET,
        identitySecret: TEST_IDENTITY_SECRET,
        supergraph,
        contract,
      });
      await expect(attempt).rejects.toBeInstanceOf(ContractDriftError);
      await expect(attempt).rejects.toThrow(/SAMR[\s\S]*\+ .*secretExtra/);
    } finally {
      await running.close();
    }
  });
});

function itemInput(code: string) {
  return {
    code,
    name: '测试事项',
    category: 'GENERAL',
    legalBasis: '《中华人民共和国环境保护法》第二十四条',
    targetType: '排污单位',
    content: '排污许可执行情况',
    method: 'ON_SITE',
    minRatio: 0.03,
    maxRatio: 0.05,
    frequency: '每年不少于1次',
  };
}

describe('per-department timeout', () => {
  const { createServer } = require('node:http') as typeof import('node:http');
  let hub: TestHub;
  let proxy: import('node:http').Server;
  beforeAll(async () => {
    hub = await startTestHub(['SAMR', 'ECO'], { departmentTimeoutMs: 400 }, {
      // ECO answers, but only after 3 s: slower than its timeout.
      departmentUrl: async (code, url) => {
        if (code !== 'ECO') return url;
        proxy = createServer((req, res) => {
          const chunks: Buffer[] = [];
          req.on('data', (c) => chunks.push(c));
          req.on('end', () => {
            const isSdl = Buffer.concat(chunks).toString().includes('_service');
            setTimeout(async () => {
              const upstream = await fetch(url, { method: 'POST', headers: req.headers as Record<string, string>, body: Buffer.concat(chunks) }).catch(() => null);
              if (!upstream) return void res.destroy();
              res.writeHead(upstream.status, { 'content-type': 'application/json' });
              res.end(await upstream.text());
            }, isSdl ? 0 : 3000);
          });
        });
        await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', () => r()));
        return `http://127.0.0.1:${(proxy.address() as { port: number }).port}/graphql`;
      },
    });
  });
  afterAll(async () => {
    await hub?.close();
    proxy?.closeAllConnections();
    await new Promise((r) => proxy?.close(r));
  });

  test('a slow department is cut off at its timeout; the fast one answers in full', async () => {
    const joint = await hub.token({ sub: 'office', role: 'JOINT_OFFICE' });
    const started = Date.now();
    const res = await callGateway(hub.gatewayUrl, OVERVIEW, {}, joint);
    const elapsed = Date.now() - started;
    const byCode = new Map<string, any>(res.data.departments.map((d: any) => [d.code, d]));
    expect(byCode.get('SAMR').checklist.length).toBeGreaterThan(0);
    expect(byCode.get('ECO').checklist).toBeNull();
    const eco = res.errors!.find((e) => e.extensions?.department === 'ECO')!;
    expect(eco.extensions!.code).toBe('DEPARTMENT_UNAVAILABLE');
    expect(eco.message).toContain('400 ms');
    // Behaviour, not speed: the answer did not wait for the slow department's 3 s.
    expect(elapsed).toBeLessThan(3000);
  });
});
