// A user's clone has no shared folder beside it: code, tests and scripts must use the copies under test/fixtures/.
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const TREES = ['src', 'test', 'scripts', 'bench', '.ci'];
const FILES = ['package.json', 'vitest.config.ts', 'eslint.config.js', 'tsconfig.json'];
/** The parent's shared folder, its absolute path, or its confd material by name (never spelled out here). */
const SHARED = '/shared';
const OUTSIDE = /(?:\.\.|\/work)[/\\]shared\b|\bshared[/\\]confd/;

/** Every file under the given trees, as paths relative to the repository root. */
async function listFiles(): Promise<string[]> {
  const found: string[] = [...FILES];
  for (const tree of TREES) {
    const entries = await readdir(join(ROOT, tree), { recursive: true, withFileTypes: true }).catch(() => []);
    for (const e of entries) {
      if (e.isFile()) found.push(relative(ROOT, join(e.parentPath, e.name)));
    }
  }
  return found;
}

/** Lines that point outside the repository, as `file:line: text`. */
function findOutsideReferences(file: string, text: string): string[] {
  return text.split('\n').flatMap((line, i) => (OUTSIDE.test(line) ? [`${file}:${i + 1}: ${line.trim()}`] : []));
}

describe('the repository is self-contained', () => {
  it('recognises each form of a reference to the shared material', () => {
    const samples = [
      `resolve(dir, '../../..${SHARED}/confd-suite')`,
      `const S = '/work${SHARED}/x';`,
      `see ${SHARED.slice(1)}/confd-corpus`,
    ];
    for (const line of samples) {
      expect(findOutsideReferences('x.ts', line), line).toEqual([`x.ts:1: ${line}`]);
    }
    expect(findOutsideReferences('x.ts', "s.template('shared', 'x'); const shared = 1;")).toEqual([]);
  });

  it('has no file in src/, test/, scripts/, bench/, .ci/ or the root configs pointing at the shared folder', async () => {
    const files = await listFiles();
    expect(files).toContain('test/self-contained.test.ts');
    const hits: string[] = [];
    for (const file of files) {
      const text = await readFile(join(ROOT, file), 'utf8').catch(() => '');
      hits.push(...findOutsideReferences(file, text));
    }
    expect(hits).toEqual([]);
  });
});
