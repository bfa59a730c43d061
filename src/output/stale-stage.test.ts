import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readdir, symlink, writeFile } from 'node:fs/promises';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { cleanStaleStageFiles } from './stale-stage.js';
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
