import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdir, readdir, symlink, writeFile } from 'node:fs/promises';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { cleanStaleStageFiles, cleanStaleStagesOf } from './stale-stage.js';
import { makeTempDir, removeTempDir } from './test-support.js';

let dir: string;
let dest: string;

// A pid that is certainly dead: a child we started and reaped.
async function deadPid(): Promise<number> {
  const child = spawn('true');
  await new Promise((resolve) => child.once('exit', resolve));
  return child.pid ?? 999_999;
}

beforeEach(async () => {
  dir = await makeTempDir();
  dest = join(dir, 'app.cfg');
});
afterEach(async () => {
  await removeTempDir(dir);
});

describe('cleanStaleStageFiles', () => {
  it("removes this dest's stage files of dead processes and keeps everything else", async () => {
    const dead = await deadPid();
    const names = {
      stale: `.app.cfg.confetti-${dead}-0a1b2c3d4e5f`,
      staleBackup: `.app.cfg.bak.confetti-${dead}-abcdef012345`,
      ownPid: `.app.cfg.confetti-${process.pid}-aaaaaaaaaaaa`,
      livePid: `.app.cfg.confetti-1-bbbbbbbbbbbb`,
      otherDest: `.other.cfg.confetti-${dead}-cccccccccccc`,
      lookalike: `.app.cfg.confetti-notapid-dddd`,
      dest: 'app.cfg',
    };
    for (const name of Object.values(names)) await writeFile(join(dir, name), 'x');
    const removed = await cleanStaleStageFiles(dest);
    expect(removed.sort()).toEqual([names.stale, names.staleBackup, names.ownPid].map((n) => join(dir, n)).sort());
    expect((await readdir(dir)).sort()).toEqual([names.livePid, names.otherDest, names.lookalike, names.dest].sort());
  });

  it('looks next to the target of a symlinked dest', async () => {
    const dead = await deadPid();
    await symlink(join(dir, 'real.cfg'), dest);
    await writeFile(join(dir, `.real.cfg.confetti-${dead}-0123456789ab`), 'x');
    expect(await cleanStaleStageFiles(dest)).toEqual([join(dir, `.real.cfg.confetti-${dead}-0123456789ab`)]);
  });

  it('returns nothing when the directory does not exist', async () => {
    expect(await cleanStaleStageFiles(join(dir, 'missing', 'app.cfg'))).toEqual([]);
  });
});

describe('cleanStaleStagesOf', () => {
  it('cleans the stage files of many dests in one directory, each reported under its own dest', async () => {
    const dead = await deadPid();
    const dests = ['a.cfg', 'b.cfg', 'b.cfg.bak'].map((n) => join(dir, n));
    const stale = {
      a: `.a.cfg.confetti-${dead}-0a0a0a0a0a0a`,
      aBackup: `.a.cfg.bak.confetti-${dead}-0b0b0b0b0b0b`,
      b: `.b.cfg.confetti-${dead}-0c0c0c0c0c0c`,
    };
    // Not ours: a live pid's stage file, and one of a dest no resource names.
    const kept = [`.a.cfg.confetti-1-0d0d0d0d0d0d`, `.c.cfg.confetti-${dead}-0e0e0e0e0e0e`, 'a.cfg'];
    for (const name of [...Object.values(stale), ...kept]) await writeFile(join(dir, name), 'x');
    const removed = await cleanStaleStagesOf(dests);
    expect(removed.get(join(dir, 'a.cfg'))?.sort()).toEqual([stale.a, stale.aBackup].map((n) => join(dir, n)).sort());
    expect(removed.get(join(dir, 'b.cfg'))).toEqual([join(dir, stale.b)]);
    expect(removed.has(join(dir, 'b.cfg.bak'))).toBe(false);
    expect((await readdir(dir)).sort()).toEqual(kept.sort());
  });

  it('covers dests in several directories, symlinked ones at their target, and skips missing directories', async () => {
    const dead = await deadPid();
    await mkdir(join(dir, 'sub'));
    await symlink(join(dir, 'sub', 'real.cfg'), join(dir, 'link.cfg'));
    await writeFile(join(dir, 'sub', `.real.cfg.confetti-${dead}-0123456789ab`), 'x');
    await writeFile(join(dir, `.top.cfg.confetti-${dead}-0123456789ab`), 'x');
    const dests = [join(dir, 'link.cfg'), join(dir, 'top.cfg'), join(dir, 'missing', 'x.cfg')];
    const removed = await cleanStaleStagesOf(dests);
    expect(removed).toEqual(
      new Map([
        [join(dir, 'link.cfg'), [join(dir, 'sub', `.real.cfg.confetti-${dead}-0123456789ab`)]],
        [join(dir, 'top.cfg'), [join(dir, `.top.cfg.confetti-${dead}-0123456789ab`)]],
      ]),
    );
  });
});
