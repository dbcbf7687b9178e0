// Privacy for the public: introspect the gateway as PUBLIC, build a query for every root field that selects every
// field reachable from it, run them all, and look for personal data in whatever comes back. Meanwhile every line
// the servers log is captured and searched for tokens, identity signatures and the same personal data.
import { createLogger } from '../../shared/log';
import { buildClientSchema, getIntrospectionQuery, getNamedType, isLeafType, isListType, isNonNullType, isObjectType, type GraphQLField, type GraphQLObjectType, type GraphQLSchema } from 'graphql';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { startTestHub, type TestHub } from '../e2e/hub';
import { drawRestaurantRound, gqlOk } from '../e2e/flow';
import { callGateway, TEST_IDENTITY_SECRET } from '../helpers';
import { containsPersonalData } from '../../shared/domain/privacy';
import { createSubgraphHttpServer, listen } from '../../shared/subgraph-server';
import { signIdentity } from '../../shared/identity';

const RAW_PHONE = '13812345678';
const RAW_ID = '11010519491231002X';
const RAW_EMAIL = 'zhang.san@example.com';

/** Everything written to the console or stdout/stderr while the hub runs. */
function captureLogs() {
  const lines: string[] = [];
  const methods = ['log', 'info', 'warn', 'error', 'debug'] as const;
  const originals = methods.map((m) => console[m]);
  methods.forEach((m, i) => {
    console[m] = (...args: unknown[]) => {
      lines.push(args.map((a) => (a instanceof Error ? `${a.message}\n${a.stack}` : typeof a === 'string' ? a : JSON.stringify(a, Object.getOwnPropertyNames(a ?? {})))).join(' '));
      if (process.env.SHOW_LOGS) originals[i].apply(console, args);
    };
  });
  const writes = [process.stdout, process.stderr].map((s) => {
    const w = s.write.bind(s);
    s.write = ((chunk: any, ...rest: any[]) => {
      lines.push(String(chunk));
      return w(chunk, ...rest);
    }) as typeof s.write;
    return () => (s.write = w);
  });
  return {
    lines,
    restore() {
      methods.forEach((m, i) => (console[m] = originals[i]));
      writes.forEach((undo) => undo());
    },
  };
}

