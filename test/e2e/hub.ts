// A whole hub in this process on ephemeral ports: N department instances, joint-inspection, gateway.
import type { DataSource } from 'typeorm';
import { createDepartmentService } from '../../subgraphs/department/server';
import { seedDepartment } from '../../subgraphs/department/seed';
import { createJointService } from '../../subgraphs/joint-inspection/server';
import { gatewayDepartmentClient } from '../../subgraphs/joint-inspection/department-client';
import { seedJoint } from '../../subgraphs/joint-inspection/seed';
import { createGateway, type Gateway, type GatewayOptions } from '../../gateway/server';
import { DEVELOPMENT_LIMITS } from '../../gateway/limits';
import { listen, type RunningServer } from '../../shared/subgraph-server';
import { generateDemoData, type DemoData } from '../../shared/demo-data';
import type { HubConfig } from '../../shared/config';
import { mintJwt, type Identity } from '../../shared/identity';
import { dropTestDatabases, testDbName, testDbUrl, TEST_IDENTITY_SECRET, TEST_JWT_SECRET } from '../helpers';

export interface TestHub {
  gatewayUrl: string;
  config: HubConfig;
  data: DemoData;
  departments: Map<string, { running: RunningServer; dataSource: DataSource; close(): Promise<void> }>;
  joint: { running: RunningServer; dataSource: DataSource };
  gateway: Awaited<ReturnType<typeof createGateway>>;
  token(identity: Identity): Promise<string>;
  stopDepartment(code: string): Promise<void>;
  /** A fresh instance on the same port and database, as an operator restarting the process would. */
  restartDepartment(code: string): Promise<void>;
  /** Closes the gateway (cutting open connections) and starts a fresh one on the same port. */
  restartGateway(): Promise<void>;
  /** Another gateway over the same subgraphs, with the settings a test needs (closed with the hub). */
  extraGateway(opts?: Partial<GatewayOptions>): Promise<{ url: string; gateway: Gateway }>;
  close(): Promise<void>;
}

const NAMES: Record<string, string> = { SAMR: '市场监督管理局', ECO: '生态环境局', FIRE: '消防救援大队', HEALTH: '卫生健康局' };

export interface TestHubOptions {
  /** Put something (a slow proxy, say) between the gateway and a department. */
  departmentUrl?: (code: string, url: string) => Promise<string> | string;
  /** Put something (a TCP proxy, say) between a department and its database. */
  departmentDbUrl?: (code: string, url: string | undefined) => string | undefined;
  /** Put something between the gateway and joint-inspection. */
  jointUrl?: (url: string) => Promise<string> | string;
}

export async function startTestHub(codes = ['SAMR', 'ECO', 'FIRE'], gatewayOpts: Partial<GatewayOptions> = {}, hubOpts: TestHubOptions = {}): Promise<TestHub> {
  const data = generateDemoData();
  const departments: TestHub['departments'] = new Map();
  const dbNames = new Map<string, string>();
  const extraClosers: (() => Promise<void>)[] = [];
  for (const code of codes) {
    const dbName = testDbName(`dept_${code}`);
    dbNames.set(code, dbName);
    const databaseUrl = hubOpts.departmentDbUrl ? hubOpts.departmentDbUrl(code, testDbUrl(dbName)) : testDbUrl(dbName);
    const svc = await createDepartmentService({ code, name: NAMES[code] ?? code, dbName, databaseUrl, identitySecret: TEST_IDENTITY_SECRET });
    await seedDepartment(svc.dataSource, code, data);
    const running = await listen(svc.server, 0);
    departments.set(code, { running, dataSource: svc.dataSource, close: svc.close });
  }
  const jointDb = testDbName('joint');
  // The joint subgraph reads departments through the gateway, which starts after it: resolve the URL per call.
  let gatewayUrl = '';
  const departmentClient = gatewayDepartmentClient({
    url: () => gatewayUrl,
    token: () => mintJwt({ sub: 'joint-inspection', role: 'SERVICE' }, TEST_JWT_SECRET),
  });
  const jointSvc = await createJointService({ dbName: jointDb, databaseUrl: testDbUrl(jointDb), identitySecret: TEST_IDENTITY_SECRET, departmentClient });
  // The registry lists only the departments running here, so no answer carries an 'unknown department' error.
  await seedJoint(jointSvc.dataSource, { ...data, departments: data.departments.filter((d) => codes.includes(d.code)) });
  const jointRunning = await listen(jointSvc.server, 0);

  const config: HubConfig = {
    gateway: { port: 0 },
    jointInspection: { port: 0, url: hubOpts.jointUrl ? await hubOpts.jointUrl(jointRunning.url) : jointRunning.url },
    departments: await Promise.all(
      codes.map(async (code) => {
        const url = departments.get(code)!.running.url;
        return { code, name: NAMES[code] ?? code, port: 0, url: hubOpts.departmentUrl ? await hubOpts.departmentUrl(code, url) : url };
      }),
    ),
  };
  // Outage tests stop and restart departments and expect the next call to reach them, and suites make many calls
  // as one identity: the breaker and the rate limit are off unless a test asks for them (see hardening tests).
  const testDefaults = {
    config,
    jwtSecret: TEST_JWT_SECRET,
    identitySecret: TEST_IDENTITY_SECRET,
    breaker: { failureThreshold: Number.MAX_SAFE_INTEGER },
    limits: { ...DEVELOPMENT_LIMITS, rateLimit: null },
  };
  const makeGateway = () => createGateway({ ...testDefaults, departmentTimeoutMs: 3000, ...gatewayOpts });
  const extraGateways: RunningServer[] = [];
  let gw = await makeGateway();
  let gwRunning = await listen(gw.server, 0);
  gatewayUrl = gwRunning.url;

  const stopped = new Set<string>();
  return {
    gatewayUrl: gwRunning.url,
    config,
    data,
    departments,
    joint: { running: jointRunning, dataSource: jointSvc.dataSource },
    get gateway() {
      return gw;
    },
    token: (identity) => mintJwt(identity, TEST_JWT_SECRET),
    async stopDepartment(code) {
      stopped.add(code);
      await departments.get(code)!.running.close();
    },
    async restartDepartment(code) {
      const old = departments.get(code)!;
      const port = Number(new URL(old.running.url).port);
      const dbName = dbNames.get(code)!;
      const svc = await createDepartmentService({ code, name: NAMES[code] ?? code, dbName, databaseUrl: testDbUrl(dbName), identitySecret: TEST_IDENTITY_SECRET });
      extraClosers.push(old.close);
      departments.set(code, { running: await listen(svc.server, port), dataSource: svc.dataSource, close: svc.close });
      stopped.delete(code);
    },
    async restartGateway() {
      const port = Number(new URL(gwRunning.url).port);
      await gwRunning.close();
      gw = await makeGateway();
      gwRunning = await listen(gw.server, port);
    },
    async extraGateway(opts = {}) {
      const gateway = await createGateway({ ...testDefaults, skipContractCheck: true, ...opts });
      const running = await listen(gateway.server, 0);
      extraGateways.push(running);
      return { url: running.url, gateway };
    },
    async close() {
      for (const g of extraGateways.reverse()) await g.close();
      await gwRunning.close();
      for (const [code, d] of departments) {
        if (!stopped.has(code)) await d.running.close();
        await d.close();
      }
      for (const close of extraClosers) await close();
      await jointRunning.close();
      await jointSvc.close();
      await dropTestDatabases();
    },
  };
}
