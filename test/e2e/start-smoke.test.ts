// `npm start` as a user runs it: embedded SQLite, one process per department, real ports, demo data.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createServer } from 'node:net';
import { callGateway } from '../helpers';

function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => res(port));
    });
  });
}

describe('npm start on the embedded default (SQLite)', () => {
  let proc: ChildProcess | undefined;
  let dir: string;
  let output = '';
  afterAll(async () => {
    if (proc && proc.exitCode === null) {
      proc.kill('SIGINT');
      await new Promise((r) => proc!.once('exit', r));
    }
    rmSync(dir, { recursive: true, force: true });
  });

  test('starts every process, seeds demo data, answers the departments query, stops on SIGINT', async () => {
    dir = mkdtempSync(join(tmpdir(), 'hub-smoke-'));
    const codes = ['SAMR', 'ECO', 'EMERGENCY', 'HEALTH', 'FIRE', 'HOUSING', 'COMMERCE', 'CULTURE'];
    const names = ['市场监督管理局', '生态环境局', '应急管理局', '卫生健康局', '消防救援大队', '住房和城乡建设局', '商务局', '文化广电旅游局'];
    const ports: number[] = [];
    for (let i = 0; i < codes.length + 2; i++) ports.push(await freePort());
    const config = {
      gateway: { port: ports[0] },
      jointInspection: { port: ports[1] },
      departments: codes.map((code, i) => ({ code, name: names[i], port: ports[i + 2] })),
    };
    writeFileSync(join(dir, 'hub.json'), JSON.stringify(config));
    const { DATABASE_URL: _ignored, ...inherited } = process.env;
    const env = { ...inherited, HUB_CONFIG: join(dir, 'hub.json'), DATA_DIR: join(dir, 'data') };
    proc = spawn(process.execPath, [resolve(__dirname, '../../scripts/start.js')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    proc.stdout!.on('data', (c) => (output += c));
    proc.stderr!.on('data', (c) => (output += c));
    await new Promise<void>((res, rej) => {
      const t = setTimeout(() => rej(new Error(`not ready in 120 s:\n${output}`)), 120_000);
      const check = setInterval(() => {
        if (output.includes('is ready')) {
          clearInterval(check);
          clearTimeout(t);
          res();
        }
        if (proc!.exitCode !== null) {
          clearInterval(check);
          clearTimeout(t);
          rej(new Error(`start exited early:\n${output}`));
        }
      }, 100);
    });
    const token = /JOINT_OFFICE\s+(\S+)/.exec(output)?.[1];
    expect(token).toBeTruthy();
    const res = await callGateway(
      `http://127.0.0.1:${ports[0]}/graphql`,
      '{ departments { code name checklist { name } inspectors(first: 5) { totalCount } } }',
      {},
      token,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.departments).toHaveLength(8);
    for (const d of res.data.departments) {
      expect(d.checklist.length).toBeGreaterThanOrEqual(15);
      expect(d.inspectors.totalCount).toBeGreaterThanOrEqual(20);
    }
    const gi = await fetch(`http://127.0.0.1:${ports[0]}/graphql`, { headers: { accept: 'text/html' } });
    const html = await gi.text();
    expect(html).toContain('GraphiQL');
    expect(html).not.toMatch(/unpkg\.com|jsdelivr|cdnjs/);

    proc.kill('SIGINT');
    const code = await new Promise((r) => proc!.once('exit', r));
    expect(code).toBe(0);
  }, 180_000);
});
