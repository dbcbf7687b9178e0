// Joint-inspection unreachable: clients get an error with a code they can act on, department data still comes
// through in the same response, and the gateway's log lines hold neither the token nor the variables' personal data.
import { createLogger } from '../../shared/log';
import { callGateway } from '../helpers';
import { startTestHub, type TestHub } from '../e2e/hub';

const PHONE = '13912345678';
const ID = '110101199003071234';

describe('joint-inspection down', () => {
  let hub: TestHub;
  const lines: string[] = [];
  beforeAll(async () => {
    const logger = createLogger('gateway', { level: 'info', destination: { write: (l: string) => void lines.push(l) } });
    // Port 1 on loopback: nothing listens there, so every call to joint-inspection is refused at once.
    hub = await startTestHub(['SAMR'], { logger }, { jointUrl: () => 'http://127.0.0.1:1/graphql' });
  });
  afterAll(() => hub?.close());

  test('the error names the outage with a code, department data still arrives, nothing personal is logged', async () => {
    const token = await hub.token({ sub: 'office-1', role: 'JOINT_OFFICE' });
    const res = await callGateway(hub.gatewayUrl, `query($q: String) { publishedResults(search: $q) { corrected } }`, { q: `${PHONE} ${ID}` }, token);
    expect(res.status).toBeLessThan(500);
    expect(res.errors?.length).toBeGreaterThan(0);
    for (const e of res.errors!) expect(e.extensions?.code).toBe('SUBGRAPH_UNAVAILABLE');
    expect(res.errors![0].message).toContain('联合抽查');
    // A department's own data does not depend on joint-inspection.
    const own = await callGateway(hub.gatewayUrl, '{ checklist(department: "SAMR") { code } }', {}, token);
    expect(own.errors).toBeUndefined();
    expect(own.data.checklist.length).toBeGreaterThan(0);
    const text = lines.join('\n');
    expect(text.length).toBeGreaterThan(0);
    expect(text).not.toContain(PHONE);
    expect(text).not.toContain(ID);
    expect(text).not.toContain(token);
  });
});
