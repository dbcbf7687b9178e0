// The log scrubber is linear in what it is given (shared/log.ts): it never walks a driver error's statement and
// parameters, and cuts every string before any pattern runs (issue 14, findings 1 and 2).
import { Writable } from 'node:stream';
import { createLogger, MAX_LOGGED_STRING, scrub } from '../../shared/log';

/** A typeorm QueryFailedError as SQLite raises it for a 5 MB search. */
function driverError(search: string) {
  return Object.assign(new Error('SQLITE_TOOBIG: string or blob too big'), {
    name: 'QueryFailedError',
    code: 'SQLITE_TOOBIG',
    query: 'SELECT * FROM published_result WHERE findings LIKE ?',
    parameters: [`%${search}%`],
    driverError: Object.assign(new Error('string or blob too big'), { code: 'SQLITE_TOOBIG' }),
  });
}

describe('scrub', () => {
  test('a driver error is reduced to its name, code and message: parameters and statement are not walked', () => {
    const out = scrub({ err: driverError('x'.repeat(5_000_000)) }) as { err: Record<string, unknown> };
    expect(out.err).toEqual({ name: 'QueryFailedError', code: 'SQLITE_TOOBIG', message: 'SQLITE_TOOBIG: string or blob too big' });
  });

  test('parameters and queries are left out wherever they appear', () => {
    const out = scrub({ parameters: ['13812345678'], nested: { query: 'SELECT 1', driverError: { a: 1 }, ok: 1 } });
    expect(out).toEqual({ nested: { ok: 1 } });
  });

  test('a 5 MB string is cut before masking and says how long it was', () => {
    const out = scrub(`${'a'.repeat(5_000_000)}`) as string;
    expect(out.length).toBeLessThan(MAX_LOGGED_STRING + 40);
    expect(out).toContain('共5000000字符');
  });

  test('personal data within the kept part is still masked', () => {
    expect(scrub('电话 １３８００１３８０００')).toBe('电话 138****8000');
  });

  test('wide structures are cut: at most 50 keys or items per level', () => {
    const wide = Object.fromEntries(Array.from({ length: 200_000 }, (_, i) => [`k${i}`, i]));
    expect(Object.keys(scrub(wide) as object).length).toBe(50);
    expect((scrub(Array.from({ length: 200_000 }, (_, i) => i)) as unknown[]).length).toBe(50);
  });

  test('through pino: an internal error carrying a 5 MB parameter writes one short line', () => {
    const lines: string[] = [];
    const destination = new Writable({ write(c, _e, cb) { lines.push(String(c)); cb(); } });
    createLogger('joint-inspection', { level: 'info', destination }).error({ err: driverError('x'.repeat(5_000_000)), path: `/${'p'.repeat(16_000)}` }, 'internal error');
    expect(lines).toHaveLength(1);
    expect(lines[0]!.length).toBeLessThan(5000);
    expect(lines[0]).not.toContain('xxxxxxxxxx');
  });
});
