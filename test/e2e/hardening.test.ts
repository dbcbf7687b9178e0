// Gateway hardening through real HTTP: operation limits, body limit, rate limit, production mode, circuit
// breaker with its status, persisted operations, request ids, metrics, health and readiness, tracing.
import { createServer, type Server } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace';
import { startTestHub, type TestHub } from './hub';
import { callGateway, testDbName, testDbUrl, TEST_IDENTITY_SECRET } from '../helpers';
import type { GatewayOptions } from '../../gateway/server';
import { DEVELOPMENT_LIMITS, limitsFromEnv } from '../../gateway/limits';
import { webManifest, sha256Hex } from '../../gateway/persisted';
import { createDepartmentService } from '../../subgraphs/department/server';
import { createLogger } from '../../shared/log';
import { listen, type RunningServer } from '../../shared/subgraph-server';
import { startTracing, stopTracing, tracingEnabled } from '../../shared/tracing';

const OVERVIEW = 'query DashboardOverview { departments { code name summary { publishedItems poolSize activeInspectors } } }';
const CHECKLISTS = '{ departments { code checklist { code } } }';
const base = (url: string) => url.replace(/\/graphql$/, '');

describe('gateway hardening', () => {
  let hub: TestHub;
  let joint: string;
  let service: string;

  beforeAll(async () => {
    hub = await startTestHub(['SAMR', 'ECO']);
    joint = await hub.token({ sub: 'office', role: 'JOINT_OFFICE' });
    service = await hub.token({ sub: 'joint-inspection', role: 'SERVICE' });
  });
  afterAll(async () => {
    await hub?.close();
  });

  const gateway = async (opts: Partial<GatewayOptions> = {}) => (await hub.extraGateway(opts)).url;

  describe('operation limits (defaults)', () => {
    const nested = (depth: number) => `{ departments { ${'a { '.repeat(depth - 2)}b${' }'.repeat(depth - 2)} } }`;
    const expectRejected = async (query: string, code: string) => {
      const res = await callGateway(hub.gatewayUrl, query, {}, joint);
      expect(res.data ?? null).toBeNull();
      expect(res.errors?.[0]?.extensions?.code).toBe(code);
      expect(res.errors?.[0]?.message).toMatch(/上限/);
      return res;
    };

    test('the dashboard queries pass', async () => {
      const res = await callGateway(hub.gatewayUrl, OVERVIEW, {}, joint);
      expect(res.errors).toBeUndefined();
      expect(res.data.departments.length).toBe(2);
    });

    test('a depth bomb is refused with QUERY_TOO_DEEP and the limit', async () => {
      const res = await expectRejected(nested(DEVELOPMENT_LIMITS.maxDepth + 2), 'QUERY_TOO_DEEP');
      expect(res.errors![0]!.extensions).toMatchObject({ limit: 10, found: 12 });
    });

    test('an alias bomb is refused with TOO_MANY_ALIASES', async () => {
      const aliases = Array.from({ length: 50 }, (_, i) => `a${i}: departments { code }`).join(' ');
      await expectRejected(`{ ${aliases} }`, 'TOO_MANY_ALIASES');
    });

    test('a token bomb is refused with TOO_MANY_TOKENS', async () => {
      await expectRejected(`{ departments { ${'code '.repeat(3000)}} }`, 'TOO_MANY_TOKENS');
    });

    test('a directive bomb is refused with TOO_MANY_DIRECTIVES', async () => {
      await expectRejected(`{ departments ${'@include(if: true) '.repeat(30)}{ code } }`, 'TOO_MANY_DIRECTIVES');
    });

    test('a costly query is refused with QUERY_TOO_COSTLY', async () => {
      const fields = Array.from({ length: 250 }, (_, i) => `f${i}`).join(' ');
      await expectRejected(`{ departments { ${'a { '.repeat(7)}${fields}${' }'.repeat(7)} } }`, 'QUERY_TOO_COSTLY');
    });

    test('a body over the limit is refused with 413 before it is read', async () => {
      const res = await fetch(hub.gatewayUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ departments { code } }', variables: { pad: 'x'.repeat(DEVELOPMENT_LIMITS.maxBodyBytes) } }),
      });
      expect(res.status).toBe(413);
      expect((await res.json()).errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
    });

    test('limits come from the environment and bad values are refused', () => {
      const l = limitsFromEnv({ NODE_ENV: 'production', GATEWAY_MAX_DEPTH: '7', RATE_LIMIT_REQUESTS: '0' });
      expect(l).toMatchObject({ maxDepth: 7, rateLimit: null, introspection: false, graphiql: false, fieldSuggestions: false });
      expect(limitsFromEnv({}).rateLimit).toEqual({ requests: 600, windowSeconds: 60 });
      expect(() => limitsFromEnv({ GATEWAY_MAX_COST: 'lots' })).toThrow(/GATEWAY_MAX_COST/);
    });
  });

  test('rate limit per identity: 429 with RATE_LIMITED and Retry-After; other identities and SERVICE unaffected', async () => {
    const url = await gateway({ limits: { ...DEVELOPMENT_LIMITS, rateLimit: { requests: 3, windowSeconds: 60 } } });
    const staff = await hub.token({ sub: 'staff-samr', role: 'DEPT_STAFF', department: 'SAMR' });
    for (let i = 0; i < 3; i++) expect((await callGateway(url, '{ departments { code } }', {}, staff)).status).toBe(200);
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${staff}` }, body: JSON.stringify({ query: '{ departments { code } }' }) });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    const body = await res.json();
    expect(body.errors[0].extensions.code).toBe('RATE_LIMITED');
    expect(body.errors[0].message).toMatch(/请求过于频繁/);
    // A bomb from a limited caller is refused by the rate limit, before parsing.
    expect((await callGateway(url, `{ ${'a '.repeat(5000)} }`, {}, staff)).status).toBe(429);
    expect((await callGateway(url, '{ departments { code } }', {}, joint)).status).toBe(200);
    for (let i = 0; i < 5; i++) expect((await callGateway(url, '{ departments { code } }', {}, service)).status).toBe(200);
    // The public is counted by address.
    for (let i = 0; i < 3; i++) expect((await callGateway(url, '{ departments { code } }')).status).toBe(200);
    expect((await callGateway(url, '{ departments { code } }')).status).toBe(429);
    const metrics = await (await fetch(`${base(url)}/metrics`)).text();
    expect(metrics).toMatch(/hub_rate_limited_total\{[^}]*\} 3/);
  });

  test('production mode: no introspection, no field suggestions, no GraphiQL', async () => {
    const prod = await gateway({ limits: { ...limitsFromEnv({ NODE_ENV: 'production' }), rateLimit: null } });
    const intro = await callGateway(prod, '{ __schema { types { name } } }', {}, joint);
    expect(intro.data ?? null).toBeNull();
    expect(intro.errors?.length).toBeGreaterThan(0);
    const devIntro = await callGateway(hub.gatewayUrl, '{ __schema { queryType { name } } }', {}, joint);
    expect(devIntro.data.__schema.queryType.name).toBe('Query');

    const typo = '{ departmentz { code } }';
    expect(JSON.stringify((await callGateway(hub.gatewayUrl, typo, {}, joint)).errors)).toMatch(/Did you mean/);
    const hidden = await callGateway(prod, typo, {}, joint);
    expect(hidden.errors?.length).toBeGreaterThan(0);
    expect(JSON.stringify(hidden.errors)).not.toMatch(/Did you mean|departments/);

    const page = (url: string) => fetch(url, { headers: { accept: 'text/html' } });
    expect((await (await page(hub.gatewayUrl)).text())).toMatch(/<html/i);
    expect((await (await page(prod)).text())).not.toMatch(/<html/i);
  });

  describe('circuit breaker per department', () => {
    let proxy: Server;
    let up = true;
    let hits = 0;
    const seenRequestIds: string[] = [];
    let clock = Date.parse('2026-06-01T08:00:00Z');
    let url: string;
    const logLines: string[] = [];

    beforeAll(async () => {
      const target = hub.departments.get('ECO')!.running.url;
      proxy = createServer((req, res) => {
        hits++;
        seenRequestIds.push(String(req.headers['x-request-id'] ?? ''));
        if (!up) return void req.socket.destroy();
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', async () => {
          const upstream = await fetch(target, { method: 'POST', headers: req.headers as Record<string, string>, body: Buffer.concat(chunks) });
          res.writeHead(upstream.status, { 'content-type': 'application/json' });
          res.end(await upstream.text());
        });
      });
      await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', () => r()));
      const proxyUrl = `http://127.0.0.1:${(proxy.address() as { port: number }).port}/graphql`;
      const destination = new Writable({ write(chunk, _e, cb) { logLines.push(...String(chunk).split('\n').filter(Boolean)); cb(); } });
      url = await gateway({
        config: { ...hub.config, departments: hub.config.departments.map((d) => (d.code === 'ECO' ? { ...d, url: proxyUrl } : d)) },
        breaker: { failureThreshold: 2, cooldownMs: 60_000, now: () => clock },
        logger: createLogger('gateway', { level: 'info', destination }),
      });
    });
    afterAll(async () => {
      proxy?.closeAllConnections();
      await new Promise((r) => proxy?.close(r));
    });

    const status = async (token?: string) => {
      const res = await fetch(`${base(url)}/status`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
      return { code: res.status, body: await res.json() };
    };
    const ecoError = (res: Awaited<ReturnType<typeof callGateway>>) => res.errors?.find((e) => e.extensions?.department === 'ECO');

    test('the request id reaches the departments and comes back to the caller', async () => {
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${joint}`, 'x-request-id': 'dash-0001' }, body: JSON.stringify({ query: CHECKLISTS }) });
      expect(res.headers.get('x-request-id')).toBe('dash-0001');
      expect(seenRequestIds).toContain('dash-0001');
      const generated = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-request-id': 'bad id {"level":"fatal"}' }, body: JSON.stringify({ query: CHECKLISTS }) });
      expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    });

    test('a department failing repeatedly is skipped fast with DEPARTMENT_UNAVAILABLE, status visible to the joint office', async () => {
      up = false;
      for (let i = 0; i < 3 && (await status(joint)).body.departments.find((d: any) => d.department === 'ECO').state !== 'OPEN'; i++) {
        const res = await callGateway(url, CHECKLISTS, {}, joint);
        expect(ecoError(res)?.extensions?.code).toBe('DEPARTMENT_UNAVAILABLE');
      }
      const before = hits;
      const res = await callGateway(url, CHECKLISTS, {}, joint);
      expect(hits).toBe(before); // not even tried
      expect(ecoError(res)?.extensions).toMatchObject({ code: 'DEPARTMENT_UNAVAILABLE', circuit: 'OPEN', retryAt: new Date(clock + 60_000).toISOString() });
      const samr = res.data.departments.find((d: any) => d.code === 'SAMR');
      expect(samr.checklist.length).toBeGreaterThan(0);

      const s = await status(joint);
      expect(s.code).toBe(200);
      const byCode = new Map(s.body.departments.map((d: any) => [d.department, d]));
      expect(byCode.get('ECO')).toMatchObject({ state: 'OPEN', name: '生态环境局', consecutiveFailures: 2 });
      expect(byCode.get('SAMR')).toMatchObject({ state: 'CLOSED' });
      expect((await status()).code).toBe(403);
      expect((await status('garbage')).code).toBe(401);
      expect((await status(await hub.token({ sub: 'a', role: 'DEPT_ADMIN', department: 'ECO' }))).code).toBe(403);

      const metrics = await (await fetch(`${base(url)}/metrics`)).text();
      expect(metrics).toMatch(/hub_department_circuit_state\{[^}]*department="ECO"[^}]*\} 2/);
      expect(metrics).toMatch(/hub_department_circuit_state\{[^}]*department="SAMR"[^}]*\} 0/);
      expect(metrics).toMatch(/hub_department_upstream_requests_total\{[^}]*department="ECO",outcome="skipped"[^}]*\} [1-9]/);
      expect(metrics).toMatch(/hub_department_upstream_requests_total\{[^}]*department="ECO",outcome="unavailable"[^}]*\} [1-9]/);
      const ready = await (await fetch(`${base(url)}/readyz`)).json();
      expect(ready).toEqual({ status: 'ready', departmentsUnavailable: ['ECO'] });
    });

    test('after the cool-down one probe is let through: failure reopens, success closes', async () => {
      clock += 60_000;
      const before = hits;
      await callGateway(url, CHECKLISTS, {}, joint);
      expect(hits).toBe(before + 1); // the probe
      expect((await status(joint)).body.departments.find((d: any) => d.department === 'ECO').state).toBe('OPEN');

      up = true;
      clock += 60_000;
      const res = await callGateway(url, CHECKLISTS, {}, joint);
      expect(ecoError(res)).toBeUndefined();
      expect(res.data.departments.find((d: any) => d.code === 'ECO').checklist.length).toBeGreaterThan(0);
      expect((await status(joint)).body.departments.find((d: any) => d.department === 'ECO')).toMatchObject({ state: 'CLOSED', consecutiveFailures: 0 });
    });

    test('the access log is JSON with request ids and holds no token', async () => {
      await fetch(`${base(url)}/forms/task/1?token=${joint}`);
      const entries = logLines.map((l) => JSON.parse(l));
      const requests = entries.filter((e) => e.msg === 'request');
      expect(requests.length).toBeGreaterThan(3);
      expect(requests.some((e) => e.requestId === 'dash-0001' && e.path === '/graphql' && e.status === 200)).toBe(true);
      expect(requests.some((e) => e.path === '/forms/task/1')).toBe(true);
      expect(entries.some((e) => e.circuit === 'OPEN' && e.department === 'ECO')).toBe(true);
      expect(logLines.join('\n')).not.toContain(joint.slice(0, 20));
      expect(logLines.join('\n')).not.toContain('eyJ');
      // A request with a token-looking operation name and personal data in variables leaves nothing of either.
      await callGateway(url, 'query Find($q: String) { publishedResults(search: $q) { corrected } }', { q: '110101199003071234 13812345678' }, joint);
      expect(logLines.join('\n')).not.toMatch(/110101199003071234|13812345678/);
    });
  });

  test('persisted operations only: listed queries run (by hash or full text), anything else is refused (SERVICE excepted)', async () => {
    const manifest = webManifest(resolve(__dirname, '../../../web'));
    // Every page's operations, named constants and inline literals alike (the round steps, review, results…).
    const listed = Object.values(manifest).join('\n');
    for (const field of ['department(code: $d)', 'approvePlan', 'returnPlan', 'openDrawRound', 'commitSeed', 'snapshotPools', 'revealSeed', 'drawAndLock', 'redrawPlan', 'enterResult', 'publishResult', 'importFile', 'checklist(department: $d, status: PUBLISHED)',
      // Corrections and the inspector's own tasks (issue 15).
      'myTasks(first: $first, after: $after)', 'updatePlan', 'deletePlan', 'withdrawResult', 'correctPublishedResult', 'dispatchStatus(roundId: $r)']) {
      expect(listed).toContain(field);
    }
    manifest[sha256Hex(OVERVIEW)] = OVERVIEW;
    const dir = mkdtempSync(join(tmpdir(), 'persisted-'));
    const file = join(dir, 'operations.json');
    writeFileSync(file, JSON.stringify(manifest));
    const url = await gateway({ limits: { ...DEVELOPMENT_LIMITS, rateLimit: null, persistedOperationsFile: file, persistedOnly: true } });
    const post = (body: unknown, token = joint) =>
      fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) }).then(async (r) => ({ status: r.status, ...(await r.json()) }));
    const byHash = await post({ extensions: { persistedQuery: { version: 1, sha256Hash: sha256Hex(OVERVIEW) } } });
    expect(byHash.errors).toBeUndefined();
    expect(byHash.data.departments.length).toBe(2);
    // The web app sends its texts unchanged: those listed run.
    const webDepartment = Object.values(manifest).find((q) => q.includes('department(code: $d)'))!;
    const fromWeb = await post({ query: webDepartment, variables: { d: 'SAMR' } });
    expect(fromWeb.errors).toBeUndefined();
    expect(fromWeb.data.department.code).toBe('SAMR');
    const arbitrary = await post({ query: '{ departments { code } }' });
    expect(arbitrary.data ?? null).toBeNull();
    expect(arbitrary.errors[0].extensions.code).toBe('PERSISTED_QUERY_ONLY');
    const unknown = await post({ extensions: { persistedQuery: { version: 1, sha256Hash: 'f'.repeat(64) } } });
    expect(unknown.data ?? null).toBeNull();
    expect(unknown.errors.length).toBeGreaterThan(0);
    const fromService = await post({ query: '{ departments { code } }' }, service);
    expect(fromService.data.departments.length).toBe(2);
    // A manifest whose hash does not match its text is refused at start-up.
    writeFileSync(file, JSON.stringify({ ['0'.repeat(64)]: OVERVIEW }));
    await expect(gateway({ limits: { ...DEVELOPMENT_LIMITS, persistedOperationsFile: file, persistedOnly: true } })).rejects.toThrow(/SHA-256/);
  });

  test('/metrics on the gateway, a department and joint-inspection expose the named series', async () => {
    await callGateway(hub.gatewayUrl, OVERVIEW, {}, joint);
    const gw = await (await fetch(`${base(hub.gatewayUrl)}/metrics`)).text();
    expect(gw).toMatch(/hub_graphql_requests_total\{[^}]*operation="DashboardOverview"[^}]*outcome="ok"[^}]*\} [1-9]/);
    expect(gw).toMatch(/hub_graphql_request_duration_seconds_bucket\{[^}]*operation="DashboardOverview"/);
    expect(gw).toMatch(/hub_graphql_requests_total\{[^}]*outcome="rejected"/); // the limit tests above
    expect(gw).toMatch(/hub_operation_limit_rejections_total\{[^}]*code="QUERY_TOO_DEEP"[^}]*\} [1-9]/);
    expect(gw).toMatch(/hub_department_upstream_duration_seconds_count\{[^}]*department="SAMR"[^}]*\} [1-9]/);
    expect(gw).toMatch(/hub_department_circuit_state\{[^}]*department="SAMR"[^}]*\} 0/);
    expect(gw).toMatch(/process_resident_memory_bytes \d+/);
    for (const [url, service] of [[hub.departments.get('SAMR')!.running.url, 'department-SAMR'], [hub.joint.running.url, 'joint-inspection']] as const) {
      const text = await (await fetch(`${base(url)}/metrics`)).text();
      expect(text).toMatch(new RegExp(`hub_graphql_requests_total\\{[^}]*service="${service}"[^}]*\\} [1-9]`));
      expect(text).toMatch(/hub_graphql_request_duration_seconds_count/);
      expect(text).toMatch(/hub_db_pool_connections\{[^}]*state="open"[^}]*\} [1-9]/);
    }
  });

  test('/healthz and /readyz on the gateway and subgraphs; readyz fails when the database is gone', async () => {
    for (const url of [hub.gatewayUrl, hub.departments.get('SAMR')!.running.url, hub.joint.running.url]) {
      expect((await fetch(`${base(url)}/healthz`)).status).toBe(200);
      expect((await fetch(`${base(url)}/readyz`)).status).toBe(200);
    }
    const dbName = testDbName('dept_ready');
    const svc = await createDepartmentService({ code: 'READY', name: '就绪测试', dbName, databaseUrl: testDbUrl(dbName), identitySecret: TEST_IDENTITY_SECRET });
    const running: RunningServer = await listen(svc.server, 0);
    try {
      expect((await fetch(`${base(running.url)}/readyz`)).status).toBe(200);
      await svc.dataSource.destroy(); // the database connection is lost
      const res = await fetch(`${base(running.url)}/readyz`);
      expect(res.status).toBe(503);
      expect((await res.json()).status).toBe('not ready');
      expect((await fetch(`${base(running.url)}/healthz`)).status).toBe(200); // alive, just not ready
    } finally {
      await running.close();
      await svc.close();
    }
  });

  test('tracing (off by default): one trace from the gateway into the departments', async () => {
    expect(tracingEnabled()).toBe(false);
    expect(startTracing('test')).toBe(false); // OTEL_TRACES_EXPORTER unset: nothing loaded
    const exporter = new InMemorySpanExporter();
    expect(startTracing('test', exporter)).toBe(true);
    try {
      await callGateway(hub.gatewayUrl, CHECKLISTS, {}, joint);
      const spans = exporter.getFinishedSpans();
      const gw = spans.find((s) => s.attributes['hub.service'] === 'gateway' && s.name === 'POST /graphql');
      expect(gw).toBeDefined();
      const children = spans.filter((s) => String(s.attributes['hub.service']).startsWith('department-'));
      expect(children.length).toBeGreaterThanOrEqual(2);
      for (const c of children) {
        expect(c.spanContext().traceId).toBe(gw!.spanContext().traceId);
        expect(c.parentSpanContext?.spanId).toBe(gw!.spanContext().spanId);
      }
    } finally {
      await stopTracing();
    }
  });
});
