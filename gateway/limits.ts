// Operation limits at the gateway (OWASP GraphQL cheat sheet): graphql-armor's rules, each rejection turned into
// a Chinese message with a stable extensions.code and the limit, before anything reaches a subgraph.
import { GraphQLError, Kind, validate, visit, type DocumentNode, type GraphQLSchema } from 'graphql';
import type { Plugin } from '@envelop/core';
import { maxDepthPlugin } from '@escape.tech/graphql-armor-max-depth';
import { maxAliasesPlugin } from '@escape.tech/graphql-armor-max-aliases';
import { maxTokensPlugin } from '@escape.tech/graphql-armor-max-tokens';
import { maxDirectivesPlugin } from '@escape.tech/graphql-armor-max-directives';
import { costLimitPlugin, costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { checkOperationInputs } from '../shared/input-limits';
import { blockFieldSuggestionsPlugin } from '@escape.tech/graphql-armor-block-field-suggestions';

export interface LimitSettings {
  maxDepth: number;
  maxAliases: number;
  maxTokens: number;
  maxDirectives: number;
  /** graphql-armor cost: object 2, scalar 1, ×1.5 per level of nesting. */
  maxCost: number;
  maxBodyBytes: number;
  /** Requests per identity per window; null = off. SERVICE callers are exempt. */
  rateLimit: { requests: number; windowSeconds: number } | null;
  introspection: boolean;
  graphiql: boolean;
  /** "Did you mean …?" hints leak the schema when introspection is off. */
  fieldSuggestions: boolean;
  /** JSON file mapping sha256 hash → query text; with `persistedOnly`, nothing else runs (except SERVICE callers). */
  persistedOperationsFile?: string;
  persistedOnly: boolean;
  /** Origins (scheme://host[:port]) whose pages may call the gateway from a browser; none = same origin only. */
  corsOrigins?: string[];
}

export const DEFAULT_LIMITS = {
  maxDepth: 10,
  maxAliases: 20,
  maxTokens: 2000,
  maxDirectives: 20,
  maxCost: 5000,
  // A 3.5 MB import file travels base64-encoded in importFile (about 4.7 MB).
  maxBodyBytes: 5 * 1024 * 1024,
  rateLimit: { requests: 600, windowSeconds: 60 },
};

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min = 1): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const v = Number(raw);
  if (!Number.isInteger(v) || v < min) throw new Error(`${name} 应为 ≥ ${min} 的整数，实际为 "${raw}"`);
  return v;
}
const flag = (env: NodeJS.ProcessEnv, name: string, fallback: boolean) =>
  env[name] === undefined || env[name] === '' ? fallback : /^(1|true|on|yes)$/i.test(env[name]!);

export function limitsFromEnv(env = process.env): LimitSettings {
  const production = env.NODE_ENV === 'production';
  const requests = int(env, 'RATE_LIMIT_REQUESTS', DEFAULT_LIMITS.rateLimit.requests, 0);
  return {
    maxDepth: int(env, 'GATEWAY_MAX_DEPTH', DEFAULT_LIMITS.maxDepth),
    maxAliases: int(env, 'GATEWAY_MAX_ALIASES', DEFAULT_LIMITS.maxAliases, 0),
    maxTokens: int(env, 'GATEWAY_MAX_TOKENS', DEFAULT_LIMITS.maxTokens),
    maxDirectives: int(env, 'GATEWAY_MAX_DIRECTIVES', DEFAULT_LIMITS.maxDirectives, 0),
    maxCost: int(env, 'GATEWAY_MAX_COST', DEFAULT_LIMITS.maxCost),
    maxBodyBytes: int(env, 'GATEWAY_MAX_BODY_BYTES', DEFAULT_LIMITS.maxBodyBytes),
    rateLimit: requests === 0 ? null : { requests, windowSeconds: int(env, 'RATE_LIMIT_WINDOW_S', DEFAULT_LIMITS.rateLimit.windowSeconds) },
    introspection: flag(env, 'GATEWAY_INTROSPECTION', !production),
    graphiql: flag(env, 'GATEWAY_GRAPHIQL', !production),
    fieldSuggestions: flag(env, 'GATEWAY_FIELD_SUGGESTIONS', !production),
    persistedOperationsFile: env.PERSISTED_OPERATIONS_FILE || undefined,
    persistedOnly: flag(env, 'PERSISTED_OPERATIONS_ONLY', false),
    corsOrigins: corsOriginsFrom(env.CORS_ORIGINS),
  };
}

/** CORS_ORIGINS: comma-separated exact origins; anything else (a path, a wildcard) is refused at start. */
export function corsOriginsFrom(raw: string | undefined): string[] {
  if (!raw || !raw.trim()) return [];
  return raw.split(',').map((s) => s.trim()).filter(Boolean).map((o) => {
    let u: URL | undefined;
    try {
      u = new URL(o);
    } catch {
      u = undefined;
    }
    if (!u || (u.protocol !== 'https:' && u.protocol !== 'http:') || u.origin !== o)
      throw new Error(`CORS_ORIGINS 中的 "${o}" 不是来源：应写成 https://主机名[:端口]，不带路径、不带结尾斜杠、不用通配符`);
    return o;
  });
}

