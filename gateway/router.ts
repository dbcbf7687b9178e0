// Department-sharded routing, as pure functions: split one subgraph request into per-department
// requests (by the `department` argument of root fields, by representation for `_entities`),
// then merge the answers back in the original order. No I/O here, so every case is unit-tested.
import {
  Kind,
  OperationTypeNode,
  valueFromASTUntyped,
  visit,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionNode,
  type VariableDefinitionNode,
  type ValueNode,
} from 'graphql';

export interface ShardError {
  message: string;
  path?: ReadonlyArray<string | number>;
  extensions?: Record<string, unknown>;
}
export interface ShardResult {
  data?: Record<string, unknown> | null;
  errors?: ReadonlyArray<ShardError>;
}

/** One root field of the incoming request and where its parts go. */
type FieldRoute =
  | { kind: 'typename'; key: string }
  | { kind: 'field'; key: string; department: string }
  | { kind: 'entities'; key: string; size: number; parts: { department: string; indices: number[] }[] }
  | { kind: 'unroutable'; key: string; message: string };

/** A request for one department: run the batches in order (mutations), each batch one document. */
export interface ShardRequest {
  department: string;
  document: DocumentNode;
  variables: Record<string, unknown>;
}

export interface ShardPlan {
  operationType: OperationTypeNode;
  routes: FieldRoute[];
  /** Batches run one after another; the requests inside a batch run in parallel. */
  batches: ShardRequest[][];
}

export type RepresentationRouter = (representation: Record<string, unknown>) => string | undefined;

/** Department-owned entities carry `department`; the Department entity itself is keyed by `code`. */
export const routeRepresentation: RepresentationRouter = (rep) => {
  if (rep.__typename === 'Department') return typeof rep.code === 'string' ? rep.code : undefined;
  return typeof rep.department === 'string' ? rep.department : undefined;
};

function argValue(field: FieldNode, name: string, variables: Record<string, unknown>): unknown {
  const arg = field.arguments?.find((a) => a.name.value === name);
  if (!arg) return undefined;
  return valueFromASTUntyped(arg.value as ValueNode, variables);
}

/** Root-level fragments (inline or named) are flattened so every root field can be routed alone. */
function rootFields(
  selections: readonly SelectionNode[],
  fragments: Map<string, FragmentDefinitionNode>,
): FieldNode[] {
  const out: FieldNode[] = [];
  for (const s of selections) {
    if (s.kind === Kind.FIELD) out.push(s);
    else if (s.kind === Kind.INLINE_FRAGMENT) out.push(...rootFields(s.selectionSet.selections, fragments));
    else {
      const frag = fragments.get(s.name.value);
      if (frag) out.push(...rootFields(frag.selectionSet.selections, fragments));
    }
  }
  return out;
}

/** Builds one department's document: only its fields, only the variables and fragments they use. */
function buildDocument(
  op: OperationDefinitionNode,
  fields: FieldNode[],
  extraVars: VariableDefinitionNode[],
  fragments: Map<string, FragmentDefinitionNode>,
): DocumentNode {
  const usedVars = new Set<string>();
  const usedFrags = new Set<string>();
  const collect = (node: unknown) =>
    visit(node as DocumentNode, {
      Variable: (v) => void usedVars.add(v.name.value),
      FragmentSpread: (f) => {
        if (usedFrags.has(f.name.value)) return;
        usedFrags.add(f.name.value);
        const def = fragments.get(f.name.value);
        if (def) collect(def);
      },
    });
  fields.forEach(collect);
  op.directives?.forEach(collect);
  const varDefs = [
    ...(op.variableDefinitions ?? []).filter((d) => usedVars.has(d.variable.name.value)),
    ...extraVars,
  ];
  const operation: OperationDefinitionNode = {
    ...op,
    variableDefinitions: varDefs,
    selectionSet: { kind: Kind.SELECTION_SET, selections: fields },
  };
  const fragmentDefs = [...fragments.values()].filter((f) => usedFrags.has(f.name.value));
  return { kind: Kind.DOCUMENT, definitions: [operation, ...fragmentDefs] };
}

const REPS_TYPE = {
  kind: Kind.NON_NULL_TYPE,
  type: {
    kind: Kind.LIST_TYPE,
    type: { kind: Kind.NON_NULL_TYPE, type: { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: '_Any' } } },
  },
} as const;

