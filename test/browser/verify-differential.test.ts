// The browser verifier (web/verify.js, an independent re-implementation on Web Crypto) and the server's verifier
// agree on faithful records and refuse the same tampered ones for the same reason.
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

const root = resolve(__dirname, '../../..');

test('web/verify.js and shared/domain/draw.ts give the same verdicts', () => {
  const out = execFileSync(process.execPath, [resolve(root, 'test/browser/verify-differential.mjs'), resolve(root, 'dist'), resolve(root, 'web/verify.js')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const rows = out.trim().split('\n').map((l) => JSON.parse(l) as { name: string; browser: { ok: boolean; reason: string | null }; server: { ok: boolean; reason: string | null } });
  expect(rows).toHaveLength(16);
  for (const r of rows) {
    expect([r.name, r.browser]).toEqual([r.name, r.server]);
    expect([r.name, r.server.ok]).toEqual([r.name, ['faithful', 'independent', 'redraw', 'v1'].includes(r.name)]);
  }
});
