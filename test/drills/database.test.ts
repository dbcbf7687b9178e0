// Failure drills with a TCP proxy we control between a subgraph and MariaDB: the database connection lost and
// back (clean errors, recovery without restart), and joint-inspection killed (SIGKILL, a child process) in the
// middle of drawAndLock's transaction (all or nothing; after a restart the draw is made once and stays locked).
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { startTestHub, type TestHub } from '../e2e/hub';
import { gqlOk } from '../e2e/flow';
import { callGateway, DATABASE_URL, TEST_IDENTITY_SECRET, TEST_JWT_SECRET, testDbUrl } from '../helpers';
import { isMysqlUrl } from '../../shared/db';
import { verifyDraw } from '../../shared/domain/draw';
import { HttpProxy, TcpProxy } from './proxies';
import { checklistItemInput } from '../authz/fixture';

const mysql = isMysqlUrl(DATABASE_URL);
const viaProxy = (url: string | undefined, proxy: TcpProxy) => {
  const u = new URL(url!);
  u.host = `127.0.0.1:${proxy.port}`;
  return u.toString();
};
const mysqlPort = () => Number(new URL(DATABASE_URL!).port || 3306);

(mysql ? describe : describe.skip)('drill: the database connection is lost and comes back (MariaDB behind a proxy)', () => {
  let hub: TestHub;
  let db: TcpProxy;
  let office: string;
  let staff: string;
  beforeAll(async () => {
    db = await new TcpProxy(mysqlPort()).start();
    hub = await startTestHub(['SAMR', 'ECO'], {}, { departmentDbUrl: (code, url) => (code === 'SAMR' ? viaProxy(url, db) : url) });
    office = await hub.token({ sub: 'office', role: 'JOINT_OFFICE' });
    staff = await hub.token({ sub: 'staff', role: 'DEPT_STAFF', department: 'SAMR' });
  }, 120_000);
  afterAll(async () => {
    await db.restore().catch(() => undefined);
    await hub?.close();
    await db.close();
  });

  // Department.inspectors is nullable, so one department's failure leaves the other's data in place.
  const BOTH = '{ samr: department(code: "SAMR") { inspectors(first: 1) { totalCount } } eco: department(code: "ECO") { inspectors(first: 1) { totalCount } } }';
  const CREATE = 'mutation($input: ChecklistItemInput!) { createChecklistItem(department: "SAMR", input: $input) { id } }';
  const readyz = async () => (await fetch(hub.departments.get('SAMR')!.running.url.replace(/\/graphql$/, '/readyz'))).status;

  test('requests fail cleanly with DATABASE_UNAVAILABLE while it is gone, nothing half-written, and work again once it is back', async () => {
    const ok = await gqlOk(hub, BOTH, {}, office);
    expect(ok.samr.inspectors.totalCount).toBeGreaterThan(0);
    const before = (await gqlOk(hub, '{ checklist(department: "SAMR") { id } }', {}, office)).checklist.length;

    await db.cut();
    for (let i = 0; i < 3; i++) {
      const res = await callGateway(hub.gatewayUrl, BOTH, {}, office);
      expect(res.status).toBe(200);
      // The other department still answers; SAMR's part is null with a code a client can act on.
      expect(res.data?.eco?.inspectors?.totalCount).toBeGreaterThan(0);
      expect(res.data?.samr?.inspectors ?? null).toBeNull();
      expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['DATABASE_UNAVAILABLE']);
      expect(res.errors?.[0]?.message).toContain('数据库暂时无法访问');
    }
    const write = await callGateway(hub.gatewayUrl, CREATE, { input: checklistItemInput('DRILL-DB-1') }, staff);
    expect(write.errors?.[0]?.extensions?.code).toBe('DATABASE_UNAVAILABLE');
    expect(await readyz()).toBe(503);

    await db.restore();
    // No restart: the pool opens new connections on demand.
    const back = await gqlOk(hub, BOTH, {}, office);
    expect(back.samr.inspectors.totalCount).toBe(ok.samr.inspectors.totalCount);
    expect(await readyz()).toBe(200);
    const after = (await gqlOk(hub, '{ checklist(department: "SAMR") { id } }', {}, office)).checklist.length;
    expect(after).toBe(before);
    await gqlOk(hub, CREATE, { input: checklistItemInput('DRILL-DB-1') }, staff);
    expect((await gqlOk(hub, '{ checklist(department: "SAMR") { id } }', {}, office)).checklist.length).toBe(before + 1);
  }, 120_000);
});

