// The authorization matrix, walked: every root operation of the supergraph × every role, a department role once
// for its own department and once for another, through the gateway, against shared/authz-matrix.ts.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildASTSchema, isNonNullType, parse } from 'graphql';
import { startTestHub, type TestHub } from '../e2e/hub';
import { drawRestaurantRound } from '../e2e/flow';
import { callSubgraph, type GqlResponse } from '../helpers';
import { AUTHZ_MATRIX, AUTHZ_ROLES, renderAuthzTable, withAuthzTable, type AuthzRule } from '../../shared/authz-matrix';
import type { Role } from '../../shared/domain';
import type { Identity } from '../../shared/identity';
import { Caller, checklistItemInput, freshUscc, inspectorInput, nextSeq, targetInput } from './fixture';

const OWN = 'SAMR';
const OTHER = 'ECO';
const DEPT_ROLES: Role[] = ['INSPECTOR', 'DEPT_STAFF', 'DEPT_ADMIN'];
const root = resolve(__dirname, '..', '..', '..');
const schema = buildASTSchema(parse(readFileSync(resolve(root, 'gateway/supergraph.graphql'), 'utf8')), { assumeValidSDL: true });

interface Case { role: Role; target: string; label: string }
const CASES: Case[] = AUTHZ_ROLES.flatMap((role) =>
  DEPT_ROLES.includes(role)
    ? [{ role, target: OWN, label: `${role} (own department)` }, { role, target: OTHER, label: `${role} (another department)` }]
    : [{ role, target: OWN, label: role }],
);

function expectAllowed(rule: AuthzRule, c: Case): boolean {
  const a = rule.access[c.role];
  if (a === 'own') return c.target === OWN;
  return a === 'yes' || a === 'scoped';
}

interface Probe {
  query: string;
  variables?: Record<string, unknown>;
  /** The INSPECTOR's subject (their certificate number) when the probe needs one matched to a task. */
  inspectorSub?: string;
  /** For scoped rows: what the answer may contain for this identity. */
  check?: (data: any, id: Identity) => void;
}

type Outcome = { allowed: boolean; detail: string };

function outcome(rule: AuthzRule, res: GqlResponse): Outcome {
  const codes = (res.errors ?? []).map((e) => e.extensions?.code ?? 'NO_CODE');
  const value = res.data?.[rule.op];
  const field = (rule.kind === 'query' ? schema.getQueryType() : schema.getMutationType())!.getFields()[rule.op];
  const detail = `${res.status} ${JSON.stringify(codes)} ${JSON.stringify(res.errors?.map((e) => e.message) ?? [])}`.slice(0, 400);
  if (codes.some((c) => ['FORBIDDEN', 'UNAUTHENTICATED'].includes(c))) return { allowed: false, detail };
  // Something the caller may not see is reported as missing (or null), so its existence does not leak.
  if (codes.includes('NOT_FOUND')) return { allowed: false, detail };
  if (!codes.length && value === null && !isNonNullType(field.type)) return { allowed: false, detail };
  if (!codes.length && value != null) return { allowed: true, detail };
  // A state conflict on a write means the authorization check let the caller through.
  if (rule.kind === 'mutation' && codes.length && codes.every((c) => c === 'CONFLICT')) return { allowed: true, detail };
  throw new Error(`${rule.op}: unexpected answer ${detail}`);
}

const csvBase64 = (lines: string[]) => Buffer.from(lines.join('\r\n'), 'utf8').toString('base64');

