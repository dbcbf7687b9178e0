// The signed identity between gateway and subgraphs cannot be replayed elsewhere: it names the method, the target
// subgraph, the body's hash and expires within a minute (shared/identity.ts).
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { CLOCK_SKEW_SECONDS, IDENTITY_HEADER, IDENTITY_TTL_SECONDS, SIGNATURE_HEADER, bodyHash, signIdentity, verifyIdentityHeaders, type Identity } from '../../shared/identity';
import { createHmac } from 'node:crypto';
import { createSubgraphHttpServer, listen, type RunningServer } from '../../shared/subgraph-server';
import { TEST_IDENTITY_SECRET } from '../helpers';

const SECRET = 'identity-test-secret-of-at-least-32-bytes';
const who: Identity = { sub: 'office', role: 'JOINT_OFFICE' };
const request = { method: 'POST', target: 'joint-inspection', body: '{"query":"{ departments { code } }"}' };
const T0 = Date.UTC(2026, 11, 3, 9, 0, 0);
const verify = (headers: Record<string, string>, at = request, now = T0) => verifyIdentityHeaders((n) => headers[n], SECRET, at, now);

describe('signed identity (pure)', () => {
  const captured = signIdentity(who, SECRET, request, T0);

  test('verifies for the request it was signed for', () => {
    expect(verify(captured)).toEqual(who);
  });

  test('a captured header fails against another body, another subgraph, another method', () => {
    expect(() => verify(captured, { ...request, body: '{"query":"mutation { closePlan(id: 1) { id } }"}' })).toThrow('请求内容不符');
    expect(() => verify(captured, { ...request, target: 'department-SAMR' })).toThrow('不是发给本服务的');
    expect(() => verify(captured, { ...request, method: 'GET' })).toThrow('请求方法不符');
  });

  test('a captured header fails later: after its 60 s (and the clock skew) it is expired', () => {
    expect(verify(captured, request, T0 + (IDENTITY_TTL_SECONDS + CLOCK_SKEW_SECONDS - 1) * 1000)).toEqual(who);
    expect(() => verify(captured, request, T0 + (IDENTITY_TTL_SECONDS + CLOCK_SKEW_SECONDS + 1) * 1000)).toThrow('已过期');
  });

  test('an iat in the future beyond the clock skew is refused (the old rule took 299 s)', () => {
    const ahead = signIdentity(who, SECRET, request, T0 + 30_000);
    expect(() => verify(ahead, request, T0)).toThrow('晚于当前时间');
    const slightly = signIdentity(who, SECRET, request, T0 + 3_000);
    expect(verify(slightly, request, T0)).toEqual(who);
  });

  test('a validly signed header with a lifetime over 60 s is refused', () => {
    const iat = Math.floor(T0 / 1000);
    const payload = Buffer.from(JSON.stringify({ ...who, iat, exp: iat + 300, m: 'POST', aud: request.target, bh: bodyHash(request.body) })).toString('base64url');
    const headers = { [IDENTITY_HEADER]: payload, [SIGNATURE_HEADER]: createHmac('sha256', SECRET).update(payload).digest('base64url') };
    expect(() => verify(headers)).toThrow('有效期无效');
  });

  test('the old form (identity and iat only) is refused', () => {
    const payload = Buffer.from(JSON.stringify({ ...who, iat: Math.floor(T0 / 1000) })).toString('base64url');
    const headers = { [IDENTITY_HEADER]: payload, [SIGNATURE_HEADER]: createHmac('sha256', SECRET).update(payload).digest('base64url') };
    expect(() => verify(headers)).toThrow();
  });
});

describe('signed identity against running subgraphs', () => {
  const context = (identity: Identity) => ({ identity });
  const schema = buildSubgraphSchema([{ typeDefs: parse('type Query { whoami: String }'), resolvers: { Query: { whoami: (_: unknown, __: unknown, ctx: { identity: Identity }) => ctx.identity.sub } } }]);
  let joint: RunningServer;
  let samr: RunningServer;
  beforeAll(async () => {
    const make = async (service: string) =>
      listen(await createSubgraphHttpServer({ schema, identitySecret: TEST_IDENTITY_SECRET, context, service }), 0);
    joint = await make('joint-inspection');
    samr = await make('department-SAMR');
  });
  afterAll(async () => {
    await joint?.close();
    await samr?.close();
  });

  const post = (url: string, headers: Record<string, string>, body: string) =>
    fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

  test('a header captured on one call is refused with another body or at another subgraph', async () => {
    const body = JSON.stringify({ query: '{ whoami }' });
    const captured = signIdentity(who, TEST_IDENTITY_SECRET, { method: 'POST', target: 'joint-inspection', body });
    const ok = await post(joint.url, captured, body);
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { data: { whoami: string } }).data.whoami).toBe('office');

    const otherBody = await post(joint.url, captured, JSON.stringify({ query: '{ whoami __typename }' }));
    expect(otherBody.status).toBe(401);
    expect(((await otherBody.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe('UNAUTHENTICATED');

    const otherSubgraph = await post(samr.url, captured, body);
    expect(otherSubgraph.status).toBe(401);
  });

  test('/healthz names the service, the audience a signature must carry', async () => {
    const res = (await (await fetch(new URL('/healthz', samr.url))).json()) as { service: string };
    expect(res.service).toBe('department-SAMR');
  });
});
