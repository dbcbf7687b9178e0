// Bounds on what a caller may send, checked against the schema before anything runs (gateway and every subgraph):
// the length of every string, the size of every list, the form of every ID, and no control or bidirectional
// formatting characters. One linear pass over the operation's arguments and variables; the limits are in
// docs/security.md and the first one exceeded is reported with its limit.
import {
  GraphQLError,
  GraphQLID,
  Kind,
  TypeInfo,
  getNullableType,
  isInputObjectType,
  isListType,
  isScalarType,
  valueFromAST,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';
import { MAX_CREDIT_CHANGES_PER_CALL } from './domain/credit-sync';

/** Characters of a string argument, by argument or input field name; anything not listed gets `default`. */
export const TEXT_LIMITS: Readonly<Record<string, number>> = {
  default: 500,
  search: 100,
  expertise: 50,
  tags: 50,
  licenceNumbers: 50,
  regionCodes: 12,
  industrySections: 10,
  creditClasses: 10,
  seed: 200,
  reason: 1000,
  description: 1000,
  legalBasis: 2000,
  riskNotes: 2000,
  content: 5000,
  findings: 5000,
  // An import file, base64: bounded by the request body (GATEWAY_MAX_BODY_BYTES) and by the import's own caps.
  contentBase64: 5 * 1024 * 1024,
};

/** Items of a list argument, by name; anything not listed gets `default`. */
export const LIST_LIMITS: Readonly<Record<string, number>> = {
  default: 200,
  // bulkAddTargets: the service's own batch bound (MAX_BULK_ROWS).
  inputs: 10000,
  // applyCreditClasses: the delivery batch (one call per department per batch).
  changes: MAX_CREDIT_CHANGES_PER_CALL,
  tags: 50,
  expertise: 50,
  licenceNumbers: 50,
  attachments: 50,
  regionCodes: 100,
  industrySections: 30,
  creditClasses: 10,
  categories: 20,
  itemCodes: 200,
  planIds: 200,
};

/** IDs are database row numbers: decimal digits, at most 15 (every one below 2^53). */
const ID_FORM = /^\d{1,15}$/;

// Rejected, never stripped: C0 controls except TAB, LF and CR; DEL and the C1 controls; the bidirectional
// embeddings, overrides, isolates and marks (an RTL override reverses a printed name); lone surrogates; the
// noncharacters U+FFFE and U+FFFF. Zero-width spaces and joiners are accepted (Chinese input methods produce them)
// and removed before masking (shared/domain/privacy.ts).
const FORBIDDEN_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069\uFFFE\uFFFF]|\p{Cs}/u;

export function forbiddenCharacter(s: string): string | null {
  const m = FORBIDDEN_CHARS.exec(s);
  return m ? `U+${m[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}` : null;
}

const limitOf = (table: Readonly<Record<string, number>>, name: string) => table[name] ?? table.default!;

/** Code points of s, counting no further than limit + 1 (a 5 MB string costs nothing more than its first bytes). */
function codePointsUpTo(s: string, limit: number): number {
  if (s.length <= limit) return s.length;
  let n = 0;
  for (let i = 0; i < s.length && n <= limit; i++, n++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) i++;
  }
  return n;
}

function refuse(field: string, message: string, extra: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(`${field}：${message}`, { extensions: { code: 'BAD_USER_INPUT', field, ...extra, http: { status: 400 } } });
}

function checkValue(value: unknown, type: GraphQLInputType, name: string, path: string): GraphQLError | null {
  if (value === null || value === undefined) return null;
  const t = getNullableType(type) as GraphQLInputType;
  if (isListType(t)) {
    const items = Array.isArray(value) ? value : [value];
    const max = limitOf(LIST_LIMITS, name);
    if (items.length > max) return refuse(path, `最多${max}项（本次${items.length}项）`, { limit: max, found: items.length });
    for (let i = 0; i < items.length; i++) {
      const e = checkValue(items[i], t.ofType as GraphQLInputType, name, path);
      if (e) return e;
    }
    return null;
  }
  if (isInputObjectType(t)) {
    if (typeof value !== 'object') return null;
    const fields = t.getFields();
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const f = fields[k];
      if (!f) continue;
      const e = checkValue(v, f.type, k, `${path}.${k}`);
      if (e) return e;
    }
    return null;
  }
  if (!isScalarType(t)) return null;
  if (t === GraphQLID) {
    const s = typeof value === 'number' ? String(value) : value;
    if (typeof s !== 'string' || !ID_FORM.test(s)) return refuse(path, '编号无效，应为不超过15位的数字');
    return null;
  }
  if (typeof value !== 'string') return null;
  const max = limitOf(TEXT_LIMITS, name);
  if (value.length > max) {
    const n = codePointsUpTo(value, max);
    if (n > max) return refuse(path, `长度不能超过${max}个字符`, { limit: max });
  }
  const bad = forbiddenCharacter(value);
  if (bad) return refuse(path, `含有不允许的控制字符或文字方向控制字符（${bad}），请删除后重试`, { character: bad });
  return null;
}

/**
 * The first bound the operation's arguments break, with the request's variables; null when all hold. Variables are
 * the raw JSON the caller sent (validation against their declared types happens elsewhere).
 */
export function checkOperationInputs(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown> | null | undefined,
): GraphQLError | null {
  const vars = variables ?? {};
  const typeInfo = new TypeInfo(schema);
  let found: GraphQLError | null = null;
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Argument(node) {
        if (found) return false;
        const arg = typeInfo.getArgument();
        if (!arg) return false;
        const value = node.value.kind === Kind.VARIABLE ? vars[node.value.name.value] : valueFromAST(node.value, arg.type, vars);
        found = checkValue(value, arg.type, arg.name, arg.name);
        return false;
      },
    }),
  );
  return found;
}