(mysql ? describe : describe.skip)('drill: joint-inspection is killed in the middle of drawAndLock', () => {
  let hub: TestHub;
  let db: TcpProxy;
  let front: HttpProxy;
  let child: ChildProcess | undefined;
  let office: string;
  const jointDb = () => (hub.joint.dataSource.options as { database: string }).database;

  /** joint-inspection as its own process (so it can be SIGKILLed), on the same database through the proxy. */
  async function spawnJoint(): Promise<string> {
    const proc = spawn(process.execPath, [resolve(__dirname, '..', '..', 'subgraphs', 'joint-inspection', 'index.js')], {
      env: { ...process.env, PORT: '0', DATABASE_URL: viaProxy(testDbUrl(jointDb()), db), IDENTITY_SECRET: TEST_IDENTITY_SECRET, JWT_SECRET: TEST_JWT_SECRET, GATEWAY_URL: hub.gatewayUrl, LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = proc;
    return new Promise((resolveUrl, reject) => {
      let out = '';
      proc.stdout!.on('data', (c) => {
        out += c;
        // The service logs JSON lines (pino): the URL ends at the closing quote.
        const m = /listening on ([^\s"]+)/.exec(out);
        if (m) resolveUrl(m[1]!);
      });
      proc.stderr!.on('data', (c) => (out += c));
      proc.once('exit', (code) => reject(new Error(`joint-inspection exited (${code}): ${out}`)));
    });
  }

  beforeAll(async () => {
    db = await new TcpProxy(mysqlPort()).start();
    hub = await startTestHub(['SAMR', 'ECO'], {}, { jointUrl: async (url) => (front = await new HttpProxy(url).start()).url });
    office = await hub.token({ sub: 'office', role: 'JOINT_OFFICE' });
    // From here on the in-process instance only lends its DataSource for inspection; the child serves.
    await hub.joint.running.close();
    front.upstream = await spawnJoint();
  }, 120_000);
  afterAll(async () => {
    child?.kill('SIGKILL');
    await hub?.close();
    await front?.close();
    await db.close();
  });

  test('the killed draw leaves nothing behind; after a restart drawAndLock draws once, verifiably, and stays locked', async () => {
    const planIds: string[] = [];
    for (const d of ['SAMR', 'ECO']) {
      const items = hub.data.checklistItems.filter((i) => i.department === d && i.status === 'PUBLISHED').slice(0, 2);
      const ratio = Math.min(...items.map((i) => i.maxRatio));
      const input = { department: d, title: `${d} 进程中断演练`, year: 2026, windowStart: '2026-07-01', windowEnd: '2026-09-30', items: items.map((i) => ({ department: d, code: i.code })), scope: { industrySections: ['H'] }, ratios: { A: ratio, B: ratio, C: ratio, D: ratio } };
      const id = (await gqlOk(hub, 'mutation($input: PlanInput!) { createPlan(input: $input) { id } }', { input }, office)).createPlan.id;
      await gqlOk(hub, 'mutation($id: ID!) { submitPlan(id: $id) { id } }', { id }, office);
      await gqlOk(hub, 'mutation($id: ID!) { approvePlan(id: $id) { id } }', { id }, office);
      planIds.push(id);
    }
    const r = (await gqlOk(hub, 'mutation($p: [ID!]!) { openDrawRound(name: "中断演练", year: 2026, planIds: $p) { id } }', { p: planIds }, office)).openDrawRound.id;
    for (const step of ['commitSeed(roundId: $r, source: GENERATED)', 'snapshotPools(roundId: $r)', 'revealSeed(roundId: $r)'])
      await gqlOk(hub, `mutation($r: ID!) { ${step} { id } }`, { r }, office);
    const ds = hub.joint.dataSource;
    const count = async (sql: string) => Number((await ds.query(sql, [r]))[0].n);
    const audit = async () => Number((await ds.query('SELECT COUNT(*) AS n FROM audit_entry'))[0].n);
    const auditBefore = await audit();

    // Let the transaction write its draws and audit entries, then freeze the wire at the first task insert and kill.
    let frozen!: () => void;
    const atTasks = new Promise<void>((r2) => (frozen = r2));
    db.watch = (chunk) => {
      if (!chunk.includes('INSERT INTO `task`')) return true;
      frozen();
      return false;
    };
    const attempt = callGateway(hub.gatewayUrl, 'mutation($r: ID!) { drawAndLock(roundId: $r) { state } }', { r }, office);
    await atTasks;
    child!.kill('SIGKILL');
    const killed = await attempt;
    expect(killed.data?.drawAndLock ?? null).toBeNull();
    expect(killed.errors?.length).toBeGreaterThan(0);
    db.unfreeze();

    // All or nothing: MariaDB rolled the transaction back with the dead connection.
    await new Promise((r2) => setTimeout(r2, 200));
    expect(await count('SELECT COUNT(*) AS n FROM draw WHERE round_id = ?')).toBe(0);
    expect(await count('SELECT COUNT(*) AS n FROM task WHERE round_id = ?')).toBe(0);
    expect(await audit()).toBe(auditBefore);
    expect((await ds.query('SELECT state FROM draw_round WHERE id = ?', [r]))[0].state).toBe('REVEALED');
    expect(Number((await ds.query("SELECT COUNT(*) AS n FROM plan WHERE state = 'DRAWN'"))[0].n)).toBe(0);

    front.upstream = await spawnJoint();
    const DRAW = 'mutation($r: ID!) { drawAndLock(roundId: $r) { state draws { id planId recordHash selected } } }';
    const first = (await gqlOk(hub, DRAW, { r }, office)).drawAndLock;
    expect(first.state).toBe('DRAWN');
    expect(first.draws).toHaveLength(2);
    const again = (await gqlOk(hub, DRAW, { r }, office)).drawAndLock;
    expect(again).toEqual(first);
    for (const d of first.draws) {
      const json = (await gqlOk(hub, 'query($id: ID!) { draw(id: $id) { exportJson } }', { id: d.id })).draw.exportJson;
      expect(verifyDraw(JSON.parse(json)).ok).toBe(true);
    }
    expect(await count('SELECT COUNT(*) AS n FROM draw WHERE round_id = ?')).toBe(2);
    const tasks = await ds.query('SELECT credit_code FROM task WHERE round_id = ?', [r]);
    expect(new Set(tasks.map((t: any) => t.credit_code)).size).toBe(tasks.length);
  }, 180_000);
});
