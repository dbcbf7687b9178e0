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