export function planShardedRequest(
  document: DocumentNode,
  variables: Record<string, unknown> = {},
  operationName?: string,
  route: RepresentationRouter = routeRepresentation,
): ShardPlan {
  const ops = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const op = operationName ? ops.find((o) => o.name?.value === operationName) : ops[0];
  if (!op) throw new Error('no operation in the request');
  const fragments = new Map(
    document.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((f) => [f.name.value, f]),
  );

  const routes: FieldRoute[] = [];
  // Per field: the (department, field node, extra variable definition, variables) pieces to send.
  const pieces: { department: string; field: FieldNode; varDef?: VariableDefinitionNode; vars: Record<string, unknown> }[][] = [];

  rootFields(op.selectionSet.selections, fragments).forEach((field, fieldIndex) => {
    const key = field.alias?.value ?? field.name.value;
    const name = field.name.value;
    if (name === '__typename') {
      routes.push({ kind: 'typename', key });
      pieces.push([]);
      return;
    }
    if (name === '_entities') {
      const reps = argValue(field, 'representations', variables);
      const list = Array.isArray(reps) ? (reps as Record<string, unknown>[]) : [];
      const groups = new Map<string, number[]>();
      const unroutable: number[] = [];
      list.forEach((rep, i) => {
        const dept = rep && typeof rep === 'object' ? route(rep) : undefined;
        if (!dept) unroutable.push(i);
        else groups.set(dept, [...(groups.get(dept) ?? []), i]);
      });
      const parts = [...groups].map(([department, indices]) => ({ department, indices }));
      if (unroutable.length) parts.push({ department: '', indices: unroutable });
      routes.push({ kind: 'entities', key, size: list.length, parts });
      const varName = `__shard_reps_${fieldIndex}`;
      pieces.push(
        [...groups].map(([department, indices]) => ({
          department,
          field: {
            ...field,
            arguments: (field.arguments ?? []).map((a) =>
              a.name.value === 'representations'
                ? { ...a, value: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: varName } } }
                : a,
            ),
          },
          varDef: {
            kind: Kind.VARIABLE_DEFINITION,
            variable: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: varName } },
            type: REPS_TYPE,
          } as VariableDefinitionNode,
          vars: { [varName]: indices.map((i) => list[i]) },
        })),
      );
      return;
    }
    const department = argValue(field, 'department', variables);
    if (typeof department !== 'string' || !department) {
      routes.push({ kind: 'unroutable', key, message: `字段 ${name} 缺少 department 参数，无法路由到部门` });
      pieces.push([]);
      return;
    }
    routes.push({ kind: 'field', key, department });
    pieces.push([{ department, field, vars: {} }]);
  });

  const toRequest = (department: string, group: typeof pieces[number]): ShardRequest => ({
    department,
    document: buildDocument(
      op,
      group.map((p) => p.field),
      group.flatMap((p) => (p.varDef ? [p.varDef] : [])),
      fragments,
    ),
    variables: Object.assign(
      {},
      ...group.map((p) => p.vars),
      // Keep only the caller's variables the fields still use (pruned again by the document).
      Object.fromEntries(Object.entries(variables)),
    ),
  });

  const batches: ShardRequest[][] = [];
  if (op.operation === OperationTypeNode.MUTATION) {
    // Mutations keep their order: consecutive fields of one department share a request.
    let current: { department: string; group: typeof pieces[number] } | undefined;
    for (const group of pieces) {
      for (const p of group) {
        if (current && current.department === p.department) current.group.push(p);
        else {
          if (current) batches.push([toRequest(current.department, current.group)]);
          current = { department: p.department, group: [p] };
        }
      }
    }
    if (current) batches.push([toRequest(current.department, current.group)]);
  } else {
    const byDept = new Map<string, typeof pieces[number]>();
    for (const p of pieces.flat()) byDept.set(p.department, [...(byDept.get(p.department) ?? []), p]);
    if (byDept.size) batches.push([...byDept].map(([d, g]) => toRequest(d, g)));
  }
  for (const batch of batches) for (const r of batch) r.variables = pruneVariables(r.document, r.variables);
  return { operationType: op.operation, routes, batches };
}

function pruneVariables(doc: DocumentNode, variables: Record<string, unknown>): Record<string, unknown> {
  const op = doc.definitions[0] as OperationDefinitionNode;
  const names = new Set((op.variableDefinitions ?? []).map((d) => d.variable.name.value));
  return Object.fromEntries(Object.entries(variables).filter(([k]) => names.has(k)));
}

/** Outcome per department request: its result, or the reason it could not be reached. */
export type ShardOutcome =
  | { ok: true; result: ShardResult }
  | { ok: false; message: string; code: string; extensions?: Record<string, unknown> };

