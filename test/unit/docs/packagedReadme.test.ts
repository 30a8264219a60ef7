/**
 * The README ships with what it links to: every relative link or image of README.md, and of the
 * docs it links to, names a file that .vscodeignore's allow-list puts into the .vsix, so each
 * one resolves inside the installed extension's folder (package.json's package script keeps
 * links relative: there is no repository to rewrite them to).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');

/** The `!pattern` lines of .vscodeignore as regular expressions over paths from the root. */
function shippedPatterns(): RegExp[] {
  return readFileSync(join(ROOT, '.vscodeignore'), 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('!'))
    .map((line) => {
      const glob = line.slice(1).trim();
      const source = glob
        .split(/(\*\*|\*)/)
        .map((part) => (part === '**' ? '.*' : part === '*' ? '[^/]*' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')))
        .join('');
      return new RegExp(`^${source}$`);
    });
}

/** Relative targets of a Markdown file's links, images and reference definitions, without anchors. */
function relativeTargets(markdown: string): string[] {
  const inline = [...markdown.matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1] as string);
  const references = [...markdown.matchAll(/^\[[^\]]+\]:\s*(\S+)/gm)].map((match) => match[1] as string);
  return [...inline, ...references]
    .map((target) => target.replace(/#.*$/, ''))
    .filter((target) => target !== '' && !/^[a-z][a-z0-9+.-]*:/i.test(target));
}

describe('the packaged README', () => {
  test('every relative link of README.md and of the docs it links to is shipped in the .vsix', () => {
    const patterns = shippedPatterns();
    const shipped = (path: string): boolean => patterns.some((pattern) => pattern.test(path));
    const queue = ['README.md'];
    const seen = new Set<string>();
    while (queue.length > 0) {
      const file = queue.shift() as string;
      if (seen.has(file)) continue;
      seen.add(file);
      for (const target of relativeTargets(readFileSync(join(ROOT, file), 'utf8'))) {
        const path = posix.normalize(posix.join(posix.dirname(file), target)).replace(/\/$/, '');
        const where = `${file} links to ${target}`;
        assert.ok(existsSync(join(ROOT, path)), `${where}, which does not exist`);
        if (statSync(join(ROOT, path)).isDirectory()) {
          assert.ok(shipped(`${path}/x`), `${where}: add ${path}/** to .vscodeignore's allow-list`);
        } else {
          assert.ok(shipped(path), `${where}: add it to .vscodeignore's allow-list`);
          if (path.endsWith('.md')) queue.push(path);
        }
      }
    }
    assert.ok(seen.has('docs/first-run.md') && seen.has('docs/tasks.md'), [...seen].join(', '));
  });
});
