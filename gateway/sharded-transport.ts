// The `sharded` transport kind: one logical subgraph (`department`) served by N department instances.
// Each instance is reached through the stock HTTP transport (timeouts, headers and hooks still apply);
// this layer only splits, routes and merges (see router.ts).
import { setMaxListeners } from 'node:events';
import { GraphQLError, OperationTypeNode } from 'graphql';
import type { Transport, TransportEntry } from '@graphql-mesh/transport-common';
import type { ExecutionRequest, ExecutionResult, Executor } from '@graphql-tools/utils';
import { mergeShardResults, planShardedRequest, unavailable, type ShardOutcome, type ShardPlan, type ShardResult } from './router';
import type { CircuitBreakers } from './breaker';
import type { UpstreamMetrics } from '../shared/metrics';

export interface ShardedOptions {
  departments: { code: string; name?: string; url: string }[];
  /** Per-department timeout: a slow department yields its part as null with an error, not a slow page. */
  timeoutMs: number;
}

/** Live state of one gateway, kept out of the transport options (those are printed into the schema). */
export interface ShardedState {
  /** Skip a department that keeps failing (see breaker.ts); absent = always try. */
  breakers?: CircuitBreakers;
  metrics?: UpstreamMetrics;
}

// Codes a department sends when it answered; anything else without data means it was not reached.
const ANSWERED = new Set(['GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_PARSE_FAILED', 'BAD_USER_INPUT', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'MISROUTED', 'INTERNAL_SERVER_ERROR', 'BAD_REQUEST', 'UNAUTHENTICATED', 'DATABASE_UNAVAILABLE']);

function toOutcome(department: string, result: ExecutionResult): ShardOutcome {
  if (result.data == null && result.errors?.length) {
    const answered = result.errors.some((e) => ANSWERED.has(String(e.extensions?.code)));
    if (!answered) return unavailable(department, result.errors[0]?.message ?? '无响应');
  }
  return { ok: true, result: result as ShardResult };
}

/** Runs a split request (router.ts) on the departments and merges the answers. */
export type ShardRunner = (plan: ShardPlan, request: ExecutionRequest) => Promise<ExecutionResult>;

export function createShardedExecutor(
  options: ShardedOptions,
  executorFor: (department: { code: string; url: string }) => unknown,
  state: ShardedState = {},
): Executor {
  const run = createShardRunner(options, executorFor, state);
  return (request: ExecutionRequest) => run(planShardedRequest(request.document, request.variables ?? {}, request.operationName), request);
}

export function createShardRunner(
  options: ShardedOptions,
  executorFor: (department: { code: string; url: string }) => unknown,
  state: ShardedState = {},
): ShardRunner {
  // Calls to the departments share the HTTP executor's long-lived dispose signal; more than 10 in flight at once is
  // normal fan-out, not a leak, so raise the warning bar.
  setMaxListeners(1000);
  const byCode = new Map(options.departments.map((d) => [d.code, d]));
  const executors = new Map<string, Promise<Executor>>();
  const getExecutor = (code: string) => {
    let e = executors.get(code);
    if (!e) {
      e = Promise.resolve(executorFor(byCode.get(code)!) as Executor);
      executors.set(code, e);
    }
    return e;
  };

  const { breakers, metrics } = state;
  const runOne = async (department: string, request: ExecutionRequest): Promise<ShardOutcome> => {
    if (!byCode.has(department))
      return { ok: false, code: 'MISROUTED', message: `未知部门：${department}（不是联席会议成员单位或未配置）` };
    const admission = breakers?.admit(department) ?? { allowed: true };
    if (!admission.allowed) {
      metrics?.requests.inc({ department, outcome: 'skipped' });
      const retryAt = new Date(admission.retryAt).toISOString();
      return unavailable(department, `连续失败，已暂停访问，${retryAt} 后重试${admission.lastError ? `；最近一次：${admission.lastError}` : ''}`, { circuit: 'OPEN', retryAt });
    }
    const started = process.hrtime.bigint();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<ShardOutcome>((resolve) => {
      timer = setTimeout(() => resolve(unavailable(department, `超过 ${options.timeoutMs} ms 未响应`)), options.timeoutMs);
    });
    try {
      const exec = await getExecutor(department);
      const call = Promise.resolve(exec(request) as Promise<ExecutionResult>).then(
        (r) => toOutcome(department, r),
        (e: Error) => unavailable(department, e.message),
      );
      const outcome = await Promise.race([call, timeout]);
      // Only "not reached" counts against the circuit: a department that answers with an error is up.
      const down = !outcome.ok && outcome.code === 'DEPARTMENT_UNAVAILABLE';
      if (down) breakers?.failure(department, outcome.message);
      else breakers?.success(department);
      metrics?.requests.inc({ department, outcome: down ? 'unavailable' : 'ok' });
      metrics?.duration.observe({ department }, Number(process.hrtime.bigint() - started) / 1e9);
      return outcome;
    } finally {
      clearTimeout(timer);
    }
  };

  return async (plan, request) => {
    const outcomes = new Map<string, ShardOutcome[]>();
    for (const batch of plan.batches) {
      const results = await Promise.all(
        batch.map((r) =>
          runOne(r.department, {
            ...request,
            document: r.document,
            variables: r.variables,
            operationType: plan.operationType as OperationTypeNode,
          }),
        ),
      );
      batch.forEach((r, i) => outcomes.set(r.department, [...(outcomes.get(r.department) ?? []), results[i]!]));
    }
    const merged = mergeShardResults(plan, outcomes);
    // The gateway expects GraphQLError instances from a custom executor.
    return {
      data: merged.data,
      ...(merged.errors
        ? { errors: merged.errors.map((e) => new GraphQLError(e.message, { path: e.path, extensions: e.extensions })) }
        : {}),
    } as ExecutionResult;
  };
}

export function shardedTransport(state: ShardedState = {}): Transport<ShardedOptions> {
  return {
    getSubgraphExecutor({ transportEntry, getTransportExecutor }) {
      const options = transportEntry.options!;
      return createShardedExecutor(
        options,
        (d) =>
          getTransportExecutor({
            kind: 'http',
            subgraph: transportEntry.subgraph,
            location: d.url,
            headers: transportEntry.headers,
            // No `timeout` here: runOne above races each call against timeoutMs. The HTTP executor would add an
            // AbortSignal.timeout per call, combined with its long-lived dispose signal through listeners removed only
            // at GC; under load thousands piled up (MaxListenersExceeded at 1,000) and cost ~1 ms of CPU per overview.
            // A call past our timeout is answered as unavailable at once and left to finish or fail on its socket.
          } as TransportEntry),
        state,
      );
    },
  };
}
