// Bounded fuzz run through the gateway: FUZZ_RUNS generated bad inputs (default 10,000) against the mutations
// plus query bombs. Every answer must be a clean error (no 5xx, every error with extensions.code, never
// INTERNAL_SERVER_ERROR), no write may land (row counts of every table unchanged), and nothing may reject unhandled.
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import fc from 'fast-check';
import type { DataSource } from 'typeorm';
import { startTestHub, type TestHub } from '../e2e/hub';
import { drawRestaurantRound } from '../e2e/flow';
import { Caller, checklistItemInput, freshUscc } from '../authz/fixture';
import { bombCases, edgeCases, mutationCases, type FuzzCase, type FuzzTargets } from './arbitraries';
import type { Identity } from '../../shared/identity';

const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);
const SEED = Number(process.env.FUZZ_SEED ?? 20261201);
const CONCURRENCY = 8;
// The gateway's operation limits answer hostile documents before validation (gateway/limits.ts).
const CLEAN_CODES = new Set(['BAD_USER_INPUT', 'GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_PARSE_FAILED', 'BAD_REQUEST', 'CONFLICT', 'NOT_FOUND', 'FORBIDDEN', 'UNAUTHENTICATED', 'QUERY_TOO_DEEP', 'TOO_MANY_ALIASES', 'TOO_MANY_TOKENS', 'TOO_MANY_DIRECTIVES', 'QUERY_TOO_COSTLY']);

