// Shared steps for end-to-end tests: plan → approve → round → commit → snapshot → reveal → draw.
import type { TestHub } from './hub';
import { callGateway } from '../helpers';

export async function gqlOk(hub: TestHub, query: string, variables: Record<string, unknown>, token?: string) {
  const res = await callGateway(hub.gatewayUrl, query, variables, token);
  if (res.errors?.length) throw new Error(`GraphQL error: ${JSON.stringify(res.errors)}`);
  return res.data;
}

/** Approved plans over restaurants (section H) for each department, drawn in one coordinated round. */
export async function drawRestaurantRound(hub: TestHub, departments: string[], name: string, office: string): Promise<{ roundId: string; planIds: string[] }> {
  const planIds: string[] = [];
  for (const department of departments) {
    const items = hub.data.checklistItems.filter((i) => i.department === department && i.status === 'PUBLISHED').slice(0, 2);
    const ratio = Math.min(...items.map((i) => i.maxRatio));
    const data = await gqlOk(
      hub,
      'mutation($input: PlanInput!) { createPlan(input: $input) { id } }',
      {
        input: {
          department, title: `${department} 餐饮单位抽查 ${name}`, year: 2026, windowStart: '2026-07-01', windowEnd: '2026-09-30',
          items: items.map((i) => ({ department, code: i.code })), scope: { industrySections: ['H'] }, ratios: { A: ratio, B: ratio, C: ratio, D: ratio },
        },
      },
      office,
    );
    const id = data.createPlan.id;
    await gqlOk(hub, 'mutation($id: ID!) { submitPlan(id: $id) { id } }', { id }, office);
    await gqlOk(hub, 'mutation($id: ID!) { approvePlan(id: $id) { id } }', { id }, office);
    planIds.push(id);
  }
  const open = await gqlOk(hub, 'mutation($n: String!, $p: [ID!]!) { openDrawRound(name: $n, year: 2026, planIds: $p) { id } }', { n: name, p: planIds }, office);
  const r = open.openDrawRound.id;
  for (const step of ['commitSeed(roundId: $r, source: GENERATED)', 'snapshotPools(roundId: $r)', 'revealSeed(roundId: $r)', 'drawAndLock(roundId: $r)'])
    await gqlOk(hub, `mutation($r: ID!) { ${step} { id } }`, { r }, office);
  return { roundId: r, planIds };
}
