import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chmod, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readCurrent } from './compare.js';
import { resolveDest } from './resolve-dest.js';
import { makeTempDir, removeTempDir } from './test-support.js';

let dir: string;
let dest: string;

beforeEach(async () => {
  dir = await makeTempDir();
  dest = join(dir, 'app.cfg');
});
afterEach(async () => {
  await removeTempDir(dir);
});

describe('readCurrent', () => {
  it('reads the bytes, mode and owner of a dest of the compared size', async () => {
    await writeFile(dest, 'same size\n');
    await chmod(dest, 0o640);
    const current = readCurrent(resolveDest(dest), dest, 10);
    expect(current?.content?.toString('utf8')).toBe('same size\n');
    expect(current?.mode).toBe(0o640);
    expect(current?.uid).toBe(process.getuid?.());
  });

  it('does not read a dest whose size differs from the bytes to write, but still gives its mode and owner', async () => {
    await writeFile(dest, 'old\n');
    await chmod(dest, 0o751);
    const current = readCurrent(resolveDest(dest), dest, 6);
    expect(current).toEqual({ content: undefined, mode: 0o751, uid: process.getuid?.(), gid: process.getgid?.() });
  });

  it('reads whatever the size without a size to compare (--dry-run needs the old bytes for its diff)', async () => {
    await writeFile(dest, 'old\n');
    expect(readCurrent(resolveDest(dest), dest)?.content?.toString('utf8')).toBe('old\n');
  });
});