describe('privacy: nothing personal leaves unmasked for PUBLIC; logs carry no tokens or personal data', () => {
  let hub: TestHub;
  let logs: ReturnType<typeof captureLogs>;
  const tokens: string[] = [];
  let ids: Record<string, string> = {};

  beforeAll(async () => {
    logs = captureLogs();
    hub = await startTestHub(['SAMR', 'HEALTH']);
    const office = await hub.token({ sub: 'office', role: 'JOINT_OFFICE' });
    tokens.push(office);
    const { roundId } = await drawRestaurantRound(hub, ['SAMR', 'HEALTH'], '2026-Q3', office);
    await gqlOk(hub, 'mutation($r: ID!) { dispatchRound(roundId: $r) { department } }', { r: roundId }, office);
    const task = (await gqlOk(hub, 'query($r: ID!) { tasks(roundId: $r) { id creditCode items { department code } dispatch { department status } } }', { r: roundId }, office)).tasks.find(
      (t: any) => t.dispatch.every((d: any) => d.status === 'MATCHED'),
    );
    const admin = await hub.token({ sub: 'admin-samr', role: 'DEPT_ADMIN', department: 'SAMR' });
    tokens.push(admin);
    const item = task.items.find((i: any) => i.department === 'SAMR');
    const findings = `现场负责人张三，电话 ${RAW_PHONE}，身份证 ${RAW_ID}，邮箱 ${RAW_EMAIL}，固话 0793-7654321。`;
    const result = (await gqlOk(hub, 'mutation($input: ResultInput!) { enterResult(input: $input) { id } }', {
      input: { taskId: task.id, department: 'SAMR', itemCode: item.code, categories: ['CORRECTED'], followUp: 'ORDERED_TO_CORRECT', findings, inspectedOn: '2026-07-02' },
    }, admin)).enterResult.id;
    for (const step of ['submitResult(id: $id) { id }', 'reviewResult(id: $id, approve: true) { id }', 'publishResult(id: $id) { id }'])
      await gqlOk(hub, `mutation($id: ID!) { ${step} }`, { id: result }, admin);
    const draw = (await gqlOk(hub, 'query($r: ID!) { drawRound(id: $r) { draws { id planId } } }', { r: roundId })).drawRound.draws[0];
    const inspectorId = (await gqlOk(hub, '{ inspectors(department: "SAMR", first: 1) { edges { node { id } } } }', {}, office)).inspectors.edges[0].node.id;
    ids = { roundId, taskId: task.id, drawId: draw.id, planId: draw.planId, inspectorId, creditCode: task.creditCode, resultId: result };
    // Paths that log: a bad token, a forged one, a department that is down.
    await callGateway(hub.gatewayUrl, '{ departments { code } }', {}, 'not-a-jwt');
    await callGateway(hub.gatewayUrl, '{ departments { code } }', {}, `${office.slice(0, -4)}AAAA`);
    await hub.stopDepartment('HEALTH');
    await callGateway(hub.gatewayUrl, '{ departments { code checklist { name } inspectors(first: 5) { totalCount } } }', {}, office);
    await hub.restartDepartment('HEALTH');
  }, 240_000);
  afterAll(async () => {
    logs?.restore();
    await hub?.close();
  });

  /** Values for required arguments, by name: real objects, so the resolvers run and return data. */
  const argValue = (field: GraphQLField<unknown, unknown>, name: string): unknown => {
    const byName: Record<string, unknown> = {
      department: 'SAMR', code: 'SAMR', creditCode: ids.creditCode, year: 2026, roundId: ids.roundId, taskId: ids.taskId,
      id: { draw: ids.drawId, drawRound: ids.roundId, plan: ids.planId, planReview: ids.planId, inspector: ids.inspectorId, checklistItem: '1' }[field.name] ?? '1',
    };
    if (!(name in byName)) throw new Error(`no value for required argument ${field.name}(${name})`);
    return byName[name];
  };

  /** Selects every field reachable from a type, down to `depth`, never re-entering a type already on the path. */
  function selection(schema: GraphQLSchema, type: GraphQLObjectType, path: string[], reached: Set<string>, depth: number, skip: Set<string>): string {
    const parts: string[] = [];
    for (const f of Object.values(type.getFields())) {
      if (skip.has(`${type.name}.${f.name}`)) continue;
      const named = getNamedType(f.type);
      const required = f.args.filter((a) => isNonNullType(a.type));
      const args = required.length ? `(${required.map((a) => `${a.name}: ${JSON.stringify(argValue(f, a.name))}`).join(', ')})` : '';
      if (isLeafType(named)) {
        reached.add(`${type.name}.${f.name}`);
        parts.push(`${f.name}${args}`);
      } else if (isObjectType(named) && depth > 0 && !path.includes(named.name)) {
        const inner = selection(schema, named, [...path, named.name], reached, depth - 1, skip);
        if (inner) {
          reached.add(`${type.name}.${f.name}`);
          parts.push(`${f.name}${args} { ${inner} }`);
        }
      }
    }
    return parts.join(' ');
  }

  /** `Type.field` of the last field on a response path. */
  function fieldAt(schema: GraphQLSchema, path: (string | number)[]): string {
    let type: GraphQLObjectType = schema.getQueryType()!;
    let name = '';
    const names = path.filter((p): p is string => typeof p === 'string');
    names.forEach((n, i) => {
      name = `${type.name}.${n}`;
      const next = getNamedType(type.getFields()[n]!.type);
      if (i < names.length - 1 && isObjectType(next)) type = next;
    });
    return name;
  }

  test('every public field, walked: no resident ID, phone or e-mail unmasked; none of the raw personal data', async () => {
    const intro = await callGateway(hub.gatewayUrl, getIntrospectionQuery());
    expect(intro.errors).toBeUndefined();
    const schema = buildClientSchema(intro.data);
    const reached = new Set<string>();
    const skip = new Set<string>();
    const answered: string[] = [];
    const denied: string[] = [];
    const texts: { where: string; value: string }[] = [];
    const walk = (v: unknown, where: string) => {
      if (typeof v === 'string') texts.push({ where, value: v });
      else if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${where}[${i}]`));
      else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, `${where}.${k}`);
    };
    for (const root of Object.values(schema.getQueryType()!.getFields())) {
      const named = getNamedType(root.type);
      const required = root.args.filter((a) => isNonNullType(a.type));
      const args = required.length ? `(${required.map((a) => `${a.name}: ${JSON.stringify(argValue(root, a.name))}`).join(', ')})` : '';
      // A field PUBLIC may not read is an error that nulls its (non-null) parents: leave it out and ask again.
      let res;
      for (let tries = 0; ; tries++) {
        const sel = isObjectType(named) ? ` { ${selection(schema, named, [named.name], reached, 5, skip)} }` : '';
        res = await callGateway(hub.gatewayUrl, `{ ${root.name}${args}${sel} }`);
        expect(res.status).toBe(200);
        for (const e of res.errors ?? []) expect(['FORBIDDEN', 'NOT_FOUND', 'UNAUTHENTICATED']).toContain(e.extensions?.code);
        const nested = (res.errors ?? []).filter((e) => (e.path?.length ?? 0) > 1).map((e) => fieldAt(schema, e.path!));
        if (!nested.length || tries > 20) break;
        nested.forEach((f) => skip.add(f));
      }
      const data = res.data?.[root.name];
      if (data == null || (Array.isArray(data) && !data.length)) denied.push(root.name);
      else answered.push(root.name);
      walk(data, root.name);
      void isListType;
    }
    console.log(`privacy walk: ${reached.size} fields reached, ${texts.length} strings checked; answered ${answered.join(', ')}; nothing for ${denied.join(', ')}; nested fields denied: ${[...skip].join(', ')}`);
    // The walk reached the public surface and real data came back (draws, results, registry, checklists…).
    expect(answered).toEqual(expect.arrayContaining(['departments', 'marketEntities', 'drawRounds', 'draw', 'publishedResults', 'checklist', 'plans']));
    expect(reached.size).toBeGreaterThan(150);
    expect(texts.length).toBeGreaterThan(1000);

    const leaks = texts.filter(({ value }) => containsPersonalData(value));
    expect(leaks.slice(0, 10)).toEqual([]);
    const raw = [RAW_PHONE, RAW_ID, RAW_EMAIL, '7654321', ...hub.data.inspectors.flatMap((i) => [i.phone, i.idNumber]), ...hub.data.departments.map((d) => d.contactPhone)];
    const all = texts.map((t) => t.value).join('\n');
    expect(raw.filter((r) => r && all.includes(r))).toEqual([]);
    // The published finding is there, masked.
    expect(all).toContain('138****5678');
  }, 120_000);

  test('no log line holds a token, an identity signature or personal data', async () => {
    // An internal error whose driver error carries the statement's parameters and repeats a value in its message.
    const schema = buildSubgraphSchema({
      typeDefs: parse('type Query { boom: String }'),
      resolvers: { Query: { boom: () => { throw Object.assign(new Error(`Duplicate entry '${RAW_PHONE}' for key 'phone' (${RAW_ID})`), { parameters: [RAW_PHONE, RAW_ID], query: 'INSERT INTO inspector …' }); } } },
    });
    // Service logs are JSON lines (pino); this one writes into the captured lines, at the production level.
    const logger = createLogger('privacy-boom', { level: 'info', destination: { write: (line: string) => void logs.lines.push(line) } });
    const running = await listen(await createSubgraphHttpServer({ schema, identitySecret: TEST_IDENTITY_SECRET, context: () => ({}), logger }), 0);
    const headers = { 'content-type': 'application/json', ...signIdentity({ sub: 'office', role: 'JOINT_OFFICE' }, TEST_IDENTITY_SECRET, { method: 'POST', target: 'subgraph', body: JSON.stringify({ query: '{ boom }' }) }) };
    const res = await (await fetch(running.url, { method: 'POST', headers, body: JSON.stringify({ query: '{ boom }' }) })).json();
    await running.close();
    expect(res.errors[0].extensions.code).toBe('INTERNAL_SERVER_ERROR');
    expect(JSON.stringify(res)).not.toContain(RAW_PHONE);

    const text = logs.lines.join('\n');
    expect(text).toContain('internal error');
    for (const t of tokens) {
      expect(text).not.toContain(t);
      expect(text).not.toContain(t.split('.')[2]);
    }
    expect(text).not.toMatch(/x-hub-signature|x-hub-identity|authorization: bearer/i);
    const raw = [RAW_PHONE, RAW_ID, RAW_EMAIL, ...hub.data.inspectors.flatMap((i) => [i.phone, i.idNumber])];
    expect(raw.filter((r) => text.includes(r))).toEqual([]);
    expect(containsPersonalData(text.replace(/\d{4}-\d{2}-\d{2}T[\d:.]+Z/g, ''))).toBe(false);
  });
});
