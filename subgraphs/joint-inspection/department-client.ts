// The joint-inspection subgraph reads department data through the gateway, as a SERVICE, like any client:
// routing, timeouts and the contract stay in one place, and a department that is down is reported, not hidden.
import { hubError } from '../../shared/errors';
import { forwardHeaders } from '../../shared/request-context';

export interface PublishedItem {
  code: string;
  name: string;
  category: 'KEY' | 'GENERAL';
  maxRatio: number;
}
export interface PoolMember {
  creditCode: string;
  creditClass: string;
}
export interface ScopeFilter {
  industrySections?: string[] | null;
  regionCodes?: string[] | null;
  creditClasses?: string[] | null;
  tags?: string[] | null;
}

export interface MatchRequest {
  taskId: string;
  roundId: string;
  creditCode: string;
  visitDate: string;
  seed: string;
  leader: boolean;
  itemCodes: string[];
}
export interface MatchedInspector {
  role: 'LEADER' | 'MEMBER';
  status: string;
  reason: string | null;
  inspector: { id: string; name: string; certificateNumber: string };
}
export interface MatchResponse {
  status: 'MATCHED' | 'UNDERSTAFFED';
  problems: string[];
  assignments: MatchedInspector[];
}

export interface CreditClassChange {
  changeId: string;
  creditCode: string;
  creditClass: string;
}
export interface CreditClassApplied {
  changeId: string;
  creditCode: string;
  outcome: 'APPLIED' | 'ALREADY_APPLIED' | 'NOT_IN_POOL';
  previousClass: string | null;
}

export interface DepartmentClient {
  publishedItems(department: string): Promise<PublishedItem[]>;
  poolSnapshot(department: string, scope: ScopeFilter): Promise<PoolMember[]>;
  /** Idempotent by task id on the department side: a retry never draws again. */
  matchInspectors(department: string, request: MatchRequest): Promise<MatchResponse>;
  /** 递补 on the department side: the next eligible inspector in the same seeded order. */
  replaceInspector(department: string, taskId: string, inspectorId: string, reason: string): Promise<MatchResponse>;
  /** Idempotent by change id on the department side; an older change never overwrites a newer one. */
  applyCreditClasses(department: string, changes: CreditClassChange[]): Promise<CreditClassApplied[]>;
}

export interface GatewayClientOptions {
  /** Resolved per call: in tests the gateway starts after this subgraph. */
  url: () => string;
  token: () => Promise<string>;
  timeoutMs?: number;
}

interface GqlError {
  message: string;
  extensions?: { code?: string; department?: string };
}

const ASSIGNMENTS = 'assignments { role status reason inspector { id name certificateNumber } }';

export function gatewayDepartmentClient(opts: GatewayClientOptions): DepartmentClient {
  async function call<T>(department: string, query: string, variables: Record<string, unknown>, field: string): Promise<T> {
    let body: { data?: Record<string, unknown> | null; errors?: GqlError[] };
    try {
      const res = await fetch(opts.url(), {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${await opts.token()}`, ...forwardHeaders() },
        body: JSON.stringify({ query, variables }),
        signal: AbortSignal.timeout(opts.timeoutMs ?? 15_000),
      });
      body = (await res.json()) as typeof body;
    } catch (e) {
      throw hubError('DEPARTMENT_UNAVAILABLE', `无法通过网关访问部门 ${department}：${(e as Error).message}`, { department });
    }
    const value = body.data?.[field];
    if (value == null) {
      const err = body.errors?.[0];
      const code = err?.extensions?.code === 'DEPARTMENT_UNAVAILABLE' ? 'DEPARTMENT_UNAVAILABLE' : 'UPSTREAM_ERROR';
      throw hubError(code, `部门 ${department} 未返回数据：${err?.message ?? '未知原因'}`, { department });
    }
    return value as T;
  }
  return {
    publishedItems: (department) =>
      call<PublishedItem[]>(
        department,
        'query($d: String!) { checklist(department: $d, status: PUBLISHED) { code name category maxRatio } }',
        { d: department },
        'checklist',
      ),
    poolSnapshot: (department, scope) =>
      call<PoolMember[]>(
        department,
        'query($d: String!, $f: TargetPoolFilter) { poolSnapshot(department: $d, filter: $f) { creditCode creditClass } }',
        {
          d: department,
          f: {
            industrySections: scope.industrySections ?? null,
            regionCodes: scope.regionCodes ?? null,
            creditClasses: scope.creditClasses ?? null,
            tags: scope.tags ?? null,
          },
        },
        'poolSnapshot',
      ),
    matchInspectors: (department, request) =>
      call<MatchResponse>(
        department,
        `mutation($d: String!, $input: MatchInput!) { matchInspectors(department: $d, input: $input) {
          status problems ${ASSIGNMENTS} } }`,
        { d: department, input: request },
        'matchInspectors',
      ),
    replaceInspector: (department, taskId, inspectorId, reason) =>
      call<MatchResponse>(
        department,
        `mutation($d: String!, $t: ID!, $i: ID!, $r: String!) { replaceInspector(department: $d, taskId: $t, inspectorId: $i, reason: $r) {
          status problems ${ASSIGNMENTS} } }`,
        { d: department, t: taskId, i: inspectorId, r: reason },
        'replaceInspector',
      ),
    applyCreditClasses: (department, changes) =>
      call<CreditClassApplied[]>(
        department,
        `mutation($d: String!, $c: [CreditClassChangeInput!]!) { applyCreditClasses(department: $d, changes: $c) {
          changeId creditCode outcome previousClass } }`,
        { d: department, c: changes },
        'applyCreditClasses',
      ),
  };
}
