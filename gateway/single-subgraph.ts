// Which subgraph alone can answer an operation, read off the supergraph's join directives. Pure: no I/O.
// An operation every field of which one subgraph owns needs no query plan: the fast path forwards it as written.
import {
  Kind,
  OperationTypeNode,
  TypeInfo,
  getNamedType,
  isAbstractType,
  isObjectType,
  parse,
  visit,
  visitWithTypeInfo,
  BREAK,
  type DocumentNode,
  type GraphQLSchema,
  type DirectiveNode,
  type OperationDefinitionNode,
} from 'graphql';

/** type → field → the subgraphs (by name, as in `@join__graph(name:)`) that resolve it. */
export type FieldOwners = ReadonlyMap<string, ReadonlyMap<string, ReadonlySet<string>>>;

const argOf = (d: DirectiveNode, name: string) => d.arguments?.find((a) => a.name.value === name)?.value;
const enumArg = (d: DirectiveNode, name: string) => {
  const v = argOf(d, name);
  return v?.kind === Kind.ENUM ? v.value : undefined;
};
const boolArg = (d: DirectiveNode, name: string) => {
  const v = argOf(d, name);
  return v?.kind === Kind.BOOLEAN ? v.value : false;
};

/**
 * Owners of every object field. A field with `@join__field(graph:)` belongs to those graphs; one without belongs to
 * every graph that defines its type. A field some graph only declares (`external`) or needs other fields for
 * (`requires`) is left out for that graph: answering it takes a plan.
 */
export function fieldOwners(supergraphSdl: string): FieldOwners {
  const doc = parse(supergraphSdl);
  const graphName = new Map<string, string>();
  for (const def of doc.definitions) {
    if (def.kind !== Kind.ENUM_TYPE_DEFINITION || def.name.value !== 'join__Graph') continue;
    for (const v of def.values ?? []) {
      const d = v.directives?.find((x) => x.name.value === 'join__graph');
      const name = d && argOf(d, 'name');
      if (name?.kind === Kind.STRING) graphName.set(v.name.value, name.value);
    }
  }
  const owners = new Map<string, Map<string, Set<string>>>();
  for (const def of doc.definitions) {
    if (def.kind !== Kind.OBJECT_TYPE_DEFINITION && def.kind !== Kind.OBJECT_TYPE_EXTENSION) continue;
    const typeGraphs = (def.directives ?? []).filter((d) => d.name.value === 'join__type').map((d) => enumArg(d, 'graph'));
    const fields = owners.get(def.name.value) ?? new Map<string, Set<string>>();
    owners.set(def.name.value, fields);
    for (const f of def.fields ?? []) {
      const joins = (f.directives ?? []).filter((d) => d.name.value === 'join__field');
      const graphs = joins.length
        ? joins.filter((d) => !boolArg(d, 'external') && !argOf(d, 'requires')).map((d) => enumArg(d, 'graph'))
        : typeGraphs;
      fields.set(f.name.value, new Set(graphs.filter((g): g is string => !!g).map((g) => graphName.get(g) ?? g)));
    }
  }
  return owners;
}

const PLAIN_DIRECTIVES = new Set(['include', 'skip']);

export function selectOperation(document: DocumentNode, operationName?: string | null): OperationDefinitionNode | undefined {
  const ops = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  return operationName ? ops.find((o) => o.name?.value === operationName) : ops.length === 1 ? ops[0] : undefined;
}

/**
 * The subgraphs each of which owns every field of the chosen query (sorted), or null (a mutation, introspection, `@defer` or any
 * other directive than include/skip, an abstract type, or fields from more than one subgraph). The document must
 * already be valid against `schema`.
 */
export function singleSubgraph(schema: GraphQLSchema, document: DocumentNode, owners: FieldOwners, operationName?: string | null): string[] | null {
  const op = selectOperation(document, operationName);
  if (!op || op.operation !== OperationTypeNode.QUERY) return null;
  let candidates: Set<string> | null = null;
  let refused = false;
  const typeInfo = new TypeInfo(schema);
  // The chosen operation and every fragment (validation guarantees each fragment is used by some operation).
  const parts: DocumentNode = { kind: Kind.DOCUMENT, definitions: document.definitions.filter((d) => d === op || d.kind === Kind.FRAGMENT_DEFINITION) };
  visit(
    parts,
    visitWithTypeInfo(typeInfo, {
      Directive(node) {
        if (PLAIN_DIRECTIVES.has(node.name.value)) return;
        refused = true;
        return BREAK;
      },
      Field(node) {
        const name = node.name.value;
        if (name === '__typename') return;
        const parent = typeInfo.getParentType();
        const type = typeInfo.getType();
        const named = type ? getNamedType(type) : undefined;
        // Introspection, interfaces and unions: the runtime knows what to do with those, forwarding might not.
        if (name.startsWith('__') || !parent || !isObjectType(parent) || (named && isAbstractType(named))) {
          refused = true;
          return BREAK;
        }
        const graphs = owners.get(parent.name)?.get(name);
        if (!graphs?.size) {
          refused = true;
          return BREAK;
        }
        candidates = candidates ? new Set([...candidates].filter((g) => graphs.has(g))) : new Set(graphs);
        if (!candidates.size) {
          refused = true;
          return BREAK;
        }
      },
    }),
  );
  if (refused || !candidates) return null;
  return [...(candidates as Set<string>)].sort();
}