export function unavailable(department: string, reason: string, extensions?: Record<string, unknown>): ShardOutcome {
  return { ok: false, code: 'DEPARTMENT_UNAVAILABLE', message: `部门 ${department} 暂时无法访问（${reason}），其余部门的数据照常返回`, ...(extensions ? { extensions } : {}) };
}

/**
 * Merges per-department answers into one result shaped like the original request:
 * fields in their original order, `_entities` items back at their original index, error paths re-indexed
 * and every error tagged with `extensions.department`.
 */
export function mergeShardResults(
  plan: ShardPlan,
  outcomes: Map<string, ShardOutcome[]>,
): ShardResult {
  const data: Record<string, unknown> = {};
  const errors: ShardError[] = [];
  // Each department's outcomes are consumed in the order its requests were issued.
  const cursor = new Map<string, number>();
  const taken = new Map<ShardRequest, ShardOutcome>();
  for (const batch of plan.batches)
    for (const req of batch) {
      const i = cursor.get(req.department) ?? 0;
      cursor.set(req.department, i + 1);
      const o = outcomes.get(req.department)?.[i];
      taken.set(req, o ?? unavailable(req.department, '未执行'));
    }
  const outcomeFor = (department: string, key: string): ShardOutcome | undefined => {
    for (const [req, o] of taken) {
      if (req.department !== department) continue;
      const op = req.document.definitions[0] as OperationDefinitionNode;
      if (op.selectionSet.selections.some((s) => s.kind === Kind.FIELD && (s.alias?.value ?? s.name.value) === key)) return o;
    }
    return undefined;
  };
  const tag = (e: ShardError, department: string, path?: ReadonlyArray<string | number>): ShardError => ({
    message: e.message,
    ...(path ?? e.path ? { path: path ?? e.path } : {}),
    extensions: { ...(e.extensions ?? {}), department },
  });

  for (const r of plan.routes) {
    if (r.kind === 'typename') {
      data[r.key] = plan.operationType === OperationTypeNode.MUTATION ? 'Mutation' : plan.operationType === OperationTypeNode.SUBSCRIPTION ? 'Subscription' : 'Query';
    } else if (r.kind === 'unroutable') {
      data[r.key] = null;
      errors.push({ message: r.message, path: [r.key], extensions: { code: 'MISROUTED' } });
    } else if (r.kind === 'field') {
      const o = outcomeFor(r.department, r.key);
      if (!o || !o.ok) {
        data[r.key] = null;
        errors.push({ message: o && !o.ok ? o.message : '部门未返回结果', path: [r.key], extensions: { ...(o && !o.ok ? o.extensions : {}), code: o && !o.ok ? o.code : 'DEPARTMENT_UNAVAILABLE', department: r.department } });
        continue;
      }
      data[r.key] = o.result.data?.[r.key] ?? null;
      for (const e of o.result.errors ?? []) if (e.path?.[0] === r.key) errors.push(tag(e, r.department));
    } else {
      const items: unknown[] = new Array(r.size).fill(null);
      for (const part of r.parts) {
        if (!part.department) {
          for (const i of part.indices)
            errors.push({ message: '实体表示缺少部门代码，无法路由', path: [r.key, i], extensions: { code: 'MISROUTED' } });
          continue;
        }
        const o = outcomeFor(part.department, r.key);
        if (!o || !o.ok) {
          for (const i of part.indices)
            errors.push({ message: o && !o.ok ? o.message : '部门未返回结果', path: [r.key, i], extensions: { ...(o && !o.ok ? o.extensions : {}), code: o && !o.ok ? o.code : 'DEPARTMENT_UNAVAILABLE', department: part.department } });
          continue;
        }
        const local = o.result.data?.[r.key];
        part.indices.forEach((orig, j) => {
          items[orig] = Array.isArray(local) ? local[j] ?? null : null;
        });
        for (const e of o.result.errors ?? []) {
          if (e.path?.[0] !== r.key) continue;
          if (typeof e.path[1] === 'number') {
            const orig = part.indices[e.path[1]];
            errors.push(tag(e, part.department, [r.key, orig ?? e.path[1], ...e.path.slice(2)]));
          } else errors.push(tag(e, part.department));
        }
      }
      data[r.key] = items;
    }
  }
  // Errors a department raised outside any field (e.g. document validation) still reach the caller.
  for (const [req, o] of taken) {
    if (o.ok) for (const e of o.result.errors ?? []) if (!e.path) errors.push(tag(e, req.department));
  }
  return errors.length ? { data, errors } : { data };
}
