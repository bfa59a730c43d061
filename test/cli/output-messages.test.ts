// Output and template-path failures in words that name each path once and give the real reason.
import { execFile, execFileSync } from 'node:child_process';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../support/temp-dir.js';
import { writeConfdir } from './confdir.js';
import { CLI, runCli } from './run-cli.js';

const tempDir = useTempDirs();

// A read-only mount in a private mount namespace (root only); elsewhere the case is skipped, and says so.
function canMountReadOnly(): boolean {
  try {
    execFileSync('unshare', ['-m', 'sh', '-c', 'mount -t tmpfs -o ro tmpfs /mnt'], { stdio: 'ignore', timeout: 5_000 });
    return true;
  } catch {
    console.log('skipped the read-only filesystem case: unshare -m / mount not permitted here');
    return false;
  }
}

describe('output messages', () => {
  it('a FIFO at dest is named once, as a FIFO', async () => {
    const dir = await tempDir();
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    const { confdir, data } = await writeConfdir(dir, {
      resources: { 'fifo.yaml': `src: a.hbs\ndest: ${fifo}\nkeys: [/a]\n` },
      templates: { 'a.hbs': 'x\n' },
    });
    const r = await runCli(['render', '--confdir', confdir, '--backend', 'file', '--file', data]);
    expect(r.code).toBe(6);
    const line = r.stdout.split('\n').find((l) => l.startsWith('failed'));
    expect(line).toBe(`failed       fifo ${fifo}: it is a FIFO; only a regular file is replaced`);
  });

  it('a symlink loop for src is called a symlink loop, not "does not exist"', async () => {
    const dir = await tempDir();
    const { confdir, data } = await writeConfdir(dir, {
      resources: { 'loop.yaml': `src: loop1.hbs\ndest: ${join(dir, 'out')}\nkeys: [/a]\n` },
      templates: {},
    });
    await symlink('loop2.hbs', join(confdir, 'templates', 'loop1.hbs'));
    await symlink('loop1.hbs', join(confdir, 'templates', 'loop2.hbs'));
    const r = await runCli(['render', '--confdir', confdir, '--backend', 'file', '--file', data]);
    expect(r.stdout + r.stderr).toContain(
      `template ${join(confdir, 'templates', 'loop1.hbs')} cannot be read: too many levels of symbolic links (a symlink loop)`,
    );
    expect(r.stdout + r.stderr).not.toContain('does not exist');
  });

  it.runIf(canMountReadOnly())('create_dirs on a read-only filesystem says EROFS, not ENOENT', async () => {
    const dir = await tempDir();
    const ro = join(dir, 'ro');
    await mkdir(ro);
    const { confdir, data } = await writeConfdir(dir, {
      resources: { 'ro.yaml': `src: a.hbs\ndest: ${join(ro, 'sub', 'a.conf')}\ncreate_dirs: true\nkeys: [/a]\n` },
      templates: { 'a.hbs': 'x\n' },
    });
    await writeFile(
      join(dir, 'run.sh'),
      `mount -t tmpfs -o ro tmpfs ${ro} && exec "${process.execPath}" "${CLI}" render --confdir ${confdir} --backend file --file ${data}\n`,
    );
    const stdout = await new Promise<string>((resolve) => {
      execFile('unshare', ['-m', 'sh', join(dir, 'run.sh')], { encoding: 'utf8', timeout: 20_000 }, (_error, out) => resolve(out));
    });
    expect(stdout).toContain(`cannot create directory ${join(ro, 'sub')}: EROFS: read-only file system`);
    expect(stdout).not.toContain('ENOENT');
  });
});
