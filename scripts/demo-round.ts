// `npm run demo:round`: drives one whole round on the running hub (`npm start`), through the gateway only,
// as the joint office, the departments and their matched inspectors would: plans → review → commit →
// snapshot → reveal → draw → joint tasks → dispatch and matching → results → publication, then a summary.
import { loadHubConfig, secrets } from '../shared/config';
import { mintJwt, type Identity } from '../shared/identity';

const config = loadHubConfig();
const url = process.env.GATEWAY_URL ?? `http://127.0.0.1:${config.gateway.port}/graphql`;
const { jwt } = secrets();
const token = (identity: Identity) => mintJwt(identity, jwt);

async function gql<T = any>(query: string, variables: Record<string, unknown>, bearer: string): Promise<T> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: T; errors?: { message: string; extensions?: { code?: string } }[] };
  if (body.errors?.length) throw new Error(body.errors.map((e) => `${e.extensions?.code ?? ''} ${e.message}`).join('; '));
  return body.data as T;
}

const iso = (d: Date) => d.toISOString().slice(0, 10);
const log = (s: string) => console.log(`[demo:round] ${s}`);

async function main() {
  const t0 = Date.now();
  const office = await token({ sub: 'joint-office', role: 'JOINT_OFFICE' });
  const today = new Date();
  const year = today.getUTCFullYear();
  const start = new Date(Math.max(Date.UTC(year, 0, 1), today.getTime() - 30 * 86_400_000));
  const windowStart = iso(start);
  const windowEnd = `${year}-12-31`;
  const visit = iso(new Date(Math.min(today.getTime(), start.getTime() + 2 * 86_400_000)));

  const { departments } = await gql<{ departments: { code: string; name: string }[] }>('{ departments { code name } }', {}, office);
  log(`${departments.length} 个成员单位：${departments.map((d) => d.name).join('、')}`);

  // 1. Each department plans over its whole target pool with two published items.
  const planIds: string[] = [];
  for (const d of departments) {
    try {
      const { checklist } = await gql('query($d: String!) { checklist(department: $d, status: PUBLISHED) { code category maxRatio } }', { d: d.code }, office);
      const items = (checklist as { code: string; maxRatio: number }[]).slice(0, 2);
      if (!items.length) continue;
      const ratio = Math.min(0.1, ...items.map((i) => i.maxRatio));
      const { createPlan } = await gql(
        'mutation($input: PlanInput!) { createPlan(input: $input) { id } }',
        { input: { department: d.code, title: `${d.name}${year}年随机抽查（演示）`, year, windowStart, windowEnd, items: items.map((i) => ({ department: d.code, code: i.code })), scope: {}, ratios: { A: ratio, B: ratio, C: ratio, D: ratio } } },
        office,
      );
      await gql('mutation($id: ID!) { submitPlan(id: $id) { id } }', { id: createPlan.id }, office);
      const { planReview } = await gql('query($id: ID!) { planReview(id: $id) { findings { severity message } } }', { id: createPlan.id }, office);
      const findings = planReview.findings as { severity: string; message: string }[];
      if (findings.some((f) => f.severity === 'BLOCKING')) {
        log(`${d.name} 的计划未通过自动审查：${findings.filter((f) => f.severity === 'BLOCKING').map((f) => f.message).join('；')}`);
        continue;
      }
      await gql('mutation($id: ID!) { approvePlan(id: $id) { id } }', { id: createPlan.id }, office);
      planIds.push(createPlan.id);
    } catch (e) {
      log(`${d.name}：${(e as Error).message}（跳过）`);
    }
  }
  log(`${planIds.length} 份计划审核通过`);
  if (!planIds.length) throw new Error('没有可抽取的计划');

  // 2. The verifiable draw: commit, freeze pools, reveal, draw and lock.
  const { openDrawRound } = await gql('mutation($n: String!, $y: Int!, $p: [ID!]!) { openDrawRound(name: $n, year: $y, planIds: $p) { id name } }', { n: `演示轮次 ${new Date().toISOString().slice(0, 19)}`, y: year, p: planIds }, office);
  const r = openDrawRound.id;
  const committed = await gql('mutation($r: ID!) { commitSeed(roundId: $r, source: GENERATED) { seedCommitment } }', { r }, office);
  log(`种子承诺 SHA-256 = ${committed.commitSeed.seedCommitment}`);
  await gql('mutation($r: ID!) { snapshotPools(roundId: $r) { id } }', { r }, office);
  const revealed = await gql('mutation($r: ID!) { revealSeed(roundId: $r) { seed } }', { r }, office);
  log(`种子揭示 = ${revealed.revealSeed.seed}`);
  await gql('mutation($r: ID!) { drawAndLock(roundId: $r) { id } }', { r }, office);
  const { drawRound } = await gql(
    `query($r: ID!) { drawRound(id: $r) { draws { planId verification { ok } }
      stats { visits entities departmentDraws doorsSaved jointTasks jointShare { department share meetsGoal } } } }`,
    { r },
    office,
  );
  const verified = drawRound.draws.filter((d: any) => d.verification.ok).length;
  log(`${drawRound.draws.length} 份抽取记录，用公开输入复算通过 ${verified} 份`);

  // 3. Dispatch: every department matches its own inspectors, seeded from the round seed.
  const dispatch = await gql('mutation($r: ID!) { dispatchRound(roundId: $r) { department matched understaffed pending } }', { r }, office);
  for (const d of dispatch.dispatchRound) log(`派发 ${d.department}：已匹配 ${d.matched}，人员不足 ${d.understaffed}，待派 ${d.pending}`);

  // 4. Results for some joint tasks: entered by a matched inspector, approved and published by the department admin.
  const { tasks } = await gql(
    `query($r: ID!) { tasks(roundId: $r) { id joint items { department code } dispatch { department status inspectors { certificateNumber status } } } }`,
    { r },
    office,
  );
  let entered = 0;
  let published = 0;
  const sample = (tasks as any[]).filter((t) => t.joint && t.dispatch.every((d: any) => d.status === 'MATCHED')).slice(0, 5);
  for (const [n, t] of sample.entries()) {
    for (const part of t.dispatch) {
      const inspector = await token({ sub: part.inspectors.find((i: any) => i.status === 'ACTIVE').certificateNumber, role: 'INSPECTOR', department: part.department });
      const admin = await token({ sub: `admin-${part.department.toLowerCase()}`, role: 'DEPT_ADMIN', department: part.department });
      for (const item of t.items.filter((i: any) => i.department === part.department)) {
        const clean = (n + entered) % 3 !== 0;
        const { enterResult } = await gql(
          'mutation($input: ResultInput!) { enterResult(input: $input) { id } }',
          { input: { taskId: t.id, department: part.department, itemCode: item.code, inspectedOn: visit, categories: clean ? ['NO_PROBLEM'] : ['CORRECTED'], followUp: clean ? 'NONE' : 'ORDERED_TO_CORRECT', findings: clean ? '' : '现场发现台账记录不全，已当场责令改正。' } },
          inspector,
        );
        entered++;
        await gql('mutation($id: ID!) { submitResult(id: $id) { state } }', { id: enterResult.id }, inspector);
        if (n % 2 === 0) {
          await gql('mutation($id: ID!) { reviewResult(id: $id, approve: true) { state } }', { id: enterResult.id }, admin);
          await gql('mutation($id: ID!) { publishResult(id: $id) { version } }', { id: enterResult.id }, admin);
          published++;
        }
      }
    }
  }
  const { deadlineSummary } = await gql('{ deadlineSummary { department overdue dueSoon } }', {}, office);
  const overdue = (deadlineSummary as { overdue: number }[]).reduce((s, d) => s + d.overdue, 0);
  const s = drawRound.stats;
  const shares = (s.jointShare as { department: string; share: number; meetsGoal: boolean }[]).map((j) => `${j.department} ${(j.share * 100).toFixed(0)}%${j.meetsGoal ? '' : '（未达10%）'}`);
  console.log(
    [
      '',
      `本轮汇总（${((Date.now() - t0) / 1000).toFixed(1)} s）`,
      `  部门          ${departments.length}`,
      `  计划          ${planIds.length}`,
      `  抽取记录      ${drawRound.draws.length}（复算通过 ${verified}）`,
      `  部门抽取户次  ${s.departmentDraws}`,
      `  实际上门      ${s.visits}（市场主体 ${s.entities}）`,
      `  少进的门      ${s.doorsSaved}`,
      `  联合检查任务  ${s.jointTasks}`,
      `  联合检查占比  ${shares.join('，')}`,
      `  录入结果      ${entered}，已公示 ${published}`,
      `  逾期结果      ${overdue}`,
      '',
    ].join('\n'),
  );
}

main().catch((e) => {
  console.error(`[demo:round] 失败：${(e as Error).message}`);
  console.error('请先运行 npm start，并确认网关地址（GATEWAY_URL）。');
  process.exit(1);
});
