import { Writable } from 'node:stream';
import { createLogger, requestIdFrom, scrub } from '../../shared/log';

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
