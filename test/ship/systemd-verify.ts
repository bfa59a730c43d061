// `systemd-analyze verify` of a unit (and its drop-ins) as installed on a host, in a scratch root: the unit's
// ExecStart (/opt/bin/confetti) exists there, and systemd's own units come from this machine.
import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

export interface VerifyResult {
  code: number;
  /** Lines systemd printed about our unit, its drop-ins or its commands (warnings included). */
  complaints: string[];
}

export async function verifyUnit(unit: string, dropins: string[], executable: string): Promise<VerifyResult> {
  const root = await mkdtemp(join(tmpdir(), 'sd-verify-')); // no "confetti" in it: complaints are found by that word;
  try {
    const name = basename(unit);
    await mkdir(join(root, 'etc/systemd/system', `${name}.d`), { recursive: true });
    await copyFile(unit, join(root, 'etc/systemd/system', name));
    for (const d of dropins) await copyFile(d, join(root, 'etc/systemd/system', `${name}.d`, basename(d)));
    await mkdir(join(root, 'opt/bin'), { recursive: true });
    await copyFile(executable, join(root, 'opt/bin/confetti'));
    await mkdir(join(root, 'usr/lib/systemd'), { recursive: true });
    await symlink('/usr/lib/systemd/system', join(root, 'usr/lib/systemd/system'));
    const { code, stderr } = await new Promise<{ code: number; stderr: string }>((resolve) => {
      execFile('systemd-analyze', ['verify', `--root=${root}`, name], { encoding: 'utf8' }, (error, _out, err) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stderr: err });
      });
    });
    // The scratch root's link to /usr/lib/systemd/system makes systemd note its own aliases; only ours matter.
    const complaints = stderr.split('\n').filter((l) => l.includes('confetti') && !l.includes('Too many levels of symbolic links'));
    return { code, complaints };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
