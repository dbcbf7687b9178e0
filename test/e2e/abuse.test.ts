// Issue 14 through real HTTP: one public request must not stall a service, bad ids and huge lists are refused at
// the edge, the cost limit sees variables, every route is rate-limited, CORS does not reflect, and the access log
// and error pages hold what a caller sent safely.
import { Writable } from 'node:stream';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { startTestHub, type TestHub } from './hub';
import { callGateway } from '../helpers';
import { DEVELOPMENT_LIMITS } from '../../gateway/limits';
import { handleFormRequest } from '../../gateway/forms';
import { createLogger } from '../../shared/log';

const base = (url: string) => url.replace(/\/graphql$/, '');
const post = (url: string, body: string, token?: string) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body });

describe('abuse through the gateway (issue 14)', () => {
  let hub: TestHub;
  let office: string;
  let staff: string;

  beforeAll(async () => {
    hub = await startTestHub(['SAMR', 'ECO']);
    office = await hub.token({ sub: 'office', role: 'JOINT_OFFICE' });
    staff = await hub.token({ sub: 'staff-samr', role: 'DEPT_STAFF', department: 'SAMR' });
  });
  afterAll(async () => {
    await hub?.close();
  });

  test('a 60,000-character public search is refused with BAD_USER_INPUT and the limit (was INTERNAL_SERVER_ERROR after 5.4 s)', async () => {
    const res = await callGateway(hub.gatewayUrl, 'query($s: String) { publishedResults(search: $s) { corrected } }', { s: '测'.repeat(60_000) });
    expect(res.data ?? null).toBeNull();
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: 100 });
    expect(res.errors?.[0]?.message).toMatch(/search：长度不能超过100个字符/);
  });

  test("a 5 MB variable is refused quickly while another user's query is answered", async () => {
    const huge = JSON.stringify({ query: 'query($s: String) { publishedResults(search: $s) { corrected } }', variables: { s: 'x'.repeat(5_000_000) } });
    expect(Buffer.byteLength(huge)).toBeLessThan(DEVELOPMENT_LIMITS.maxBodyBytes);
    const t0 = Date.now();
    const [refused, other] = await Promise.all([
      post(hub.gatewayUrl, huge).then(async (r) => ({ ms: Date.now() - t0, body: (await r.json()) as { errors?: { extensions?: Record<string, unknown> }[] } })),
      callGateway(hub.gatewayUrl, '{ departments { code name } }', {}, office),
    ]);
    console.log(`[abuse] 5 MB search variable refused in ${refused.ms} ms`);
    expect(refused.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: 100 });
    expect(other.errors).toBeUndefined();
    expect(other.data.departments.map((d: { code: string }) => d.code).sort()).toEqual(['ECO', 'SAMR']);
    // Generous: the refusal costs a JSON parse and one pass over the string (the old path stalled for hours).
    expect(refused.ms).toBeLessThan(10_000);
    // joint-inspection is still answering.
    expect((await callGateway(hub.gatewayUrl, '{ publishedResults(first: 1) { corrected } }')).errors).toBeUndefined();
  });

  test('the same for a department: a 5 MB inspectors search and 200,000 region codes', async () => {
    const a = await callGateway(hub.gatewayUrl, 'query($f: InspectorFilter) { inspectors(department: "SAMR", filter: $f) { totalCount } }', { f: { search: 'x'.repeat(5_000_000) } }, staff);
    expect(a.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: 100 });
    const b = await callGateway(hub.gatewayUrl, 'query($f: TargetPoolFilter) { targetPool(department: "SAMR", filter: $f) { totalCount } }', { f: { regionCodes: Array.from({ length: 200_000 }, () => '3611') } }, staff);
    expect(b.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: 100, found: 200_000 });
  });

  test.each(['NaN', 'Infinity', '1e400'])('draw(id: %p) and drawRound(id: %p) are BAD_USER_INPUT for the public', async (id) => {
    for (const field of ['draw', 'drawRound']) {
      const res = await callGateway(hub.gatewayUrl, `query($id: ID!) { ${field}(id: $id) { id } }`, { id });
      expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
  });

  test('the cost limit counts first: $n, also for a document the fast path already knows', async () => {
    const q = 'query Inspectors($n: Int) { inspectors(department: "SAMR", first: $n) { edges { node { id name phone certificateNumber expertise } } } }';
    for (let i = 0; i < 2; i++) expect((await callGateway(hub.gatewayUrl, q, { n: 5 }, staff)).errors).toBeUndefined();
    const res = await callGateway(hub.gatewayUrl, q, { n: 200 }, staff);
    expect(res.data ?? null).toBeNull();
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COSTLY', limit: DEVELOPMENT_LIMITS.maxCost });
  });

  test('an RTL override in a name is refused before anything is stored', async () => {
    const res = await callGateway(hub.gatewayUrl, 'mutation($i: RegisterDepartmentInput!) { registerDepartment(input: $i) { code } }', { i: { code: 'BIDI', name: '市场\u202E局管监' } }, office);
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.message).toMatch(/U\+202E/);
    const list = await callGateway(hub.gatewayUrl, '{ departments { code } }', {}, office);
    expect(list.data.departments.map((d: { code: string }) => d.code)).not.toContain('BIDI');
  });

  test('ten parallel 16,000-character paths: answered, /healthz unaffected, the access log keeps 200 characters', async () => {
    const lines: string[] = [];
    const destination = new Writable({ write(c, _e, cb) { lines.push(...String(c).split('\n').filter(Boolean)); cb(); } });
    const { url } = await hub.extraGateway({ logger: createLogger('gateway', { level: 'info', destination }) });
    const path = `/${'a'.repeat(16_000)}`;
    const answers = await Promise.all([...Array.from({ length: 10 }, () => fetch(`${base(url)}${path}`)), fetch(`${base(url)}/healthz`)]);
    expect(answers.slice(0, 10).every((r) => r.status === 404 || r.status === 200)).toBe(true);
    expect(answers[10]!.status).toBe(200);
    const logged = lines.map((l) => JSON.parse(l) as { path?: string }).filter((l) => l.path?.startsWith('/aaa'));
    expect(logged.length).toBe(10);
    for (const l of logged) expect(l.path!.length).toBeLessThanOrEqual(201);
  });

  test('every route is rate-limited per address, not only /graphql; health probes are not', async () => {
    const { url } = await hub.extraGateway({ limits: { ...DEVELOPMENT_LIMITS, rateLimit: { requests: 3, windowSeconds: 60 } } });
    for (let i = 0; i < 3; i++) expect((await fetch(`${base(url)}/`)).status).toBe(200);
    const limited = await fetch(`${base(url)}/app/app.js`);
    expect(limited.status).toBe(429);
    expect(((await limited.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe('RATE_LIMITED');
    expect((await fetch(`${base(url)}/healthz`)).status).toBe(200);
    expect((await fetch(`${base(url)}/readyz`)).status).toBe(200);
  });

  test('CORS: an unknown Origin is not reflected and its preflight is refused; a configured one is allowed', async () => {
    const evil = await fetch(hub.gatewayUrl, { method: 'POST', headers: { 'content-type': 'application/json', origin: 'https://evil.example' }, body: JSON.stringify({ query: '{ departments { code } }' }) });
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
    expect(evil.headers.get('access-control-allow-credentials')).toBeNull();
    const preflight = await fetch(hub.gatewayUrl, { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
    expect(preflight.status).toBe(403);

    const { url } = await hub.extraGateway({ limits: { ...DEVELOPMENT_LIMITS, corsOrigins: ['https://jg.example.gov.cn'] } });
    const ok = await fetch(url, { method: 'OPTIONS', headers: { origin: 'https://jg.example.gov.cn', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' } });
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://jg.example.gov.cn');
    expect(ok.headers.get('access-control-allow-headers')).toMatch(/authorization/);
    const answer = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', origin: 'https://jg.example.gov.cn' }, body: JSON.stringify({ query: '{ departments { code } }' }) });
    expect(answer.headers.get('access-control-allow-origin')).toBe('https://jg.example.gov.cn');
  });
});

describe('the form error page (issue 14, finding 11)', () => {
  test('the GraphQL message is escaped, never inserted as markup', async () => {
    const runtime = { fetch: async () => new Response(JSON.stringify({ errors: [{ message: '<script>alert(1)</script><img src=x onerror=alert(2)>', extensions: { code: 'BAD_USER_INPUT' } }] }), { status: 200 }) };
    let status = 0;
    let html = '';
    const res = { writeHead: (s: number) => void (status = s), end: (b: string) => void (html = b) } as unknown as ServerResponse;
    const handled = await handleFormRequest(runtime as never, { url: '/forms/task/1', method: 'GET', headers: {} } as IncomingMessage, res);
    expect(handled).toBe(true);
    expect(status).toBe(502);
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});

describe('demo logins (issue 14, finding 5)', () => {
  test('development: /auth/demo answers this machine only; production: never', async () => {
    const { handleWebRequest } = await import('../../gateway/web');
    const ask = async (remoteAddress: string, production: boolean) => {
      let status = 0;
      let body = '';
      const res = { writeHead: (s: number) => void (status = s), end: (b: string) => void (body = b) } as unknown as ServerResponse;
      await handleWebRequest({ departments: [{ code: 'SAMR', name: '市场监督管理局', port: 0 }], jwtSecret: 'web-test-secret', production }, { method: 'GET', url: '/auth/demo', headers: {}, socket: { remoteAddress } } as unknown as IncomingMessage, res);
      return { status, logins: JSON.parse(body) as { role: string }[] };
    };
    const local = await ask('127.0.0.1', false);
    expect(local.status).toBe(200);
    expect(local.logins.map((l) => l.role)).toContain('JOINT_OFFICE');
    expect(await ask('10.0.0.2', false)).toEqual({ status: 404, logins: [] });
    expect(await ask('127.0.0.1', true)).toEqual({ status: 404, logins: [] });
  });
});
