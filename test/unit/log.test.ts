import { createServer } from 'node:http';
import { Writable } from 'node:stream';
import { forwardHeaders, runWithRequest } from '../../shared/request-context';
import { listen } from '../../shared/subgraph-server';
import { gatewayDepartmentClient } from '../../subgraphs/joint-inspection/department-client';
import { createLogger, requestIdFrom, scrub } from '../../shared/log';
import { metricsAllowed, operationLabeler, operationOf } from '../../shared/metrics';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({ write(chunk, _enc, cb) { lines.push(...String(chunk).split('\n').filter(Boolean)); cb(); } });
  return { lines, stream };
}

const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJqb2ludC1vZmZpY2UifQ.c2lnbmF0dXJlLXNpZ25hdHVyZQ';

describe('structured logs', () => {
  test('one JSON object per line with service, level, time and request id', () => {
    const { lines, stream } = capture();
    const log = createLogger('gateway', { level: 'info', destination: stream });
    log.info({ requestId: 'r-1', status: 200 }, 'request');
    const entry = JSON.parse(lines[0]!);
    expect(entry).toMatchObject({ level: 'info', service: 'gateway', requestId: 'r-1', status: 200, msg: 'request' });
    expect(typeof entry.time).toBe('string');
  });

  test('tokens and personal data never reach the log', () => {
    const { lines, stream } = capture();
    const log = createLogger('gateway', { level: 'info', destination: stream });
    log.info({ authorization: `Bearer ${JWT}`, headers: { authorization: `Bearer ${JWT}`, 'x-hub-signature': 'sig' }, variables: { idNumber: '110101199003071234' } }, 'incoming');
    log.warn({ note: `token=${JWT} 联系人 13812345678 身份证 110101199003071234 邮箱 zhang.san@example.com` }, 'free text');
    log.error({ err: new Error(`Duplicate entry '110101199003071234' for key 'id_number'`) }, 'failed');
    const all = lines.join('\n');
    expect(all).not.toContain('eyJ');
    expect(all).not.toContain('110101199003071234');
    expect(all).not.toContain('13812345678');
    expect(all).not.toContain('zhang.san@');
    expect(all).not.toContain('"sig"');
    expect(lines).toHaveLength(3);
  });

  test('scrub keeps business codes (USCC) and ordinary text', () => {
    expect(scrub({ creditCode: '91350100M000100Y43', text: '正常' })).toEqual({ creditCode: '91350100M000100Y43', text: '正常' });
  });

  test('client request ids are kept only when short and plain', () => {
    expect(requestIdFrom('abc-123', () => 'new')).toBe('abc-123');
    expect(requestIdFrom('bad id\n{"level":"fatal"}', () => 'new')).toBe('new');
    expect(requestIdFrom('x'.repeat(65), () => 'new')).toBe('new');
    expect(requestIdFrom(undefined, () => 'new')).toBe('new');
  });
});

describe('metrics helpers', () => {
  test('operation labels are well-formed and bounded', () => {
    const label = operationLabeler();
    expect(label('DashboardOverview')).toBe('DashboardOverview');
    expect(label(null)).toBe('anonymous');
    expect(label('bad name"} 1\n')).toBe('invalid');
    for (let i = 0; i < 300; i++) label(`Op${i}`);
    expect(label('YetAnother')).toBe('other');
    expect(label('DashboardOverview')).toBe('DashboardOverview');
  });

  test('operation type and name from the document', () => {
    expect(operationOf('query Overview { a }')).toEqual({ type: 'query', name: 'Overview' });
    expect(operationOf('mutation($x: ID!) { a }')).toEqual({ type: 'mutation', name: null });
    expect(operationOf('{ a }', 'Given')).toEqual({ type: 'query', name: 'Given' });
  });

  test('METRICS_TOKEN guards /metrics when set', () => {
    expect(metricsAllowed(undefined, undefined)).toBe(true);
    expect(metricsAllowed(undefined, 'm-token')).toBe(false);
    expect(metricsAllowed('Bearer wrong', 'm-token')).toBe(false);
    expect(metricsAllowed('Bearer m-token', 'm-token')).toBe(true);
  });
});

describe('request id across services', () => {
  test('calls joint-inspection makes while serving a request carry its request id', async () => {
    const seen: (string | undefined)[] = [];
    const fake = await listen(createServer((req, res) => {
      seen.push(req.headers['x-request-id'] as string | undefined);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ data: { checklist: [] } }));
    }));
    try {
      const client = gatewayDepartmentClient({ url: () => fake.url, token: async () => 'service-token' });
      await runWithRequest({ requestId: 'dispatch-42' }, () => client.publishedItems('SAMR'));
      await client.publishedItems('SAMR'); // outside any request: no id invented
      expect(seen).toEqual(['dispatch-42', undefined]);
      expect(runWithRequest({ requestId: 'r-1' }, () => forwardHeaders())).toEqual({ 'x-request-id': 'r-1' });
      expect(forwardHeaders()).toEqual({});
    } finally {
      await fake.close();
    }
  });
});
