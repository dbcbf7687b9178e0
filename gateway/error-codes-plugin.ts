// Every error a client sees carries extensions.code. Two answers of the stock runtime did not:
// variable coercion errors (no code) and documents nested so deep the recursive parser overflows the stack (500).
import { GraphQLError, type ExecutionResult } from 'graphql';
import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';

const tooDeep = () =>
  new GraphQLError('查询嵌套过深，无法解析', { extensions: { code: 'GRAPHQL_PARSE_FAILED', http: { status: 400 } } });

function withCodes(result: ExecutionResult): ExecutionResult {
  if (!result.errors?.some((e) => !e.extensions?.code)) return result;
  const errors = result.errors.map((e) => {
    if (e.extensions?.code || !/^Variable "\$/.test(e.message)) return e;
    return new GraphQLError(e.message, { nodes: e.nodes, source: e.source, positions: e.positions, path: e.path, originalError: e.originalError, extensions: { ...e.extensions, code: 'BAD_USER_INPUT' } });
  });
  return { ...result, errors };
}

export function errorCodesPlugin(): GatewayPlugin {
  return {
    onParse({ parseFn, setParseFn }) {
      setParseFn((source, options) => {
        try {
          return parseFn(source, options);
        } catch (e) {
          if (e instanceof RangeError) throw tooDeep();
          throw e;
        }
      });
    },
    onResultProcess({ result, setResult }) {
      if (Array.isArray(result)) setResult(result.map(withCodes));
      else if (result && !(Symbol.asyncIterator in (result as object))) setResult(withCodes(result as ExecutionResult));
    },
  };
}

/**
 * A subgraph that cannot be reached (refused, reset, DNS) answers, in its place, a GraphQL error with a code
 * clients can act on — instead of the runtime's masked "Unexpected error." with INTERNAL_SERVER_ERROR.
 * Departments have their own answer (DEPARTMENT_UNAVAILABLE, in the sharded transport); this is for the others.
 */
export function subgraphUnavailablePlugin(subgraphs: { url: string; name: string }[]): GatewayPlugin {
  return {
    onFetch({ url, fetchFn, setFetchFn }) {
      const target = subgraphs.find((s) => url === s.url || url.startsWith(`${s.url}?`));
      if (!target) return;
      setFetchFn(async (...args: Parameters<typeof fetchFn>) => {
        try {
          return await fetchFn(...args);
        } catch {
          const body = { errors: [{ message: `${target.name}暂时无法访问，请稍后重试`, extensions: { code: 'SUBGRAPH_UNAVAILABLE', subgraph: target.name } }] };
          return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
        }
      });
    },
  };
}