export const DEVELOPMENT_LIMITS: LimitSettings = limitsFromEnv({ NODE_ENV: 'development' });

export type LimitCode = 'QUERY_TOO_DEEP' | 'TOO_MANY_ALIASES' | 'TOO_MANY_TOKENS' | 'TOO_MANY_DIRECTIVES' | 'QUERY_TOO_COSTLY';

const MESSAGES: Record<LimitCode, (limit: number) => string> = {
  QUERY_TOO_DEEP: (n) => `查询嵌套层数超过上限 ${n}`,
  TOO_MANY_ALIASES: (n) => `查询中的别名数量超过上限 ${n}`,
  TOO_MANY_TOKENS: (n) => `查询过长（词法单元超过上限 ${n}）`,
  TOO_MANY_DIRECTIVES: (n) => `查询中的指令数量超过上限 ${n}`,
  QUERY_TOO_COSTLY: (n) => `查询代价超过上限 ${n}，请减少字段或分页查询`,
};

export function limitError(code: LimitCode, limit: number, armorMessage?: string): GraphQLError {
  const found = /found (\d+(?:\.\d+)?)/.exec(armorMessage ?? '')?.[1];
  return new GraphQLError(`${MESSAGES[code](limit)}${found ? `（本次为 ${found}）` : ''}`, {
    extensions: { code, limit, ...(found ? { found: Number(found) } : {}), http: { status: 400 } },
  });
}

/** armor throws a bare "Syntax Error"; throw ours instead (from its reject hook, so nothing else runs). */
export function limitPlugins(s: LimitSettings & { onRejected?: (code: LimitCode) => void }): Plugin[] {
  const reject = (code: LimitCode, limit: number) => ({
    exposeLimits: true,
    propagateOnRejection: true,
    onReject: [
      (_ctx: unknown, e: GraphQLError) => {
        s.onRejected?.(code);
        throw limitError(code, limit, e.message);
      },
    ],
  });
  const plugins: Plugin[] = [
    maxTokensPlugin({ n: s.maxTokens, ...reject('TOO_MANY_TOKENS', s.maxTokens) }),
    maxDepthPlugin({ n: s.maxDepth, ignoreIntrospection: true, flattenFragments: true, ...reject('QUERY_TOO_DEEP', s.maxDepth) }),
    maxAliasesPlugin({ n: s.maxAliases, ...reject('TOO_MANY_ALIASES', s.maxAliases) }),
    maxDirectivesPlugin({ n: s.maxDirectives, ...reject('TOO_MANY_DIRECTIVES', s.maxDirectives) }),
    costLimitPlugin({ maxCost: s.maxCost, ignoreIntrospection: true, flattenFragments: true, ...reject('QUERY_TOO_COSTLY', s.maxCost) }),
  ];
  if (!s.fieldSuggestions) plugins.push(blockFieldSuggestionsPlugin({ mask: '[已隐藏]' }));
  return plugins as Plugin[];
}

/**
 * The cost rule above sees only literal `first`/`last`; at execution the request's variables are known, so the same
 * rule runs again on the document with those arguments' variables written in (`inspectors(first: $n)` costs n).
 */
export function costWithVariables(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown> | null | undefined, maxCost: number): GraphQLError | null {
  let inlined = false;
  const withValues = visit(document, {
    Argument(node) {
      if ((node.name.value !== 'first' && node.name.value !== 'last') || node.value.kind !== Kind.VARIABLE) return undefined;
      const v = variables?.[node.value.name.value];
      if (typeof v !== 'number' || !Number.isInteger(v)) return undefined;
      inlined = true;
      return { ...node, value: { kind: Kind.INT, value: String(v) } };
    },
  });
  if (!inlined) return null;
  let rejected: GraphQLError | null = null;
  const rule = costLimitRule({
    maxCost,
    ignoreIntrospection: true,
    flattenFragments: true,
    exposeLimits: true,
    propagateOnRejection: false,
    onReject: [(_ctx: unknown, e: GraphQLError) => void (rejected = limitError('QUERY_TOO_COSTLY', maxCost, e.message))],
  });
  validate(schema, withValues, [rule]);
  return rejected;
}

/**
 * Bounds that need the request's variables, checked once they are known and before anything reaches a subgraph:
 * string lengths, list sizes, ID forms and forbidden characters (shared/input-limits.ts), and the cost with variables.
 */
export function executionLimitsPlugin(s: { maxCost: number; onRejected?: (code: string) => void }): Plugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const variables = (args.variableValues ?? {}) as Record<string, unknown>;
      const error = checkOperationInputs(args.schema, args.document, variables) ?? costWithVariables(args.schema, args.document, variables, s.maxCost);
      if (!error) return;
      s.onRejected?.(String(error.extensions.code));
      setResultAndStopExecution({ errors: [error] });
    },
  };
}
