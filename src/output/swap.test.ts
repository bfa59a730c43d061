// dest is never missing during the swap: a reader opening it at any moment gets the old file or the new one.
// renameSync is wrapped (this file only) to look at dest from inside the swap, right before and after the rename.
import * as fs from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { writeOutput } from './write-output.js';
import { makeTempDir, options, removeTempDir, target } from './test-support.js';

const seen: Array<{ when: string; content: string | undefined }> = [];
let watched: string | undefined;

vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof fs>();
  const peek = (path: string): string | undefined => {
    try {
      return real.readFileSync(path, 'utf8');
    } catch {
      return undefined; // missing: what a reader would get as ENOENT
    }
  };
  const renameSync = (from: fs.PathLike, to: fs.PathLike): void => {
    if (to === watched) seen.push({ when: 'before rename', content: peek(to) });
    real.renameSync(from, to);
    if (to === watched) seen.push({ when: 'after rename', content: peek(to) });
  };
  return { ...real, default: { ...real, renameSync }, renameSync };
});

let dir: string;
beforeEach(async () => {
  dir = await makeTempDir();
  seen.length = 0;
});
afterEach(async () => {
  watched = undefined;
  await removeTempDir(dir);
});

describe('swapIntoPlace', () => {
  it('leaves the complete old file in place until the rename puts the new one there', async () => {
    const dest = join(dir, 'app.cfg');
    await writeFile(dest, 'old\n');
    watched = dest;
    await writeOutput(target(dest), 'new\n', options());
    expect(seen).toEqual([
      { when: 'before rename', content: 'old\n' },
      { when: 'after rename', content: 'new\n' },
    ]);
    expect(await readFile(dest, 'utf8')).toBe('new\n');
  });
});
