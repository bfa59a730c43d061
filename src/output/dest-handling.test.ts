import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chmod, link, lstat, mkdir, readFile, readlink, stat, symlink, writeFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { OutputError } from '../errors.js';
import { writeOutput } from './write-output.js';
import { makeTempDir, options, removeTempDir, stageFilesIn, target } from './test-support.js';

let dir: string;
let dest: string;
const modeOf = async (path: string): Promise<number> => (await stat(path)).mode & 0o7777;
const failure = (promise: Promise<unknown>): Promise<OutputError> =>
  promise.then(
    () => {
      throw new Error('expected an OutputError');
    },
    (error: unknown) => error as OutputError,
  );

beforeEach(async () => {
  dir = await makeTempDir();
  dest = join(dir, 'app.cfg');
});
afterEach(async () => {
  await removeTempDir(dir);
});

describe('writeOutput: destination directory', () => {
  it('fails with DEST_DIR_MISSING naming the directory when it does not exist', async () => {
    const missing = join(dir, 'no', 'such');
    const error = await failure(writeOutput(target(join(missing, 'app.cfg')), 'x', options()));
    expect(error).toBeInstanceOf(OutputError);
    expect(error.code).toBe('DEST_DIR_MISSING');
    expect(error.message).toContain(missing);
    expect(error.file).toBe(join(missing, 'app.cfg'));
    expect(existsSync(join(dir, 'no'))).toBe(false);
  });

  it('creates missing directories with 0755 under createDirs, whatever the umask', async () => {
    const nested = join(dir, 'etc', 'app', 'conf.d');
    const previous = process.umask(0o077);
    try {
      await writeOutput(target(join(nested, 'app.cfg'), { createDirs: true }), 'x\n', options());
    } finally {
      process.umask(previous);
    }
    expect(await readFile(join(nested, 'app.cfg'), 'utf8')).toBe('x\n');
    for (const d of [join(dir, 'etc'), join(dir, 'etc', 'app'), nested]) expect(await modeOf(d)).toBe(0o755);
  });

  it('fails with DEST_IS_DIRECTORY when dest is a directory', async () => {
    await mkdir(dest);
    const error = await failure(writeOutput(target(dest), 'x', options()));
    expect(error.code).toBe('DEST_IS_DIRECTORY');
    expect(error.message).toContain(dest);
  });

  it('fails naming dest when its parent is a regular file (ENOTDIR)', async () => {
    const file = join(dir, 'plain');
    await writeFile(file, '');
    const error = await failure(writeOutput(target(join(file, 'app.cfg')), 'x', options()));
    expect(error.code).toBe('DEST_DIR_MISSING');
    expect(error.message).toContain(file);
    expect(error.message).toContain('not a directory');
    const asDir = await failure(writeOutput(target(join(file, 'app.cfg'), { createDirs: true }), 'x', options()));
    expect(asDir.code).toBe('DEST_DIR_MISSING');
  });

  it('fails with DEST_DIR_CREATE_FAILED when createDirs meets a regular file on the way', async () => {
    const file = join(dir, 'plain');
    await writeFile(file, '');
    const nested = join(file, 'sub', 'app.cfg');
    const error = await failure(writeOutput(target(nested, { createDirs: true }), 'x', options()));
    expect(error.code).toBe('DEST_DIR_CREATE_FAILED');
    expect(error.message).toContain(nested);
    expect(error.message).toContain(join(file, 'sub'));
  });

  describe('in an unwritable directory', () => {
    // Root ignores permission bits, so make the directory immutable (ext4 `chattr +i`) instead.
    let locked: string | undefined;
    afterEach(() => {
      if (locked !== undefined) execFileSync('chattr', ['-i', locked]);
      locked = undefined;
    });

    it('fails with WRITE_FAILED naming dest and leaves the old file', async (ctx) => {
      await writeFile(dest, 'old\n');
      try {
        execFileSync('chattr', ['+i', dir], { stdio: 'ignore' });
        locked = dir;
      } catch {
        ctx.skip('chattr +i unavailable (not root or not ext4): cannot make a directory unwritable for root');
      }
      const error = await failure(writeOutput(target(dest), 'new\n', options()));
      expect(error.code).toBe('WRITE_FAILED');
      expect(error.message).toContain(dest);
      expect(error.cause).toBeInstanceOf(Error);
      expect(await readFile(dest, 'utf8')).toBe('old\n');
    });
  });
});

describe('writeOutput: backup', () => {
  it('keeps the previous file as dest.bak with the same mode', async () => {
    await writeFile(dest, 'v1\n');
    await chmod(dest, 0o640);
    await writeOutput(target(dest, { backup: true }), 'v2\n', options());
    expect(await readFile(`${dest}.bak`, 'utf8')).toBe('v1\n');
    expect(await modeOf(`${dest}.bak`)).toBe(0o640);
    expect(await readFile(dest, 'utf8')).toBe('v2\n');
    await writeOutput(target(dest, { backup: true }), 'v3\n', options());
    expect(await readFile(`${dest}.bak`, 'utf8')).toBe('v2\n');
    expect(await stageFilesIn(dir)).toEqual([]);
  });

  it('leaves no stage file when dest.bak is already a link to dest (a run killed right after its backup)', async () => {
    await writeFile(dest, 'v1\n');
    await link(dest, `${dest}.bak`);
    await writeOutput(target(dest, { backup: true }), 'v2\n', options());
    expect(await readFile(`${dest}.bak`, 'utf8')).toBe('v1\n');
    expect(await readFile(dest, 'utf8')).toBe('v2\n');
    expect(await stageFilesIn(dir)).toEqual([]);
  });

  it('makes no backup of a file that did not exist', async () => {
    await writeOutput(target(dest, { backup: true }), 'v1\n', options());
    expect(existsSync(`${dest}.bak`)).toBe(false);
  });

  it('makes no backup when check_cmd fails', async () => {
    await writeFile(dest, 'v1\n');
    await expect(writeOutput(target(dest, { backup: true, checkCmd: 'false' }), 'v2\n', options())).rejects.toThrow();
    expect(existsSync(`${dest}.bak`)).toBe(false);
  });
});