describe('authorization matrix (every root operation × every role, own vs another department)', () => {
  let hub: TestHub;
  let call: Caller;
  const identity = (c: Case, sub?: string): Identity =>
    DEPT_ROLES.includes(c.role) ? { sub: sub && c.role === 'INSPECTOR' ? sub : `${c.role.toLowerCase()}-${OWN.toLowerCase()}`, role: c.role, department: OWN } : { sub: `${c.role.toLowerCase()}-matrix`, role: c.role };

  // Fixture objects per department.
  const rounds: Record<string, string> = {};
  const tasks: Record<string, any[]> = {};
  const draftItem: Record<string, string> = {};
  const inspector: Record<string, string> = {};
  const poolCode: Record<string, string> = {};
  let drawId = '';
  let matrixRound = '';
  let matrixPlan = '';
  let proposedChange = '';
  const usedPairs = new Set<string>();

  const TASK_FIELDS = 'id creditCode departments items { department code } entity { creditClass } dispatch { department status inspectors { inspectorId certificateNumber status } }';

  async function planFor(department: string, state: 'DRAFT' | 'SUBMITTED' | 'APPROVED'): Promise<string> {
    const items = hub.data.checklistItems.filter((i) => i.department === department && i.status === 'PUBLISHED').slice(0, 1);
    const input = {
      department, title: `${department} 授权矩阵计划 ${nextSeq()}`, year: 2026, windowStart: '2026-10-01', windowEnd: '2026-12-31',
      items: items.map((i) => ({ department, code: i.code })), scope: { industrySections: ['C'] }, ratios: { A: 0.01, B: 0.01, C: 0.01, D: 0.01 },
    };
    const id = (await call.office('mutation($input: PlanInput!) { createPlan(input: $input) { id } }', { input })).createPlan.id;
    if (state !== 'DRAFT') await call.office('mutation($id: ID!) { submitPlan(id: $id) { id } }', { id });
    if (state === 'APPROVED') await call.office('mutation($id: ID!) { approvePlan(id: $id) { id } }', { id });
    return id;
  }

  async function freshDraftItem(department: string): Promise<string> {
    const d = await call.service('mutation($d: String!, $input: ChecklistItemInput!) { createChecklistItem(department: $d, input: $input) { id } }', { d: department, input: checklistItemInput(`AUTHZ-${nextSeq()}`) });
    return d.createChecklistItem.id;
  }

  async function freshInspector(department: string): Promise<string> {
    const d = await call.service('mutation($d: String!, $input: InspectorInput!) { createInspector(department: $d, input: $input) { id } }', { d: department, input: inspectorInput(nextSeq()) });
    return d.createInspector.id;
  }

  async function freshTarget(department: string): Promise<string> {
    const creditCode = freshUscc(nextSeq());
    await call.service('mutation($d: String!, $input: TargetInput!) { addTarget(department: $d, input: $input) { id } }', { d: department, input: targetInput(creditCode) });
    return creditCode;
  }

  /** A (task, item) of the department nobody has entered a result for yet, with a matched inspector of that task. */
  function freshPair(department: string) {
    for (const t of tasks[department]) {
      for (const item of t.items.filter((i: any) => i.department === department)) {
        const key = `${t.id}/${department}/${item.code}`;
        if (usedPairs.has(key)) continue;
        usedPairs.add(key);
        const active = t.dispatch.find((d: any) => d.department === department)?.inspectors.find((i: any) => i.status === 'ACTIVE');
        return { task: t, itemCode: item.code, inspectorSub: active?.certificateNumber as string | undefined };
      }
    }
    throw new Error(`no unused task item left for ${department}`);
  }

  const resultInput = (p: ReturnType<typeof freshPair>, department: string) => ({
    taskId: p.task.id, department, itemCode: p.itemCode, categories: ['NO_PROBLEM'], followUp: 'NONE', findings: '', inspectedOn: '2026-07-02',
  });

  /** A result of the department advanced (as SERVICE) to the given state. */
  async function freshResult(department: string, state: 'ENTERED' | 'SUBMITTED' | 'APPROVED' | 'PUBLISHED') {
    const p = freshPair(department);
    const id = (await call.service('mutation($input: ResultInput!) { enterResult(input: $input) { id } }', { input: resultInput(p, department) })).enterResult.id;
    if (state !== 'ENTERED') await call.service('mutation($id: ID!) { submitResult(id: $id) { id } }', { id });
    if (state === 'APPROVED' || state === 'PUBLISHED') await call.service('mutation($id: ID!) { reviewResult(id: $id, approve: true) { id } }', { id });
    if (state === 'PUBLISHED') await call.service('mutation($id: ID!) { publishResult(id: $id) { id } }', { id });
    return { id, inspectorSub: p.inspectorSub };
  }

  const onlyOwnOrPublic = (list: any[], id: Identity, own: (x: any) => boolean) => {
    if (id.role === 'JOINT_OFFICE' || id.role === 'SERVICE') return;
    for (const x of list) expect(own(x)).toBe(true);
  };

  const PROBES: Record<string, (t: string) => Promise<Probe> | Probe> = {
    checklist: (t) => ({
      query: 'query($d: String!) { checklist(department: $d) { id status } }', variables: { d: t },
      check: (data, id) => {
        const privileged = id.role === 'JOINT_OFFICE' || id.role === 'SERVICE' || id.department === t;
        if (!privileged) for (const i of data.checklist) expect(i.status).toBe('PUBLISHED');
        else expect(data.checklist.some((i: any) => i.status !== 'PUBLISHED')).toBe(true);
      },
    }),
    checklistItem: (t) => ({ query: 'query($d: String!, $id: ID!) { checklistItem(department: $d, id: $id) { id } }', variables: { d: t, id: draftItem[t] } }),
    inspectors: (t) => ({ query: 'query($d: String!) { inspectors(department: $d, first: 2) { totalCount } }', variables: { d: t } }),
    inspector: (t) => ({ query: 'query($d: String!, $id: ID!) { inspector(department: $d, id: $id) { id } }', variables: { d: t, id: inspector[t] } }),
    targetPool: (t) => ({ query: 'query($d: String!) { targetPool(department: $d, first: 2) { totalCount } }', variables: { d: t } }),
    poolSnapshot: (t) => ({ query: 'query($d: String!) { poolSnapshot(department: $d, filter: { industrySections: ["H"] }) { creditCode } }', variables: { d: t } }),
    taskMatch: (t) => ({ query: 'query($d: String!, $task: ID!) { taskMatch(department: $d, taskId: $task) { status } }', variables: { d: t, task: tasks[t][0].id } }),
    assignments: (t) => ({ query: 'query($d: String!, $task: ID!) { assignments(department: $d, taskId: $task) { id } }', variables: { d: t, task: tasks[t][0].id } }),

    createChecklistItem: (t) => ({ query: 'mutation($d: String!, $input: ChecklistItemInput!) { createChecklistItem(department: $d, input: $input) { id } }', variables: { d: t, input: checklistItemInput(`AUTHZ-${nextSeq()}`) } }),
    updateChecklistItem: (t) => ({ query: 'mutation($d: String!, $id: ID!) { updateChecklistItem(department: $d, id: $id, input: { name: "改名的草稿事项" }) { id } }', variables: { d: t, id: draftItem[t] } }),
    deleteChecklistItem: async (t) => ({ query: 'mutation($d: String!, $id: ID!) { deleteChecklistItem(department: $d, id: $id) }', variables: { d: t, id: await freshDraftItem(t) } }),
    publishChecklistItem: async (t) => ({ query: 'mutation($d: String!, $id: ID!) { publishChecklistItem(department: $d, id: $id) { id } }', variables: { d: t, id: await freshDraftItem(t) } }),
    retireChecklistItem: async (t) => {
      const id = await freshDraftItem(t);
      await call.service('mutation($d: String!, $id: ID!) { publishChecklistItem(department: $d, id: $id) { id } }', { d: t, id });
      return { query: 'mutation($d: String!, $id: ID!) { retireChecklistItem(department: $d, id: $id) { id } }', variables: { d: t, id } };
    },
    createInspector: (t) => ({ query: 'mutation($d: String!, $input: InspectorInput!) { createInspector(department: $d, input: $input) { id } }', variables: { d: t, input: inspectorInput(nextSeq()) } }),
    updateInspector: async (t) => ({ query: 'mutation($d: String!, $id: ID!) { updateInspector(department: $d, id: $id, input: { position: "副科长" }) { id } }', variables: { d: t, id: await freshInspector(t) } }),
    changeInspectorStatus: async (t) => ({ query: 'mutation($d: String!, $id: ID!) { changeInspectorStatus(department: $d, id: $id, status: ON_LEAVE, reason: "产假") { id } }', variables: { d: t, id: await freshInspector(t) } }),
    declareConflict: async (t) => ({ query: 'mutation($d: String!, $id: ID!, $c: String!) { declareConflict(department: $d, id: $id, creditCode: $c) { id } }', variables: { d: t, id: await freshInspector(t), c: poolCode[t] } }),
    removeConflict: async (t) => {
      const id = await freshInspector(t);
      await call.service('mutation($d: String!, $id: ID!, $c: String!) { declareConflict(department: $d, id: $id, creditCode: $c) { id } }', { d: t, id, c: poolCode[t] });
      return { query: 'mutation($d: String!, $id: ID!, $c: String!) { removeConflict(department: $d, id: $id, creditCode: $c) { id } }', variables: { d: t, id, c: poolCode[t] } };
    },
    addTarget: (t) => ({ query: 'mutation($d: String!, $input: TargetInput!) { addTarget(department: $d, input: $input) { id } }', variables: { d: t, input: targetInput(freshUscc(nextSeq())) } }),
    updateTarget: async (t) => ({ query: 'mutation($d: String!, $c: String!) { updateTarget(department: $d, creditCode: $c, input: { tags: ["复查"] }) { id } }', variables: { d: t, c: await freshTarget(t) } }),
    removeTarget: async (t) => ({ query: 'mutation($d: String!, $c: String!) { removeTarget(department: $d, creditCode: $c) }', variables: { d: t, c: await freshTarget(t) } }),
    importFile: (t) => ({ query: 'mutation($d: String!, $b: String!) { importFile(department: $d, kind: "pool", fileName: "名录.csv", contentBase64: $b, dryRun: true) { committed } }', variables: { d: t, b: csvBase64(['统一社会信用代码,企业名称,行业门类,行政区划代码,信用风险分类', `${freshUscc(nextSeq())},测试导入有限公司,F,361129,B`]) } }),
    bulkAddTargets: (t) => ({ query: 'mutation($d: String!, $inputs: [TargetInput!]!) { bulkAddTargets(department: $d, inputs: $inputs) { added } }', variables: { d: t, inputs: [targetInput(freshUscc(nextSeq()))] } }),
    matchInspectors: (t) => ({
      query: 'mutation($d: String!, $input: MatchInput!) { matchInspectors(department: $d, input: $input) { status } }',
      variables: { d: t, input: { taskId: String(900000 + nextSeq()), roundId: rounds[t], creditCode: poolCode[t], visitDate: '2026-11-02', seed: 'matrix', leader: false, itemCodes: [] } },
    }),
    replaceInspector: async (t) => {
      const task = tasks[t][1];
      const match = (await call.service('query($d: String!, $task: ID!) { taskMatch(department: $d, taskId: $task) { assignments { status inspector { id } } } }', { d: t, task: task.id })).taskMatch;
      const active = match.assignments.find((a: any) => a.status === 'ACTIVE');
      return { query: 'mutation($d: String!, $task: ID!, $i: ID!) { replaceInspector(department: $d, taskId: $task, inspectorId: $i, reason: "矩阵测试") { status } }', variables: { d: t, task: task.id, i: active.inspector.id } };
    },

    applyCreditClasses: async (t) => ({
      query: 'mutation($d: String!, $c: [CreditClassChangeInput!]!) { applyCreditClasses(department: $d, changes: $c) { outcome } }',
      variables: { d: t, c: [{ changeId: String(800000 + nextSeq()), creditCode: await freshTarget(t), creditClass: 'C' }] },
    }),

    departments: () => ({ query: '{ departments { code } }' }),
    department: (t) => ({ query: 'query($c: String!) { department(code: $c) { code } }', variables: { c: t } }),
    marketEntity: () => ({ query: 'query($c: String!) { marketEntity(creditCode: $c) { creditCode } }', variables: { c: hub.data.entities[0].creditCode } }),
    marketEntities: () => ({ query: '{ marketEntities(first: 2) { totalCount } }' }),
    registerDepartment: () => ({ query: 'mutation($input: RegisterDepartmentInput!) { registerDepartment(input: $input) { code } }', variables: { input: { code: `TST${nextSeq()}`, name: '测试局', role: 'MEMBER', active: false } } }),
    updateDepartment: (t) => ({ query: 'mutation($c: String!) { updateDepartment(code: $c, input: { contactName: "联络员" }) { code } }', variables: { c: t } }),
    importMarketEntities: () => ({ query: 'mutation($b: String!) { importMarketEntities(fileName: "主体.csv", contentBase64: $b, dryRun: true) { committed } }', variables: { b: csvBase64(['统一社会信用代码,企业名称', `${freshUscc(nextSeq())},测试导入有限公司`]) } }),
    registerMarketEntity: () => ({ query: 'mutation($input: RegisterMarketEntityInput!) { registerMarketEntity(input: $input) { creditCode } }', variables: { input: { creditCode: freshUscc(nextSeq()), name: '测试登记有限公司' } } }),
    updateMarketEntity: () => ({ query: 'mutation($c: String!) { updateMarketEntity(creditCode: $c, input: { address: "万年县测试路1号" }) { creditCode } }', variables: { c: hub.data.entities[1].creditCode } }),

    plans: () => ({
      query: '{ plans { id state participants } }',
      check: (data, id) => onlyOwnOrPublic(data.plans, id, (p) => ['APPROVED', 'DRAWN', 'CLOSED'].includes(p.state) || (!!id.department && p.participants.includes(id.department))),
    }),
    plan: async (t) => ({ query: 'query($id: ID!) { plan(id: $id) { id } }', variables: { id: await planFor(t, 'DRAFT') } }),
    planReview: async (t) => ({ query: 'query($id: ID!) { planReview(id: $id) { canApprove } }', variables: { id: await planFor(t, 'SUBMITTED') } }),
    checklistCoverage: () => ({ query: '{ checklistCoverage(year: 2026) { __typename } }' }),
    supervisionRules: () => ({ query: '{ supervisionRules { frequencyCap } }' }),
    createPlan: (t) => {
      const item = hub.data.checklistItems.find((i) => i.department === t && i.status === 'PUBLISHED')!;
      const input = { department: t, title: `矩阵新计划 ${nextSeq()}`, year: 2026, windowStart: '2026-10-01', windowEnd: '2026-12-31', items: [{ department: t, code: item.code }], scope: { industrySections: ['C'] }, ratios: { A: 0.01, B: 0.01, C: 0.01, D: 0.01 } };
      return { query: 'mutation($input: PlanInput!) { createPlan(input: $input) { id } }', variables: { input } };
    },
    updatePlan: async (t) => {
      const id = await planFor(t, 'DRAFT');
      const item = hub.data.checklistItems.find((i) => i.department === t && i.status === 'PUBLISHED')!;
      const input = { department: t, title: `改过的计划 ${nextSeq()}`, year: 2026, windowStart: '2026-10-01', windowEnd: '2026-12-31', items: [{ department: t, code: item.code }], scope: { industrySections: ['C'] }, ratios: { A: 0.01, B: 0.01, C: 0.01, D: 0.01 } };
      return { query: 'mutation($id: ID!, $input: PlanInput!) { updatePlan(id: $id, input: $input) { id } }', variables: { id, input } };
    },
    deletePlan: async (t) => ({ query: 'mutation($id: ID!) { deletePlan(id: $id) }', variables: { id: await planFor(t, 'DRAFT') } }),
    submitPlan: async (t) => ({ query: 'mutation($id: ID!) { submitPlan(id: $id) { id } }', variables: { id: await planFor(t, 'DRAFT') } }),
    approvePlan: async (t) => ({ query: 'mutation($id: ID!) { approvePlan(id: $id) { id } }', variables: { id: await planFor(t, 'SUBMITTED') } }),
    returnPlan: async (t) => ({ query: 'mutation($id: ID!) { returnPlan(id: $id, reason: "范围过宽") { id } }', variables: { id: await planFor(t, 'SUBMITTED') } }),
    updateSupervisionRules: () => ({ query: 'mutation { updateSupervisionRules(input: { frequencyCap: 2 }) { frequencyCap } }' }),

    drawRounds: () => ({ query: '{ drawRounds { id } }' }),
    drawRound: (t) => ({ query: 'query($id: ID!) { drawRound(id: $id) { id } }', variables: { id: rounds[t] } }),
    draw: () => ({ query: 'query($id: ID!) { draw(id: $id) { id } }', variables: { id: drawId } }),
    openDrawRound: async (t) => ({ query: 'mutation($p: [ID!]!, $n: String!) { openDrawRound(name: $n, year: 2026, planIds: $p) { id } }', variables: { n: `矩阵轮次 ${nextSeq()}`, p: [await planFor(t, 'APPROVED')] } }),
    commitSeed: () => ({ query: 'mutation($r: ID!) { commitSeed(roundId: $r, source: GENERATED) { id } }', variables: { r: matrixRound } }),
    snapshotPools: () => ({ query: 'mutation($r: ID!) { snapshotPools(roundId: $r) { id } }', variables: { r: matrixRound } }),
    revealSeed: () => ({ query: 'mutation($r: ID!) { revealSeed(roundId: $r) { id } }', variables: { r: matrixRound } }),
    drawAndLock: () => ({ query: 'mutation($r: ID!) { drawAndLock(roundId: $r) { id } }', variables: { r: matrixRound } }),
    redrawPlan: async () => {
      // The latest draw's first selected business: each allowed caller excludes a business still selected.
      const draws = (await call.office('query($id: ID!) { drawRound(id: $id) { draws { seq selected } } }', { id: matrixRound })).drawRound.draws;
      const code = draws[draws.length - 1].selected[0];
      return {
        query: 'mutation($r: ID!, $p: ID!, $x: [ExclusionInput!]!) { redrawPlan(roundId: $r, planId: $p, reason: "名录有误", exclusions: $x) { id } }',
        variables: { r: matrixRound, p: matrixPlan, x: [{ creditCode: code, reason: 'CLOSED' }] },
      };
    },
    closePlan: () => ({ query: 'mutation($id: ID!) { closePlan(id: $id) { id } }', variables: { id: matrixPlan } }),
    auditLog: () => ({ query: '{ auditLog(first: 2) { seq } }' }),
    auditHead: () => ({ query: '{ auditHead { length hash } }' }),
    departmentAuditHead: (t) => ({ query: 'query($d: String!) { departmentAuditHead(department: $d) { length hash } }', variables: { d: t } }),

    tasks: (t) => ({
      query: 'query($r: ID!) { tasks(roundId: $r) { id departments } }', variables: { r: rounds[t] },
      check: (data, id) => onlyOwnOrPublic(data.tasks, id, (x) => x.departments.includes(id.department)),
    }),
    myTasks: () => {
      // The identity is always of the own department: a matched inspector there, whatever the target.
      const sub = tasks[OWN][0].dispatch.find((d: any) => d.department === OWN).inspectors.find((i: any) => i.status === 'ACTIVE').certificateNumber;
      return {
        query: '{ myTasks(first: 50) { totalCount edges { node { id dispatch { inspectors { certificateNumber status } } } } } }',
        inspectorSub: sub,
        check: (data, id) => {
          expect(data.myTasks.totalCount).toBeGreaterThan(0);
          for (const { node } of data.myTasks.edges) expect(node.dispatch.some((d: any) => d.inspectors.some((i: any) => i.certificateNumber === id.sub && i.status === 'ACTIVE'))).toBe(true);
        },
      };
    },
    dispatchStatus: (t) => ({ query: 'query($r: ID!) { dispatchStatus(roundId: $r) { department } }', variables: { r: rounds[t] } }),
    jointFormHtml: (t) => ({ query: 'query($id: ID!) { jointFormHtml(taskId: $id) }', variables: { id: tasks[t][0].id } }),
    jointFormPdf: (t) => ({ query: 'query($id: ID!) { jointFormPdf(taskId: $id) }', variables: { id: tasks[t][0].id } }),
    dispatchRound: (t) => ({ query: 'mutation($r: ID!) { dispatchRound(roundId: $r) { department } }', variables: { r: rounds[t] } }),
    replaceTaskInspector: async (t) => {
      const task = (await call.service(`query($r: ID!) { tasks(roundId: $r) { ${TASK_FIELDS} } }`, { r: rounds[t] })).tasks.find((x: any) => x.id === tasks[t][2].id);
      const active = task.dispatch.find((d: any) => d.department === t).inspectors.find((i: any) => i.status === 'ACTIVE');
      return {
        query: 'mutation($t: ID!, $d: String!, $i: ID!) { replaceTaskInspector(taskId: $t, department: $d, inspectorId: $i, reason: "病假") { status } }',
        variables: { t: task.id, d: t, i: active.inspectorId },
      };
    },

    enterResult: (t) => {
      const p = freshPair(t);
      return { query: 'mutation($input: ResultInput!) { enterResult(input: $input) { id } }', variables: { input: resultInput(p, t) }, inspectorSub: p.inspectorSub };
    },
    submitResult: async (t) => {
      const r = await freshResult(t, 'ENTERED');
      return { query: 'mutation($id: ID!) { submitResult(id: $id) { id } }', variables: { id: r.id }, inspectorSub: r.inspectorSub };
    },
    withdrawResult: async (t) => {
      const r = await freshResult(t, 'SUBMITTED');
      return { query: 'mutation($id: ID!) { withdrawResult(id: $id) { id } }', variables: { id: r.id }, inspectorSub: r.inspectorSub };
    },
    reviewResult: async (t) => ({ query: 'mutation($id: ID!) { reviewResult(id: $id, approve: true) { id } }', variables: { id: (await freshResult(t, 'SUBMITTED')).id } }),
    publishResult: async (t) => ({ query: 'mutation($id: ID!) { publishResult(id: $id) { id } }', variables: { id: (await freshResult(t, 'APPROVED')).id } }),
    correctPublishedResult: async (t) => ({
      query: 'mutation($id: ID!) { correctPublishedResult(id: $id, input: { categories: ["PENDING_FOLLOW_UP"], followUp: "TRANSFER_DEPARTMENT" }, reason: "复核") { id } }',
      variables: { id: (await freshResult(t, 'PUBLISHED')).id },
    }),
    results: () => ({
      query: '{ results { id department } }',
      check: (data, id) => onlyOwnOrPublic(data.results, id, (r) => r.department === id.department),
    }),
    publishedResults: () => ({ query: '{ publishedResults(first: 5) { corrected } }' }),
    resultDeadlines: (t) => ({ query: 'query($d: String) { resultDeadlines(department: $d) { taskId department } }', variables: { d: t } }),
    deadlineSummary: () => ({
      query: '{ deadlineSummary { department } }',
      check: (data, id) => onlyOwnOrPublic(data.deadlineSummary, id, (r) => r.department === id.department),
    }),
    creditChanges: () => ({ query: '{ creditChanges { id } }' }),
    decideCreditChange: () => ({ query: 'mutation($id: ID!) { decideCreditChange(id: $id, accept: true) { id } }', variables: { id: proposedChange } }),
    pendingCreditDeliveries: () => ({ query: '{ pendingCreditDeliveries { department pending } }' }),
    deliverCreditChanges: () => ({ query: 'mutation { deliverCreditChanges { delivered pending } }' }),
    setCalendarDay: () => ({ query: 'mutation { setCalendarDay(input: { date: "2027-12-31", kind: "NORMAL" }) }' }),
  };

  beforeAll(async () => {
    hub = await startTestHub([OWN, OTHER]);
    call = new Caller(hub);
    const office = await call.token({ sub: 'fixture-office', role: 'JOINT_OFFICE' });
    // One round per department, so each task belongs to one department only: "another department's task" is unambiguous.
    for (const d of [OWN, OTHER]) {
      rounds[d] = (await drawRestaurantRound(hub, [d], `2026-Q3-${d}`, office)).roundId;
      await call.office('mutation($r: ID!) { dispatchRound(roundId: $r) { department } }', { r: rounds[d] });
      tasks[d] = (await call.office(`query($r: ID!) { tasks(roundId: $r) { ${TASK_FIELDS} } }`, { r: rounds[d] })).tasks.filter((t: any) =>
        t.dispatch.every((x: any) => x.status === 'MATCHED'),
      );
      expect(tasks[d].length).toBeGreaterThan(3);
      draftItem[d] = await freshDraftItem(d);
      inspector[d] = (await call.service('query($d: String!) { inspectors(department: $d, first: 1) { edges { node { id } } } }', { d })).inspectors.edges[0].node.id;
      poolCode[d] = (await call.service('query($d: String!) { targetPool(department: $d, first: 1) { edges { node { creditCode } } } }', { d })).targetPool.edges[0].node.creditCode;
    }
    drawId = (await call.office('query($id: ID!) { drawRound(id: $id) { draws { id } } }', { id: rounds[OWN] })).drawRound.draws[0].id;
    matrixPlan = await planFor(OWN, 'APPROVED');
    matrixRound = (await call.office('mutation($p: [ID!]!) { openDrawRound(name: "矩阵", year: 2026, planIds: $p) { id } }', { p: [matrixPlan] })).openDrawRound.id;
    // A clean inspection of a class-B business proposes class A; the joint office decides.
    const bTask = tasks[OWN].find((t) => t.entity.creditClass === 'B' && t.departments.length === 1);
    for (const item of bTask.items) {
      usedPairs.add(`${bTask.id}/${OWN}/${item.code}`);
      const id = (await call.service('mutation($input: ResultInput!) { enterResult(input: $input) { id } }', { input: resultInput({ task: bTask, itemCode: item.code, inspectorSub: undefined }, OWN) })).enterResult.id;
      await call.service('mutation($id: ID!) { submitResult(id: $id) { id } }', { id });
      await call.service('mutation($id: ID!) { reviewResult(id: $id, approve: true) { id } }', { id });
      await call.service('mutation($id: ID!) { publishResult(id: $id) { id } }', { id });
    }
    proposedChange = (await call.office('query($c: String) { creditChanges(creditCode: $c) { id status } }', { c: bTask.creditCode })).creditChanges.find((c: any) => c.status === 'PROPOSED')?.id;
    expect(proposedChange).toBeDefined();
  }, 300_000);
  afterAll(async () => hub?.close());

  test('every root operation of the supergraph has exactly one row and one probe', () => {
    const fields = [schema.getQueryType()!, schema.getMutationType()!].flatMap((t) =>
      Object.values(t.getFields()).filter((f) => !f.name.startsWith('_')).map((f) => `${t === schema.getQueryType() ? 'query' : 'mutation'}:${f.name}`),
    );
    const rows = AUTHZ_MATRIX.map((r) => `${r.kind}:${r.op}`);
    expect([...rows].sort()).toEqual([...fields].sort());
    expect(new Set(rows).size).toBe(rows.length);
    expect(Object.keys(PROBES).sort()).toEqual(AUTHZ_MATRIX.map((r) => r.op).sort());
    for (const r of AUTHZ_MATRIX) for (const role of ['PUBLIC', 'JOINT_OFFICE', 'SERVICE'] as Role[]) expect(`${r.op}:${r.access[role]}`).not.toBe(`${r.op}:own`);
  });

  test('the table in docs/authorization.md is the one generated from the matrix', () => {
    const readme = readFileSync(resolve(root, 'docs', 'authorization.md'), 'utf8');
    expect(readme).toContain(renderAuthzTable());
    expect(withAuthzTable(readme)).toBe(readme);
  });

  test(`${AUTHZ_MATRIX.length} operations × ${CASES.length} identities: allowed and denied exactly as the table says`, async () => {
    const mismatches: string[] = [];
    let n = 0;
    for (const rule of AUTHZ_MATRIX) {
      for (const c of CASES) {
        const probe = await PROBES[rule.op](c.target);
        const id = identity(c, probe.inspectorSub);
        const res = await call.as(id, probe.query, probe.variables);
        const got = outcome(rule, res);
        const want = expectAllowed(rule, c);
        n++;
        if (got.allowed !== want) mismatches.push(`${rule.op} as ${c.label} → ${c.target}: expected ${want ? 'allowed' : 'denied'}, got ${got.detail}`);
        else if (got.allowed && probe.check) probe.check(res.data, id);
      }
    }
    expect(mismatches).toEqual([]);
    expect(n).toBe(AUTHZ_MATRIX.length * CASES.length);
  }, 600_000);

  test('planReview of an approved (public) plan: only the office and the plan\'s department, not the public or another department', async () => {
    const id = await planFor(OWN, 'APPROVED');
    const Q = 'query($id: ID!) { planReview(id: $id) { canApprove } }';
    expect((await call.as({ sub: 'p', role: 'PUBLIC' }, Q, { id })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await call.as({ sub: 's', role: 'DEPT_STAFF', department: OTHER }, Q, { id })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await call.ok({ sub: 's', role: 'DEPT_STAFF', department: OWN }, Q, { id })).planReview.canApprove).toBe(true);
    // The plan itself stays public once approved.
    expect((await call.ok({ sub: 'p', role: 'PUBLIC' }, 'query($id: ID!) { plan(id: $id) { id } }', { id })).plan.id).toBe(id);
  });

  describe('object level: another department\'s inspector by key', () => {
    const ENTITIES = 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Inspector { id name phone idNumber } } }';
    test('the gateway does not expose _entities to clients', async () => {
      const staff = await call.token({ sub: 'staff-samr', role: 'DEPT_STAFF', department: OWN });
      const res = await (await import('../helpers')).callGateway(hub.gatewayUrl, ENTITIES, { r: [{ __typename: 'Inspector', department: OTHER, id: inspector[OTHER] }] }, staff);
      expect(res.data?._entities).toBeUndefined();
      expect(res.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    });

    test('at the department subgraph, _entities for its inspector is FORBIDDEN to another department and MISROUTED for a foreign key', async () => {
      const ecoUrl = hub.departments.get(OTHER)!.running.url;
      const rep = [{ __typename: 'Inspector', department: OTHER, id: inspector[OTHER] }];
      const foreign = await callSubgraph(ecoUrl, ENTITIES, { r: rep }, { sub: 'staff-samr', role: 'DEPT_STAFF', department: OWN });
      expect(foreign.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(JSON.stringify(foreign.data ?? {})).not.toContain('phone');
      const pub = await callSubgraph(ecoUrl, ENTITIES, { r: rep }, { sub: 'anonymous', role: 'PUBLIC' });
      expect(pub.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      const own = await callSubgraph(ecoUrl, ENTITIES, { r: rep }, { sub: 'staff-eco', role: 'DEPT_STAFF', department: OTHER });
      expect(own.errors).toBeUndefined();
      expect(own.data._entities[0].id).toBe(inspector[OTHER]);
      const misrouted = await callSubgraph(ecoUrl, ENTITIES, { r: [{ __typename: 'Inspector', department: OWN, id: inspector[OWN] }] }, { sub: 'office', role: 'JOINT_OFFICE' });
      expect(misrouted.errors?.[0]?.extensions?.code).toBe('MISROUTED');
    });

    test('through the gateway, an entity path into another department (Department.inspectors) is denied', async () => {
      const res = await call.as({ sub: 'staff-samr', role: 'DEPT_STAFF', department: OWN }, 'query($c: String!) { department(code: $c) { code inspectors(first: 5) { edges { node { name phone } } } } }', { c: OTHER });
      expect(res.data.department.inspectors).toBeNull();
      expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    });
  });
});
