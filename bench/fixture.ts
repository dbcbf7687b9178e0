// The benchmark hub's upstream: the 8 configured departments and the joint-inspection subgraph, seeded with the demo
// county plus N tasks (in rounds of 10) so the gateway and N+1 benches query the same data the same way.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dropMysqlDatabase, isMysqlUrl, QueryCounter } from '../shared/db';
import { generateDemoData, type DemoData } from '../shared/demo-data';
import { loadHubConfig, type HubConfig } from '../shared/config';
import { listen, type RunningServer, type SubgraphService } from '../shared/subgraph-server';
import { createDepartmentService } from '../subgraphs/department/server';
import { seedDepartment } from '../subgraphs/department/seed';
import { createJointService } from '../subgraphs/joint-inspection/server';
import { seedJoint } from '../subgraphs/joint-inspection/seed';
import { Plan } from '../subgraphs/joint-inspection/plan.entity';
import { DrawRound } from '../subgraphs/joint-inspection/draw.entity';
import { Task } from '../subgraphs/joint-inspection/task.entity';
import type { DepartmentClient } from '../subgraphs/joint-inspection/department-client';

export const BENCH_IDENTITY_SECRET = 'bench-identity-secret';
export const BENCH_JWT_SECRET = 'bench-jwt-secret';
export const TASKS_PER_ROUND = 10;

export interface Upstream {
  config: HubConfig;
  /** Statement counters per subgraph instance ('joint' and each department code). */
  counters: Map<string, QueryCounter>;
  close(): Promise<void>;
}

// Reads of department data go through a gateway; the benched queries never need them.
const noDepartments = new Proxy({} as DepartmentClient, {
  get: () => () => Promise.reject(new Error('bench: no gateway behind the joint subgraph')),
});

/** Where the bench's throw-away databases live: MariaDB/MySQL from DATABASE_URL, else SQLite in a temp folder. */
function databases() {
  const url = process.env.DATABASE_URL;
  const mysql = isMysqlUrl(url);
  const tempDir = !mysql && !process.env.DATA_DIR ? mkdtempSync(join(tmpdir(), 'hub-bench-')) : undefined;
  if (tempDir) process.env.DATA_DIR = tempDir;
  const prefix = `bench_${randomBytes(3).toString('hex')}`;
  const created: string[] = [];
  return {
    name(label: string) {
      const n = `${prefix}_${label.toLowerCase()}`;
      created.push(n);
      return n;
    },
    url(name: string) {
      if (!mysql) return undefined;
      const u = new URL(url!);
      u.pathname = `/${name}`;
      return u.toString();
    },
    async dropAll() {
      if (mysql) for (const n of created.splice(0)) await dropMysqlDatabase(url!, n);
      if (tempDir) rmSync(tempDir, { recursive: true, force: true });
    },
  };
}

/** N tasks in rounds of 10, each visiting one business for 2 (every third: 3) departments. */
async function seedTasks(joint: SubgraphService, data: DemoData, tasks: number) {
  const em = joint.dataSource.manager;
  const now = new Date();
  const codes = data.departments.map((d) => d.code);
  const plans = await em.save(
    Plan,
    codes.map((code) =>
      em.create(Plan, {
        kind: 'DEPARTMENT', department: code, participants: [code], title: `${code} 2026 年度双随机抽查`, year: 2026,
        windowStart: '2026-07-01', windowEnd: '2026-09-30', items: [], scope: {}, ratios: { B: 0.05 },
        category: 'GENERAL', state: 'DRAWN', returnReason: null, createdBy: 'bench', reviewedBy: 'bench', createdAt: now, updatedAt: now,
      } as Partial<Plan>),
    ),
  );
  const planOf = new Map(plans.map((p) => [p.department, p.id]));
  const rounds = Math.ceil(tasks / TASKS_PER_ROUND);
  for (let r = 0; r < rounds; r++) {
    const round = await em.save(
      DrawRound,
      em.create(DrawRound, {
        name: `第 ${r + 1} 轮`, year: 2026, mode: 'COORDINATED', startPoint: 0, planIds: plans.map((p) => p.id), state: 'DRAWN',
        seedSource: null, seedCommitment: null, seedDescription: null, sealedSeed: null, seed: null, createdBy: 'bench', createdAt: now, updatedAt: now,
      } as Partial<DrawRound>),
    );
    const rows: Partial<Task>[] = [];
    for (let i = r * TASKS_PER_ROUND; i < Math.min(tasks, (r + 1) * TASKS_PER_ROUND); i++) {
      const departments = [codes[i % codes.length]!, codes[(i + 3) % codes.length]!, ...(i % 3 === 0 ? [codes[(i + 5) % codes.length]!] : [])];
      rows.push({
        roundId: round.id, creditCode: data.entities[i % data.entities.length]!.creditCode, joint: departments.length > 1,
        leadDepartment: departments[0]!, departments, planIds: departments.map((d) => planOf.get(d)!),
        items: [], windowStart: '2026-07-01', windowEnd: '2026-09-30', createdAt: now,
      });
    }
    await em.insert(Task, rows);
  }
}

/** Starts every department of config/hub.json and the joint subgraph on ephemeral loopback ports. */
export async function startUpstream(opts: { tasks: number; count?: boolean }): Promise<Upstream> {
  const data = generateDemoData();
  const hub = loadHubConfig();
  const db = databases();
  const counters = new Map<string, QueryCounter>();
  const counter = (label: string) => {
    if (!opts.count) return undefined;
    const c = new QueryCounter();
    counters.set(label, c);
    return c;
  };
  const services: { svc: SubgraphService; running: RunningServer }[] = [];
  const start = async (svc: SubgraphService) => {
    const running = await listen(svc.server, 0);
    services.push({ svc, running });
    return running.url;
  };
  try {
    const departments = [];
    for (const d of hub.departments) {
      const name = db.name(`d_${d.code}`);
      const svc = await createDepartmentService({ code: d.code, name: d.name, dbName: name, databaseUrl: db.url(name), identitySecret: BENCH_IDENTITY_SECRET, counter: counter(d.code) });
      await seedDepartment(svc.dataSource, d.code, data);
      departments.push({ code: d.code, name: d.name, port: 0, url: await start(svc) });
    }
    const jointName = db.name('joint');
    const joint = await createJointService({ dbName: jointName, databaseUrl: db.url(jointName), identitySecret: BENCH_IDENTITY_SECRET, counter: counter('joint'), departmentClient: noDepartments });
    await seedJoint(joint.dataSource, data);
    await seedTasks(joint, data, opts.tasks);
    const jointUrl = await start(joint);
    for (const c of counters.values()) c.reset();
    return {
      config: { gateway: { port: 0 }, jointInspection: { port: 0, url: jointUrl }, departments },
      counters,
      async close() {
        try {
          for (const { svc, running } of services.reverse()) {
            await running.close();
            await svc.close();
          }
        } finally {
          await db.dropAll();
        }
      },
    };
  } catch (e) {
    for (const { svc, running } of services) await running.close().then(() => svc.close()).catch(() => undefined);
    await db.dropAll();
    throw e;
  }
}