describe('writeOutput: symlinked dest', () => {
  it('writes through a symlink: the link stays, its target gets the content and keeps its mode', async () => {
    const real = join(dir, 'real.cfg');
    await writeFile(real, 'old\n');
    await chmod(real, 0o600);
    await symlink('real.cfg', dest);
    await writeOutput(target(dest), 'new\n', options());
    expect((await lstat(dest)).isSymbolicLink()).toBe(true);
    expect(await readlink(dest)).toBe('real.cfg');
    expect(await readFile(real, 'utf8')).toBe('new\n');
    expect(await modeOf(real)).toBe(0o600);
    expect(await writeOutput(target(dest), 'new\n', options())).toEqual({ outcome: 'unchanged' });
  });

  it('creates the target of a dangling symlink', async () => {
    await symlink(join(dir, 'target.cfg'), dest);
    await writeOutput(target(dest), 'fresh\n', options());
    expect((await lstat(dest)).isSymbolicLink()).toBe(true);
    expect(await readFile(join(dir, 'target.cfg'), 'utf8')).toBe('fresh\n');
  });

  it('fails with SYMLINK_LOOP on a link cycle', async () => {
    await symlink('b', join(dir, 'a'));
    await symlink('a', join(dir, 'b'));
    expect((await failure(writeOutput(target(join(dir, 'a')), 'x', options()))).code).toBe('SYMLINK_LOOP');
  });
});

describe.runIf(process.getuid?.() === 0)('writeOutput: owner (as root)', () => {
  it('sets uid/gid on the stage file and rewrites when only the owner differs', async () => {
    const observed = join(dir, 'observed');
    const t = target(dest, { uid: 1234, gid: 2345, mode: 0o600, checkCmd: `stat -c %u:%g:%a {{src}} > ${observed}` });
    await writeOutput(t, 'x\n', options());
    expect((await readFile(observed, 'utf8')).trim()).toBe('1234:2345:600');
    const stats = await stat(dest);
    expect([stats.uid, stats.gid]).toEqual([1234, 2345]);
    expect(await writeOutput(t, 'x\n', options())).toEqual({ outcome: 'unchanged' });
    expect((await writeOutput({ ...t, uid: 1235, checkCmd: undefined }, 'x\n', options())).outcome).toBe('written');
    expect((await stat(dest)).uid).toBe(1235);
  });

  it('keeps the existing owner and setgid bit when none is configured', async () => {
    await writeFile(dest, 'old\n');
    execFileSync('chown', ['1500:1600', dest]);
    await chmod(dest, 0o2640);
    await writeOutput(target(dest), 'new\n', options());
    const stats = await stat(dest);
    expect([stats.uid, stats.gid, stats.mode & 0o7777]).toEqual([1500, 1600, 0o2640]);
  });
});

describe('writeOutput: dry run', () => {
  it('returns a unified diff labelled with dest and writes nothing, runs nothing', async () => {
    await writeFile(dest, 'a\nb\nc\n');
    const marker = join(dir, 'check-ran');
    const result = await writeOutput(target(dest, { checkCmd: `touch ${marker}`, backup: true }), 'a\nB\nc\n', options({ dryRun: true }));
    expect(result.outcome).toBe('would-write');
    const diff = result.outcome === 'would-write' ? result.diff : '';
    expect(diff).toContain(`--- ${dest}`);
    expect(diff).toContain(`+++ ${dest}`);
    expect(diff).toContain('-b\n+B\n');
    expect(await readFile(dest, 'utf8')).toBe('a\nb\nc\n');
    expect(existsSync(marker)).toBe(false);
    expect(existsSync(`${dest}.bak`)).toBe(false);
    expect(await stageFilesIn(dir)).toEqual([]);
  });

  it('shows a new file in full and creates no directory', async () => {
    const newDest = join(dir, 'sub', 'new.cfg');
    const result = await writeOutput(target(newDest, { createDirs: true, mode: 0o600 }), 'line\n', options({ dryRun: true }));
    const diff = result.outcome === 'would-write' ? result.diff : '';
    expect(diff).toContain('new file mode 0600');
    expect(diff).toContain('+line');
    expect(existsSync(join(dir, 'sub'))).toBe(false);
  });

  it('reports a mode-only change', async () => {
    await writeFile(dest, 'same\n');
    await chmod(dest, 0o644);
    const result = await writeOutput(target(dest, { mode: 0o600 }), 'same\n', options({ dryRun: true }));
    const diff = result.outcome === 'would-write' ? result.diff : '';
    expect(diff).toContain('old mode 0644\nnew mode 0600');
    expect(await modeOf(dest)).toBe(0o644);
  });

  it('says unchanged when nothing would change', async () => {
    await writeFile(dest, 'same\n');
    await chmod(dest, 0o644);
    expect(await writeOutput(target(dest), 'same\n', options({ dryRun: true }))).toEqual({ outcome: 'unchanged' });
  });
});