export async function tableCounts(ds: DataSource): Promise<Record<string, number>> {
  const mysql = ds.options.type === 'mysql';
  const tables: { name: string }[] = mysql
    ? await ds.query('SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE()')
    : await ds.query("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
  const out: Record<string, number> = {};
  for (const { name } of tables) out[name] = Number((await ds.query(`SELECT COUNT(*) AS n FROM \`${name}\``))[0].n);
  return out;
}

describe(`fuzz: ${RUNS} generated bad inputs against the mutations and the parser (seed ${SEED})`, () => {
  let hub: TestHub;
  let call: Caller;
  let targets: FuzzTargets;
  const unhandled: unknown[] = [];
  const onUnhandled = (e: unknown) => unhandled.push(e);

  beforeAll(async () => {
    process.on('unhandledRejection', onUnhandled);
    process.on('uncaughtException', onUnhandled);
    hub = await startTestHub(['SAMR', 'ECO']);
    call = new Caller(hub);
    const office = await call.token({ sub: 'fixture-office', role: 'JOINT_OFFICE' });
    const { roundId, planIds } = await drawRestaurantRound(hub, ['SAMR'], '2026-Q3', office);
    const task = (await call.office('query($r: ID!) { tasks(roundId: $r) { id items { department code } } }', { r: roundId })).tasks[0];
    const item = hub.data.checklistItems.find((i) => i.department === 'SAMR' && i.status === 'PUBLISHED')!;
    const planInput = {
      department: 'SAMR', title: '模糊测试底稿', year: 2026, windowStart: '2026-10-01', windowEnd: '2026-12-31',
      items: [{ department: 'SAMR', code: item.code }], ratios: { A: 0.05, B: 0.05, C: 0.05, D: 0.05 }, scope: { industrySections: ['H'] },
    };
    const draftPlanId = (await call.office('mutation($input: PlanInput!) { createPlan(input: $input) { id } }', { input: planInput })).createPlan.id;
    const submittedPlanId = (await call.office('mutation($input: PlanInput!) { createPlan(input: $input) { id } }', { input: planInput })).createPlan.id;
    await call.office('mutation($id: ID!) { submitPlan(id: $id) { id } }', { id: submittedPlanId });
    const draftItemId = (await call.service('mutation($input: ChecklistItemInput!) { createChecklistItem(department: "SAMR", input: $input) { id } }', { input: checklistItemInput('FUZZ-DRAFT') })).createChecklistItem.id;
    const pool = await call.service('{ inspectors(department: "SAMR", first: 1) { edges { node { id } } } targetPool(department: "SAMR", first: 1) { edges { node { creditCode } } } }');
    targets = {
      department: 'SAMR', draftItemId, inspectorId: pool.inspectors.edges[0].node.id, poolCreditCode: pool.targetPool.edges[0].node.creditCode,
      entityCreditCode: hub.data.entities[0].creditCode, draftPlanId, submittedPlanId, drawnRoundId: roundId, drawnPlanId: planIds[0],
      task: { id: task.id, itemCode: task.items.find((i: any) => i.department === 'SAMR').code }, publishedItem: { department: 'SAMR', code: item.code },
      freshCode: freshUscc(99_999),
    };
  }, 300_000);
  afterAll(async () => {
    process.off('unhandledRejection', onUnhandled);
    process.off('uncaughtException', onUnhandled);
    await hub?.close();
  });

  test('zero 5xx, every rejection coded, no write lands, nothing rejects unhandled', async () => {
    const databases: [string, DataSource][] = [['joint', hub.joint.dataSource], ...[...hub.departments].map(([c, d]) => [c, d.dataSource] as [string, DataSource])];
    const before = await Promise.all(databases.map(([, ds]) => tableCounts(ds)));
    // Mostly mutations with one bad field; some hostile query documents; some inputs past the edge bounds (long and
    // bidirectional text, huge lists, bad ids: issue 14).
    const cases = fc.sample(fc.oneof({ arbitrary: mutationCases(targets), weight: 17 }, { arbitrary: bombCases, weight: 1 }, { arbitrary: edgeCases(targets), weight: 2 }), { numRuns: RUNS, seed: SEED });
    const identities: Record<FuzzCase['as'], Identity> = {
      staff: { sub: 'fuzz-staff', role: 'DEPT_STAFF', department: 'SAMR' },
      admin: { sub: 'fuzz-admin', role: 'DEPT_ADMIN', department: 'SAMR' },
      office: { sub: 'fuzz-office', role: 'JOINT_OFFICE' },
      public: { sub: 'anonymous', role: 'PUBLIC' },
    };
    const failures: string[] = [];
    const statuses: Record<string, number> = {};
    const codes: Record<string, number> = {};
    const perOp: Record<string, number> = {};
    const msPerOp: Record<string, number> = {};
    let next = 0;
    const worker = async () => {
      while (next < cases.length) {
        const c = cases[next++];
        perOp[c.op] = (perOp[c.op] ?? 0) + 1;
        let res;
        const t0 = Date.now();
        try {
          res = await call.as(identities[c.as], c.query, c.variables);
          msPerOp[c.op] = (msPerOp[c.op] ?? 0) + Date.now() - t0;
        } catch (e) {
          failures.push(`${c.op} (${c.what}): no JSON answer: ${(e as Error).message}`);
          continue;
        }
        statuses[res.status] = (statuses[res.status] ?? 0) + 1;
        for (const e of res.errors ?? []) codes[e.extensions?.code ?? 'NO_CODE'] = (codes[e.extensions?.code ?? 'NO_CODE'] ?? 0) + 1;
        const bad = (res.errors ?? []).filter((e) => !CLEAN_CODES.has(e.extensions?.code));
        const isMutation = !c.op.match(/^(aliasBomb|deepIntrospection|fragmentCycle|directiveFlood|nestedEntities|garbage|unclosed|longSearch|hugeList|badIdQuery)$/);
        if (res.status >= 500) failures.push(`${c.op} (${c.what}): HTTP ${res.status} ${JSON.stringify(res.errors)?.slice(0, 200)}`);
        else if (bad.length) failures.push(`${c.op} (${c.what}): ${JSON.stringify(bad).slice(0, 300)}`);
        else if ((isMutation || c.expectCode) && (!res.errors?.length || Object.values(res.data ?? {}).some((v) => v != null))) failures.push(`${c.op} (${c.what}): accepted ${JSON.stringify(res.data).slice(0, 200)}`);
        else if (c.expectCode && res.errors![0]?.extensions?.code !== c.expectCode) failures.push(`${c.op} (${c.what}): ${res.errors![0]?.extensions?.code}, expected ${c.expectCode}`);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const after = await Promise.all(databases.map(([, ds]) => tableCounts(ds)));

    const failuresByOp: Record<string, number> = {};
    for (const f of failures) failuresByOp[f.split(' ')[0]] = (failuresByOp[f.split(' ')[0]] ?? 0) + 1;
    const summary = { runs: cases.length, seed: SEED, statuses, errorCodes: codes, perOperation: perOp, failures: failures.length, failuresByOp, unhandled: unhandled.length, msPerOp };
    mkdirSync(resolve(__dirname, '..', '..', '..', 'test-output'), { recursive: true });
    writeFileSync(resolve(__dirname, '..', '..', '..', 'test-output', 'fuzz-summary.json'), JSON.stringify({ ...summary, firstFailures: failures.slice(0, 50) }, null, 2));
    console.log(`fuzz: ${JSON.stringify(summary)}`);

    expect(cases.length).toBe(RUNS);
    expect(failures.slice(0, 20)).toEqual([]);
    expect(unhandled).toEqual([]);
    for (let i = 0; i < databases.length; i++) expect({ db: databases[i][0], ...after[i] }).toEqual({ db: databases[i][0], ...before[i] });
  }, 600_000);
});
