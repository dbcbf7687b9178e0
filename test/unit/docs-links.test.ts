// The documentation must stand on its own: every relative link in README.md and docs/ resolves, every `docs/…`
// path a source comment cites exists, and nothing points at files outside the repository.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const root = resolve(__dirname, '../../..');
const SKIP = new Set(['node_modules', 'dist', '.git', 'test-output', 'data']);

function walk(dir: string, ext: RegExp, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (SKIP.has(name) || name.startsWith('.')) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, ext, out);
    else if (ext.test(name)) out.push(p);
  }
  return out;
}

const markdown = walk(root, /\.md$/);
const sources = walk(root, /\.(ts|js|mjs)$/);

test('every relative link in the Markdown files resolves', () => {
  const broken: string[] = [];
  for (const file of markdown) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      const target = m[1];
      if (/^(https?:|mailto:|#)/.test(target)) continue;
      const path = resolve(dirname(file), target.split('#')[0]);
      if (!existsSync(path)) broken.push(`${relative(root, file)} → ${target}`);
      if (!path.startsWith(root + '/')) broken.push(`${relative(root, file)} → ${target} (outside the repository)`);
    }
  }
  expect(broken).toEqual([]);
  expect(markdown.map((f) => relative(root, f))).toEqual(expect.arrayContaining(['README.md', 'docs/draw-algorithm.md', 'docs/domain.md']));
});

test('every docs/ path a source file cites exists, and none cites documents outside the repository', () => {
  const missing: string[] = [];
  const outside: string[] = [];
  for (const file of sources) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\bdocs\/[\w./-]+\.md/g)) if (!existsSync(join(root, m[0]))) missing.push(`${relative(root, file)} → ${m[0]}`);
    if (/\b(DOMAIN|ARCHITECTURE)\.md|\.\.\/shared\/(docs|seeds)/.test(text)) outside.push(relative(root, file));
  }
  expect(missing).toEqual([]);
  expect(outside).toEqual([]);
});
